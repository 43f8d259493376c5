package io.satchel.publish.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One publish as the contract's "Publish status" shows it. Every field is always present: {@code error} is null
 * unless the publish failed, the block counts are null until it was rendered, {@code problems} is a list (maybe empty).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PublishStatusView(String publishId, String courseId, Instant publishedAt, Instant receivedAt,
        Instant updatedAt, PublishState status, Error error, Blocks blocks, List<BlockProblem> problems) {

    /** Why the publish as a whole failed. */
    public record Error(String code, String message) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Blocks(Integer total, Integer rendered, Integer unavailable) {
    }

    /** {@code GET /api/v1/courses/{courseId}/publishes}: newest first. */
    public record Page(List<PublishStatusView> publishes) {
    }
}
