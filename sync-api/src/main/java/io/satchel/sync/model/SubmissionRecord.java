package io.satchel.sync.model;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/** A stored submission as GET /api/v1/submissions returns it; {@code answers} is the stored JSON, written as is. */
public record SubmissionRecord(String eventId, String courseId, String contentId, @JsonRawValue String answers,
        Instant submittedAt, Instant stored) {
}
