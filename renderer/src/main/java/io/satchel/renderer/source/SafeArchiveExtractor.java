package io.satchel.renderer.source;

import io.satchel.renderer.olx.InvalidCourseException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks an OLX tar.gz without trusting it: no absolute paths, no {@code ..}, no links or special files, at most
 * {@code maxEntries} entries and {@code maxBytes} unpacked bytes. Finds the export root (course.xml at the top or in
 * the single top folder, as Studio exports).
 */
public final class SafeArchiveExtractor {
    private final long maxBytes;
    private final int maxEntries;

    public SafeArchiveExtractor(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** Unpacks into {@code target} (created) and returns the export root. */
    public Path extract(Path archive, Path target) {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                GzipCompressorInputStream gz = new GzipCompressorInputStream(file, true);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            Files.createDirectories(target);
            Path root = target.toAbsolutePath().normalize();
            long total = 0;
            int entries = 0;
            TarArchiveEntry entry;
            byte[] buf = new byte[64 * 1024];
            while ((entry = tar.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw unsafe("more than " + maxEntries + " entries");
                }
                String name = entry.getName();
                if (entry.isSymbolicLink() || entry.isLink() || entry.isCharacterDevice() || entry.isBlockDevice()
                        || entry.isFIFO()) {
                    throw unsafe("link or special file " + name);
                }
                if (name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0 || name.matches("^[A-Za-z]:.*")) {
                    throw unsafe("absolute path " + name);
                }
                for (String seg : name.split("/")) {
                    if (seg.equals("..")) {
                        throw unsafe("path with .. " + name);
                    }
                }
                Path out = root.resolve(name).normalize();
                if (!out.startsWith(root)) {
                    throw unsafe("path outside the archive " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                if (!entry.isFile()) {
                    continue; // pax/global headers are consumed by the reader; nothing else is written
                }
                Files.createDirectories(out.getParent());
                try (OutputStream o = Files.newOutputStream(out)) {
                    int n;
                    while ((n = tar.read(buf)) >= 0) {
                        total += n;
                        if (total > maxBytes) {
                            throw new InvalidCourseException("ARCHIVE_TOO_LARGE",
                                    "the snapshot unpacks to more than " + maxBytes + " bytes");
                        }
                        o.write(buf, 0, n);
                    }
                }
            }
            if (entries == 0) {
                throw new InvalidCourseException("BROKEN_ARCHIVE", "the snapshot is an empty archive");
            }
            return exportRoot(root);
        } catch (IOException e) {
            throw new InvalidCourseException("BROKEN_ARCHIVE", "the snapshot is not a readable tar.gz: "
                    + e.getMessage(), e);
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
