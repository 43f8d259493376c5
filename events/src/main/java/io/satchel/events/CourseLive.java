package io.satchel.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * sync-api now serves the offline manifest of this publish (internal topic {@link Topics#COURSE_LIVE}); the
 * publish-listener's publish status moves to {@code live} on it, and older publishes not yet live to
 * {@code superseded}.
 *
 * @param liveAt when sync-api committed the manifest as the course's newest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CourseLive(String publishId, String courseId, Instant publishedAt, Instant liveAt, int blockCount)
        implements CourseEvent {
}
