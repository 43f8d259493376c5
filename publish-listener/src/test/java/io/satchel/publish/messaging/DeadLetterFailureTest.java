package io.satchel.publish.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterFailureTest {
    private static final String COURSE = "course-v1:A+B+C";

    private static ConsumerRecord<String, byte[]> record(String topic, String value, RecordHeaders headers) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(topic, 0, 7L, COURSE,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        headers.forEach(h -> r.headers().add(h));
        return r;
    }

    private static RecordHeaders headers(String... pairs) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    @Test
    void theHeaderNamesThePublishAndSaysWhy() {
        DeadLetterFailure f = DeadLetterFailure.of(record("course.published.dlq", "not json",
                headers(DeadLetters.PUBLISH_ID, "p1", DeadLetters.CODE, "MALFORMED_OLX", DeadLetters.REASON,
                        "course.xml is not well-formed"))).orElseThrow();
        assertEquals("p1", f.publishId());
        assertEquals(COURSE, f.courseId());
        assertNull(f.publishedAt());
        assertEquals("MALFORMED_OLX", f.code());
        assertEquals("Rendering failed: course.xml is not well-formed", f.message());
    }

    @Test
    void withoutTheHeaderThePublishComesFromTheValueAndTheReasonFromSmallRye() {
        DeadLetterFailure f = DeadLetterFailure.of(record("course.archived.dlq",
                "{\"publishId\":\"p2\",\"courseId\":\"" + COURSE + "\",\"publishedAt\":\"2026-11-01T10:00:00.000Z\"}",
                headers("dead-letter-reason", "boom"))).orElseThrow();
        assertEquals("p2", f.publishId());
        assertEquals(Instant.parse("2026-11-01T10:00:00Z"), f.publishedAt());
        assertEquals(DeadLetterFailure.DEFAULT_CODE, f.code());
        assertEquals("Serving the offline manifest failed: boom", f.message());
    }

    @Test
    void aRecordNamingNoPublishIsNotReported() {
        assertTrue(DeadLetterFailure.of(record("course.rendered.dlq", "garbage", headers(DeadLetters.CODE, "X")))
                .isEmpty());
        assertTrue(DeadLetterFailure.of(record("course.rendered.dlq", "{\"courseId\":\"x\"}", headers())).isEmpty());
        assertTrue(DeadLetterFailure.of(record("course.rendered.dlq", null, headers())).isEmpty());
    }
}
