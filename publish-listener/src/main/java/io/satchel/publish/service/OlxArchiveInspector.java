package io.satchel.publish.service;

import io.satchel.common.archive.TarEntries;
import io.satchel.common.io.CountingInputStream;
import static io.satchel.publish.service.ArchiveRejectedException.BROKEN_ARCHIVE;
import static io.satchel.publish.service.ArchiveRejectedException.INVALID_COURSE_XML;
import static io.satchel.publish.service.ArchiveRejectedException.MISSING_COURSE_XML;
import static io.satchel.publish.service.ArchiveRejectedException.NOT_GZIP;
import static io.satchel.publish.service.ArchiveRejectedException.TOO_LARGE;
import static io.satchel.publish.service.ArchiveRejectedException.TOO_MANY_ENTRIES;

import io.satchel.events.CourseKey;
import io.satchel.events.SourceIndex;
import io.satchel.events.archive.ArchiveEntries;
import io.satchel.events.archive.UnsafeEntryException;
import io.satchel.publish.config.PublishConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Checks an OLX tar.gz in one streaming pass (memory stays bounded whatever the export's size): gzip and tar are
 * valid to the last byte, entry count, per-file and total unpacked size and compression ratio are within limits,
 * every entry passes Satchel's one entry policy ({@link ArchiveEntries}: the renderer, archiver and client apply the
 * same, so what is accepted here is unpacked the same way later), course.xml is at the root or under the one top
 * folder and names the course being published. The source index holds the policy's normalized names.
 */
@Singleton
public class OlxArchiveInspector {
    private static final String COURSE_XML = "course.xml";

    private final ArchiveLimits limits;

    @Inject
    public OlxArchiveInspector(PublishConfig config) {
        this(ArchiveLimits.of(config.archive()));
    }

    public OlxArchiveInspector(ArchiveLimits limits) {
        this.limits = limits;
    }

    /** @throws ArchiveRejectedException (422) naming the first problem found */
    public InspectedArchive inspect(Path tarGz, CourseKey course) {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarGz), 64 * 1024)) {
            requireGzipMagic(file);
            CountingInputStream compressed = new CountingInputStream(file);
            UnpackMeter meter = new UnpackMeter(new GzipCompressorInputStream(compressed, true), compressed,
                    limits.maxUnpackedBytes(), limits.maxCompressionRatio(), limits.ratioCheckAfterBytes());
            CourseXmlCandidates candidates = new CourseXmlCandidates();
            IndexBuilder index = new IndexBuilder(compressed);
            int entries = readEntries(new TarArchiveInputStream(meter, StandardCharsets.UTF_8.name()), candidates,
                    index);
            // The end-of-archive blocks and the gzip trailer (CRC, size) are only checked when read to the end.
            meter.transferTo(OutputStream.nullOutputStream());
            if (entries == 0) {
                throw new ArchiveRejectedException(BROKEN_ARCHIVE, "The gzip data holds no tar entries.");
            }
            String courseXmlPath = candidates.chosenPath();
            CourseXmlReader.requireMatches(candidates.chosenBytes(), course);
            String top = courseXmlPath.substring(0, courseXmlPath.length() - COURSE_XML.length());
            if (!candidates.notKept.contains(top + "course/" + course.run().replace(':', '/') + ".xml")) {
                CourseXmlReader.requireStructure(candidates.chosenBytes(), course,
                        relative -> candidates.courseFiles.get(top + relative));
            }
            return new InspectedArchive(courseXmlPath, entries, meter.unpacked(), index.folders, index.files);
        } catch (IOException | IllegalArgumentException e) {
            throw new ArchiveRejectedException(BROKEN_ARCHIVE, "The export is not a readable tar.gz: " + e.getMessage());
        }
    }

    private int readEntries(TarArchiveInputStream tar, CourseXmlCandidates candidates, IndexBuilder index)
            throws IOException {
        ArchiveEntries policy = new ArchiveEntries();
        byte[] buffer = new byte[64 * 1024];
        int entries = 0;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            if (++entries > limits.maxEntries()) {
                throw new ArchiveRejectedException(TOO_MANY_ENTRIES,
                        "The export has more than " + limits.maxEntries() + " entries.");
            }
            String path = normalizedName(policy, entry);
            if (path.isEmpty()) {
                continue; // "./" itself
            }
            candidates.seeFolder(path, entry.isDirectory());
            if (entry.isDirectory()) {
                index.folders.add(path);
                continue;
            }
            if (entry.getSize() > limits.maxFileBytes()) {
                throw tooLargeFile(path);
            }
            // every file's bytes pass here once anyway: its digest for the index costs no extra read
            MessageDigest digest = sha256();
            if (candidates.wants(path, entry.getSize(), limits.maxCourseXmlBytes())) {
                byte[] bytes = readSmall(tar, path);
                digest.update(bytes);
                candidates.add(path, bytes);
                index.file(path, bytes.length, digest);
            } else {
                long size = 0;
                int n;
                while ((n = tar.read(buffer)) >= 0) {
                    size += n;
                    digest.update(buffer, 0, n);
                }
                if (size > limits.maxFileBytes()) {
                    throw tooLargeFile(path);
                }
                index.file(path, size, digest);
            }
        }
        return entries;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The per-entry index of the export ({@link io.satchel.events.SourceIndex}): each file's size and sha256, and how
     * many compressed bytes had been read when its last byte came out (an upper bound for inflating it).
     */
    private static final class IndexBuilder {
        private final CountingInputStream compressed;
        private final List<String> folders = new ArrayList<>();
        private final List<SourceIndex.Entry> files = new ArrayList<>();

        IndexBuilder(CountingInputStream compressed) {
            this.compressed = compressed;
        }

        void file(String path, long size, MessageDigest digest) {
            files.add(new SourceIndex.Entry(path, size, HexFormat.of().formatHex(digest.digest()),
                    compressed.count()));
        }
    }

    /** The entry's name as the policy normalizes it; a 422 with the policy's code when it refuses the entry. */
    static String normalizedName(ArchiveEntries policy, TarArchiveEntry entry) {
        try {
            return TarEntries.accept(policy, entry);
        } catch (UnsafeEntryException e) {
            throw new ArchiveRejectedException(e.code(), e.getMessage(), Map.of("path", e.entryName()));
        }
    }

    private byte[] readSmall(TarArchiveInputStream tar, String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = tar.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (out.size() > limits.maxCourseXmlBytes()) {
                throw new ArchiveRejectedException(INVALID_COURSE_XML,
                        path + " is larger than " + limits.maxCourseXmlBytes() + " bytes.");
            }
        }
        return out.toByteArray();
    }

    private ArchiveRejectedException tooLargeFile(String path) {
        return new ArchiveRejectedException(TOO_LARGE,
                path + " is larger than " + limits.maxFileBytes() + " bytes.", Map.of("path", path));
    }

    private static void requireGzipMagic(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 != 0x1f || b1 != 0x8b) {
            throw new ArchiveRejectedException(NOT_GZIP, "The body is not gzip data (expected an OLX .tar.gz).");
        }
    }

    /**
     * course.xml at the root wins; otherwise the root must hold exactly one folder and that folder a course.xml.
     * Also keeps the course bodies beside them ({@code course/*.xml}, at most {@link #MAX_COURSE_FILES}) for
     * {@link CourseXmlReader#requireStructure}. Holds only these small files, so memory stays bounded.
     */
    private static final class CourseXmlCandidates {
        private static final int MAX_COURSE_FILES = 16;
        private static final java.util.regex.Pattern COURSE_FILE =
                java.util.regex.Pattern.compile("([^/]+/)?course/[^/]+\\.xml");
        private final Set<String> topFolders = new HashSet<>();
        private final Map<String, byte[]> courseFiles = new java.util.HashMap<>();
        private final Set<String> notKept = new HashSet<>();
        private byte[] root;
        private String folderPath;
        private byte[] folder;

        void seeFolder(String path, boolean isDirectory) {
            int slash = path.indexOf('/');
            if (slash > 0) {
                topFolders.add(path.substring(0, slash));
            } else if (isDirectory) {
                topFolders.add(path);
            }
        }

        boolean wants(String path, long size, int maxCourseFileBytes) {
            if (COURSE_FILE.matcher(path).matches()) {
                if (courseFiles.size() < MAX_COURSE_FILES && size <= maxCourseFileBytes) {
                    return true;
                }
                notKept.add(path); // too many or too large to keep: its course is not checked here
            }
            return path.equals(COURSE_XML) || isFolderCourseXml(path);
        }

        private boolean isFolderCourseXml(String path) {
            int slash = path.indexOf('/');
            return folder == null && slash > 0 && path.substring(slash + 1).equals(COURSE_XML);
        }

        /** A path may be both (course/course.xml: the top folder's course.xml, or the body of run "course"). */
        void add(String path, byte[] bytes) {
            if (COURSE_FILE.matcher(path).matches() && !notKept.contains(path)) {
                courseFiles.put(path, bytes);
            }
            if (path.equals(COURSE_XML)) {
                root = bytes;
            } else if (isFolderCourseXml(path)) {
                folderPath = path;
                folder = bytes;
            }
        }

        String chosenPath() {
            if (root != null) {
                return COURSE_XML;
            }
            if (folder != null && topFolders.size() == 1) {
                return folderPath;
            }
            throw new ArchiveRejectedException(MISSING_COURSE_XML, topFolders.size() > 1
                    ? "course.xml is not at the root and the root holds " + topFolders.size()
                            + " folders instead of one."
                    : "The export has no course.xml at its root or in its top folder.");
        }

        byte[] chosenBytes() {
            return root != null ? root : folder;
        }
    }
}
