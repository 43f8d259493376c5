package io.satchel.archiver.support;

import io.satchel.events.CloudEvents;
import io.satchel.events.CourseArchived;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventJson;
import io.satchel.events.Topics;
import io.satchel.testing.RealInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends course.rendered records like the renderer does and records everything on course.archived and the DLQ. */
public final class KafkaProbe implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public KafkaProbe() {
        String bootstrap = RealInfrastructure.kafka().bootstrapServers();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "archiver-probe-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.COURSE_ARCHIVED, Topics.deadLetter(Topics.COURSE_RENDERED)));
        poller = new Thread(() -> {
            while (running) {
                try {
                    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    return;
                }
            }
        }, "archiver-probe");
        poller.setDaemon(true);
        poller.start();
    }

    /** Partitions of course.rendered. */
    public int renderedPartitions() {
        return producer.partitionsFor(Topics.COURSE_RENDERED).size();
    }

    /** Sends an event as the renderer does: key courseId, CloudEvents headers. */
    public void send(CourseRendered event) {
        send(event.courseId(), EventJson.toBytes(event),
                CloudEvents.headers(event, UUID.randomUUID().toString(), "/satchel/renderer", event.renderedAt()));
    }

    public void send(String key, byte[] value, Headers headers) {
        try {
            producer.send(new ProducerRecord<>(Topics.COURSE_RENDERED, null, key, value,
                    headers == null ? new RecordHeaders() : headers)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public List<ConsumerRecord<String, byte[]>> archivedRecords(String courseId) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : seen) {
            if (r.topic().equals(Topics.COURSE_ARCHIVED) && courseId.equals(r.key())) {
                out.add(r);
            }
        }
        return out;
    }

    public List<CourseArchived> archived(String courseId) {
        return archivedRecords(courseId).stream().map(r -> EventJson.fromBytes(r.value(), CourseArchived.class))
                .toList();
    }

    public List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        return seen.stream().filter(r -> r.topic().equals(Topics.deadLetter(Topics.COURSE_RENDERED))
                && key.equals(r.key())).toList();
    }

    /** Waits for the course.archived event of a publish. */
    public CourseArchived awaitArchived(String courseId, String publishId, Duration timeout) {
        return await(() -> archived(courseId).stream().filter(e -> e.publishId().equals(publishId)).findFirst()
                .orElse(null), timeout, "course.archived for " + publishId);
    }

    public ConsumerRecord<String, byte[]> awaitDeadLetter(String key, Predicate<ConsumerRecord<String, byte[]>> p,
            Duration timeout) {
        return await(() -> deadLetters(key).stream().filter(p).findFirst().orElse(null), timeout,
                "dead letter for " + key);
    }

    public static <T> T await(java.util.function.Supplier<T> probe, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(5000);
        consumer.close();
        producer.close();
    }
}
