package io.satchel.sync.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.events.CourseKey;
import io.satchel.sync.model.ProgressErrors;
import io.satchel.sync.model.ProgressEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Checks the fields of one progress event on their own (no database): a malformed field rejects that event only,
 * so one bad event never blocks a client's queue. Enrollment and content are checked by {@link ProgressIngest}.
 */
public final class ProgressEventParser {
    private final Instant now;
    private final Instant latestAllowed;
    private final boolean accessTimeDefaultsToNow;

    /**
     * @param now                     the server time; client times more than {@code maxSkew} after it are INVALID_TIME
     * @param accessTimeDefaultsToNow Sunbird semantics: a missing lastAccessTime means now (else INVALID_TIME)
     */
    public ProgressEventParser(Instant now, Duration maxSkew, boolean accessTimeDefaultsToNow) {
        this.now = now;
        this.latestAllowed = now.plus(maxSkew);
        this.accessTimeDefaultsToNow = accessTimeDefaultsToNow;
    }

    /** A parsed event, or the code that rejects it; {@code eventId} is the client's text as given (may be null). */
    public record Parsed(String eventId, ProgressEvent event, String error) {
        static Parsed ok(String id, ProgressEvent e) {
            return new Parsed(id, e, null);
        }

        static Parsed rejected(String id, String code) {
            return new Parsed(id, null, code);
        }
    }

    /**
     * @param item      one element of {@code events} (an object)
     * @param eventId   the event id to use when the item has none of its own (Sunbird items), else null
     */
    public Parsed parse(int index, JsonNode item, UUID eventId) {
        String idText = eventId != null ? eventId.toString() : text(item, "eventId");
        UUID id = eventId;
        if (id == null) {
            id = uuid(idText);
            if (id == null) {
                return Parsed.rejected(idText, ProgressErrors.INVALID_EVENT_ID);
            }
        }
        String courseId = text(item, "courseId");
        if (!CourseKey.isValid(courseId)) {
            return Parsed.rejected(idText, ProgressErrors.INVALID_COURSE_ID);
        }
        String contentId = text(item, "contentId");
        if (contentId == null || contentId.isBlank() || contentId.length() > 1000) {
            return Parsed.rejected(idText, ProgressErrors.INVALID_CONTENT_ID);
        }
        JsonNode batch = item.get("batchId");
        if (batch != null && !batch.isNull() && (!batch.isTextual() || batch.asText().length() > 200)) {
            return Parsed.rejected(idText, ProgressErrors.INVALID_BATCH_ID);
        }
        Integer status = smallInt(item.get("status"), 0, 2, false);
        if (status == null) {
            return Parsed.rejected(idText, ProgressErrors.INVALID_STATUS);
        }
        Integer progress = smallInt(item.get("progress"), 0, 100, true);
        if (progress == null) {
            return Parsed.rejected(idText, ProgressErrors.INVALID_PROGRESS);
        }
        Instant lastAccess;
        Instant lastCompleted;
        try {
            lastAccess = time(item.get("lastAccessTime"));
            lastCompleted = time(item.get("lastCompletedTime"));
        } catch (DateTimeParseException e) {
            return Parsed.rejected(idText, ProgressErrors.INVALID_TIME);
        }
        if (lastAccess == null) {
            if (!accessTimeDefaultsToNow) {
                return Parsed.rejected(idText, ProgressErrors.INVALID_TIME);
            }
            lastAccess = now;
        }
        int merged = status == 2 ? 100 : progress;
        String batchId = batch == null || batch.isNull() ? null : batch.asText();
        return Parsed.ok(idText, new ProgressEvent(index, id, courseId, batchId, contentId, status, merged, lastAccess,
                lastCompleted));
    }

    /** Null when absent; a time that is not RFC 3339 / Sunbird, or too far in the future, throws. */
    private Instant time(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new DateTimeParseException("not a string", node.toString(), 0);
        }
        Instant t = ClientTimes.parse(node.asText());
        if (t.isAfter(latestAllowed)) {
            throw new DateTimeParseException("in the future", node.asText(), 0);
        }
        return t;
    }

    /** The integer in [min, max]; a missing optional value is 0; null when invalid. */
    private static Integer smallInt(JsonNode node, int min, int max, boolean optional) {
        if (node == null || node.isNull()) {
            return optional ? Integer.valueOf(0) : null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            return null;
        }
        int v = node.intValue();
        return v < min || v > max ? null : v;
    }

    private static String text(JsonNode item, String field) {
        JsonNode n = item.get(field);
        return n == null || !n.isTextual() ? null : n.asText();
    }

    private static UUID uuid(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
