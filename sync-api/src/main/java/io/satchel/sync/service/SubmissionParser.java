package io.satchel.sync.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.events.CourseKey;
import io.satchel.events.EventJson;
import io.satchel.sync.model.ProgressErrors;
import io.satchel.sync.model.Submission;
import io.satchel.sync.model.SubmissionErrors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Checks one element of {@code submissions} on its own (no database), like {@link ProgressEventParser} does for
 * progress: a malformed field rejects that submission only, so one bad answer never blocks a client's queue.
 * Enrollment, known content and the problem type are checked by {@link SubmissionIngest}.
 */
public final class SubmissionParser {
    private final Instant latestAllowed;
    private final int maxAnswersBytes;

    /**
     * @param now             the server time; a submittedAt more than {@code maxSkew} after it is INVALID_TIME
     * @param maxAnswersBytes the largest answers object as compact UTF-8 JSON (ANSWERS_TOO_LARGE beyond)
     */
    public SubmissionParser(Instant now, Duration maxSkew, int maxAnswersBytes) {
        this.latestAllowed = now.plus(maxSkew);
        this.maxAnswersBytes = maxAnswersBytes;
    }

    /** A checked submission, or the code that rejects it; {@code eventId} is the client's text (may be null). */
    public record Parsed(String eventId, Submission submission, String error) {
    }

    /** @param item one element of {@code submissions} (an object) */
    public Parsed parse(int index, JsonNode item) {
        String idText = text(item.get("eventId"));
        UUID id = ProgressEventParser.uuid(idText);
        if (id == null) {
            return rejected(idText, ProgressErrors.INVALID_EVENT_ID);
        }
        String courseId = text(item.get("courseId"));
        if (!CourseKey.isValid(courseId)) {
            return rejected(idText, ProgressErrors.INVALID_COURSE_ID);
        }
        String contentId = text(item.get("contentId"));
        if (contentId == null || contentId.isBlank() || contentId.length() > 1000) {
            return rejected(idText, ProgressErrors.INVALID_CONTENT_ID);
        }
        JsonNode answers = item.get("answers");
        if (!validAnswers(answers)) {
            return rejected(idText, SubmissionErrors.INVALID_ANSWERS);
        }
        String answersJson = EventJson.toString(answers);
        if (answersJson.length() > maxAnswersBytes // a UTF-8 byte count is at least the char count
                || answersJson.getBytes(StandardCharsets.UTF_8).length > maxAnswersBytes) {
            return rejected(idText, SubmissionErrors.ANSWERS_TOO_LARGE);
        }
        Instant submittedAt = time(item.get("submittedAt"));
        if (submittedAt == null) {
            return rejected(idText, ProgressErrors.INVALID_TIME);
        }
        return new Parsed(idText, new Submission(index, id, courseId, contentId, answers, answersJson, submittedAt),
                null);
    }

    /** {@code {"<input name>": "<value>" | ["<value>", ...]}}; an empty object is a blank submission. */
    static boolean validAnswers(JsonNode answers) {
        if (answers == null || !answers.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = answers.fields(); it.hasNext(); ) {
            JsonNode value = it.next().getValue();
            if (value.isArray()) {
                for (JsonNode v : value) {
                    if (!v.isTextual()) {
                        return false;
                    }
                }
            } else if (!value.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** The submission time, or null when missing, not a time, or too far in the future. */
    private Instant time(JsonNode n) {
        String text = text(n);
        if (text == null) {
            return null;
        }
        try {
            Instant t = ClientTimes.parse(text);
            return t.isAfter(latestAllowed) ? null : t;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode n) {
        return n == null || !n.isTextual() ? null : n.asText();
    }

    private static Parsed rejected(String eventId, String code) {
        return new Parsed(eventId, null, code);
    }
}
