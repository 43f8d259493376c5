package io.satchel.sync.model;

import java.time.Instant;
import java.util.UUID;

/** One well-formed progress event of a request (position {@code index}); enrollment and content are checked later. */
public record ProgressEvent(int index, UUID eventId, String courseId, String batchId, String contentId, int status,
        int progress, Instant lastAccessTime, Instant lastCompletedTime) {
}
