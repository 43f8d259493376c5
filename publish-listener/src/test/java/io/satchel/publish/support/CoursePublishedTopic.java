package io.satchel.publish.support;

import io.satchel.events.Topics;
import io.satchel.testing.RealInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads course.published on the real broker, as a downstream consumer would. */
public final class CoursePublishedTopic {

    /**
     * Every record keyed {@code courseId}, from the start of the topic: waits until at least {@code expected} arrived
     * (or {@code timeout} passed), then keeps reading for {@code settle} so a duplicate would show up too.
     */
    public static List<ConsumerRecord<String, byte[]>> records(String courseId, int expected, Duration timeout,
            Duration settle) {
        return records(RealInfrastructure.kafka(), courseId, expected, timeout, settle);
    }

    /** The same on a given broker (e.g. {@link RealInfrastructure#controllableKafka()}). */
    public static List<ConsumerRecord<String, byte[]>> records(io.satchel.testing.KafkaBroker kafka, String courseId,
            int expected, Duration timeout, Duration settle) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.COURSE_PUBLISHED));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (courseId.equals(r.key())) {
                        found.add(r);
                    }
                }
                if (found.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return found;
    }

    private CoursePublishedTopic() {
    }
}
