package io.satchel.sync.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One well-formed submission of POST /api/v1/submissions (enrollment and content not checked yet).
 *
 * @param index       its position in the request
 * @param answers     the answers object as given
 * @param answersJson {@code answers} as compact JSON (what is stored and measured against the size limit)
 */
public record Submission(int index, UUID eventId, String courseId, String contentId, JsonNode answers,
        String answersJson, Instant submittedAt) {
}
