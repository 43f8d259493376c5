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
 * One parser serves one request (it remembers the last valid course id).
 */
public final class ProgressEventParser {
    private final Instant now;
    private final Instant latestAllowed;
    private final boolean accessTimeDefaultsToNow;
    private String lastValidCourse;

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
        return parse(index, ProgressItem.of(item), eventId);
    }

    /**
     * @param item      the fields of one element of {@code events}, as read from the JSON
     * @param eventId   the event id to use when the item has none of its own (Sunbird items), else null
     */
    public Parsed parse(int index, ProgressItem item, UUID eventId) {
        String idText = eventId != null ? eventId.toString() : item.eventId;
        UUID id = eventId;
        if (id == null) {
            id = uuid(idText);
            if (id == null) {
                return Parsed.rejected(idText, ProgressErrors.INVALID_EVENT_ID);
            }
        }
        String courseId = item.courseId;
        if (!validCourse(courseId)) {
            return Parsed.rejected(idText, ProgressErrors.INVALID_COURSE_ID);
        }
        String contentId = item.contentId;
        if (contentId == null || contentId.isBlank() || contentId.length() > 1000) {
            return Parsed.rejected(idText, ProgressErrors.INVALID_CONTENT_ID);
        }
        if (item.batchState == ProgressItem.WRONG_TYPE
                || item.batchState == ProgressItem.VALUE && item.batchId.length() > 200) {
            return Parsed.rejected(idText, ProgressErrors.INVALID_BATCH_ID);
        }
        int status = smallInt(item.statusState, item.status, 0, 2, false);
        if (status < 0) {
            return Parsed.rejected(idText, ProgressErrors.INVALID_STATUS);
        }
        int progress = smallInt(item.progressState, item.progress, 0, 100, true);
        if (progress < 0) {
            return Parsed.rejected(idText, ProgressErrors.INVALID_PROGRESS);
        }
        Instant lastAccess;
        Instant lastCompleted;
        try {
            lastAccess = time(item.accessState, item.lastAccessTime);
            lastCompleted = time(item.completedState, item.lastCompletedTime);
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
        String batchId = item.batchState == ProgressItem.VALUE ? item.batchId : null;
        return Parsed.ok(idText, new ProgressEvent(index, id, courseId, batchId, contentId, status, merged, lastAccess,
                lastCompleted));
    }

    /** A batch names one course in nearly every event: the pattern runs once per distinct id, not per event. */
    private boolean validCourse(String courseId) {
        if (courseId != null && courseId.equals(lastValidCourse)) {
            return true;
        }
        if (!CourseKey.isValid(courseId)) {
            return false;
        }
        lastValidCourse = courseId;
        return true;
    }

    /** Null when absent; a time that is not RFC 3339 / Sunbird, or too far in the future, throws. */
    private Instant time(byte state, String text) {
        if (state == ProgressItem.ABSENT) {
            return null;
        }
        if (state != ProgressItem.VALUE) {
            throw new DateTimeParseException("not a string", "", 0);
        }
        Instant t = ClientTimes.parse(text);
        if (t.isAfter(latestAllowed)) {
            throw new DateTimeParseException("in the future", text, 0);
        }
        return t;
    }

    /** The integer in [min, max]; a missing optional value is 0; -1 when invalid. */
    private static int smallInt(byte state, int value, int min, int max, boolean optional) {
        if (state == ProgressItem.ABSENT) {
            return optional ? 0 : -1;
        }
        if (state != ProgressItem.VALUE) {
            return -1;
        }
        return value < min || value > max ? -1 : value;
    }

    /** The UUID of a canonical 36-character text, else null (shared with {@link SubmissionParser}). */
    static UUID uuid(String text) {
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
