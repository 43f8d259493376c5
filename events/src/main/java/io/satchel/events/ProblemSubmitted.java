package io.satchel.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A learner's answer to a problem, given offline and accepted by sync-api (topic {@link Topics#PROBLEM_SUBMITTED},
 * key courseId). Immutable: {@code eventId} (the client's id, also the record's {@code ce_id}) names it once and for
 * all, so an LMS grading it drops a redelivery by that id. Grading is not Satchel's.
 *
 * @param contentId   the problem's block id ({@code block-v1:…+type@problem+block@…})
 * @param answers     {@code {"<input name>": "<value>" | ["<value>", ...]}} as the problem page handed it over
 * @param submittedAt when the learner submitted it (client clock)
 * @param receivedAt  when sync-api accepted it
 */
public record ProblemSubmitted(String eventId, String userId, String courseId, String contentId, JsonNode answers,
        Instant submittedAt, Instant receivedAt) implements SatchelEvent {
}
