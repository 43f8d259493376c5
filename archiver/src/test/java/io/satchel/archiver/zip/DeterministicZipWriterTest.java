package io.satchel.archiver.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicZipWriterTest {
    @TempDir
    Path dir;

    private static final byte[] HTML = "<html><body><p>Hello, offline world</p></body></html>".repeat(50)
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] PNG = randomBytes(40_000, 7);

    private Path write(String name) throws IOException {
        Path zip = dir.resolve(name);
        try (DeterministicZipWriter w = new DeterministicZipWriter(zip, 6)) {
            w.add("assets/img/logo.png", PNG);
            w.add("index.html", HTML);
            w.add("satchel.json", "{\"missingAssets\":[\"/static/gone.png\"]}".getBytes(StandardCharsets.UTF_8));
            w.add("ünïcode name.css", "body{}".getBytes(StandardCharsets.UTF_8));
        }
        return zip;
    }

    @Test
    void sameEntriesGiveTheSameBytes() throws Exception {
        Path a = write("a.zip");
        Thread.sleep(1100); // a different wall-clock second must not show up in the bytes
        Path b = write("b.zip");
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void bytesDoNotDependOnTheTimeZone() throws Exception {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            byte[] utc = Files.readAllBytes(write("utc.zip"));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati")); // UTC+14
            byte[] plus14 = Files.readAllBytes(write("plus14.zip"));
            TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns")); // UTC-3:30
            byte[] minus = Files.readAllBytes(write("minus.zip"));
            assertArrayEquals(utc, plus14);
            assertArrayEquals(utc, minus);
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void headersCarryNoTimeExtrasOrPlatformAttributes() throws Exception {
        byte[] zip = Files.readAllBytes(write("h.zip"));
        List<int[]> locals = localHeaders(zip);
        assertEquals(4, locals.size());
        for (int[] h : locals) {
            assertEquals(0, h[0], "DOS time 00:00:00");
            assertEquals((0 << 9) | (2 << 5) | 1, h[1], "DOS date 1980-02-01");
            assertEquals(0, h[2], "no extra field");
            assertEquals(0, h[3] & 0x8, "sizes in the local header, no data descriptor");
            assertTrue((h[3] & 0x800) != 0, "UTF-8 names flagged");
        }
        // central directory: external attributes and comment zero, version made by = FAT platform
        ByteBuffer buf = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int cd = 0;
        for (int i = 0; i + 4 <= zip.length; i++) {
            if (buf.getInt(i) == 0x02014b50) {
                cd++;
                assertEquals(0, buf.getShort(i + 5) & 0xff, "platform byte of version made by");
                assertEquals(0, buf.getShort(i + 30), "central extra length");
                assertEquals(0, buf.getShort(i + 32), "comment length");
                assertEquals(0, buf.getInt(i + 38), "external attributes");
            }
        }
        assertEquals(4, cd);
    }

    @Test
    void entriesAreReadableWithTheirContentAndMediaIsStored() throws Exception {
        Path zip = write("r.zip");
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
                byte[] data = in.readAllBytes();
                if (e.getName().equals("index.html")) {
                    assertArrayEquals(HTML, data);
                    assertEquals(ZipEntry.DEFLATED, e.getMethod());
                }
                if (e.getName().endsWith(".png")) {
                    assertArrayEquals(PNG, data);
                    assertEquals(ZipEntry.STORED, e.getMethod());
                }
                assertFalse(e.isDirectory());
            }
        }
        assertEquals(List.of("assets/img/logo.png", "index.html", "satchel.json", "ünïcode name.css"), names);
    }

    @Test
    void copyingAnotherZipUnderAPrefixKeepsBytesAndIsDeterministic() throws Exception {
        Path block = write("block.zip");
        Path c1 = dir.resolve("c1.zip");
        Path c2 = dir.resolve("c2.zip");
        for (Path c : List.of(c1, c2)) {
            try (DeterministicZipWriter w = new DeterministicZipWriter(c, 6)) {
                w.addAll(block, "block-one/");
                w.add("manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
            }
        }
        assertArrayEquals(Files.readAllBytes(c1), Files.readAllBytes(c2));
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(c1), StandardCharsets.UTF_8)) {
            assertEquals("block-one/assets/img/logo.png", in.getNextEntry().getName());
            assertArrayEquals(PNG, in.readAllBytes());
            assertEquals("block-one/index.html", in.getNextEntry().getName());
            assertArrayEquals(HTML, in.readAllBytes());
        }
    }

    /** A page above the deflater's 8 KiB input chunks, with some variety so the compressed stream is not trivial. */
    private static final byte[] BIG_PAGE = bigPage();

    private static byte[] bigPage() {
        StringBuilder s = new StringBuilder();
        Random r = new Random(3);
        while (s.length() < 300_000) {
            s.append("<p class=\"c").append(r.nextInt(50)).append("\">Line ").append(r.nextInt(100_000)).append("</p>\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void entriesFromMemoryAndFromStreamsGiveTheSameBytesInEveryOutputMode() throws Exception {
        // streamed entries (the block zip path) into a file: the reference bytes
        Path streamed = dir.resolve("streamed.zip");
        try (DeterministicZipWriter w = new DeterministicZipWriter(streamed, 6)) {
            w.add("a/big.html", new ByteArrayInputStream(BIG_PAGE), BIG_PAGE.length);
            w.add("assets/img/logo.png", new ByteArrayInputStream(PNG), PNG.length);
            w.add("empty.txt", new ByteArrayInputStream(new byte[0]), 0);
            w.add("index.html", new ByteArrayInputStream(HTML), HTML.length);
        }
        byte[] reference = Files.readAllBytes(streamed);

        // the same entries from memory (compressed up front, CRC known) into a file
        Path fromMemory = dir.resolve("memory.zip");
        try (DeterministicZipWriter w = new DeterministicZipWriter(fromMemory, 6)) {
            addFromMemory(w);
        }
        assertArrayEquals(reference, Files.readAllBytes(fromMemory));

        // streamed entries into an in-memory channel (small block zips)
        InMemoryChannel channel = new InMemoryChannel(16); // grows (and is seeked back into) while written
        try (DeterministicZipWriter w = new DeterministicZipWriter(channel, 6)) {
            w.add("a/big.html", new ByteArrayInputStream(BIG_PAGE), BIG_PAGE.length);
            w.add("assets/img/logo.png", new ByteArrayInputStream(PNG), PNG.length);
            w.add("empty.txt", new ByteArrayInputStream(new byte[0]), 0);
            w.add("index.html", new ByteArrayInputStream(HTML), HTML.length);
        }
        assertArrayEquals(reference, java.util.Arrays.copyOf(channel.array(), (int) channel.size()));

        // entries from memory to a plain stream, no seeking (the course zip, hashed as it is written)
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (DeterministicZipWriter w = DeterministicZipWriter.streaming(plain, 6)) {
            addFromMemory(w);
        }
        assertArrayEquals(reference, plain.toByteArray());
    }

    private static void addFromMemory(DeterministicZipWriter w) throws IOException {
        w.add("a/big.html", BIG_PAGE);
        w.add("assets/img/logo.png", PNG);
        w.add("empty.txt", new byte[0]);
        w.add("index.html", HTML);
    }

    @Test
    void courseZipCopiedToAPlainStreamIsTheSameAsToAFile() throws Exception {
        Path block = write("block.zip");
        Path toFile = dir.resolve("course.zip");
        try (DeterministicZipWriter w = new DeterministicZipWriter(toFile, 6)) {
            w.addAll(block, "block-one/");
            w.add("manifest.json", new ByteArrayInputStream(BIG_PAGE), BIG_PAGE.length);
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        byte[] blockBytes = Files.readAllBytes(block);
        try (DeterministicZipWriter w = DeterministicZipWriter.streaming(plain, 6);
                ZipFile inMemory = ZipFile.builder().setSeekableByteChannel(
                        new InMemoryChannel(java.util.Arrays.copyOf(blockBytes, blockBytes.length + 100),
                                blockBytes.length)).get()) {
            w.addAll(inMemory, "block-one/");
            w.add("manifest.json", BIG_PAGE);
        }
        assertArrayEquals(Files.readAllBytes(toFile), plain.toByteArray());
    }

    @Test
    void plainStreamOutputRefusesEntriesOfUnknownCrc() throws Exception {
        try (DeterministicZipWriter w = DeterministicZipWriter.streaming(new ByteArrayOutputStream(), 6)) {
            assertThrows(IllegalStateException.class, () -> w.add("index.html", new ByteArrayInputStream(HTML),
                    HTML.length));
        }
    }

    @Test
    void differentContentGivesDifferentBytes() throws Exception {
        Path a = write("x.zip");
        Path b = dir.resolve("y.zip");
        try (DeterministicZipWriter w = new DeterministicZipWriter(b, 6)) {
            w.add("assets/img/logo.png", PNG);
            w.add("index.html", "<p>changed</p>".getBytes(StandardCharsets.UTF_8));
            w.add("satchel.json", "{\"missingAssets\":[\"/static/gone.png\"]}".getBytes(StandardCharsets.UTF_8));
            w.add("ünïcode name.css", "body{}".getBytes(StandardCharsets.UTF_8));
        }
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)));
    }

    @Test
    void unsafeOrDuplicateNamesAreRefused() throws Exception {
        try (DeterministicZipWriter w = new DeterministicZipWriter(dir.resolve("bad.zip"), 6)) {
            for (String bad : List.of("../evil.html", "/abs.html", "a/../../b", "dir/", "a\\b", "", "a//b", "./x")) {
                assertThrows(IllegalArgumentException.class, () -> w.add(bad, new ByteArrayInputStream(new byte[0]), 0),
                        bad);
            }
            w.add("index.html", new byte[] {1});
            assertThrows(IllegalArgumentException.class, () -> w.add("index.html", new byte[] {2}));
        }
    }

    /** [time, date, extra length, flags] of each local file header. */
    private static List<int[]> localHeaders(byte[] zip) {
        ByteBuffer buf = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i + 30 <= zip.length && buf.getInt(i) == 0x04034b50) {
            int flags = buf.getShort(i + 6) & 0xffff;
            int time = buf.getShort(i + 10) & 0xffff;
            int date = buf.getShort(i + 12) & 0xffff;
            long csize = buf.getInt(i + 18) & 0xffffffffL;
            int nameLen = buf.getShort(i + 26) & 0xffff;
            int extraLen = buf.getShort(i + 28) & 0xffff;
            out.add(new int[] {time, date, extraLen, flags});
            i += 30 + nameLen + extraLen + (int) csize;
        }
        return out;
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
