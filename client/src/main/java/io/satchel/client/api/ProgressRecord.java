package io.satchel.client.api;

import java.time.Instant;

/** One record of {@code GET /api/v1/progress}. */
public record ProgressRecord(String courseId, String batchId, String contentId, int status, int progress,
        Instant lastAccessTime, Instant lastCompletedTime, Instant lastModified, Instant stored) {
}
