package io.satchel.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleTempFilesTest {
    private static final List<String> PREFIXES = List.of("olx-", "render-");

    @TempDir
    Path dir;

    @Test
    void removesOnlyOwnTempEntriesOlderThanTheProcessStart() throws Exception {
        Instant start = Instant.now().minus(Duration.ofMinutes(1));
        Path oldSpool = old(Files.createFile(dir.resolve("olx-123.tar.gz")), start);
        Path oldScratch = Files.createDirectories(dir.resolve("render-456/external"));
        old(Files.createFile(oldScratch.resolve("a.bin")), start);
        old(oldScratch, start);
        old(oldScratch.getParent(), start);
        Path current = Files.createFile(dir.resolve("olx-789.tar.gz")); // this process's own: newer than its start
        Path retained = old(Files.createDirectories(dir.resolve("exports")), start); // not a temp entry
        Path other = old(Files.createFile(dir.resolve("notes.txt")), start);

        assertEquals(2, new StaleTempFiles(dir).cleanAtStart(PREFIXES, start));

        assertFalse(Files.exists(oldSpool));
        assertFalse(Files.exists(dir.resolve("render-456")));
        assertTrue(Files.exists(current));
        assertTrue(Files.exists(retained));
        assertTrue(Files.exists(other));
    }

    @Test
    void leavesTheDirAloneWhileALiveInstanceSharesIt() throws Exception {
        Instant start = Instant.now();
        new StaleTempFiles(dir).cleanAtStart(PREFIXES, start); // a live sibling: holds its shared lock
        Path siblings = old(Files.createFile(dir.resolve("olx-sibling.tar.gz")), start);

        assertEquals(0, new StaleTempFiles(dir).cleanAtStart(PREFIXES, start.plusSeconds(60)));
        assertTrue(Files.exists(siblings), "a file a live instance may still be writing is kept");
    }

    @Test
    void aMissingWorkDirIsCreated() {
        Path absent = dir.resolve("not-yet");
        assertEquals(0, new StaleTempFiles(absent).cleanAtStart(PREFIXES, Instant.now()));
        assertTrue(Files.isDirectory(absent));
    }

    private static Path old(Path p, Instant start) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(start.minus(Duration.ofHours(1))));
        return p;
    }
}
