package io.satchel.common.kafka;

import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CloudEvents;
import io.satchel.events.DeadLetters;
import io.satchel.events.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The operators' DLQ command ({@code deploy/local/dlq}): {@code list <topic>} prints every record of
 * {@code <topic>.dlq} with its {@link DeadLetters} headers; {@code show <topic> --id <ce_id>} prints one with all its
 * headers and value; {@code replay <topic> [--id <ce_id>]} sends the original record (key, value — from object storage
 * when {@code satchel_dlq_value_key} is set — and CloudEvents headers, without the dead-letter ones) back to
 * {@code <topic>}. Consumers are idempotent, so replaying a record twice does no harm. Reads the DLQ without a consumer
 * group (nothing is committed). Settings from the environment: SATCHEL_KAFKA, SATCHEL_S3_ENDPOINT,
 * SATCHEL_S3_ACCESS_KEY, SATCHEL_S3_SECRET_KEY, SATCHEL_S3_BUCKET.
 */
public final class DeadLetterCommand {
    private final String bootstrapServers;
    private final ObjectStore store;
    private final PrintStream out;

    public DeadLetterCommand(String bootstrapServers, ObjectStore store, PrintStream out) {
        this.bootstrapServers = bootstrapServers;
        this.store = store;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !List.of("list", "show", "replay").contains(args[0])) {
            System.err.println("usage: dlq list|show|replay <topic> [--id <ce_id>]   (topic e.g. course.published)");
            System.exit(2);
        }
        String id = null;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--id") && i + 1 < args.length) {
                id = args[++i];
            } else {
                System.err.println("unknown argument: " + args[i]);
                System.exit(2);
            }
        }
        if (args[0].equals("show") && id == null) {
            System.err.println("show needs --id <ce_id> (see list)");
            System.exit(2);
        }
        try (ObjectStore store = new ObjectStore(env("SATCHEL_S3_ENDPOINT", "http://127.0.0.1:9000"),
                env("SATCHEL_S3_ACCESS_KEY", "satchel"), env("SATCHEL_S3_SECRET_KEY", "satchel-secret"),
                env("SATCHEL_S3_BUCKET", "satchel"), "us-east-1", null, Duration.ofMinutes(5), 16L * 1024 * 1024)) {
            DeadLetterCommand command = new DeadLetterCommand(env("SATCHEL_KAFKA", "127.0.0.1:9092"), store,
                    System.out);
            int found = switch (args[0]) {
                case "list" -> command.list(args[1]);
                case "show" -> command.show(args[1], id);
                default -> command.replay(args[1], id);
            };
            if (found == 0 && id != null) {
                System.err.println("no dead letter with ce_id " + id + " in " + Topics.deadLetter(args[1]));
                System.exit(1);
            }
        }
    }

    /** @return how many records were listed */
    public int list(String topic) {
        List<ConsumerRecord<String, byte[]>> records = read(topic);
        for (ConsumerRecord<String, byte[]> r : records) {
            DeadLetters.DeadLetter d = DeadLetters.read(r.headers());
            out.printf("%s-%d@%d ce_id=%s key=%s code=%s publish=%s origin=%s-%s@%s attempts=%s time=%s%s%n  %s%n",
                    r.topic(), r.partition(), r.offset(), d.ceId(), r.key(), d.code(), d.publishId(),
                    d.originTopic(), d.originPartition(), d.originOffset(), d.attempts(), d.time(),
                    d.valueKey() == null ? "" : " value-in=" + d.valueKey(), d.reason());
        }
        out.printf("%d dead letter(s) in %s%n", records.size(), Topics.deadLetter(topic));
        return records.size();
    }

    public int show(String topic, String ceId) {
        List<ConsumerRecord<String, byte[]>> matching = matching(topic, ceId);
        for (ConsumerRecord<String, byte[]> r : matching) {
            out.printf("%s-%d@%d key=%s%n", r.topic(), r.partition(), r.offset(), r.key());
            for (Header h : r.headers()) {
                out.printf("  %s: %s%n", h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
            byte[] value = originalValue(r);
            out.printf("value (%d bytes)%s:%n%s%n", value.length,
                    DeadLetters.read(r.headers()).valueKey() == null ? "" : " from object storage",
                    new String(value, 0, Math.min(value.length, 64 * 1024), StandardCharsets.UTF_8));
        }
        return matching.size();
    }

    /** @return how many records were sent back to {@code topic} */
    public int replay(String topic, String ceId) throws InterruptedException, ExecutionException {
        List<ConsumerRecord<String, byte[]>> matching = matching(topic, ceId);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "satchel-dlq-replay");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (ConsumerRecord<String, byte[]> r : matching) {
                RecordHeaders headers = new RecordHeaders();
                for (Header h : r.headers()) {
                    if (!DeadLetters.isDeadLetterHeader(h.key())) {
                        headers.add(h);
                    }
                }
                var stored = producer.send(new ProducerRecord<>(topic, null, r.key(), originalValue(r), headers))
                        .get();
                out.printf("replayed %s-%d@%d (ce_id %s) to %s-%d@%d%n", r.topic(), r.partition(), r.offset(),
                        CloudEvents.header(r.headers(), CloudEvents.ID), stored.topic(), stored.partition(),
                        stored.offset());
            }
        }
        return matching.size();
    }

    private List<ConsumerRecord<String, byte[]>> matching(String topic, String ceId) {
        return read(topic).stream().filter(r -> ceId == null || ceId.equals(ceIdOf(r))).toList();
    }

    private static String ceIdOf(ConsumerRecord<String, byte[]> r) {
        String id = DeadLetters.read(r.headers()).ceId();
        return id != null ? id : CloudEvents.header(r.headers(), CloudEvents.ID);
    }

    private byte[] originalValue(ConsumerRecord<String, byte[]> r) {
        String key = DeadLetters.read(r.headers()).valueKey();
        if (key == null) {
            return r.value() == null ? new byte[0] : r.value();
        }
        return store.getBytes(key).orElseThrow(() -> new IllegalStateException(
                "the dead letter's value is gone from object storage: " + key));
    }

    /** Every record of {@code <topic>.dlq} up to its current end, without joining a group. */
    List<ConsumerRecord<String, byte[]>> read(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "satchel-dlq-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.deadLetter(topic), Duration.ofSeconds(30))
                    .stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.deadLetter(topic) + " to its end");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
