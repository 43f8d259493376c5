package io.satchel.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one source snapshot holds, entry by entry (object {@link ObjectKeys#sourceIndex}), written by the
 * publish-listener during the one streaming pass in which it checks an accepted export. It lets the renderer see
 * which files a republish changed without reading the snapshot, and read the snapshot only as far as the last
 * changed file. Optional: an event a CMS wrote directly has none, and readers then unpack the whole snapshot.
 *
 * @param sourceKey    the snapshot this describes ({@link ObjectKeys#source})
 * @param sourceSha256 hex sha256 of the snapshot object (the event's sourceSha256)
 * @param sourceSize   byte size of the snapshot object
 * @param folders      folder entries, as paths relative to the archive root without "./" or a trailing '/'
 * @param files        file entries in archive order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceIndex(String sourceKey, String sourceSha256, long sourceSize, List<String> folders,
        List<Entry> files) {

    /**
     * One file of the snapshot.
     *
     * @param path          relative to the archive root, forward slashes, without "./"
     * @param size          unpacked byte size
     * @param sha256        hex sha256 of the unpacked bytes
     * @param compressedEnd how many bytes from the start of the snapshot object suffice to inflate this entry to its
     *                      end (an upper bound: a ranged read of that many bytes holds the whole entry)
     */
    public record Entry(String path, long size, String sha256, long compressedEnd) {
    }
}
