package io.satchel.renderer.messaging;

import io.satchel.events.CloudEvents;
import io.satchel.events.CourseEvent;
import io.satchel.events.EventJson;
import io.satchel.events.Timestamps;
import io.satchel.testing.RealInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test access to the real Kafka: publish events as a CMS would, watch a topic from its start. */
final class EventBus implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    EventBus(String... topics) {
        String servers = RealInfrastructure.kafka().bootstrapServers();
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
        Properties c = new Properties();
        c.put("bootstrap.servers", servers);
        c.put("group.id", "renderer-it-" + UUID.randomUUID());
        c.put("auto.offset.reset", "earliest");
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(topics));
    }

    void publish(String topic, CourseEvent event) throws Exception {
        publish(topic, event.courseId(), event);
    }

    /** As a CMS that keys the record wrongly would. */
    void publish(String topic, String key, CourseEvent event) throws Exception {
        RecordHeaders headers = (RecordHeaders) CloudEvents.headers(event, UUID.randomUUID().toString(), "/test/cms",
                Timestamps.now());
        producer.send(new ProducerRecord<>(topic, null, key, EventJson.toBytes(event), headers)).get();
    }

    void publishRaw(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** The first record (seen so far or arriving within the timeout) matching the predicate. */
    ConsumerRecord<String, byte[]> await(Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ConsumerRecord<String, byte[]> r : seen) {
                if (match.test(r)) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching record within " + timeout);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(seen::add);
        }
    }

    /** Every record seen so far matching the predicate (after polling briefly). */
    List<ConsumerRecord<String, byte[]>> seen(Predicate<ConsumerRecord<String, byte[]>> match) {
        consumer.poll(Duration.ofMillis(300)).forEach(seen::add);
        return seen.stream().filter(match).toList();
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
