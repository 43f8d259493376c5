package io.satchel.publish.service;

import io.satchel.events.SourceIndex;
import java.util.List;

/**
 * What the inspection of an accepted export found.
 *
 * @param courseXmlPath  path of the course.xml that was checked ({@code course.xml} or {@code TOP/course.xml})
 * @param entries        tar entries (files and folders)
 * @param unpackedBytes  bytes of the whole tar stream
 * @param folders        folder entries (paths without "./" or a trailing '/')
 * @param files          file entries in archive order, each with its size, sha256 and compressed end
 */
public record InspectedArchive(String courseXmlPath, int entries, long unpackedBytes, List<String> folders,
        List<SourceIndex.Entry> files) {

    /** The snapshot's index, to store beside it at {@link io.satchel.events.ObjectKeys#sourceIndex}. */
    public SourceIndex index(String sourceKey, String sourceSha256, long sourceSize) {
        return new SourceIndex(sourceKey, sourceSha256, sourceSize, folders, files);
    }
}
