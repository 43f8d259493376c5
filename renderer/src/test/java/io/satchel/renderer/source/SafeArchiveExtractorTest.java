package io.satchel.renderer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satchel.renderer.olx.InvalidCourseException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeArchiveExtractorTest {
    @TempDir
    Path dir;

    private Path tar(String... nameAndContent) throws IOException {
        Path target = dir.resolve("a" + System.nanoTime() + ".tar.gz");
        try (OutputStream out = Files.newOutputStream(target);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (int i = 0; i < nameAndContent.length; i += 2) {
                String name = nameAndContent[i];
                if (name.startsWith("link:")) {
                    TarArchiveEntry e = new TarArchiveEntry(name.substring(5), TarConstants.LF_SYMLINK);
                    e.setLinkName(nameAndContent[i + 1]);
                    tar.putArchiveEntry(e);
                } else {
                    byte[] bytes = nameAndContent[i + 1].getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry e = new TarArchiveEntry(name);
                    e.setSize(bytes.length);
                    tar.putArchiveEntry(e);
                    tar.write(bytes);
                }
                tar.closeArchiveEntry();
            }
        }
        return target;
    }

    private String code(Path archive, long max) {
        return assertThrows(InvalidCourseException.class,
                () -> new SafeArchiveExtractor(max, 100).extract(archive, dir.resolve("out" + System.nanoTime()))).code();
    }

    @Test
    void findsTheExportRootInATopFolderOrAtTheTop() throws IOException {
        Path root = new SafeArchiveExtractor(1000, 100).extract(tar("course/course.xml", "<course/>"), dir.resolve("x"))
                .root();
        assertEquals("course", root.getFileName().toString());
        Path flat = new SafeArchiveExtractor(1000, 100).extract(tar("course.xml", "<course/>"), dir.resolve("y")).root();
        assertEquals("y", flat.getFileName().toString());
    }

    @Test
    void reExtractingWritesOnlyChangedFilesAndRemovesOldOnes() throws IOException {
        SafeArchiveExtractor x = new SafeArchiveExtractor(10_000, 100);
        Path target = dir.resolve("export");
        var first = x.extract(tar("c/course.xml", "<course/>", "c/static/a.txt", "aaaa", "c/static/b.txt", "bbbb",
                "c/static/old.txt", "old"), target);
        assertEquals(4, first.written());
        var second = x.extract(tar("c/course.xml", "<course/>", "c/static/a.txt", "aaaa", "c/static/b.txt", "bbXb",
                "c/static/new/n.txt", "n"), target);
        Path s = target.resolve("c/static").toAbsolutePath().normalize();
        assertEquals(java.util.Set.of(s.resolve("b.txt"), s.resolve("new/n.txt"), s.resolve("old.txt")),
                second.changed(), "b.txt changed, new/n.txt added, old.txt removed; a.txt untouched");
        assertEquals("bbXb", Files.readString(target.resolve("c/static/b.txt")));
        assertFalse(Files.exists(target.resolve("c/static/old.txt")), "removed from the archive");
        Path b = target.resolve("c/static/b.txt").toAbsolutePath().normalize();
        assertEquals(io.satchel.renderer.render.Digests.sha256("bbXb".getBytes(StandardCharsets.UTF_8)),
                second.hashes().get(b));
        var third = x.extract(tar("c/course.xml", "<course/>", "c/static/a.txt", "a"), target);
        assertTrue(third.changed().contains(s.resolve("a.txt")), "shorter content is truncated");
        assertEquals("a", Files.readString(target.resolve("c/static/a.txt")));
    }

    @Test
    void unchangedFilesKeepTheirKnownHashChangedOnesAreHashedAgain() throws IOException {
        SafeArchiveExtractor x = new SafeArchiveExtractor(10_000, 100);
        Path target = dir.resolve("known");
        var first = x.extract(Files.newInputStream(tar("course.xml", "<c/>", "static/a", "aaaa", "static/b", "bbbb")),
                target);
        Path a = target.resolve("static/a").toAbsolutePath().normalize();
        Path b = target.resolve("static/b").toAbsolutePath().normalize();
        java.util.Map<Path, String> known = new java.util.HashMap<>(first.hashes());
        known.put(a, "kept-because-unchanged");
        var second = x.extract(Files.newInputStream(tar("course.xml", "<c/>", "static/a", "aaaa", "static/b", "BBBB")),
                target, known);
        assertEquals("kept-because-unchanged", second.hashes().get(a));
        assertEquals(io.satchel.renderer.render.Digests.sha256("BBBB".getBytes(StandardCharsets.UTF_8)),
                second.hashes().get(b));
    }

    private static String noise(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('!' + r.nextInt(90))); // barely compressible
        }
        return sb.toString();
    }

    @Test
    void changedFilesFromTheIndexAreWrittenAloneAndTheStreamIsReadOnlyUpToTheLastOfThem() throws IOException {
        SafeArchiveExtractor x = new SafeArchiveExtractor(10_000_000, 100);
        Path target = dir.resolve("indexed");
        String big = noise(400_000, 1);
        var first = x.extract(tar("c/course.xml", "<course/>", "c/html/a.html", "<p>a</p>", "c/static/big.bin", big),
                target);
        byte[] next = Files.readAllBytes(tar("c/course.xml", "<course/>", "c/html/a.html", "<p>A!</p>",
                "c/static/big.bin", big));
        var index = IndexedSnapshot.of(SourceIndexes.of(next, "k"), target, 10_000_000, 100).orElseThrow();
        assertEquals(first.paths(), index.paths(), "the index describes the same tree as an unpack");
        Path html = target.resolve("c/html/a.html").toAbsolutePath().normalize();
        var wanted = java.util.Map.of(html, index.files().get(html));
        // only the start of the snapshot: a read past the html would fail on the missing rest
        int cut = (int) index.files().get(html).compressedEnd();
        assertTrue(cut < next.length / 4, "the html sits early in the stream");
        byte[] start = java.util.Arrays.copyOf(next, cut);
        assertEquals(java.util.Set.of(html), x.extractChanged(new java.io.ByteArrayInputStream(start), target, wanted));
        assertEquals("<p>A!</p>", Files.readString(html));
        assertEquals(big, Files.readString(target.resolve("c/static/big.bin")));
    }

    @Test
    void aSnapshotThatDoesNotMatchItsIndexIsRefusedForTheWholeUnpack() throws IOException {
        SafeArchiveExtractor x = new SafeArchiveExtractor(10_000_000, 100);
        Path target = dir.resolve("lying");
        x.extract(tar("c/course.xml", "<course/>", "c/html/a.html", "<p>a</p>", "c/static/s.txt", noise(70_000, 2)),
                target);
        byte[] next = Files.readAllBytes(tar("c/course.xml", "<course/>", "c/html/a.html", "<p>B</p>",
                "c/static/s.txt", noise(70_000, 3)));
        var index = IndexedSnapshot.of(SourceIndexes.of(next, "k"), target, 10_000_000, 100).orElseThrow();
        Path html = target.resolve("c/html/a.html").toAbsolutePath().normalize();
        Path s = target.resolve("c/static/s.txt").toAbsolutePath().normalize();
        var e = index.files().get(html);
        // other bytes than indexed
        var lying = java.util.Map.of(html, new io.satchel.events.SourceIndex.Entry(e.path(), e.size(),
                "00".repeat(32), e.compressedEnd()));
        assertThrows(SafeArchiveExtractor.IndexMismatchException.class,
                () -> x.extractChanged(new java.io.ByteArrayInputStream(next), target, lying));
        // cut short before the last wanted file
        byte[] start = java.util.Arrays.copyOf(next, (int) e.compressedEnd() + 100);
        assertThrows(SafeArchiveExtractor.IndexMismatchException.class, () -> x.extractChanged(
                new java.io.ByteArrayInputStream(start), target, java.util.Map.of(s, index.files().get(s))));
        // a file the snapshot does not hold
        Path ghost = target.resolve("c/static/ghost.txt").toAbsolutePath().normalize();
        assertThrows(SafeArchiveExtractor.IndexMismatchException.class, () -> x.extractChanged(
                new java.io.ByteArrayInputStream(next), target, java.util.Map.of(ghost,
                        new io.satchel.events.SourceIndex.Entry("c/static/ghost.txt", 1, "00", 10))));
    }

    @Test
    void anIndexLeavingTheFolderOrOverTheLimitsIsNotUsed() {
        Path target = dir.resolve("t");
        var ok = new io.satchel.events.SourceIndex.Entry("c/course.xml", 3, "ab", 10);
        assertTrue(IndexedSnapshot.of(new io.satchel.events.SourceIndex("k", "s", 1, java.util.List.of("c"),
                java.util.List.of(ok)), target, 100, 10).isPresent());
        var upper = new io.satchel.events.SourceIndex.Entry("c/course.xml", 3, "AB", 10);
        assertEquals(java.util.List.of("ab"), java.util.List.copyOf(IndexedSnapshot.of(new io.satchel.events
                .SourceIndex("k", "s", 1, java.util.List.of(), java.util.List.of(upper)), target, 100, 10)
                .orElseThrow().hashes().values()), "hashes in the renderer's own (lower-case) form");
        for (String bad : java.util.List.of("../x", "/etc/passwd", "c/../../x", "c\\x", "")) {
            assertTrue(IndexedSnapshot.of(new io.satchel.events.SourceIndex("k", "s", 1, java.util.List.of(),
                    java.util.List.of(ok, new io.satchel.events.SourceIndex.Entry(bad, 1, "ab", 10))), target, 100, 10)
                    .isEmpty(), bad);
        }
        assertTrue(IndexedSnapshot.of(new io.satchel.events.SourceIndex("k", "s", 1, java.util.List.of(),
                java.util.List.of(ok, new io.satchel.events.SourceIndex.Entry("c/course.xml", 3, "ab", 10))), target,
                100, 10).isEmpty(), "twice the same file");
        assertTrue(IndexedSnapshot.of(new io.satchel.events.SourceIndex("k", "s", 1, java.util.List.of(),
                java.util.List.of(ok, new io.satchel.events.SourceIndex.Entry("c/course.xml/x", 3, "ab", 10))),
                target, 100, 10).isEmpty(), "a file used as a folder");
        assertTrue(IndexedSnapshot.of(new io.satchel.events.SourceIndex("k", "s", 1, java.util.List.of(),
                java.util.List.of(ok)), target, 2, 10).isEmpty(), "more bytes than allowed");
        assertTrue(IndexedSnapshot.of(new io.satchel.events.SourceIndex("k", "s", 1, java.util.List.of("a", "b"),
                java.util.List.of(ok)), target, 100, 2).isEmpty(), "more entries than allowed");
    }

    @Test
    void unpacksAWindowsMadeArchiveUnderTheNamesIntakeIndexed() throws IOException {
        Path archive = tar("c\\course.xml", "<course/>", ".\\c\\static\\a.txt", "aaaa", "c//static/./b.txt", "bb");
        Path target = dir.resolve("win");
        SafeArchiveExtractor x = new SafeArchiveExtractor(10_000, 100);
        var export = x.extract(archive, target);
        Path root = target.toAbsolutePath().normalize();
        assertEquals(root.resolve("c"), export.root());
        assertEquals("aaaa", Files.readString(root.resolve("c/static/a.txt")));
        assertEquals("bb", Files.readString(root.resolve("c/static/b.txt")));
        try (var files = Files.list(root)) {
            assertEquals(java.util.List.of(root.resolve("c")), files.toList(), "no file named with a backslash");
        }

        // the index intake wrote for it names the same files: an indexed republish finds them in the stream
        byte[] bytes = Files.readAllBytes(archive);
        var index = SourceIndexes.of(bytes, "k");
        assertEquals(java.util.List.of("c/course.xml", "c/static/a.txt", "c/static/b.txt"),
                index.files().stream().map(io.satchel.events.SourceIndex.Entry::path).toList());
        var indexed = IndexedSnapshot.of(index, target, 10_000, 100).orElseThrow();
        Path b = root.resolve("c/static/b.txt");
        Files.writeString(b, "stale");
        assertEquals(java.util.Set.of(b), x.extractChanged(new java.io.ByteArrayInputStream(bytes), target,
                java.util.Map.of(b, indexed.files().get(b))));
        assertEquals("bb", Files.readString(b));
    }

    @Test
    void refusesHostileAndBrokenArchives() throws IOException {
        assertEquals("PATH_TRAVERSAL", code(tar("course.xml", "x", "../evil.txt", "x"), 1000));
        assertEquals("PATH_TRAVERSAL", code(tar("course.xml", "x", "c\\..\\..\\evil.txt", "x"), 1000));
        assertEquals("ABSOLUTE_PATH", code(tar("course.xml", "x", "C:\\evil.txt", "x"), 1000));
        assertEquals("LINK_OUT_OF_TREE", code(tar("course.xml", "x", "link:static/passwd", "/etc/passwd"), 1000));
        assertEquals("LINK_NOT_ALLOWED", code(tar("course.xml", "x", "link:static/a.xml", "../course.xml"), 1000));
        assertEquals("DUPLICATE_ENTRY", code(tar("c/course.xml", "x", "c\\course.xml", "y"), 1000));
        assertEquals("PATH_CONFLICT", code(tar("c/course.xml", "x", "c/course.xml/x", "y"), 1000));
        assertEquals("ARCHIVE_TOO_LARGE", code(tar("course.xml", "0123456789"), 5));
        assertEquals("MISSING_COURSE_XML", code(tar("a/readme.txt", "x"), 1000));
        Path broken = dir.resolve("broken.tar.gz");
        Files.writeString(broken, "this is not gzip");
        assertEquals("BROKEN_ARCHIVE", code(broken, 1000));
    }
}
