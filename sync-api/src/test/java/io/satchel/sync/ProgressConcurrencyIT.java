package io.satchel.sync;

import static io.satchel.sync.ProgressEvents.post;
import static io.satchel.sync.ProgressEvents.pull;
import static io.satchel.sync.SyncFixtures.enroll;
import static io.satchel.sync.SyncFixtures.newCourseId;
import static io.satchel.sync.SyncFixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.events.CourseKey;
import io.satchel.events.Timestamps;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * 8 threads post random progress (with replays) for two learners while a poller follows more / since /
 * X-Consistent-Through for one of them. The poller's view must equal the final state, and the final state must equal
 * the max-merge of every event the server answered "applied" — whatever the interleaving.
 */
@QuarkusTest
class ProgressConcurrencyIT {
    static final int THREADS = 8;
    static final int REQUESTS_PER_THREAD = 40;
    static final int CONTENTS = 20_000;

    @Inject
    DataSource dataSource;

    record Sent(Map<String, Object> event, String user) {
    }

    @Test
    void pollerViewEqualsFinalStateEqualsMaxMergeOfAppliedEvents() throws Exception {
        // Many contents, so most keys are written once: a record version the poller missed is then not hidden by a
        // later version of the same key, and the final comparison catches it. Known contents are set up directly in
        // the table the course.archived consumer fills (the manifest path is tested in ManifestIT).
        String course = newCourseId();
        List<String> leaves = new ArrayList<>();
        for (int i = 0; i < CONTENTS; i++) {
            leaves.add(CourseKey.parse(course).blockId("html", "leaf" + i));
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO course_block (course_id, block_id, last_published_at) SELECT ?, unnest(?::text[]), now()")) {
            ps.setString(1, course);
            ps.setArray(2, c.createArrayOf("text", leaves.toArray()));
            ps.executeUpdate();
        }
        String alice = "cc-alice-" + UUID.randomUUID();
        String bob = "cc-bob-" + UUID.randomUUID();
        enroll(alice, course, "ba");
        enroll(bob, course, "bb");

        List<Sent> applied = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        Future<Map<String, Map<String, Object>>> poller = pool.submit(() -> follow(alice, writing));
        List<Future<?>> writers = new ArrayList<>();
        Instant base = now().minusSeconds(86_400);
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            writers.add(pool.submit(() -> {
                Random rnd = new Random(id * 7919L);
                String user = id % 2 == 0 ? alice : bob;
                List<Map<String, Object>> history = new ArrayList<>();
                for (int r = 0; r < REQUESTS_PER_THREAD; r++) {
                    List<Map<String, Object>> batch = new ArrayList<>();
                    int n = 1 + rnd.nextInt(15);
                    for (int i = 0; i < n; i++) {
                        if (!history.isEmpty() && rnd.nextInt(20) == 0) {
                            batch.add(history.get(rnd.nextInt(history.size()))); // a replay
                            continue;
                        }
                        int status = rnd.nextInt(3);
                        Map<String, Object> e = ProgressEvents.event(course, leaves.get(rnd.nextInt(leaves.size())),
                                status, rnd.nextInt(101), base.plusMillis(rnd.nextInt(86_000_000)));
                        if (status == 2 && rnd.nextBoolean()) {
                            e.put("lastCompletedTime", Timestamps.format(base.plusMillis(rnd.nextInt(86_000_000))));
                        }
                        batch.add(e);
                        history.add(e);
                    }
                    Response res = post(user, batch);
                    assertEquals(200, res.statusCode(), res.asString());
                    List<String> results = res.jsonPath().getList("results.result");
                    for (int i = 0; i < batch.size(); i++) {
                        assertTrue(results.get(i).equals("applied") || results.get(i).equals("duplicate"),
                                results.get(i));
                        if (results.get(i).equals("applied")) {
                            applied.add(new Sent(batch.get(i), user));
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : writers) {
            w.get();
        }
        writing.set(false);
        Map<String, Map<String, Object>> view = poller.get();
        pool.shutdown();

        Map<String, Map<String, Object>> finalAlice = byContent(pull(alice, "limit=5000"));
        Map<String, Map<String, Object>> finalBob = byContent(pull(bob, "limit=5000"));
        assertSame(finalAlice, view, "the poller's view vs the final state");
        assertSame(expected(applied, alice, "ba"), strip(finalAlice), "alice's max-merge of applied events vs state");
        assertSame(expected(applied, bob, "bb"), strip(finalBob), "bob's max-merge of applied events vs state");
        // every applied eventId counted once: no event both applied twice
        assertEquals(applied.size(), applied.stream().map(s -> s.event().get("eventId")).distinct().count());
    }

    /** Equal maps, or a failure naming the first few differing keys (the maps hold thousands of records). */
    private static void assertSame(Map<String, Map<String, Object>> expected, Map<String, Map<String, Object>> actual,
            String what) {
        List<String> diffs = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String k : keys) {
            if (!java.util.Objects.equals(expected.get(k), actual.get(k)) && diffs.size() < 5) {
                diffs.add(k + ": expected " + expected.get(k) + " but was " + actual.get(k));
            }
        }
        assertTrue(diffs.isEmpty(), what + " (" + expected.size() + " vs " + actual.size() + " records): " + diffs);
    }

    /** Follows the feed like a client: all pages via more, then since = last X-Consistent-Through; one last poll. */
    private static Map<String, Map<String, Object>> follow(String user, AtomicBoolean writing) {
        Map<String, Map<String, Object>> view = new TreeMap<>();
        String since = null;
        String perms = null;
        boolean last = false;
        while (true) {
            boolean stillWriting = writing.get();
            String query = "limit=50" + (since == null ? "" : "&since=" + since + "&sinceIfPermissionsNotChangedSince="
                    + perms);
            while (true) {
                Response r = pull(user, query);
                assertEquals(200, r.statusCode());
                view.putAll(byContent(r));
                since = r.header("X-Consistent-Through");
                perms = r.header("X-Permissions-Last-Modified");
                String more = r.jsonPath().getString("more");
                if (more.isEmpty()) {
                    break;
                }
                query = more.substring(more.indexOf('?') + 1);
            }
            if (last) {
                return view;
            }
            last = !stillWriting;
        }
    }

    private static Map<String, Map<String, Object>> byContent(Response r) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Map<String, Object> rec : r.jsonPath().<Map<String, Object>>getList("records")) {
            out.put((String) rec.get("contentId"), rec);
        }
        return out;
    }

    private static Map<String, Map<String, Object>> strip(Map<String, Map<String, Object>> records) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        records.forEach((k, v) -> {
            Map<String, Object> m = new TreeMap<>(v);
            m.remove("stored");
            out.put(k, m);
        });
        return out;
    }

    private static Map<String, Map<String, Object>> expected(List<Sent> applied, String user, String batch) {
        Map<String, int[]> state = new HashMap<>();
        Map<String, Instant[]> times = new HashMap<>();
        String course = null;
        for (Sent s : applied) {
            if (!s.user().equals(user)) {
                continue;
            }
            Map<String, Object> e = s.event();
            course = (String) e.get("courseId");
            String key = (String) e.get("contentId");
            int status = (Integer) e.get("status");
            int progress = status == 2 ? 100 : (Integer) e.get("progress");
            int[] st = state.computeIfAbsent(key, k -> new int[] {0, 0});
            st[0] = Math.max(st[0], status);
            st[1] = Math.max(st[1], progress);
            Instant[] t = times.computeIfAbsent(key, k -> new Instant[2]);
            t[0] = max(t[0], Instant.parse((String) e.get("lastAccessTime")));
            if (e.get("lastCompletedTime") != null) {
                t[1] = max(t[1], Instant.parse((String) e.get("lastCompletedTime")));
            }
        }
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (var entry : state.entrySet()) {
            Instant[] t = times.get(entry.getKey());
            Map<String, Object> m = new TreeMap<>();
            m.put("courseId", course);
            m.put("batchId", batch);
            m.put("contentId", entry.getKey());
            m.put("status", entry.getValue()[0]);
            m.put("progress", entry.getValue()[0] == 2 ? 100 : entry.getValue()[1]);
            m.put("lastAccessTime", Timestamps.format(t[0]));
            m.put("lastCompletedTime", Timestamps.format(t[1]));
            m.put("lastModified", Timestamps.format(max(t[0], t[1])));
            out.put(entry.getKey(), m);
        }
        return out;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
