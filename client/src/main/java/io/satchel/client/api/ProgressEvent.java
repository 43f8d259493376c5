package io.satchel.client.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One item of {@code POST /api/v1/progress}; eventId is generated on the device and makes replays harmless. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressEvent(String eventId, String courseId, String batchId, String contentId, int status,
        int progress, Instant lastAccessTime, Instant lastCompletedTime) {

    public ProgressEvent withBatchId(String batch) {
        return new ProgressEvent(eventId, courseId, batch, contentId, status, progress, lastAccessTime,
                lastCompletedTime);
    }
}
