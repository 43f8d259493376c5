package io.satchel.sync.model;

import java.time.Instant;

/** One enrollment of GET /api/v1/enrollments, with completion against the course's newest manifest. */
public record EnrollmentView(String courseId, String batchId, Instant enrolledAt, int completedCount, int leafCount,
        int completionPercentage, Instant lastAccessTime) {

    /** floor(100 × completed / leaves); 0 for a course without a manifest yet. */
    public static int percentage(int completed, int leaves) {
        return leaves <= 0 ? 0 : (int) Math.min(100, (100L * completed) / leaves);
    }
}
