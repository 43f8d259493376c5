package io.satchel.common.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.common.storage.ObjectStore;
import io.satchel.common.storage.StorageException;
import io.satchel.events.CloudEvents;
import io.satchel.events.CoursePublished;
import io.satchel.events.DeadLetters;
import io.satchel.events.EventJson;
import io.satchel.events.EventType;
import io.satchel.events.ObjectKeys;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class EventPipelineTest {
    private static final String COURSE = "course-v1:Org+Demo+2026";
    private static final int MAX_REQUEST = 1_048_576;

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final Map<String, byte[]> stored = new HashMap<>();
    private final ObjectStore store = new ObjectStore("http://127.0.0.1:1", "a", "b", "satchel", "us-east-1", null,
            Duration.ofMinutes(1), 5 * 1024 * 1024) {
        @Override
        public void put(String key, InputStream in, long size, String contentType, Map<String, String> metadata) {
            try {
                stored.put(key, in.readAllBytes());
            } catch (java.io.IOException e) {
                throw new StorageException(e.getMessage(), e);
            }
        }
    };
    /** Retries immediately up to 3 attempts in all, aborting on what the real retrier aborts on. */
    private final AtomicInteger retrierCalls = new AtomicInteger();
    private final Retrier threeAttempts = new Retrier() {
        @Override
        public <T> T call(Supplier<T> attempt, Class<T> type) {
            retrierCalls.incrementAndGet();
            RuntimeException last = null;
            for (int i = 0; i < 3; i++) {
                try {
                    return attempt.get();
                } catch (PermanentEventException | io.satchel.events.InvalidEventException | EventPipeline.Abandoned e) {
                    throw e;
                } catch (RuntimeException e) {
                    last = e;
                }
            }
            throw last;
        }
    };
    private final EventPipeline pipeline = new EventPipeline(threeAttempts,
            new DeadLetterWriter(producer, store, MAX_REQUEST), config());

    @Test
    void retriesATransientFailureThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        var outcome = pipeline.process(record(COURSE, event("p1")), EventType.COURSE_PUBLISHED, CoursePublished.class,
                e -> {
                    if (calls.incrementAndGet() < 3) {
                        throw new StorageException("S3 down", null);
                    }
                });
        assertEquals(EventPipeline.Outcome.DONE, outcome);
        assertEquals(3, calls.get());
        assertTrue(producer.history().isEmpty(), "nothing dead-lettered");
    }

    @Test
    void permanentErrorGoesToTheDlqAtOnceWithEveryHeader() {
        AtomicInteger calls = new AtomicInteger();
        ConsumerRecord<String, byte[]> original = record(COURSE, event("p2"));
        var outcome = pipeline.process(original, EventType.COURSE_PUBLISHED, CoursePublished.class, e -> {
            calls.incrementAndGet();
            throw new PermanentEventException("MALFORMED_OLX", "course.xml is not XML", null);
        });
        assertEquals(EventPipeline.Outcome.DEAD_LETTERED, outcome);
        assertEquals(1, calls.get(), "a permanent error is not retried");
        ProducerRecord<String, byte[]> dl = single();
        assertEquals("course.published.dlq", dl.topic());
        assertEquals(COURSE, dl.key());
        assertArrayEquals(original.value(), dl.value());
        DeadLetters.DeadLetter h = DeadLetters.read(dl.headers());
        assertEquals("MALFORMED_OLX", h.code());
        assertEquals("course.xml is not XML", h.reason());
        assertEquals("course.published", h.originTopic());
        assertEquals(2, h.originPartition());
        assertEquals(41L, h.originOffset());
        assertEquals("ce-p2", h.ceId());
        assertEquals("p2", h.publishId());
        assertNotNull(h.time());
        assertEquals(1, h.attempts());
        assertNull(h.valueKey());
        // the original CloudEvents headers travel with it, so a replay is the original record
        assertEquals("ce-p2", CloudEvents.header(dl.headers(), CloudEvents.ID));
        assertEquals(EventType.COURSE_PUBLISHED.ceType(), CloudEvents.header(dl.headers(), CloudEvents.TYPE));
    }

    @Test
    void exhaustedRetriesGoToTheDlq() {
        var outcome = pipeline.process(record(COURSE, event("p3")), EventType.COURSE_PUBLISHED, CoursePublished.class,
                e -> {
                    throw new StorageException("S3 still down", null);
                });
        assertEquals(EventPipeline.Outcome.DEAD_LETTERED, outcome);
        DeadLetters.DeadLetter h = DeadLetters.read(single().headers());
        assertEquals("RETRIES_EXHAUSTED", h.code());
        assertEquals(3, h.attempts());
        assertTrue(h.reason().contains("S3 still down"), h.reason());
    }

    @Test
    void notJsonAndWrongShapeAreInvalidEvents() {
        for (byte[] value : List.of("not json".getBytes(StandardCharsets.UTF_8),
                "{\"courseId\":42}".getBytes(StandardCharsets.UTF_8))) {
            var outcome = pipeline.process(record(COURSE, value), EventType.COURSE_PUBLISHED, CoursePublished.class,
                    e -> {
                        throw new AssertionError("the handler must not see an invalid event");
                    });
            assertEquals(EventPipeline.Outcome.DEAD_LETTERED, outcome);
        }
        assertEquals(2, producer.history().size());
        producer.history().forEach(r -> assertEquals("INVALID_EVENT", DeadLetters.read(r.headers()).code()));
        assertEquals(0, DeadLetters.read(producer.history().get(0).headers()).attempts());
    }

    @Test
    void misKeyedRecordIsDeadLetteredNotProcessed() {
        for (String key : new String[] {"course-v1:Other+Course+1", null}) {
            var outcome = pipeline.process(record(key, event("p4")), EventType.COURSE_PUBLISHED,
                    CoursePublished.class, e -> {
                        throw new AssertionError("a mis-keyed record must not be processed");
                    });
            assertEquals(EventPipeline.Outcome.DEAD_LETTERED, outcome);
        }
        producer.history().forEach(r -> assertEquals("KEY_MISMATCH", DeadLetters.read(r.headers()).code()));
    }

    @Test
    void oversizeValueIsKeptInObjectStorageAndTheDeadLetterNamesIt() {
        // ~1,047,000 bytes: under the broker's limit, but the DLQ copy plus headers would not fit one request
        byte[] value = paddedEvent("p5", 1_047_000);
        ConsumerRecord<String, byte[]> original = record(COURSE, value);
        var outcome = pipeline.process(original, EventType.COURSE_PUBLISHED, CoursePublished.class, e -> {
            throw new PermanentEventException("SOURCE_NOT_FOUND", "no snapshot", null);
        });
        assertEquals(EventPipeline.Outcome.DEAD_LETTERED, outcome);
        ProducerRecord<String, byte[]> dl = single();
        assertEquals(0, dl.value().length);
        DeadLetters.DeadLetter h = DeadLetters.read(dl.headers());
        assertEquals(ObjectKeys.deadLetterValue("course.published", 2, 41), h.valueKey());
        assertArrayEquals(value, stored.get(h.valueKey()));
        assertEquals("p5", h.publishId());
        assertTrue(DeadLetterWriter.estimatedSize(dl) < MAX_REQUEST);
    }

    @Test
    void tooLargeForTheBrokerFallsBackToObjectStorage() {
        MockProducer<String, byte[]> strict = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    ProducerRecord<String, byte[]> r) {
                if (r.value().length > 1000) {
                    return CompletableFuture.failedFuture(new RecordTooLargeException("broker limit"));
                }
                return CompletableFuture.completedFuture(new org.apache.kafka.clients.producer.RecordMetadata(
                        new org.apache.kafka.common.TopicPartition(r.topic(), 0), 0, 0, 0, 0, 0));
            }
        };
        EventPipeline p = new EventPipeline(threeAttempts, new DeadLetterWriter(strict, store, MAX_REQUEST), config());
        var outcome = p.process(record(COURSE, paddedEvent("p6", 5000)), EventType.COURSE_PUBLISHED,
                CoursePublished.class, e -> {
                    throw new PermanentEventException("X", "x", null);
                });
        assertEquals(EventPipeline.Outcome.DEAD_LETTERED, outcome);
        assertEquals(1, stored.size());
    }

    @Test
    void acksOnlyAfterTheWorkOrTheDeadLetterIsStored() {
        List<String> order = new ArrayList<>();
        Message<byte[]> ok = message(record(COURSE, event("p7")), order);
        pipeline.process(ok, EventType.COURSE_PUBLISHED, CoursePublished.class, e -> order.add("work"));
        assertEquals(List.of("work", "ack"), order);

        order.clear();
        MockProducer<String, byte[]> recording = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    ProducerRecord<String, byte[]> r) {
                order.add("dead letter stored");
                return super.send(r);
            }
        };
        EventPipeline p = new EventPipeline(threeAttempts, new DeadLetterWriter(recording, store, MAX_REQUEST),
                config());
        p.process(message(record(COURSE, event("p8")), order), EventType.COURSE_PUBLISHED, CoursePublished.class,
                e -> {
                    throw new PermanentEventException("X", "x", null);
                });
        assertEquals(List.of("dead letter stored", "ack"), order);
    }

    @Test
    void unwritableDeadLetterNacksAndCommitsNothing() {
        MockProducer<String, byte[]> down = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    ProducerRecord<String, byte[]> r) {
                return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("down"));
            }
        };
        EventPipeline p = new EventPipeline(threeAttempts, new DeadLetterWriter(down, store, MAX_REQUEST), config());
        List<String> order = new ArrayList<>();
        p.process(message(record(COURSE, "not json".getBytes(StandardCharsets.UTF_8)), order),
                EventType.COURSE_PUBLISHED, CoursePublished.class, e -> { });
        assertEquals(List.of("nack"), order);
    }

    @Test
    void stoppingAbandonsWithoutAckOrDeadLetter() {
        List<String> order = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Consumer<CoursePublished> failsThenStops = e -> {
            calls.incrementAndGet();
            pipeline.onShutdown(null); // SIGTERM arrives while the first attempt fails
            throw new StorageException("S3 down", null);
        };
        pipeline.process(message(record(COURSE, event("p9")), order), EventType.COURSE_PUBLISHED,
                CoursePublished.class, failsThenStops);
        assertEquals(1, calls.get(), "no retry once stopping");
        assertTrue(order.isEmpty(), "neither acked nor nacked: " + order);
        assertTrue(producer.history().isEmpty(), "not dead-lettered");
        assertEquals(EventPipeline.Outcome.ABANDONED, pipeline.process(record(COURSE, event("p10")),
                EventType.COURSE_PUBLISHED, CoursePublished.class, e -> { }));
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        PipelineConfig.Retry r = config().retry();
        assertEquals(Duration.ofSeconds(1), EventPipeline.nextDelay(r, 1));
        assertEquals(Duration.ofSeconds(8), EventPipeline.nextDelay(r, 4));
        assertEquals(Duration.ofSeconds(30), EventPipeline.nextDelay(r, 9));
    }

    private ProducerRecord<String, byte[]> single() {
        assertEquals(1, producer.history().size(), "one dead letter");
        return producer.history().get(0);
    }

    private static Message<byte[]> message(ConsumerRecord<String, byte[]> record, List<String> order) {
        return Message.of(record.value())
                .addMetadata(new IncomingKafkaRecordMetadata<>(record, "course-published"))
                .withAck(() -> {
                    order.add("ack");
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    order.add("nack");
                    return CompletableFuture.completedFuture(null);
                });
    }

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        String publishId = DeadLetterWriter.publishIdOf(value);
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        if (publishId != null) {
            CloudEvents.headers(published(publishId, ""), "ce-" + publishId, "/test", Instant.now())
                    .forEach(headers::add);
        }
        return new ConsumerRecord<>("course.published", 2, 41, System.currentTimeMillis(), TimestampType.CREATE_TIME,
                -1, value.length, key, value, headers, Optional.empty());
    }

    private static CoursePublished published(String publishId, String padding) {
        return new CoursePublished(publishId, COURSE, Instant.parse("2026-11-30T10:00:00Z"),
                "sources/x/" + publishId + padding + ".tar.gz", null, null);
    }

    private static byte[] event(String publishId) {
        return EventJson.toBytes(published(publishId, ""));
    }

    /** A valid course.published value of exactly {@code size} bytes (a long sourceKey). */
    private static byte[] paddedEvent(String publishId, int size) {
        int base = event(publishId).length;
        byte[] value = EventJson.toBytes(published(publishId, "x".repeat(size - base)));
        assertEquals(size, value.length);
        return value;
    }

    private static PipelineConfig config() {
        return new PipelineConfig() {
            @Override
            public Retry retry() {
                return new Retry() {
                    public int maxRetries() {
                        return 100;
                    }

                    public Duration initialDelay() {
                        return Duration.ofSeconds(1);
                    }

                    public Duration maxDelay() {
                        return Duration.ofSeconds(30);
                    }

                    public Duration maxDuration() {
                        return Duration.ofMinutes(10);
                    }
                };
            }

            @Override
            public DeadLetter deadLetter() {
                return () -> MAX_REQUEST;
            }

            @Override
            public Duration shutdownGrace() {
                return Duration.ofMillis(10);
            }
        };
    }
}
