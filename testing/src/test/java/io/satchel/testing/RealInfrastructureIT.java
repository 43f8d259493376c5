package io.satchel.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.common.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The harness gives real servers: a record goes through Kafka, SQL runs on PostgreSQL, bytes round-trip in S3. */
class RealInfrastructureIT {

    @Test
    void kafkaCarriesARecordAndSurvivesARestart() throws Exception {
        KafkaBroker kafka = RealInfrastructure.kafka();
        send(kafka, "harness.check", "before");
        if (kafka.isControllable()) {
            kafka.stop();
            kafka.start();
        }
        send(kafka, "harness.check", "after");
        Properties c = new Properties();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("group.id", "harness");
        c.put("auto.offset.reset", "earliest");
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", StringDeserializer.class.getName());
        List<String> seen = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of("harness.check"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.size() < 2 && System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                records.forEach(r -> seen.add(r.value()));
            }
        }
        assertEquals(List.of("before", "after"), seen);
    }

    private static void send(KafkaBroker kafka, String topic, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }
    }

    @Test
    void postgresRunsSql() throws Exception {
        PostgresServer pg = RealInfrastructure.postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                ResultSet rs = c.createStatement().executeQuery("select 40 + 2")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }

    @Test
    void s3StoresAndReturnsBytes() throws Exception {
        S3Server s3 = RealInfrastructure.s3();
        try (ObjectStore store = new ObjectStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), "harness", "us-east-1",
                null, Duration.ofMinutes(5), 16 * 1024 * 1024)) {
            store.ensureBucket();
            byte[] bytes = "hello offline".getBytes(StandardCharsets.UTF_8);
            store.put("a/b.txt", bytes, "text/plain", Map.of("published-at", "2026-11-21T10:15:30.123Z"));
            assertArrayEquals(bytes, store.getBytes("a/b.txt").orElseThrow());
            assertEquals("2026-11-21T10:15:30.123Z", store.stat("a/b.txt").orElseThrow().metadata().get("published-at"));
            assertEquals(List.of("a/b.txt"), store.list("a/"));
            assertTrue(store.get("a/missing").isEmpty());
        }
    }
}
