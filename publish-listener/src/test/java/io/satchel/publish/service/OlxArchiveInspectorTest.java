package io.satchel.publish.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.CourseKey;
import io.satchel.publish.support.TarGz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OlxArchiveInspectorTest {
    private static final CourseKey COURSE = CourseKey.parse("course-v1:Org+Tiny+2026");
    private static final ArchiveLimits LIMITS = new ArchiveLimits(8L << 20, 2L << 20, 50, 100, 1L << 20, 64 * 1024);

    @TempDir
    Path dir;

    private final OlxArchiveInspector inspector = new OlxArchiveInspector(LIMITS);

    @Test
    void acceptsCourseUnderOneTopFolder() {
        InspectedArchive a = inspect(TarGz.course("Org", "Tiny", "2026", "course"));
        assertEquals("course/course.xml", a.courseXmlPath());
        assertEquals(5, a.entries());
    }

    @Test
    void indexesEveryFileWithSizeDigestAndCompressedEnd() throws Exception {
        byte[] noise = new byte[300_000];
        new java.util.Random(7).nextBytes(noise); // incompressible: the compressed end must move past it
        Path file = TarGz.course("Org", "Tiny", "2026", "./course").file("course/static/noise.bin", noise)
                .file("course/static/last.txt", "last").write(dir.resolve("t.tar.gz"));
        InspectedArchive a = inspector.inspect(file, COURSE);
        assertEquals(java.util.List.of("course"), a.folders());
        assertEquals(java.util.List.of("course/course.xml", "course/course/2026.xml", "course/chapter/ch1.xml",
                "course/html/intro.html", "course/static/noise.bin", "course/static/last.txt"),
                a.files().stream().map(io.satchel.events.SourceIndex.Entry::path).toList());
        var noiseEntry = a.files().get(4);
        assertEquals(noise.length, noiseEntry.size());
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(noise)), noiseEntry.sha256());
        assertEquals("<p>Hello offline world.</p>\n".length(), a.files().get(3).size());
        long total = Files.size(file);
        assertTrue(a.files().get(3).compressedEnd() < noise.length / 2, "the html ends early in the stream");
        assertTrue(noiseEntry.compressedEnd() >= noise.length && noiseEntry.compressedEnd() <= total);
        for (int i = 1; i < a.files().size(); i++) {
            assertTrue(a.files().get(i).compressedEnd() >= a.files().get(i - 1).compressedEnd());
        }
        // an upper bound: inflating the first compressedEnd bytes yields the whole entry
        byte[] prefix = java.util.Arrays.copyOf(Files.readAllBytes(file), (int) noiseEntry.compressedEnd());
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(
                        new java.io.ByteArrayInputStream(prefix)))) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
            while (!(e = tar.getNextEntry()).getName().endsWith("noise.bin")) {
                // skip to it
            }
            assertTrue(Arrays.equals(noise, tar.readAllBytes()));
        }
    }

    @Test
    void acceptsCourseXmlAtRootAndDotSlashNames() {
        assertEquals("course.xml", inspect(TarGz.course("Org", "Tiny", "2026", null)).courseXmlPath());
        assertEquals("course/course.xml", inspect(TarGz.course("Org", "Tiny", "2026", "./course")).courseXmlPath());
    }

    @Test
    void refusesDataThatIsNotGzip() {
        assertCode("NOT_GZIP", bytes("<course/>".getBytes()));
        assertCode("NOT_GZIP", bytes(TarGz.course("Org", "Tiny", "2026", null).plainTar()));
    }

    @Test
    void refusesTruncatedOrCorruptGzip() {
        byte[] good = TarGz.course("Org", "Tiny", "2026", "course").bytes();
        assertCode("BROKEN_ARCHIVE", bytes(Arrays.copyOf(good, good.length / 2)));
        byte[] badCrc = good.clone();
        badCrc[badCrc.length - 6] ^= 0x55; // inside the gzip trailer's CRC32
        assertCode("BROKEN_ARCHIVE", bytes(badCrc));
    }

    @Test
    void refusesGzipOfSomethingElse() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write("this is plain text, not a tar archive at all. ".repeat(40).getBytes());
        }
        assertCode("BROKEN_ARCHIVE", bytes(out.toByteArray()));
    }

    @Test
    void refusesEveryEntryTheEntryPolicyRefusesWithItsCode() {
        assertCode("PATH_TRAVERSAL", TarGz.course("Org", "Tiny", "2026", "course").file("course/../../evil.sh", "x"));
        assertCode("PATH_TRAVERSAL", TarGz.course("Org", "Tiny", "2026", "course").file("course\\..\\..\\evil", "x"));
        assertCode("ABSOLUTE_PATH", TarGz.course("Org", "Tiny", "2026", "course").file("/etc/cron.d/evil", "x"));
        assertCode("ABSOLUTE_PATH", TarGz.course("Org", "Tiny", "2026", "course").file("C:\\evil.dll", "x"));
        assertCode("INVALID_NAME", TarGz.course("Org", "Tiny", "2026", "course").file("course/static/a\nb.txt", "x"));
        assertCode("NAME_TOO_LONG", TarGz.course("Org", "Tiny", "2026", "course").file("course/" + "x".repeat(256), "x"));
        assertCode("PATH_TOO_DEEP", TarGz.course("Org", "Tiny", "2026", "course").file("course/" + "d/".repeat(64) + "f", "x"));
        assertCode("LINK_OUT_OF_TREE", TarGz.course("Org", "Tiny", "2026", "course").symlink("course/static/x", "/etc/passwd"));
        assertCode("LINK_OUT_OF_TREE", TarGz.course("Org", "Tiny", "2026", "course").symlink("course/static/x", "../../../etc"));
        assertCode("LINK_OUT_OF_TREE", TarGz.course("Org", "Tiny", "2026", "course").hardlink("course/static/z", "/etc/shadow"));
        assertCode("LINK_NOT_ALLOWED", TarGz.course("Org", "Tiny", "2026", "course").symlink("course/static/y", "../html/intro.html"));
        assertCode("UNSUPPORTED_ENTRY", TarGz.course("Org", "Tiny", "2026", "course").fifo("course/pipe"));
        assertCode("PATH_CONFLICT", TarGz.course("Org", "Tiny", "2026", "course").file("course/html/intro.html/x.png", "x"));
    }

    @Test
    void acceptsWindowsSeparatorsAndIndexesTheNormalizedNames() {
        InspectedArchive a = inspect(TarGz.create().dir(".\\course\\")
                .file("course\\course.xml", "<course url_name=\"2026\" org=\"Org\" course=\"Tiny\"/>\n")
                .file("course\\course\\2026.xml", "<course><chapter url_name=\"ch1\"/></course>\n")
                .file("course\\chapter\\ch1.xml", "<chapter><html url_name=\"intro\"/></chapter>\n")
                .file("course//html/./intro.html", "<p/>\n"));
        assertEquals("course/course.xml", a.courseXmlPath());
        assertEquals(java.util.List.of("course"), a.folders());
        assertEquals(java.util.List.of("course/course.xml", "course/course/2026.xml", "course/chapter/ch1.xml",
                "course/html/intro.html"), a.files().stream().map(io.satchel.events.SourceIndex.Entry::path).toList());
    }

    @Test
    void refusesDuplicateEntries() {
        assertCode("DUPLICATE_ENTRY", TarGz.course("Org", "Tiny", "2026", "course")
                .file("course/course.xml", "<course url_name=\"2026\" org=\"Evil\" course=\"Tiny\"/>"));
        assertCode("DUPLICATE_ENTRY", TarGz.course("Org", "Tiny", "2026", "course").file("course\\html\\intro.html", "x"));
    }

    @Test
    void enforcesSizeEntryAndRatioLimits() {
        assertCode("TOO_LARGE", TarGz.course("Org", "Tiny", "2026", "course").random("course/static/big.bin", 3L << 20));
        assertCode("TOO_LARGE", TarGz.course("Org", "Tiny", "2026", "course").random("course/static/a.bin", 2L << 20)
                .random("course/static/b.bin", 2L << 20).random("course/static/c.bin", 2L << 20)
                .random("course/static/d.bin", 2L << 20).random("course/static/e.bin", 1L << 20));
        TarGz many = TarGz.course("Org", "Tiny", "2026", "course");
        for (int i = 0; i < 50; i++) {
            many.file("course/static/f" + i + ".txt", "x");
        }
        assertCode("TOO_MANY_ENTRIES", many);
        assertCode("COMPRESSION_RATIO", TarGz.course("Org", "Tiny", "2026", "course")
                .zeros("course/static/z1.bin", 2L << 20).zeros("course/static/z2.bin", 2L << 20));
    }

    @Test
    void requiresCourseXmlAtRootOrInTheOnlyTopFolder() {
        assertCode("MISSING_COURSE_XML", TarGz.create().file("course/html/a.html", "<p/>"));
        assertCode("MISSING_COURSE_XML", TarGz.course("Org", "Tiny", "2026", "a").dir("b/"));
        assertCode("MISSING_COURSE_XML", TarGz.course("Org", "Tiny", "2026", "a/b"));
    }

    @Test
    void courseXmlMustNameThisCourse() {
        ArchiveRejectedException e = assertThrows(ArchiveRejectedException.class,
                () -> inspect(TarGz.course("Org", "Other", "2026", "course")));
        assertEquals("COURSE_ID_MISMATCH", e.code());
        assertEquals("course-v1:Org+Other+2026", e.details().get("found"));
        assertCode("COURSE_ID_MISMATCH", TarGz.course("Org", "Tiny", "2025", "course"));
        assertCode("INVALID_COURSE_XML", TarGz.create().file("course.xml", "<course org=\"Org\" course=\"Tiny\">"));
        assertCode("INVALID_COURSE_XML", TarGz.create().file("course.xml", "<chapter url_name=\"2026\"/>"));
        assertCode("INVALID_COURSE_XML", TarGz.create().file("course.xml", "<course org=\"Org\" course=\"Tiny\"/>"));
    }

    /** Older courses name the run by slug or name (Open edX's load_course); intake builds the same key. */
    @Test
    void theRunMayComeFromSlugOrName() {
        String body = "><chapter><html url_name=\"h\"><p>x</p></html></chapter></course>";
        assertEquals("course.xml", inspect(TarGz.create().file("course.xml", "<course org=\"Org\" course=\"Tiny\" "
                + "slug=\"2026\" name=\"Other\"" + body)).courseXmlPath());
        assertEquals("course.xml", inspect(TarGz.create().file("course.xml", "<course org=\"Org\" course=\"Tiny\" "
                + "name=\"2026\"" + body)).courseXmlPath());
        assertCode("COURSE_ID_MISMATCH", TarGz.create().file("course.xml", "<course org=\"Org\" course=\"Tiny\" "
                + "url_name=\"2025\" slug=\"2026\"" + body));
    }

    /** The renderer's course-level failures are refused here with a 422, not accepted and then dead-lettered. */
    @Test
    void refusesACourseWithoutAReadableStructure() {
        String pointer = "<course url_name=\"2026\" org=\"Org\" course=\"Tiny\"/>";
        assertCode("MISSING_COURSE_FILE", TarGz.create().file("course.xml", pointer));
        assertCode("MISSING_COURSE_FILE", TarGz.create().file("c/course.xml", pointer)
                .file("c/course/2025.xml", "<course><chapter url_name=\"ch\"/></course>"));
        assertCode("INVALID_COURSE_XML", TarGz.create().file("course.xml", pointer)
                .file("course/2026.xml", "<course><chapter url_name=\"ch\"/>"));
        assertCode("XML_DTD_NOT_ALLOWED", TarGz.create().file("course.xml", pointer).file("course/2026.xml",
                "<?xml version=\"1.0\"?><!DOCTYPE course [<!ENTITY a \"b\">]><course><chapter/></course>"));
        assertCode("NO_STRUCTURE", TarGz.create().file("course.xml", pointer)
                .file("course/2026.xml", "<course display_name=\"Empty\"><wiki slug=\"w\"/><!-- c --></course>"));
        assertCode("NO_STRUCTURE", TarGz.create().file("course.xml",
                "<course url_name=\"2026\" org=\"Org\" course=\"Tiny\" display_name=\"Inline and empty\"/>"));
        // course/course.xml is both the top folder's course.xml and, here, the body of run "course"
        CourseKey runCourse = CourseKey.parse("course-v1:Org+Tiny+course");
        InspectedArchive a = inspector.inspect(TarGz.create()
                .file("course/course.xml", "<course url_name=\"course\" org=\"Org\" course=\"Tiny\"/>")
                .file("course/course/course.xml", "<course><chapter url_name=\"ch\"/></course>")
                .write(dir.resolve("c.tar.gz")), runCourse);
        assertEquals("course/course.xml", a.courseXmlPath());
        // a course body too large to keep here is left to the renderer, not refused
        assertEquals("course.xml", inspect(TarGz.create().file("course.xml", pointer)
                .file("course/2026.xml", "<course><chapter url_name=\"ch\"/>" + " ".repeat(70 * 1024) + "</course>"))
                .courseXmlPath());
    }

    @Test
    void refusesDoctypeSoNoExternalEntityIsRead() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "Tiny");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE course [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<course url_name=\"2026\" org=\"Org\" course=\"&x;\"/>";
        assertCode("XML_DTD_NOT_ALLOWED", TarGz.create().file("course.xml", xxe));
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE course [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<course url_name=\"2026\" org=\"Org\" course=\"&b;\"/>";
        assertCode("XML_DTD_NOT_ALLOWED", TarGz.create().file("course.xml", laughs));
    }

    private InspectedArchive inspect(TarGz tar) {
        return inspector.inspect(tar.write(dir.resolve("t.tar.gz")), COURSE);
    }

    private Path bytes(byte[] b) {
        try {
            return Files.write(dir.resolve("b.bin"), b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertCode(String code, TarGz tar) {
        assertCode(code, tar.write(dir.resolve("t.tar.gz")));
    }

    private void assertCode(String code, Path file) {
        ArchiveRejectedException e = assertThrows(ArchiveRejectedException.class, () -> inspector.inspect(file, COURSE));
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(422, e.status());
    }
}
