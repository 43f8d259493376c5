package io.satchel.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.client.FakeSyncApi;
import io.satchel.client.MutableClock;
import io.satchel.client.api.ProgressEvent;
import io.satchel.client.api.ServerUnreachableException;
import io.satchel.client.api.SyncApiClient;
import io.satchel.client.store.LocalStore;
import io.satchel.client.store.OutboxEntry;
import io.satchel.events.EventJson;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynchronizerTest {
    private static final String C = "course-v1:Satchel+SAMPLE+2026";
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60));

    @TempDir
    Path home;
    FakeSyncApi fake;
    LocalStore store;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));

    @BeforeEach
    void setUp() {
        fake = new FakeSyncApi();
        fake.enroll(C, "batch-1");
        store = LocalStore.open(home.resolve("satchel.db"));
    }

    @AfterEach
    void tearDown() {
        store.close();
        fake.close();
    }

    private Synchronizer sync(URI base) {
        return new Synchronizer(store, new SyncApiClient(base, "t"), BACKOFF, clock);
    }

    private void queue(String eventId, String contentId, int status) {
        ProgressEvent e = new ProgressEvent(eventId, C, null, contentId, status, status == 2 ? 100 : 10,
                clock.instant(), null);
        store.enqueue(eventId, C, contentId, EventJson.toString(e), clock.instant());
    }

    @Test
    void drainsTheOutboxInRequestsOfAtMostAThousand() {
        store.inTransaction(() -> {
            for (int i = 0; i < 2500; i++) {
                queue("e" + i, "block-" + i, 1);
            }
            return null;
        });
        PushReport r = sync(fake.base()).push(false);
        assertEquals(2500, r.applied());
        assertEquals(0, r.remaining());
        assertEquals(List.of(1000, 1000, 500), fake.progressBatchSizes);
        assertEquals(2500, fake.serverProgressCount());
    }

    @Test
    void rejectedEventsBecomeDeadLettersAndAreNeverSentAgain() {
        fake.unknownContent.add("gone");
        queue("ok", "block-1", 2);
        queue("bad", "gone", 1);
        PushReport r = sync(fake.base()).push(false);
        assertEquals(1, r.applied());
        assertEquals(1, r.rejected());
        assertEquals(0, store.outboxCount());
        assertEquals("UNKNOWN_CONTENT", store.deadLetters().get(0).error());
        assertEquals("bad", store.deadLetters().get(0).eventId());

        fake.progressBatchSizes.clear();
        clock.advance(Duration.ofHours(1));
        sync(fake.base()).push(true);
        assertTrue(fake.progressBatchSizes.isEmpty(), "nothing left to send");
    }

    @Test
    void anEventTheServerAlreadyHasCountsAsSentAndLeavesTheOutbox() {
        // e.g. the server applied it but the answer was lost on the way back: the replay is harmless
        fake.markSeen("e1");
        queue("e1", "block-1", 1);
        PushReport r = sync(fake.base()).push(false);
        assertEquals(1, r.duplicates());
        assertEquals(0, r.applied());
        assertEquals(0, store.outboxCount());
        assertEquals(0, store.deadLetterCount());
    }

    @Test
    void anUnreachableServerBacksOffExponentiallyWithACap() throws Exception {
        URI dead = deadPort();
        queue("e1", "block-1", 1);
        Synchronizer s = sync(dead);
        Instant t0 = clock.instant();

        PushReport r1 = s.push(false);
        assertTrue(r1.unreachable());
        OutboxEntry e = store.outboxEntry("e1").orElseThrow();
        assertEquals(1, e.attempts());
        assertEquals(t0.plusSeconds(2), e.nextAttemptAt());

        clock.advance(Duration.ofSeconds(1));
        s.push(false);
        assertEquals(1, store.outboxEntry("e1").orElseThrow().attempts(), "not due yet: no attempt");

        long[] expected = {4, 8, 16, 32, 60, 60};
        for (long delay : expected) {
            clock.advance(Duration.ofMinutes(5));
            s.push(false);
            OutboxEntry now = store.outboxEntry("e1").orElseThrow();
            assertEquals(clock.instant().plusSeconds(delay), now.nextAttemptAt());
        }
        assertEquals(7, store.outboxEntry("e1").orElseThrow().attempts());
        assertEquals(0, store.deadLetterCount(), "an outage never turns events into dead letters");

        PushReport back = sync(fake.base()).push(false);
        assertEquals(0, back.applied(), "still in backoff");
        clock.advance(Duration.ofMinutes(1));
        back = sync(fake.base()).push(false);
        assertEquals(1, back.applied());
    }

    @Test
    void aServer503IsRetriedLaterNotDeadLettered() {
        fake.failWith = 503;
        queue("e1", "block-1", 1);
        PushReport r = sync(fake.base()).push(false);
        assertTrue(r.unreachable());
        assertEquals(1, store.outboxCount());
        assertEquals(0, store.deadLetterCount());
    }

    @Test
    void syncThrowsUnreachableAndKeepsEverythingQueued() throws Exception {
        queue("e1", "block-1", 1);
        assertThrows(ServerUnreachableException.class, () -> sync(deadPort()).sync());
        assertEquals(1, store.outboxCount());
        assertTrue(store.lastSync().isEmpty());
    }

    @Test
    void syncFillsTheBatchIdPullsAllPagesAndThenOnlyWhatChanged() {
        fake.putServerRecord(C, "other-device-1", 2, 100);
        fake.putServerRecord(C, "other-device-2", 1, 30);
        fake.putServerRecord(C, "other-device-3", 1, 60);
        queue("e1", "mine", 1);

        SyncReport first = sync(fake.base()).sync();
        assertEquals(1, first.push().applied());
        assertEquals("batch-1", fake.serverProgress(C, "mine").get("batchId"), "batchId learnt from enrollments");
        assertEquals(4, first.pulledRecords());
        assertTrue(first.pages() >= 2, "followed more");
        assertEquals(2, store.progress(C, "other-device-1").orElseThrow().status());
        assertEquals(60, store.progress(C, "other-device-3").orElseThrow().progress());
        assertNotNull(store.consistentThrough().orElse(null));
        assertTrue(store.permissionsStamp().isPresent());
        assertTrue(store.enrollments().isPresent());

        fake.putServerRecord(C, "other-device-2", 2, 100);
        fake.requests.clear();
        SyncReport second = sync(fake.base()).sync();
        assertEquals(1, second.pulledRecords(), "only the record stored after the last stamp");
        assertTrue(fake.requests.stream().anyMatch(q -> q.contains("since=") && q.contains("sinceIfPermissions")),
                fake.requests.toString());
        assertEquals(2, store.progress(C, "other-device-2").orElseThrow().status());

        fake.enroll("course-v1:Other+X+1", "b2"); // permissions changed: the server sends everything again
        SyncReport third = sync(fake.base()).sync();
        assertEquals(4, third.pulledRecords());
    }

    @Test
    void serverStateNeverLowersLocalProgress() {
        store.mergeProgress(new io.satchel.client.store.ProgressState(C, "b", null, 2, 100, clock.instant(),
                clock.instant()));
        fake.putServerRecord(C, "b", 1, 20);
        sync(fake.base()).sync();
        assertEquals(2, store.progress(C, "b").orElseThrow().status());
        assertEquals(100, store.progress(C, "b").orElseThrow().progress());
    }

    @Test
    void aWholeRequest400IsolatesTheBadEventAndDeadLettersOnlyIt() {
        fake.malformedContent.add("block-2");
        queue("a", "block-1", 1);
        queue("broken", "block-2", 1);
        queue("c", "block-3", 1);
        PushReport r = sync(fake.base()).push(false);
        assertEquals(2, r.applied());
        assertEquals(1, r.rejected());
        assertEquals(List.of(-3, 1, -1, 1), fake.progressBatchSizes, "rejected batch of 3, then one at a time");
        assertEquals("INVALID_REQUEST", store.deadLetters().get(0).error());
        assertEquals("broken", store.deadLetters().get(0).eventId());
        assertEquals(0, store.outboxCount());
        assertNotNull(fake.serverProgress(C, "block-3"));
    }

    static URI deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }
}
