package io.satchel.client.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {
    private static final String C = "course-v1:Satchel+SAMPLE+2026";
    private static final String B = "block-v1:Satchel+SAMPLE+2026+type@html+block@intro";
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void createsTheLatestSchemaAndKeepsDataAcrossReopen() {
        try (LocalStore s = LocalStore.open(dir.resolve("db/satchel.db"))) {
            assertEquals(LocalStore.latestSchemaVersion(), s.schemaVersion());
            s.saveManifest(C, "{\"courseId\":\"x\"}", "\"e1\"", T0);
            s.enqueue("ev1", C, B, "{}", T0);
        }
        try (LocalStore s = LocalStore.open(dir.resolve("db/satchel.db"))) {
            assertEquals(LocalStore.latestSchemaVersion(), s.schemaVersion());
            assertEquals("\"e1\"", s.manifest(C).orElseThrow().etag());
            assertEquals(1, s.outboxCount());
        }
    }

    @Test
    void statusNeverDecreasesProgressIsMaxAndCompletedMeansHundred() {
        try (LocalStore s = LocalStore.open(dir.resolve("satchel.db"))) {
            s.mergeProgress(new ProgressState(C, B, null, 1, 40, T0, null));
            ProgressState afterLower = s.mergeProgress(new ProgressState(C, B, "b1", 0, 10, T0.minusSeconds(60), null));
            assertEquals(1, afterLower.status());
            assertEquals(40, afterLower.progress());
            assertEquals(T0, afterLower.lastAccessTime());
            assertEquals("b1", afterLower.batchId());

            ProgressState done = s.mergeProgress(new ProgressState(C, B, null, 2, 50, T0.plusSeconds(5),
                    T0.plusSeconds(5)));
            assertEquals(2, done.status());
            assertEquals(100, done.progress());
            assertEquals("b1", done.batchId());

            ProgressState again = s.mergeProgress(new ProgressState(C, B, null, 1, 70, T0.plusSeconds(1), null));
            assertEquals(2, again.status());
            assertEquals(100, again.progress());
            assertEquals(T0.plusSeconds(5), again.lastAccessTime());
            assertEquals(T0.plusSeconds(5), again.lastCompletedTime());
            assertEquals(again, s.progress(C, B).orElseThrow());
        }
    }

    @Test
    void mergeResultDoesNotDependOnOrder() {
        Random random = new Random(7);
        List<ProgressState> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int status = random.nextInt(3);
            events.add(new ProgressState(C, B, null, status, random.nextInt(101), T0.plusSeconds(random.nextInt(1000)),
                    status == 2 ? T0.plusSeconds(random.nextInt(1000)) : null));
        }
        ProgressState first = null;
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(events, random);
            try (LocalStore s = LocalStore.open(dir.resolve("order-" + round + ".db"))) {
                events.forEach(s::mergeProgress);
                ProgressState result = s.progress(C, B).orElseThrow();
                if (first == null) {
                    first = result;
                } else {
                    assertEquals(first, result);
                }
            }
        }
    }

    @Test
    void outboxHonoursBackoffAndOneRunNeverRetriesWhatJustFailed() {
        try (LocalStore s = LocalStore.open(dir.resolve("satchel.db"))) {
            s.enqueue("a", C, B, "{}", T0);
            s.enqueue("b", C, B, "{}", T0.plusMillis(1));
            assertEquals(List.of("a", "b"), ids(s.dueOutbox(T0.plusSeconds(1), T0.plusSeconds(1), false, 10)));

            s.attemptFailed("a", T0.plusSeconds(1), T0.plusSeconds(3));
            assertEquals(List.of("b"), ids(s.dueOutbox(T0.plusSeconds(2), T0.plusSeconds(2), false, 10)),
                    "a waits for its backoff");
            assertEquals(List.of("b"), ids(s.dueOutbox(T0.plusSeconds(1), T0.plusSeconds(1), true, 10)),
                    "even a forced run does not retry what failed during that run");
            assertEquals(List.of("a", "b"), ids(s.dueOutbox(T0.plusSeconds(2), T0.plusSeconds(2), true, 10)),
                    "a later forced run ignores the backoff");
            assertEquals(List.of("a", "b"), ids(s.dueOutbox(T0.plusSeconds(3), T0.plusSeconds(3), false, 10)));
            assertEquals(1, s.outboxEntry("a").orElseThrow().attempts());
            assertEquals(List.of("a"), ids(s.dueOutbox(T0.plusSeconds(3), T0.plusSeconds(3), false, 1)));
        }
    }

    @Test
    void deadLetterLeavesTheOutboxForGood() {
        try (LocalStore s = LocalStore.open(dir.resolve("satchel.db"))) {
            s.enqueue("a", C, B, "{\"eventId\":\"a\"}", T0);
            s.deadLetter("a", "UNKNOWN_CONTENT", "rejected", T0.plusSeconds(1));
            assertEquals(0, s.outboxCount());
            assertEquals(1, s.deadLetterCount());
            DeadLetter d = s.deadLetters().get(0);
            assertEquals("UNKNOWN_CONTENT", d.error());
            assertEquals("{\"eventId\":\"a\"}", d.payload());
            assertTrue(s.dueOutbox(T0.plusSeconds(100), T0.plusSeconds(100), true, 10).isEmpty());
        }
    }

    @Test
    void syncStampsAreSavedTogether() {
        try (LocalStore s = LocalStore.open(dir.resolve("satchel.db"))) {
            assertTrue(s.consistentThrough().isEmpty());
            s.saveSyncStamps(T0, T0.minusSeconds(5), T0.plusSeconds(1));
            assertEquals(T0, s.consistentThrough().orElseThrow());
            assertEquals(T0.minusSeconds(5), s.permissionsStamp().orElseThrow());
            assertEquals(T0.plusSeconds(1), s.lastSync().orElseThrow());
            s.saveSyncStamps(null, null, T0.plusSeconds(9));
            assertEquals(T0, s.consistentThrough().orElseThrow(), "a missing header keeps the old stamp");
        }
    }

    @Test
    void blocksAreRecordedPerCourse() {
        try (LocalStore s = LocalStore.open(dir.resolve("satchel.db"))) {
            s.saveBlock(new DownloadedBlock(C, B, "aa", T0, dir.resolve("x")));
            s.saveBlock(new DownloadedBlock(C, B, "bb", T0, dir.resolve("x")));
            assertEquals("bb", s.block(B).orElseThrow().sha256());
            assertEquals(1, s.downloadedBlockCount());
            s.deleteBlock(C, B);
            assertTrue(s.block(B).isEmpty());
            assertNull(s.progress(C, B).orElse(null));
        }
    }

    private static List<String> ids(List<OutboxEntry> entries) {
        return entries.stream().map(OutboxEntry::eventId).toList();
    }
}
