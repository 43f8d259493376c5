package io.satchel.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/**
 * The one header set of a dead-lettered record in {@code <topic>.dlq}, written by every consumer and read by the
 * publish status and the operators' {@code dlq} command. The record keeps the original key, value and CloudEvents
 * headers; these headers say why it is there. When the original value was too large to copy, the value is empty,
 * {@link #VALUE_KEY} names the object-store key holding it, and {@link #PUBLISH_ID} still names the publish.
 */
public final class DeadLetters {
    /** Error code, e.g. INVALID_EVENT, MALFORMED_OLX, RENDER_FAILED, STORAGE_UNAVAILABLE. */
    public static final String CODE = CloudEvents.DLQ_CODE;
    /** A sentence saying what went wrong. */
    public static final String REASON = CloudEvents.DLQ_REASON;
    public static final String ORIGIN_TOPIC = "satchel_dlq_origin_topic";
    public static final String ORIGIN_PARTITION = "satchel_dlq_origin_partition";
    public static final String ORIGIN_OFFSET = "satchel_dlq_origin_offset";
    /** ce_id of the original record (absent when it had none). */
    public static final String CE_ID = "satchel_dlq_ce_id";
    /** publishId of the original event when its value could be read. */
    public static final String PUBLISH_ID = "satchel_dlq_publish_id";
    /** When the record was dead-lettered (RFC 3339). */
    public static final String TIME = "satchel_dlq_time";
    /** How many times the handler ran before giving up. */
    public static final String ATTEMPTS = "satchel_dlq_attempts";
    /** Object key of the original value when it was too large to copy into the DLQ record. */
    public static final String VALUE_KEY = "satchel_dlq_value_key";

    /** What a DLQ record's headers say. Any field may be null for records written by older versions. */
    public record DeadLetter(String code, String reason, String originTopic, Integer originPartition,
            Long originOffset, String ceId, String publishId, Instant time, Integer attempts, String valueKey) {
    }

    public static DeadLetter read(Headers headers) {
        return new DeadLetter(CloudEvents.header(headers, CODE), CloudEvents.header(headers, REASON),
                CloudEvents.header(headers, ORIGIN_TOPIC), asInt(CloudEvents.header(headers, ORIGIN_PARTITION)),
                asLong(CloudEvents.header(headers, ORIGIN_OFFSET)), CloudEvents.header(headers, CE_ID),
                CloudEvents.header(headers, PUBLISH_ID), asTime(CloudEvents.header(headers, TIME)),
                asInt(CloudEvents.header(headers, ATTEMPTS)), CloudEvents.header(headers, VALUE_KEY));
    }

    /** Adds the header set of {@code letter} to {@code headers} (null fields are left out). */
    public static void write(DeadLetter letter, Headers headers) {
        put(headers, CODE, letter.code());
        put(headers, REASON, letter.reason());
        put(headers, ORIGIN_TOPIC, letter.originTopic());
        put(headers, ORIGIN_PARTITION, letter.originPartition());
        put(headers, ORIGIN_OFFSET, letter.originOffset());
        put(headers, CE_ID, letter.ceId());
        put(headers, PUBLISH_ID, letter.publishId());
        put(headers, TIME, letter.time() == null ? null : Timestamps.format(letter.time()));
        put(headers, ATTEMPTS, letter.attempts());
        put(headers, VALUE_KEY, letter.valueKey());
    }

    /** True for a header of this set ({@code satchel_dlq_*}), which a replay or a second dead-lettering drops. */
    public static boolean isDeadLetterHeader(String name) {
        return name.startsWith("satchel_dlq_");
    }

    private static void put(Headers headers, String name, Object value) {
        if (value != null) {
            headers.add(name, bytes(value.toString()));
        }
    }

    public static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static Integer asInt(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long asLong(String s) {
        try {
            return s == null ? null : Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant asTime(String s) {
        try {
            return s == null ? null : Timestamps.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private DeadLetters() {
    }
}
