package io.satchel.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The renderer finished a publish. The block list lives in the {@link RenderManifest} object named here; the event
 * stays small whatever the course size.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CourseRendered(String publishId, String courseId, Instant publishedAt, Instant renderedAt,
        String renderManifestKey, int blockCount, int renderedBlockCount) implements CourseEvent {
}
