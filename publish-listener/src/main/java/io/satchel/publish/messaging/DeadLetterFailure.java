package io.satchel.publish.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.events.CloudEvents;
import io.satchel.events.DeadLetters;
import io.satchel.events.EventJson;
import io.satchel.events.Timestamps;
import io.satchel.events.Topics;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a record in {@code <topic>.dlq} says about its publish: which one (header {@link DeadLetters#PUBLISH_ID},
 * else the original value's JSON) and why ({@link DeadLetters} code and reason, else SmallRye's
 * {@code dead-letter-reason}).
 */
public record DeadLetterFailure(String courseId, String publishId, Instant publishedAt, String code, String message) {
    /** SmallRye Reactive Messaging's own header, written when a consumer gave no reason of its own. */
    static final String SMALLRYE_REASON = "dead-letter-reason";
    static final String DEFAULT_CODE = "PROCESSING_FAILED";

    private static final Map<String, String> STAGES = Map.of(
            Topics.deadLetter(Topics.COURSE_PUBLISHED), "Rendering",
            Topics.deadLetter(Topics.COURSE_RENDERED), "Archiving",
            Topics.deadLetter(Topics.COURSE_ARCHIVED), "Serving the offline manifest",
            Topics.deadLetter(Topics.COURSE_LIVE), "Recording the publish as live");

    /** Empty when the record names no publish (then it cannot be reported on one). */
    public static Optional<DeadLetterFailure> of(ConsumerRecord<String, byte[]> record) {
        DeadLetters.DeadLetter letter = DeadLetters.read(record.headers());
        JsonNode value = json(record.value());
        String publishId = firstNonBlank(letter.publishId(), text(value, "publishId"));
        String courseId = firstNonBlank(text(value, "courseId"), record.key());
        if (publishId == null || courseId == null) {
            return Optional.empty();
        }
        String code = firstNonBlank(letter.code(), DEFAULT_CODE);
        String reason = firstNonBlank(letter.reason(), CloudEvents.header(record.headers(), SMALLRYE_REASON),
                "no reason given");
        String stage = STAGES.getOrDefault(record.topic(), "Processing (" + record.topic() + ")");
        return Optional.of(new DeadLetterFailure(courseId, publishId, time(text(value, "publishedAt")), code,
                stage + " failed: " + reason));
    }

    private static JsonNode json(byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            return EventJson.mapper().readTree(value);
        } catch (IOException e) {
            return null; // the value is what could not be processed; the headers may still name the publish
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Instant time(String text) {
        try {
            return text == null ? null : Timestamps.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
