package io.satchel.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The archiver made the offline manifest of a publish live; it is the {@link OfflineManifest} at manifestKey. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CourseArchived(String publishId, String courseId, Instant publishedAt, Instant generatedAt,
        String manifestKey, int blockCount) implements CourseEvent {
}
