package io.satchel.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The renderer finished a publish. The block list lives in the {@link RenderManifest} object named here; the event
 * stays small whatever the course size.
 *
 * @param blockCount            leaf blocks in the manifest
 * @param renderedBlockCount    blocks rendered again by this publish (the others reuse their previous page)
 * @param unavailableBlockCount blocks whose own content could not be prepared offline (their page says so; each
 *                              carries its {@link RenderManifest.Problem} in the manifest)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CourseRendered(String publishId, String courseId, Instant publishedAt, Instant renderedAt,
        String renderManifestKey, int blockCount, int renderedBlockCount, int unavailableBlockCount)
        implements CourseEvent {
}
