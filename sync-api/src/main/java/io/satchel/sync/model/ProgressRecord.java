package io.satchel.sync.model;

import java.time.Instant;

/** The merged progress of one (user, course, content) as GET /api/v1/progress returns it. */
public record ProgressRecord(String courseId, String batchId, String contentId, int status, int progress,
        Instant lastAccessTime, Instant lastCompletedTime, Instant lastModified, Instant stored) {
}
