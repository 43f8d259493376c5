package io.satchel.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.events.Timestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Learners syncing progress at once while pollers follow {@code since} + {@code X-Consistent-Through}, the way
 * offline devices do. Each learner sends {@code requests} POSTs of {@code eventsPerRequest} random events on the
 * course's leaves (one request of each learner is sent twice: the replay must come back {@code duplicate}); the
 * expected final state is the max-merge of everything applied. Afterwards every learner's full state and every
 * poller's view are compared with it.
 */
public final class LearnerLoad {
    private final SatchelClient client;
    private final String courseId;
    private final int learners;
    private final int requests;
    private final int eventsPerRequest;
    private final int pollers;
    private boolean retryFailures;

    public LearnerLoad(SatchelClient client, String courseId, int learners, int requests, int eventsPerRequest,
            int pollers) {
        this.client = client;
        this.courseId = courseId;
        this.learners = learners;
        this.requests = requests;
        this.eventsPerRequest = eventsPerRequest;
        this.pollers = pollers;
    }

    /**
     * Sends a request again (same eventIds) after a 5xx or a refused connection, as a device does, instead of
     * counting it lost: for scenarios that crash PostgreSQL or sync-api in the middle of the load.
     */
    /** The replay of a batch; during an outage a device sends it again until the server answers (null: gave up). */
    private SatchelClient.Answer replay(String user, String body) throws Exception {
        while (true) {
            SatchelClient.Answer a;
            try {
                a = client.postProgress(user, body);
            } catch (java.io.UncheckedIOException down) {
                a = null;
            }
            if (a != null && a.status() < 500) {
                if (a.status() != 200) {
                    throw new AssertionError("progress replay answered " + a.status() + ": " + a.raw().body());
                }
                return a;
            }
            if (!retryFailures) {
                return null;
            }
            Waits.sleep(500);
        }
    }

    public LearnerLoad retryingFailures() {
        this.retryFailures = true;
        return this;
    }

    /**
     * What a run saw; latencies are of the progress POSTs. {@code replayedApplied}: events of a replayed request
     * that were applied again instead of answered {@code duplicate}.
     */
    public record Result(int applied, int duplicates, int replayedApplied, int rejected, int serverErrors, int mismatches,
            int missedByPollers, int records, long p50Millis, long p99Millis, long durationMillis) {
    }

    /** Max-merge state of one (learner, content). */
    record State(int status, int progress, Instant lastAccess) {
        State merge(State o) {
            int s = Math.max(status, o.status);
            int p = s == 2 ? 100 : Math.max(progress, o.progress);
            return new State(s, p, lastAccess.isAfter(o.lastAccess) ? lastAccess : o.lastAccess);
        }
    }

    public Result run() throws Exception {
        List<String> leaves = new ArrayList<>();
        client.manifest(courseId).body().get("blocks").forEach(b -> leaves.add(b.get("blockId").asText()));
        List<String> users = new ArrayList<>();
        for (int i = 0; i < learners; i++) {
            String user = "learner-" + UUID.randomUUID().toString().substring(0, 8);
            int code = client.enroll(user, courseId).status();
            if (code != 201 && code != 200) {
                throw new AssertionError("enrolment of " + user + " answered " + code);
            }
            users.add(user);
        }
        Map<String, State> expected = new ConcurrentHashMap<>();
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger replayedApplied = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger serverErrors = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);

        List<Poller> pollerList = new ArrayList<>();
        for (int i = 0; i < pollers; i++) {
            List<String> mine = new ArrayList<>();
            for (int u = i; u < users.size(); u += pollers) {
                mine.add(users.get(u));
            }
            pollerList.add(new Poller(mine, serverErrors));
        }
        ExecutorService pool = Executors.newFixedThreadPool(learners + pollers);
        long started = System.nanoTime();
        List<Future<?>> pollerRuns = new ArrayList<>();
        for (Poller p : pollerList) {
            pollerRuns.add(pool.submit(() -> {
                while (writing.get()) {
                    p.pollOnce();
                    Waits.sleep(100);
                }
                return null;
            }));
        }
        List<Future<?>> writers = new ArrayList<>();
        for (int u = 0; u < users.size(); u++) {
            String user = users.get(u);
            Random random = new Random(u);
            writers.add(pool.submit(() -> {
                for (int r = 0; r < requests; r++) {
                    List<Map<String, Object>> batch = new ArrayList<>();
                    Map<String, State> merged = new HashMap<>();
                    for (int e = 0; e < eventsPerRequest; e++) {
                        String leaf = leaves.get(random.nextInt(leaves.size()));
                        int status = random.nextInt(3);
                        int progress = random.nextInt(101);
                        Instant access = Instant.now().truncatedTo(ChronoUnit.MILLIS)
                                .minusSeconds(random.nextInt(3600));
                        batch.add(Map.of("eventId", UUID.randomUUID().toString(), "courseId", courseId, "batchId",
                                "b1", "contentId", leaf, "status", status, "progress", progress, "lastAccessTime",
                                Timestamps.format(access)));
                        merged.merge(leaf, new State(status, status == 2 ? 100 : progress, access), State::merge);
                    }
                    String body = SatchelClient.json().writeValueAsString(Map.of("events", batch));
                    SatchelClient.Answer a = null;
                    while (a == null) {
                        long t0 = System.nanoTime();
                        try {
                            a = client.postProgress(user, body);
                        } catch (java.io.UncheckedIOException down) {
                            a = null; // sync-api unreachable (killed): a device keeps the batch and sends it again
                        }
                        latencies.add((System.nanoTime() - t0) / 1_000_000);
                        if (a == null || a.status() >= 500) {
                            serverErrors.incrementAndGet();
                            if (!retryFailures) {
                                break;
                            }
                            a = null;
                            Waits.sleep(500);
                        }
                    }
                    if (a == null) {
                        continue;
                    }
                    if (a.status() != 200) {
                        throw new AssertionError("progress POST answered " + a.status() + ": " + a.raw().body());
                    }
                    for (JsonNode res : a.body().get("results")) {
                        switch (res.get("result").asText()) {
                            case "applied" -> applied.incrementAndGet();
                            case "duplicate" -> duplicates.incrementAndGet();
                            default -> rejected.incrementAndGet();
                        }
                    }
                    merged.forEach((leaf, s) -> expected.merge(user + "|" + leaf, s, State::merge));
                    if (r == 0) { // the replay a device sends when it missed the answer: nothing may change
                        SatchelClient.Answer again = replay(user, body);
                        if (again == null) {
                            continue;
                        }
                        for (JsonNode res : again.body().get("results")) {
                            if (!"duplicate".equals(res.get("result").asText())) {
                                replayedApplied.incrementAndGet();
                            }
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
        for (Future<?> p : pollerRuns) {
            p.get();
        }
        long duration = (System.nanoTime() - started) / 1_000_000;
        pool.shutdown();
        for (Poller p : pollerList) {
            p.pollOnce(); // one more round after the last write, as a device does when it comes back
        }

        int mismatches = 0;
        int records = 0;
        Map<String, State> server = new HashMap<>();
        for (String user : users) {
            Poller full = new Poller(List.of(user), serverErrors);
            full.pollOnce();
            server.putAll(full.seen);
        }
        for (Map.Entry<String, State> e : expected.entrySet()) {
            records++;
            if (!e.getValue().equals(server.get(e.getKey()))) {
                mismatches++;
            }
        }
        if (server.size() != expected.size()) {
            mismatches += Math.abs(server.size() - expected.size());
        }
        int missed = 0;
        Map<String, State> polled = new HashMap<>();
        pollerList.forEach(p -> polled.putAll(p.seen));
        for (Map.Entry<String, State> e : expected.entrySet()) {
            if (!e.getValue().equals(polled.get(e.getKey()))) {
                missed++;
            }
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(applied.get(), duplicates.get(), replayedApplied.get(), rejected.get(), serverErrors.get(), mismatches, missed,
                records, percentile(sorted, 50), percentile(sorted, 99), duration);
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Follows some learners' progress feeds: since = the last X-Consistent-Through, following {@code more}. */
    private final class Poller {
        private final List<String> users;
        private final AtomicInteger serverErrors;
        private final Map<String, String> since = new HashMap<>();
        private final Map<String, String> permissions = new HashMap<>();
        final Map<String, State> seen = new HashMap<>();

        Poller(List<String> users, AtomicInteger serverErrors) {
            this.users = users;
            this.serverErrors = serverErrors;
        }

        void pollOnce() {
            for (String user : users) {
                String query = "?limit=200" + (since.containsKey(user) ? "&since=" + since.get(user)
                        + "&sinceIfPermissionsNotChangedSince=" + permissions.get(user) : "");
                String next = query;
                String consistent = null;
                while (next != null && !next.isEmpty()) {
                    SatchelClient.Answer a;
                    try {
                        a = client.progressPage(user, next);
                    } catch (java.io.UncheckedIOException down) {
                        serverErrors.incrementAndGet();
                        return;
                    }
                    if (a.status() >= 500) {
                        serverErrors.incrementAndGet();
                        return;
                    }
                    if (a.status() != 200) {
                        throw new AssertionError("progress GET answered " + a.status() + ": " + a.raw().body());
                    }
                    for (JsonNode r : a.body().get("records")) {
                        State s = new State(r.get("status").asInt(), r.get("progress").asInt(),
                                Instant.parse(r.get("lastAccessTime").asText()));
                        seen.put(user + "|" + r.get("contentId").asText(), s);
                    }
                    consistent = a.header("X-Consistent-Through");
                    if (a.header("X-Permissions-Last-Modified") != null) {
                        permissions.put(user, encode(a.header("X-Permissions-Last-Modified")));
                    }
                    next = a.body().hasNonNull("more") ? a.body().get("more").asText() : null;
                }
                if (consistent != null) {
                    since.put(user, encode(consistent));
                }
            }
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
