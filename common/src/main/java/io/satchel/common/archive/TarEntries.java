package io.satchel.common.archive;

import io.satchel.events.archive.ArchiveEntries;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Tar entries through the one entry policy ({@link ArchiveEntries}), for the services that read OLX tar.gz. */
public final class TarEntries {

    /**
     * The entry's normalized name (the empty string for the archive's top folder).
     *
     * @throws io.satchel.events.archive.UnsafeEntryException when the policy refuses the entry
     */
    public static String accept(ArchiveEntries policy, TarArchiveEntry entry) {
        return policy.accept(entry.getName(), type(entry), entry.getLinkName());
    }

    static ArchiveEntries.Type type(TarArchiveEntry entry) {
        if (entry.isSymbolicLink()) {
            return ArchiveEntries.Type.SYMLINK;
        }
        if (entry.isLink()) {
            return ArchiveEntries.Type.HARDLINK;
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO() || entry.isSparse()) {
            return ArchiveEntries.Type.SPECIAL;
        }
        if (entry.isDirectory()) {
            return ArchiveEntries.Type.FOLDER;
        }
        return entry.isFile() ? ArchiveEntries.Type.FILE : ArchiveEntries.Type.SPECIAL;
    }

    private TarEntries() {
    }
}
