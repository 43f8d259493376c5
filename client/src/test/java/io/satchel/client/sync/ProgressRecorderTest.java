package io.satchel.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.client.FakeSyncApi;
import io.satchel.client.MutableClock;
import io.satchel.client.api.SyncApiClient;
import io.satchel.client.store.LocalStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressRecorderTest {
    private static final String C = "course-v1:Satchel+SAMPLE+2026";
    private static final String B = "block-v1:Satchel+SAMPLE+2026+type@html+block@intro";

    @TempDir
    Path home;
    FakeSyncApi fake;
    LocalStore store;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));

    @BeforeEach
    void setUp() {
        fake = new FakeSyncApi();
        store = LocalStore.open(home.resolve("satchel.db"));
    }

    @AfterEach
    void tearDown() {
        store.close();
        fake.close();
    }

    private ProgressRecorder recorder(URI base, String token) {
        SyncApiClient api = new SyncApiClient(base, token);
        return new ProgressRecorder(store, api, new Synchronizer(store, api, Backoff.DEFAULT, clock), clock);
    }

    @Test
    void onlineTheEventIsStoredAndSentAtOnce() {
        ProgressRecorder.Recorded r = recorder(fake.base(), "t").record(C, B, 2, 30);
        assertTrue(r.sent());
        assertEquals(100, r.state().progress(), "completed means 100");
        assertEquals(0, store.outboxCount());
        assertEquals(2, fake.serverProgress(C, B).get("status"));
        assertNotNull(store.progress(C, B).orElseThrow().lastCompletedTime());
    }

    @Test
    void offlineTheEventIsStoredAndQueuedAndLaterSent() throws Exception {
        URI dead = SynchronizerTest.deadPort();
        ProgressRecorder.Recorded r = recorder(dead, "t").record(C, B, 1, 40);
        assertFalse(r.sent());
        assertTrue(r.push().unreachable());
        assertEquals(40, store.progress(C, B).orElseThrow().progress(), "visible locally at once");
        assertEquals(1, store.outboxCount());

        clock.advance(Duration.ofMinutes(1));
        ProgressRecorder.Recorded next = recorder(fake.base(), "t").record(C, B, 1, 60);
        assertTrue(next.sent());
        assertEquals(0, store.outboxCount(), "the queued event went out with the new one");
        assertEquals(60, fake.serverProgress(C, B).get("progress"));
    }

    @Test
    void withoutATokenTheEventIsOnlyQueued() {
        ProgressRecorder.Recorded r = recorder(fake.base(), null).record(C, B, 1, 10);
        assertFalse(r.sent());
        assertEquals(1, store.outboxCount());
        assertTrue(fake.requests.isEmpty());
    }

    @Test
    void invalidValuesAreRefusedAndNothingIsStored() {
        ProgressRecorder rec = recorder(fake.base(), "t");
        assertThrows(IllegalArgumentException.class, () -> rec.record(C, B, 3, 10));
        assertThrows(IllegalArgumentException.class, () -> rec.record(C, B, 1, 101));
        assertThrows(IllegalArgumentException.class, () -> rec.record(C, B, -1, 0));
        assertTrue(store.progress(C, B).isEmpty());
        assertEquals(0, store.outboxCount());
    }

    @Test
    void aRejectedEventIsReportedAndDeadLettered() {
        fake.unknownContent.add(B);
        ProgressRecorder.Recorded r = recorder(fake.base(), "t").record(C, B, 1, 10);
        assertTrue(r.rejected());
        assertEquals(1, store.deadLetterCount());
    }
}
