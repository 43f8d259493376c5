package io.satchel.sync;

import static io.satchel.sync.ProgressEvents.event;
import static io.satchel.sync.ProgressEvents.post;
import static io.satchel.sync.ProgressEvents.pull;
import static io.satchel.sync.SyncFixtures.enroll;
import static io.satchel.sync.SyncFixtures.newCourseId;
import static io.satchel.sync.SyncFixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.common.storage.ObjectStore;
import io.satchel.sync.SyncFixtures.Published;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Replayed eventIds (ProgressIngest first tries a plain insert of the eventIds and, on a unique violation, runs the
 * batch again in its ON CONFLICT form): a batch mixing replayed and new events applies exactly the new ones, and
 * requests carrying the same events at the same time apply each event once.
 */
@QuarkusTest
class ProgressReplayIT {
    @Inject
    ObjectStore store;

    @Test
    void aBatchMixingReplayedAndNewEventsAppliesOnlyTheNewOnes() {
        String user = "pr-mix-" + UUID.randomUUID();
        String course = newCourseId();
        Published p = SyncFixtures.publish(store, course, now().minusSeconds(600), 3);
        enroll(user, course, "b");
        List<String> leaves = p.leafIds();
        Instant t = now().minusSeconds(300);
        Map<String, Object> first = event(course, leaves.get(0), 1, 40, t);
        post(user, List.of(first, event(course, leaves.get(1), 1, 20, t))).then().statusCode(200);
        Map<String, Object> before = record(pull(user, null), leaves.get(0));

        // the replayed id carries other values: a replay is the same event, so they must change nothing
        Map<String, Object> replayed = ProgressEvents.with(event(course, leaves.get(0), 2, 100, t.plusSeconds(100)),
                "eventId", first.get("eventId"));
        List<Map<String, Object>> batch = List.of(event(course, leaves.get(1), 1, 60, t.plusSeconds(5)), replayed,
                event(course, leaves.get(2), 0, 5, t.plusSeconds(6)));
        Response r = post(user, batch);
        r.then().statusCode(200);
        assertEquals(List.of("applied", "duplicate", "applied"), r.jsonPath().getList("results.result"));
        assertEquals(List.of(batch.get(0).get("eventId"), first.get("eventId"), batch.get(2).get("eventId")),
                r.jsonPath().getList("results.eventId"));

        Response after = pull(user, null);
        assertEquals(before, record(after, leaves.get(0)), "the replayed event's record is untouched");
        assertEquals(60, record(after, leaves.get(1)).get("progress"));
        assertEquals(5, record(after, leaves.get(2)).get("progress"));
        // and the whole batch once more: all duplicates, nothing changes
        Response again = post(user, batch);
        assertEquals(List.of("duplicate", "duplicate", "duplicate"), again.jsonPath().getList("results.result"));
        assertEquals(after.jsonPath().getList("records"), pull(user, null).jsonPath().getList("records"));
    }

    @Test
    void requestsCarryingTheSameEventsAtOnceApplyEachEventOnce() throws Exception {
        int threads = 6;
        String user = "pr-race-" + UUID.randomUUID();
        String course = newCourseId();
        Published p = SyncFixtures.publish(store, course, now().minusSeconds(600), 4);
        enroll(user, course, "b");
        List<String> leaves = p.leafIds();
        Random rnd = new Random(11);
        Instant base = now().minusSeconds(86_400);
        List<Map<String, Object>> shared = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            shared.add(event(course, leaves.get(rnd.nextInt(leaves.size())), rnd.nextInt(3), rnd.nextInt(101),
                    base.plusMillis(rnd.nextInt(86_000_000))));
        }
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> answers = new ArrayList<>();
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Map<String, Object>> batch = new ArrayList<>(shared);
            for (int i = 0; i < 20; i++) { // each request's own events too
                batch.add(event(course, leaves.get(rnd.nextInt(leaves.size())), rnd.nextInt(3), rnd.nextInt(101),
                        base.plusMillis(rnd.nextInt(86_000_000))));
            }
            java.util.Collections.shuffle(batch, rnd);
            batches.add(batch);
            answers.add(pool.submit(() -> {
                start.await();
                Response r = post(user, batch);
                assertEquals(200, r.statusCode(), r.asString());
                return r.jsonPath().getList("results.result");
            }));
        }
        Map<Object, Integer> appliedCount = new HashMap<>();
        List<Map<String, Object>> applied = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<String> results = answers.get(t).get();
            List<Map<String, Object>> batch = batches.get(t);
            for (int i = 0; i < batch.size(); i++) {
                if (results.get(i).equals("applied")) {
                    appliedCount.merge(batch.get(i).get("eventId"), 1, Integer::sum);
                    applied.add(batch.get(i));
                } else {
                    assertEquals("duplicate", results.get(i));
                }
            }
        }
        pool.shutdown();
        assertEquals(300 + threads * 20, appliedCount.size(), "every event applied by some request");
        appliedCount.forEach((id, n) -> assertEquals(1, n, "event " + id + " applied " + n + " times"));

        Response state = pull(user, "limit=5000");
        for (String leaf : leaves) {
            int status = 0;
            int progress = 0;
            boolean any = false;
            for (Map<String, Object> e : applied) {
                if (e.get("contentId").equals(leaf)) {
                    any = true;
                    status = Math.max(status, (Integer) e.get("status"));
                    progress = Math.max(progress, (Integer) e.get("status") == 2 ? 100 : (Integer) e.get("progress"));
                }
            }
            if (any) {
                Map<String, Object> rec = record(state, leaf);
                assertEquals(status, rec.get("status"), leaf);
                assertEquals(status == 2 ? 100 : progress, rec.get("progress"), leaf);
            }
        }
    }

    private static Map<String, Object> record(Response r, String contentId) {
        for (Map<String, Object> rec : r.jsonPath().<Map<String, Object>>getList("records")) {
            if (rec.get("contentId").equals(contentId)) {
                return rec;
            }
        }
        throw new AssertionError("no record for " + contentId + ": " + r.asString());
    }
}
