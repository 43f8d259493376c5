package io.satchel.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.events.CloudEvents;
import io.satchel.events.DeadLetters;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads whole topics (no consumer group: the services' offsets stay untouched) and writes raw records, so a scenario
 * can count effects (how many distinct course.archived generations a publish got) and inject poison.
 */
public final class EventLog {
    private final String bootstrap;

    public EventLog(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** One record as read back: key, value, headers, and the value as JSON when it is JSON. */
    public record Event(String topic, int partition, long offset, String key, byte[] value, Headers headers) {
        public String header(String name) {
            return CloudEvents.header(headers, name);
        }

        public JsonNode json() {
            try {
                return value == null ? null : SatchelClient.json().readTree(value);
            } catch (IOException e) {
                return null;
            }
        }

        public String field(String name) {
            JsonNode j = json();
            return j == null || !j.hasNonNull(name) ? null : j.get(name).asText();
        }

        public DeadLetters.DeadLetter deadLetter() {
            return DeadLetters.read(headers);
        }
    }

    /** Every record of {@code topic} from the beginning to its current end. */
    public List<Event> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(20));
            List<Event> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(new Event(r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.headers()));
                }
            }
            return out;
        }
    }

    /** The records of {@code topic} whose JSON value names this publish. */
    public List<Event> ofPublish(String topic, String publishId) {
        return readAll(topic).stream().filter(e -> publishId.equals(e.field("publishId"))).toList();
    }

    /** Where a written record landed. */
    public record Sent(String topic, int partition, long offset) {
    }

    /** Writes one record as a CMS or a broken producer would (headers may be null). */
    public Sent send(String topic, String key, byte[] value, Headers headers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            var m = producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get(30, TimeUnit.SECONDS);
            return new Sent(topic, m.partition(), m.offset());
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }
}
