package io.satchel.renderer.source;

import io.satchel.common.archive.TarEntries;
import io.satchel.events.SourceIndex;
import io.satchel.events.archive.ArchiveEntries;
import io.satchel.events.archive.UnsafeEntryException;
import io.satchel.renderer.olx.InvalidCourseException;
import io.satchel.renderer.render.Digests;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks an OLX tar.gz without trusting it: every entry passes the one archive-entry policy ({@link ArchiveEntries}:
 * names normalized as intake indexed them, no absolute path or {@code ..}, no links or special files, no duplicate),
 * at most {@code maxEntries} entries and {@code maxBytes} unpacked bytes. A refused entry fails the course with the
 * policy's code, the same code intake answers with a 422. Finds the export root (course.xml at the top or in
 * the single top folder, as Studio exports).
 *
 * <p>The target folder may hold the previous snapshot of the same course: files whose bytes are unchanged are only
 * compared, not written again, and files no longer in the archive are removed. Writing many small files is what
 * costs on a slow disk, so a republish that changed one file writes one file. Every file's sha256 is computed on the
 * way and returned, so nothing needs to read the files again to hash them.
 */
public final class SafeArchiveExtractor {
    private final long maxBytes;
    private final int maxEntries;

    public SafeArchiveExtractor(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /**
     * @param root    the export root (holding course.xml)
     * @param hashes  sha256 of every unpacked file, by absolute normalized path
     * @param changed files written (new or changed) or removed compared with what the target held before
     * @param paths   every file and folder unpacked below the target (the target excluded)
     */
    public record Export(Path root, Map<Path, String> hashes, Set<Path> changed, Set<Path> paths) {
        public int written() {
            return changed.size();
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public Export extract(Path archive, Path target) {
        try (InputStream in = Files.newInputStream(archive)) {
            return extract(in, target);
        } catch (IOException e) {
            throw new InvalidCourseException("BROKEN_ARCHIVE", "cannot read the snapshot: " + e.getMessage(), e);
        }
    }

    /** Unpacks the tar.gz stream into {@code target} (created if needed) and returns the export. */
    public Export extract(InputStream archive, Path target) {
        return extract(archive, target, Map.of());
    }

    /**
     * @param knownHashes hashes of the files the target held before (from the previous extraction into it): an
     *                    unchanged file keeps its hash instead of being hashed again
     */
    public Export extract(InputStream archive, Path target, Map<Path, String> knownHashes) {
        Map<Path, String> hashes = new HashMap<>();
        Set<Path> keep = new HashSet<>();
        Set<Path> changed = new HashSet<>();
        // download and inflate run ahead on their own thread while this one compares entries with the files
        try (InputStream gz = new ReadAheadInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(archive, 65536), true), 256 * 1024, 8,
                "snapshot-read-ahead");
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            Files.createDirectories(target);
            Path root = target.toAbsolutePath().normalize();
            keep.add(root);
            Set<Path> ready = new HashSet<>(); // folders made (or checked) by this extraction
            byte[] buf = new byte[64 * 1024];
            ByteBuffer existing = ByteBuffer.allocateDirect(buf.length);
            long[] total = {0};
            int entries = 0;
            ArchiveEntries policy = new ArchiveEntries();
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw unsafe("more than " + maxEntries + " entries");
                }
                Path out = safeTarget(root, policy, entry);
                if (out == null) {
                    continue; // the root folder itself
                }
                for (Path p = out; p != null && !p.equals(root); p = p.getParent()) {
                    keep.add(p);
                }
                if (entry.isDirectory()) {
                    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(out);
                    }
                    Files.createDirectories(out);
                    continue;
                }
                if (ready.add(out.getParent())) { // once per folder: most entries share their folder
                    ensureParent(root, out.getParent());
                }
                if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(out);
                    ready.clear(); // folders below it are gone
                }
                boolean wrote = copyIfChanged(tar, out, entry.getSize(), total, buf, existing);
                String known = knownHashes.get(out);
                if (wrote) {
                    changed.add(out);
                }
                // hashed from the page cache right after writing; an unchanged file keeps its previous hash
                hashes.put(out, !wrote && known != null ? known : Digests.sha256(out));
            }
            if (entries == 0) {
                throw new InvalidCourseException("BROKEN_ARCHIVE", "the snapshot is an empty archive");
            }
            changed.addAll(removeOthers(root, keep));
            keep.remove(root);
            return new Export(exportRoot(root), hashes, changed, keep);
        } catch (IOException e) {
            throw new InvalidCourseException("BROKEN_ARCHIVE", "the snapshot is not a readable tar.gz: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The stream does not hold the files its index promised (other bytes, missing entries, cut short): the caller
     * unpacks the whole snapshot instead.
     */
    public static final class IndexMismatchException extends RuntimeException {
        public IndexMismatchException(String message) {
            super(message);
        }
    }

    /**
     * Writes only the {@code wanted} files (by absolute normalized path, as its index describes them) from the tar.gz
     * stream into {@code target}, which holds the previous snapshot with every other file already as the index says.
     * Every entry passed on the way is checked as in a full unpack; each wanted entry must have its indexed size and
     * sha256. Returns as soon as the last wanted file is written: the rest of the stream is not read.
     *
     * @throws IndexMismatchException when the stream does not deliver the wanted files as indexed
     */
    public Set<Path> extractChanged(InputStream archive, Path target, Map<Path, SourceIndex.Entry> wanted) {
        Set<Path> written = new HashSet<>();
        // java.util.zip's reader hands out every byte it could inflate before it reports a cut stream (commons'
        // drops the bytes of the read that hit the end), so a read of just the snapshot's start yields all it holds
        try (InputStream gz = new ReadAheadInputStream(
                new java.util.zip.GZIPInputStream(new BufferedInputStream(archive, 65536), 65536), 256 * 1024, 8,
                "snapshot-read-ahead");
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            Path root = target.toAbsolutePath().normalize();
            byte[] buf = new byte[64 * 1024];
            int entries = 0;
            ArchiveEntries policy = new ArchiveEntries();
            TarArchiveEntry entry;
            while (written.size() < wanted.size() && (entry = tar.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw unsafe("more than " + maxEntries + " entries");
                }
                Path out = safeTarget(root, policy, entry);
                SourceIndex.Entry expected = out == null ? null : wanted.get(out);
                if (expected == null) {
                    continue; // unchanged: skipped, not compared
                }
                if (!entry.isFile() || entry.getSize() != expected.size() || !written.add(out)) {
                    throw new IndexMismatchException(out + " is not the file its index describes");
                }
                java.security.MessageDigest md = Digests.sha256();
                long size = 0;
                try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    int n;
                    while ((n = tar.read(buf)) >= 0) {
                        size += n;
                        md.update(buf, 0, n);
                        ByteBuffer w = ByteBuffer.wrap(buf, 0, n);
                        while (w.hasRemaining()) {
                            ch.write(w);
                        }
                    }
                }
                if (size != expected.size() || !Digests.hex(md.digest()).equalsIgnoreCase(expected.sha256())) {
                    throw new IndexMismatchException(out + " differs from its index entry");
                }
            }
        } catch (IOException e) {
            // a cut or broken stream before the last wanted file: the whole snapshot is read instead
            throw new IndexMismatchException("the snapshot ended before its changed files were read: "
                    + e.getMessage());
        }
        if (written.size() < wanted.size()) {
            throw new IndexMismatchException((wanted.size() - written.size()) + " indexed files are not in the snapshot");
        }
        return written;
    }

    /**
     * Where an entry unpacks to: its name as the entry policy normalizes it (the names the source index holds),
     * resolved inside the target; null for the target folder itself.
     */
    private static Path safeTarget(Path root, ArchiveEntries policy, TarArchiveEntry entry) {
        String name;
        try {
            name = TarEntries.accept(policy, entry);
        } catch (UnsafeEntryException e) {
            throw new InvalidCourseException(e.code(), e.getMessage());
        }
        if (name.isEmpty()) {
            return null;
        }
        Path out = root.resolve(name).normalize();
        if (!out.startsWith(root) || out.equals(root)) {
            throw unsafe("path outside the archive " + name); // unreachable for a normalized name: kept as a guard
        }
        return out;
    }

    /**
     * Streams an entry into {@code out}, writing only from the first byte that differs. True when it wrote. An
     * unchanged file is only read (one stat, one read-only open), compared through {@code existing} (direct: no copy
     * through a temporary buffer).
     */
    private boolean copyIfChanged(InputStream in, Path out, long size, long[] total, byte[] buf, ByteBuffer existing)
            throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(out, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            attrs = null;
        }
        boolean same = size >= 0 && attrs != null && attrs.isRegularFile() && attrs.size() == size;
        boolean wrote = !same;
        FileChannel ch = same ? FileChannel.open(out, StandardOpenOption.READ)
                : FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
        try {
            long pos = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total[0] += n;
                if (total[0] > maxBytes) {
                    throw new InvalidCourseException("ARCHIVE_TOO_LARGE",
                            "the snapshot unpacks to more than " + maxBytes + " bytes");
                }
                if (same) {
                    existing.clear().limit(n);
                    while (existing.hasRemaining() && ch.read(existing, pos + existing.position()) >= 0) {
                        // fill the comparison buffer
                    }
                    existing.flip();
                    same = existing.remaining() == n && existing.equals(ByteBuffer.wrap(buf, 0, n));
                    if (!same) {
                        // differs from here on: write the rest over the old bytes
                        ch.close();
                        ch = FileChannel.open(out, StandardOpenOption.WRITE);
                        wrote = true;
                    }
                }
                if (!same) {
                    ByteBuffer w = ByteBuffer.wrap(buf, 0, n);
                    while (w.hasRemaining()) {
                        ch.write(w, pos + w.position());
                    }
                }
                pos += n;
            }
            if (wrote && ch.size() != pos) {
                ch.truncate(pos);
            }
        } finally {
            ch.close();
        }
        return wrote;
    }

    private static void ensureParent(Path root, Path dir) throws IOException {
        // a file left from the previous snapshot where this one has a folder
        for (Path p = dir; p != null && !p.equals(root); p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(p);
            }
        }
        Files.createDirectories(dir);
    }

    /** Removes what the previous snapshot had and this one does not. */
    private static List<Path> removeOthers(Path root, Set<Path> keep) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !keep.contains(p)).forEach(stale::add);
        }
        stale.sort(Comparator.reverseOrder());
        for (Path p : stale) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(p);
            } else {
                Files.deleteIfExists(p);
            }
        }
        return stale;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path exportRoot(Path root) throws IOException {
        if (Files.isRegularFile(root.resolve("course.xml"), LinkOption.NOFOLLOW_LINKS)) {
            return root;
        }
        List<Path> top;
        try (Stream<Path> s = Files.list(root)) {
            top = s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        if (top.size() == 1 && Files.isRegularFile(top.get(0).resolve("course.xml"), LinkOption.NOFOLLOW_LINKS)) {
            return top.get(0);
        }
        throw new InvalidCourseException("MISSING_COURSE_XML", "the snapshot has no course.xml at its top");
    }

    private static InvalidCourseException unsafe(String what) {
        return new InvalidCourseException("UNSAFE_ARCHIVE", "the snapshot contains a " + what);
    }
}
