package io.satchel.client.api;

import java.time.Instant;
import java.util.List;

/** One entry of {@code GET /api/v1/enrollments}. */
public record Enrollment(String courseId, String batchId, Instant enrolledAt, Integer completedCount,
        Integer leafCount, Integer completionPercentage, Instant lastAccessTime) {

    /** The response body. */
    public record Enrollments(List<Enrollment> enrollments) {
        public List<Enrollment> enrollments() {
            return enrollments == null ? List.of() : enrollments;
        }
    }
}
