package io.satchel.events.archive;

import java.util.HashMap;
import java.util.Map;

/**
 * The entries of one archive, checked one by one as a stage reads them (tar or zip, streaming or not): each name by
 * {@link ArchiveEntryNames}, plus what needs the whole archive — only files and folders (links in or out of the tree,
 * devices, FIFOs refused), no file twice, no path that is both a file and a folder (once unpacked, one of them would
 * silently win). Not thread-safe: one instance per archive read.
 */
public final class ArchiveEntries {

    /** What an entry is, as its archive format says. */
    public enum Type { FILE, FOLDER, SYMLINK, HARDLINK, SPECIAL }

    private final int nestedFolders;
    /** every path seen so far: true for a file, false for a folder (named or implied by a file below it) */
    private final Map<String, Boolean> seen = new HashMap<>();

    public ArchiveEntries() {
        this(0);
    }

    private ArchiveEntries(int nestedFolders) {
        this.nestedFolders = nestedFolders;
    }

    /** For an archive holding one tree per top folder (the course zip: one folder per block). */
    public static ArchiveEntries nestedUnderOneFolder() {
        return new ArchiveEntries(1);
    }

    /** {@link #accept(String, Type, String)} for an entry that is not a link. */
    public String accept(String rawName, Type type) {
        return accept(rawName, type, null);
    }

    /**
     * @param linkTarget the link's target, for {@link Type#SYMLINK} and {@link Type#HARDLINK}
     * @return the entry's normalized name; the empty string for the archive's top folder itself
     * @throws UnsafeEntryException when the entry breaks a rule
     */
    public String accept(String rawName, Type type, String linkTarget) {
        String name = ArchiveEntryNames.normalize(rawName, nestedFolders);
        switch (type) {
            case SYMLINK, HARDLINK -> throw new UnsafeEntryException(
                    !name.isEmpty() && ArchiveEntryNames.linkStaysInTree(name, linkTarget, type == Type.HARDLINK)
                            ? EntryRule.LINK_NOT_ALLOWED : EntryRule.LINK_OUT_OF_TREE, rawName);
            case SPECIAL -> throw new UnsafeEntryException(EntryRule.UNSUPPORTED_ENTRY, rawName);
            default -> {
                // files and folders go on
            }
        }
        if (name.isEmpty()) {
            if (type == Type.FOLDER) {
                return name;
            }
            throw new UnsafeEntryException(EntryRule.INVALID_NAME, rawName);
        }
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
            if (Boolean.TRUE.equals(seen.putIfAbsent(name.substring(0, slash), false))) {
                throw new UnsafeEntryException(EntryRule.PATH_CONFLICT, rawName);
            }
        }
        Boolean before = seen.putIfAbsent(name, type == Type.FILE);
        if (before != null && (before || type == Type.FILE)) {
            throw new UnsafeEntryException(before && type == Type.FILE ? EntryRule.DUPLICATE_ENTRY
                    : EntryRule.PATH_CONFLICT, rawName);
        }
        return name;
    }
}
