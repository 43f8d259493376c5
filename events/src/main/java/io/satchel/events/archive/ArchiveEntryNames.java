package io.satchel.events.archive;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The one archive-entry name policy of Satchel: the OLX tar.gz at intake (publish-listener), its unpacking and its
 * {@link io.satchel.events.SourceIndex} (renderer), the zips the archiver writes and the zips the client unpacks all
 * normalize and check names here, so a name intake accepts is a name every later stage accepts, and a name any stage
 * would refuse is refused at intake (422) with the same {@link EntryRule code}.
 *
 * <p>Normalizing: {@code \} is a folder separator (Windows tools write it; the ZIP spec allows only {@code /}, and no
 * Studio export holds a file whose name contains one), {@code ./} prefixes, {@code .} and empty segments and a
 * trailing {@code /} are dropped. Refused: empty names, NUL and control characters, absolute names ({@code /x},
 * {@code \x}, {@code C:x}), any {@code ..} segment, names over {@value #MAX_NAME_BYTES} UTF-8 bytes or with a segment
 * over {@value #MAX_SEGMENT_BYTES} bytes (what ext4, NTFS and APFS allow), more than {@value #MAX_DEPTH} levels.
 * Entry types, links, duplicates and file/folder conflicts are {@link ArchiveEntries}' part. Names that differ only
 * in letter case are kept apart (Open edX and S3 are case-sensitive); a client on a case-insensitive disk refuses
 * the second one rather than overwrite the first.
 *
 * <p>Plain Java with no dependency, in the event contract because the source index holds these normalized names and
 * the client (which must not pull in the services' support module) applies the same rule.
 */
public final class ArchiveEntryNames {
    /** Longest name inside its tree; leaves room for the folder a stage unpacks into within Linux' 4096 PATH_MAX. */
    public static final int MAX_NAME_BYTES = 1024;
    /** Longest single folder or file name (NAME_MAX of ext4, NTFS, APFS). */
    public static final int MAX_SEGMENT_BYTES = 255;
    /** Most levels (folders + the file) inside its tree. */
    public static final int MAX_DEPTH = 64;

    /**
     * The entry's normalized name: relative, {@code /}-separated, no {@code .} or empty segment, no trailing
     * {@code /}; the empty string for the archive's top folder itself ({@code ./}).
     *
     * @throws UnsafeEntryException when the name breaks a rule
     */
    public static String normalize(String rawName) {
        return normalize(rawName, 0);
    }

    /**
     * As {@link #normalize(String)} for an archive that nests whole trees under {@code nestedFolders} levels of
     * folders (the course zip: one folder per block): the length and depth limits apply to the name below them.
     */
    public static String normalize(String rawName, int nestedFolders) {
        if (rawName == null || rawName.isEmpty()) {
            throw new UnsafeEntryException(EntryRule.INVALID_NAME, rawName);
        }
        for (int i = 0; i < rawName.length(); i++) {
            char c = rawName.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new UnsafeEntryException(EntryRule.INVALID_NAME, rawName);
            }
        }
        String name = rawName.replace('\\', '/');
        if (name.startsWith("/") || hasDriveLetter(name)) {
            throw new UnsafeEntryException(EntryRule.ABSOLUTE_PATH, rawName);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new UnsafeEntryException(EntryRule.PATH_TRAVERSAL, rawName);
            }
            if (utf8Length(segment) > MAX_SEGMENT_BYTES) {
                throw new UnsafeEntryException(EntryRule.NAME_TOO_LONG, rawName);
            }
            segments.add(segment);
        }
        int outer = Math.min(nestedFolders, segments.size());
        List<String> inner = segments.subList(outer, segments.size());
        if (inner.size() > MAX_DEPTH) {
            throw new UnsafeEntryException(EntryRule.PATH_TOO_DEEP, rawName);
        }
        if (utf8Length(String.join("/", inner)) > MAX_NAME_BYTES) {
            throw new UnsafeEntryException(EntryRule.NAME_TOO_LONG, rawName);
        }
        return String.join("/", segments);
    }

    /** True when {@code name} is already a normalized name of a file or folder below the top (what writers emit). */
    public static boolean isNormal(String name) {
        try {
            return name != null && !name.isEmpty() && normalize(name).equals(name);
        } catch (UnsafeEntryException e) {
            return false;
        }
    }

    /**
     * Whether a link stays inside the archive: a symlink's target is relative to the folder holding the link, a hard
     * link's to the archive's top (tar's rules).
     */
    static boolean linkStaysInTree(String normalizedName, String linkTarget, boolean hardLink) {
        if (linkTarget == null || linkTarget.isEmpty()) {
            return false;
        }
        String target = linkTarget.replace('\\', '/');
        if (target.startsWith("/") || hasDriveLetter(target)) {
            return false;
        }
        Deque<String> at = new ArrayDeque<>();
        if (!hardLink) {
            String[] own = normalizedName.split("/");
            for (int i = 0; i < own.length - 1; i++) {
                at.addLast(own[i]);
            }
        }
        for (String segment : target.split("/")) {
            if (segment.equals("..")) {
                if (at.pollLast() == null) {
                    return false;
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                at.addLast(segment);
            }
        }
        return !at.isEmpty();
    }

    private static boolean hasDriveLetter(String name) {
        return name.length() >= 2 && name.charAt(1) == ':'
                && ((name.charAt(0) >= 'A' && name.charAt(0) <= 'Z') || (name.charAt(0) >= 'a' && name.charAt(0) <= 'z'));
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private ArchiveEntryNames() {
    }
}
