package io.satchel.publish.service;

import io.satchel.publish.config.PublishConfig;

/** What {@link OlxArchiveInspector} accepts; a record so unit tests can use tiny limits. */
public record ArchiveLimits(long maxUnpackedBytes, long maxFileBytes, int maxEntries, double maxCompressionRatio,
        long ratioCheckAfterBytes, int maxCourseXmlBytes) {

    public static ArchiveLimits of(PublishConfig.Archive c) {
        return new ArchiveLimits(c.maxUnpackedBytes(), c.maxFileBytes(), c.maxEntries(), c.maxCompressionRatio(),
                c.ratioCheckAfterBytes(), c.maxCourseXmlBytes());
    }
}
