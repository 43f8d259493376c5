package io.satchel.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** CloudEvents 1.0 Kafka binary mode: attributes as {@code ce_*} headers, the event record as the JSON value. */
public final class CloudEvents {
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    /** Headers a consumer adds when it sends a record to a dead-letter topic. */
    public static final String DLQ_REASON = "satchel_dlq_reason";
    public static final String DLQ_CODE = "satchel_dlq_code";

    /** The header map of one event; {@code source} is a URI reference naming the producer, e.g. {@code /satchel/renderer}. */
    public static Map<String, String> attributes(SatchelEvent event, String id, String source, Instant time) {
        return attributes(EventType.ofValue(event), event.courseId(), id, source, time);
    }

    /** The header map of an event already serialized (an outbox row): its type and its course (the subject). */
    public static Map<String, String> attributes(EventType type, String courseId, String id, String source,
            Instant time) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put(ID, id == null ? UUID.randomUUID().toString() : id);
        attrs.put(TYPE, type.ceType());
        attrs.put(SOURCE, source);
        attrs.put(SPEC_VERSION, "1.0");
        attrs.put(TIME, Timestamps.format(time == null ? Timestamps.now() : time));
        attrs.put(SUBJECT, courseId);
        attrs.put(CONTENT_TYPE, "application/json");
        return attrs;
    }

    public static Headers headers(SatchelEvent event, String id, String source, Instant time) {
        return headers(attributes(event, id, source, time));
    }

    public static Headers headers(EventType type, String courseId, String id, String source, Instant time) {
        return headers(attributes(type, courseId, id, source, time));
    }

    private static Headers headers(Map<String, String> attributes) {
        RecordHeaders headers = new RecordHeaders();
        attributes.forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** The last value of a header as text, or null. */
    public static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * Reads a record of a Satchel topic: checks {@code ce_type} (when present) names the expected type and parses the
     * value. A CMS may omit headers; the value must then still parse.
     *
     * @throws InvalidEventException for a wrong type or an unparseable value
     */
    public static <T extends CourseEvent> T read(EventType expected, Headers headers, byte[] value, Class<T> type) {
        String ceType = header(headers, TYPE);
        if (ceType != null && !ceType.equals(expected.ceType())) {
            throw new InvalidEventException("ce_type " + ceType + " is not " + expected.ceType());
        }
        if (value == null) {
            throw new InvalidEventException("record has no value");
        }
        T event = EventJson.fromBytes(value, type);
        if (event.courseId() == null || event.courseId().isBlank() || event.publishedAt() == null) {
            throw new InvalidEventException("event lacks courseId or publishedAt");
        }
        return event;
    }

    private CloudEvents() {
    }
}
