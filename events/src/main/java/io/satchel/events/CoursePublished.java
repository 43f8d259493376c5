package io.satchel.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A course was published. Written by publish-listener, or by a CMS directly.
 *
 * @param publishId   unique id of this publish (a CMS writing directly may use any unique string)
 * @param courseId    Open edX course key, e.g. {@code course-v1:OpenedX+DemoX+DemoCourse}
 * @param publishedAt when the CMS published it (RFC 3339, ms, UTC)
 * @param sourceKey   object key of the immutable OLX tar.gz snapshot in Satchel's bucket (see {@link ObjectKeys#source})
 * @param sourceUrl   alternatively, an http(s) URL of the OLX tar.gz (used when sourceKey is absent)
 * @param sourceSha256 hex sha256 of the tar.gz, when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CoursePublished(String publishId, String courseId, Instant publishedAt, String sourceKey,
        String sourceUrl, String sourceSha256) implements CourseEvent {
}
