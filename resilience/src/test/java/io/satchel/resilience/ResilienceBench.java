package io.satchel.resilience;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.Topics;
import io.satchel.testing.SourceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * bench/resilience/run: the full set of issue 14's scenarios on real processes, with figures, written to
 * docs/reliability.md. Not part of {@code verify} (the pom excludes it); the fast scenarios are ResilienceIT.
 * {@code -Dsatchel.bench.outage=PT5M} sets the store outages' length.
 */
class ResilienceBench {
    private static final Duration LIVE_TIMEOUT = Duration.ofMinutes(15);
    /** satchel.publish.fetch.total-timeout of the stack's publish-listener (the default is 10 min). */
    private static final Duration SOURCE_DEADLINE = Duration.ofSeconds(30);

    /** One line of the table. */
    record Row(String scenario, String load, String faults, String lost, String duplicated, String recovery,
            String notes, boolean passed) {
    }

    private final List<Row> rows = new ArrayList<>();
    private SatchelStack stack;
    private SatchelClient client;
    private EventLog events;

    @Test
    void run() throws Exception {
        Duration outage = Duration.parse(System.getProperty("satchel.bench.outage", "PT5M"));
        Path out = Path.of(System.getProperty("satchel.bench.out",
                SatchelStack.repo().resolve("docs/reliability.md").toString()));
        Instant started = Instant.now();
        // webhook sources come from a local server here, reached as "localhost" (allow-listed like a CMS on a LAN)
        stack = SatchelStack.start(SatchelStack.Options.of(1, 1).withServiceEnv("publish-listener", Map.of(
                "SATCHEL_PUBLISH_FETCH_ALLOW_LIST", "localhost", "SATCHEL_PUBLISH_FETCH_TOTAL_TIMEOUT",
                SOURCE_DEADLINE.toString())));
        try {
            client = stack.client();
            events = new EventLog(stack.kafka().bootstrapServers());
            scenario("Scaling burst", this::scaling);
            scenario("Renderer throughput at 1, 2, 3 renderers", this::throughputByRenderers);
            scenario("SIGSTOP a renderer mid-render", this::pauseRendererMidRender);
            scenario("kill -9 renderer mid-render", () -> killMidWork("renderer", "KillR"));
            scenario("kill -9 archiver mid-archive", () -> killMidWork("archiver", "KillA"));
            scenario("kill -9 publish-listener after a 202", () -> killMidWork("publish-listener", "KillP"));
            scenario("kill -9 sync-api while it takes the archive live", () -> killMidWork("sync-api", "KillS"));
            scenario("kill -9 Kafka after a 202", this::killKafkaAfter202);
            scenario("kill -9 PostgreSQL during bulk progress POSTs", this::killPostgresDuringBulkProgress);
            scenario("kill -9 S3 during a render", this::killS3DuringRender);
            scenario("Learners under load", this::learners);
            scenario("Poison records on every topic", this::poison);
            scenario("A webhook source that drips", this::drippingSource);
            scenario("S3 outage " + outage.toSeconds() + " s during a render", () -> s3Outage(outage));
            scenario("PostgreSQL outage " + outage.toSeconds() + " s", () -> postgresOutage(outage));
            scenario("Kafka outage " + outage.toSeconds() + " s after a 202", () -> kafkaOutage(outage));
        } finally {
            stack.close();
            write(out, outage, Duration.between(started, Instant.now()));
        }
        rows.forEach(System.out::println);
        assertTrue(rows.stream().allMatch(Row::passed), "a scenario failed; see " + out);
    }

    private void scenario(String name, Supplier<Row> body) {
        if (!name.matches(System.getProperty("satchel.bench.only", ".*"))) { // -Dsatchel.bench.only=regex: a subset
            return;
        }
        System.out.println("[bench] " + name + " ...");
        try {
            rows.add(body.get());
        } catch (Throwable e) {
            e.printStackTrace();
            rows.add(new Row(name, "", "", "?", "?", "", "FAILED: " + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse(""), false));
        }
        System.out.println("[bench] " + rows.get(rows.size() - 1));
        for (ServiceProcess s : stack.services()) { // the next scenario starts with every instance up
            if (!s.isRunning() && keptUp(s)) {
                s.start().awaitReady(SatchelStack.START_TIMEOUT);
            }
        }
    }

    /** Every service but the renderers a scenario added (scaling) stays up between scenarios. */
    private boolean keptUp(ServiceProcess s) {
        return !s.name().startsWith("renderer-") || s == stack.renderers().get(0);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Row scaling() {
        Courses.Course demo = Courses.demo("Scale", stack.dir());
        List<Courses.Course> small = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            small.add(Courses.small("Scale", "S" + i, 3, stack.dir()));
        }
        Instant t0 = Instant.now();
        Map<String, SatchelClient.Accepted> accepted = new LinkedHashMap<>();
        try (LagScaler scaler = new LagScaler(stack, Topics.COURSE_PUBLISHED, "renderer", 5, 3,
                Duration.ofSeconds(5), 3)) {
            accepted.put(demo.courseId(), publishNow(demo));
            for (Courses.Course c : small) {
                accepted.put(c.courseId(), publishNow(c));
            }
            Instant burstSent = Instant.now();
            Waits.until("all 61 courses live", LIVE_TIMEOUT, () -> accepted.entrySet().stream()
                    .allMatch(e -> "live".equals(client.statusOf(e.getKey(), e.getValue().publishId()))));
            Instant drained = Instant.now();
            // the scaler goes back to one renderer once the lag is gone
            Waits.until("back to one renderer", Duration.ofMinutes(3),
                    () -> stack.renderers().stream().filter(ServiceProcess::isRunning).count() == 1);
            List<LagScaler.Change> changes = scaler.changes();
            int duplicated = 0;
            int lost = 0;
            List<EventLog.Event> rendered = events.readAll(Topics.COURSE_RENDERED);
            List<EventLog.Event> archived = events.readAll(Topics.COURSE_ARCHIVED);
            List<EventLog.Event> live = events.readAll(Topics.COURSE_LIVE);
            for (SatchelClient.Accepted a : accepted.values()) {
                long generations = archived.stream().filter(e -> a.publishId().equals(e.field("publishId")))
                        .map(e -> e.field("generatedAt")).distinct().count();
                long lives = live.stream().filter(e -> a.publishId().equals(e.field("publishId")))
                        .map(e -> e.header("ce_id")).distinct().count();
                duplicated += Math.max(0, generations - 1) + Math.max(0, lives - 1);
                lost += generations == 0 ? 1 : 0;
            }
            StringBuilder steps = new StringBuilder();
            for (LagScaler.Change c : changes.subList(1, changes.size())) {
                steps.append(steps.length() == 0 ? "" : "; ").append("→ ").append(c.replicas()).append(" at lag ")
                        .append(c.lag()).append(", ").append(Duration.between(t0, c.at()).toSeconds())
                        .append(" s after the first PUT (in effect ").append(c.took().toSeconds())
                        .append(" s after the decision)");
            }
            StringBuilder path = new StringBuilder();
            changes.forEach(c -> path.append(path.length() == 0 ? "" : " → ").append(c.replicas()));
            return new Row("Scaling burst: KEDA rule desired = min(ceil(lag / 5), partitions 3, max 3), checked every"
                    + " 5 s, scale-down after 3 lower readings (SIGTERM)", "60 small courses + the demo course",
                    "renderers " + path + " (SIGTERM on scale-down, mid-course when one was in hand)",
                    String.valueOf(lost), String.valueOf(duplicated),
                    "drained " + Duration.between(t0, drained).toSeconds() + " s after the first PUT ("
                            + Duration.between(burstSent, drained).toSeconds() + " s after the last)",
                    steps + "; " + rendered.size() + " course.rendered records", lost == 0 && duplicated == 0);
        }
    }

    /**
     * The same burst (6 copies of the demo course, 318 blocks each) with 1, 2 and 3 renderers in the group, each
     * count waited for (stable group, every member owning a partition) before the first PUT: courses rendered per
     * minute from the first PUT to the last course.rendered of the burst (renderedAt), then all live. On a 2-core
     * machine the renderers share the CPUs with each other and with everything else.
     */
    private Row throughputByRenderers() {
        int courses = 6;
        StringBuilder rates = new StringBuilder("demo courses rendered/min (first PUT → last renderedAt): ");
        int lost = 0;
        int duplicated = 0;
        try {
            for (int n = 1; n <= 3; n++) {
                int up = running(stack.renderers()).size();
                if (up < n) {
                    stack.addRenderers(n - up);
                }
                ConsumerGroups.awaitSpread(stack.kafka().bootstrapServers(), "renderer", n, Duration.ofMinutes(2));
                List<Courses.Course> burst = new ArrayList<>();
                for (int i = 1; i <= courses; i++) {
                    burst.add(Courses.demo("Tput" + n + "x" + i, stack.dir()));
                }
                Map<String, SatchelClient.Accepted> accepted = new LinkedHashMap<>();
                Instant t0 = Instant.now();
                for (Courses.Course c : burst) {
                    accepted.put(c.courseId(), publishNow(c));
                }
                Waits.until(courses + " demo courses live with " + n + " renderer(s)", LIVE_TIMEOUT, () -> accepted
                        .entrySet().stream().allMatch(e -> "live".equals(client.statusOf(e.getKey(),
                                e.getValue().publishId()))));
                Instant lastRendered = t0;
                for (SatchelClient.Accepted a : accepted.values()) {
                    for (EventLog.Event e : events.ofPublish(Topics.COURSE_RENDERED, a.publishId())) {
                        Instant at = Instant.parse(e.field("renderedAt"));
                        lastRendered = at.isAfter(lastRendered) ? at : lastRendered;
                    }
                    Effects e = Effects.of(events, a.publishId());
                    duplicated += e.duplicates();
                    lost += e.generations() == 0 ? 1 : 0;
                }
                long millis = Math.max(1, Duration.between(t0, lastRendered).toMillis());
                rates.append(n).append(" renderer(s) ").append(String.format("%.1f", courses * 60_000.0 / millis))
                        .append(" (").append(courses).append(" in ").append(millis / 100 / 10.0).append(" s); ");
            }
        } finally {
            for (ServiceProcess r : stack.renderers().subList(1, stack.renderers().size())) { // back to one
                if (r.isRunning()) {
                    r.sigterm();
                    r.awaitExit(Duration.ofMinutes(2));
                }
            }
        }
        return new Row("Renderer throughput by renderer count", courses + " demo courses (318 blocks each) per"
                + " count, published in a burst", "none", String.valueOf(lost), String.valueOf(duplicated), "-",
                rates.toString() + Runtime.getRuntime().availableProcessors() + " CPUs shared by every process"
                        + " (Kafka, PostgreSQL, S3, all services)", lost == 0 && duplicated == 0);
    }

    /**
     * A renderer frozen (SIGSTOP) in the middle of the demo course for longer than its session timeout (10 s): the
     * group moves the partition to the other renderer, which renders it; then the frozen one resumes (SIGCONT) with
     * its stale work in hand. The publish must still go live exactly once, status forward only.
     */
    private Row pauseRendererMidRender() {
        int up = running(stack.renderers()).size();
        if (up < 2) {
            stack.addRenderers(2 - up);
        }
        ConsumerGroups.awaitSpread(stack.kafka().bootstrapServers(), "renderer", 2, Duration.ofMinutes(2));
        Courses.Course demo = Courses.demo("Pause", stack.dir());
        SatchelClient.Accepted accepted = publishNow(demo);
        try (PublishWatch watch = new PublishWatch(client, demo.courseId(), accepted.publishId())) {
            Holder holder = Holder.await(events, Topics.COURSE_PUBLISHED, accepted.publishId(),
                    running(stack.renderers()), LIVE_TIMEOUT);
            ServiceProcess frozen = holder.process();
            frozen.pause();
            Instant paused = Instant.now();
            boolean liveWhileFrozen;
            try {
                watch.awaitLive(Duration.ofMinutes(3)); // the other renderer's work, while this one is frozen
                liveWhileFrozen = true;
            } catch (AssertionError notYet) {
                liveWhileFrozen = false;
            } finally {
                Waits.sleep(Math.max(0, 30_000 - Duration.between(paused, Instant.now()).toMillis()));
                frozen.resume();
            }
            Instant live = watch.awaitLive(LIVE_TIMEOUT);
            Duration frozenFor = Duration.between(paused, Instant.now());
            // the resumed one finishes (or drops) its stale render; give it time to produce what it would
            Waits.sleep(30_000);
            boolean alive = frozen.isRunning() && frozen.isReady();
            Effects effects = Effects.of(events, accepted.publishId());
            long renderedIds = events.ofPublish(Topics.COURSE_RENDERED, accepted.publishId()).stream()
                    .map(e -> e.header("ce_id")).distinct().count();
            SatchelClient.Answer manifest = client.manifest(demo.courseId());
            boolean ok = liveWhileFrozen && effects.liveExactlyOnce() && watch.movedForwardOnly() && alive
                    && manifest.status() == 200
                    && accepted.publishedAt().equals(Instant.parse(manifest.body().get("publishedAt").asText()));
            return new Row("SIGSTOP of the renderer holding the demo course (2 renderers), SIGCONT after "
                    + frozenFor.toSeconds() + " s", "demo course", "SIGSTOP " + frozen.name()
                    + " mid-render (session timeout 10 s), SIGCONT later", "0", String.valueOf(effects.duplicates()),
                    "live " + Duration.between(paused, live).toMillis() / 100 / 10.0 + " s after the SIGSTOP ("
                            + (liveWhileFrozen ? "while it was still frozen" : "NOT while it was frozen") + ")",
                    effects.renders() + " render(s) announced under " + renderedIds + " ce_id(s) (a resumed renderer"
                            + " finishing its stale render announces it again under the same id), "
                            + effects.generations() + " archive generation(s), "
                            + effects.lives() + " live announcement(s); status " + String.join(" → ",
                                    watch.history()) + "; the resumed renderer " + (alive ? "ready again" : "NOT ready"),
                    ok);
        } finally {
            for (ServiceProcess r : stack.renderers().subList(1, stack.renderers().size())) {
                if (r.isRunning()) {
                    r.sigterm();
                    r.awaitExit(Duration.ofMinutes(2));
                }
            }
        }
    }

    private Row killMidWork(String service, String org) {
        Courses.Course demo = Courses.demo(org, stack.dir());
        SatchelClient.Accepted accepted = publishNow(demo);
        try (PublishWatch watch = new PublishWatch(client, demo.courseId(), accepted.publishId())) {
            ServiceProcess victim = switch (service) {
                case "renderer" -> Holder.await(events, Topics.COURSE_PUBLISHED, accepted.publishId(),
                        running(stack.renderers()), LIVE_TIMEOUT).process();
                case "archiver" -> Holder.await(events, Topics.COURSE_RENDERED, accepted.publishId(),
                        running(stack.archivers()), LIVE_TIMEOUT).process();
                case "sync-api" -> Holder.await(events, Topics.COURSE_ARCHIVED, accepted.publishId(),
                        List.of(stack.syncApi()), LIVE_TIMEOUT).process();
                default -> stack.publishListener(); // right after its 202: the outbox may not have sent yet
            };
            victim.kill9();
            Instant restart = Instant.now();
            victim.start().awaitReady(SatchelStack.START_TIMEOUT);
            return liveRow("kill -9 " + service + " in the middle of its work on the demo course", "demo course (313"
                    + " leaves)", "kill -9 " + victim.name() + ", restarted at once", accepted, watch, restart);
        }
    }

    private Row killKafkaAfter202() {
        Courses.Course demo = Courses.demo("KillKafka", stack.dir());
        SatchelClient.Accepted accepted = publishNow(demo);
        try (PublishWatch watch = new PublishWatch(client, demo.courseId(), accepted.publishId())) {
            stack.kafka().kill();
            Waits.sleep(10_000);
            Instant restart = Instant.now();
            stack.kafka().start();
            return liveRow("kill -9 of the Kafka broker right after a 202", "demo course",
                    "kill -9 Kafka, down 10 s", accepted, watch, restart);
        }
    }

    private Row killS3DuringRender() {
        Courses.Course demo = Courses.demo("KillS3", stack.dir());
        SatchelClient.Accepted accepted = publishNow(demo);
        try (PublishWatch watch = new PublishWatch(client, demo.courseId(), accepted.publishId())) {
            Holder.await(events, Topics.COURSE_PUBLISHED, accepted.publishId(), running(stack.renderers()),
                    LIVE_TIMEOUT);
            stack.s3().kill();
            Waits.sleep(10_000);
            Instant restart = Instant.now();
            stack.s3().start();
            return liveRow("kill -9 of the S3 server during a render", "demo course",
                    "kill -9 S3Proxy mid-render, down 10 s", accepted, watch, restart);
        }
    }

    private Row killPostgresDuringBulkProgress() {
        Courses.Course course = liveSmallCourse("KillPg", "BULK");
        LearnerLoad load = new LearnerLoad(client, course.courseId(), 10, 5, 1000, 1).retryingFailures();
        CompletableFuture<LearnerLoad.Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return load.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Waits.sleep(3000);
        stack.postgres().stop();
        Waits.sleep(10_000);
        Instant restart = Instant.now();
        stack.postgres().start();
        Duration recovered = firstSuccess(() -> client.progressPage("probe-user", "?limit=1").status() == 200);
        LearnerLoad.Result r = running.join();
        boolean ok = r.mismatches() == 0 && r.replayedApplied() == 0 && r.missedByPollers() == 0
                && r.applied() + r.duplicates() == 10 * 5 * 1000;
        return new Row("kill -9 of PostgreSQL during bulk progress POSTs", "10 learners × 5 requests × 1,000 events,"
                + " 1 poller; failed requests resent like a device", "pg_ctl -m immediate (crash), down 10 s",
                String.valueOf(r.mismatches() + r.missedByPollers()), String.valueOf(r.replayedApplied()),
                "progress served again " + recovered.toMillis() + " ms after the restart", r.serverErrors()
                        + " failed answers (resent); " + r.applied() + " applied + " + r.duplicates()
                        + " duplicate (committed before the crash) of 50,000", ok);
    }

    private Row learners() {
        Courses.Course course = liveSmallCourse("Learners", "LOAD", 20);
        try {
            LearnerLoad.Result r = new LearnerLoad(client, course.courseId(), 100, 10, 50, 5).run();
            boolean ok = r.serverErrors() == 0 && r.mismatches() == 0 && r.missedByPollers() == 0
                    && r.replayedApplied() == 0 && r.applied() == 100 * 10 * 50;
            return new Row("Learners under load", "100 learners × 10 requests × 50 events + 5 pollers (since +"
                    + " X-Consistent-Through)", "none", String.valueOf(r.mismatches() + r.missedByPollers()),
                    String.valueOf(r.replayedApplied()), "-", "POST p50 " + r.p50Millis() + " ms, p99 "
                            + r.p99Millis() + " ms; " + r.serverErrors() + " 5xx; " + r.applied() + " applied in "
                            + r.durationMillis() / 1000 + " s", ok);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Row poison() {
        String course = "course-v1:BenchPoison+P1+2026";
        Instant t0 = Instant.now();
        List<PoisonRecords.Poison> sent = PoisonRecords.send(events, course);
        Map<String, java.util.Set<String>> codes = new java.util.TreeMap<>(); // kind → dead-letter codes
        int complete = 0;
        for (PoisonRecords.Poison p : sent) {
            PoisonRecords.Landed landed = PoisonRecords.awaitDeadLetter(events, p, Duration.ofMinutes(5));
            var d = landed.deadLetter();
            boolean headers = d.code() != null && d.reason() != null && d.time() != null && d.attempts() != null
                    && d.ceId() != null && p.key().equals(landed.letter().key());
            complete += headers ? 1 : 0;
            codes.computeIfAbsent(p.kind(), k -> new java.util.TreeSet<>()).add(d.code());
        }
        long allIn = Duration.between(t0, Instant.now()).toSeconds();
        Courses.Course next = Courses.small("BenchPoison", "NEXT", 3, stack.dir());
        SatchelClient.Accepted accepted = publishNow(next);
        try (PublishWatch watch = new PublishWatch(client, next.courseId(), accepted.publishId())) {
            Row live = liveRow("", "", "", accepted, watch, Instant.now());
            boolean allReady = stack.services().stream().filter(this::keptUp).allMatch(s -> s.isRunning()
                    && s.isReady());
            return new Row("Poison, oversized and mis-keyed records on every consumed topic", sent.size()
                    + " records on " + PoisonRecords.TOPICS.size() + " topics, then a good course", "none (bad"
                    + " producers)", live.lost(), live.duplicated(), "all " + sent.size() + " in their DLQ "
                    + allIn + " s after the first; the next course " + live.recovery().replace(" after the restart",
                            " after its PUT"), complete + "/" + sent.size() + " dead letters with the full header set"
                            + " and the original key; codes by kind: " + codes + "; every service ready after: "
                            + allReady, live.passed() && allReady && complete == sent.size());
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Row drippingSource() {
        Courses.Course good = Courses.small("Drip", "GOOD", 3, stack.dir());
        Duration every = Duration.ofSeconds(5);
        try (SourceServer cms = new SourceServer(every)) {
            cms.serve("good.tar.gz", bytes(good.targz()));
            long t0 = System.nanoTime();
            SatchelClient.Answer cut = client.webhook("course-v1:Drip+SLOW+2026", Instant.now(), cms.url("drip"));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String code = cut.body() == null || !cut.body().hasNonNull("error") ? null : cut.body().get("error")
                    .asText();
            boolean cutInTime = cut.status() == 422 && "SOURCE_TIMEOUT".equals(code)
                    && took.compareTo(SOURCE_DEADLINE.plusSeconds(15)) < 0;
            boolean ready = stack.publishListener().isReady();
            SatchelClient.Answer ok = client.webhook(good.courseId(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    cms.url("files/good.tar.gz"));
            if (ok.status() != 202) {
                return new Row("A webhook source that drips", "", "", "1", "0", "not accepted", "the good webhook"
                        + " answered " + ok.status() + ": " + ok.raw().body(), false);
            }
            String publishId = ok.body().get("publishId").asText();
            SatchelClient.Accepted accepted = new SatchelClient.Accepted(202, publishId, good.courseId(),
                    Instant.parse(ok.body().get("publishedAt").asText()));
            try (PublishWatch watch = new PublishWatch(client, good.courseId(), publishId)) {
                Row live = liveRow("", "", "", accepted, watch, Instant.now());
                return new Row("A webhook source that sends its headers, then one byte every " + every.toSeconds()
                        + " s", "one dripping source, then a good one", "a slow/hostile CMS (total deadline "
                        + SOURCE_DEADLINE.toSeconds() + " s)", live.lost(), live.duplicated(), "cut after "
                        + took.toMillis() / 100 / 10.0 + " s with " + cut.status() + " " + code
                        + "; the next webhook " + live.recovery().replace(" after the restart", " after its 202"),
                        "publish-listener ready after the cut: " + ready, cutInTime && ready && live.passed());
            }
        }
    }

    private Row s3Outage(Duration outage) {
        Courses.Course demo = Courses.demo("OutS3", stack.dir());
        SatchelClient.Accepted accepted = publishNow(demo);
        try (PublishWatch watch = new PublishWatch(client, demo.courseId(), accepted.publishId())) {
            Holder.await(events, Topics.COURSE_PUBLISHED, accepted.publishId(), running(stack.renderers()),
                    LIVE_TIMEOUT);
            stack.s3Proxy().cut();
            Probes probes = Probes.during(outage, this::probe);
            stack.s3Proxy().restore();
            Instant restore = Instant.now();
            Row r = liveRow("S3 outage", "demo course", "S3 cut for the services " + outage.toSeconds() + " s",
                    accepted, watch, restore);
            return withProbes(r, probes);
        }
    }

    private Row postgresOutage(Duration outage) {
        Courses.Course course = liveSmallCourse("OutPg", "PG");
        LearnerLoad load = new LearnerLoad(client, course.courseId(), 5, 20, 50, 1).retryingFailures();
        CompletableFuture<LearnerLoad.Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return load.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Waits.sleep(2000);
        stack.postgres().stop();
        Probes probes = Probes.during(outage, this::probe);
        stack.postgres().start();
        Instant restart = Instant.now();
        LearnerLoad.Result r = running.join();
        Courses.Course after = Courses.small("OutPg", "AFTER", 3, stack.dir());
        SatchelClient.Accepted accepted = publishAfterRecovery(after);
        try (PublishWatch watch = new PublishWatch(client, after.courseId(), accepted.publishId())) {
            Row live = liveRow("PostgreSQL outage", "", "", accepted, watch, restart);
            boolean ok = live.passed() && r.mismatches() == 0 && r.replayedApplied() == 0
                    && r.applied() + r.duplicates() == 5 * 20 * 50;
            return withProbes(new Row("PostgreSQL outage", "5 learners × 20 requests × 50 events (resent on failure)"
                    + " + a publish after", "PostgreSQL stopped " + outage.toSeconds() + " s",
                    String.valueOf(r.mismatches() + r.missedByPollers()), String.valueOf(r.replayedApplied()),
                    live.recovery(), r.serverErrors() + " failed progress answers, all resent", ok), probes);
        }
    }

    private Row kafkaOutage(Duration outage) {
        Courses.Course before = Courses.small("OutKafka", "BEFORE", 3, stack.dir());
        SatchelClient.Accepted accepted = publishNow(before);
        stack.kafka().stop();
        Courses.Course during = Courses.small("OutKafka", "DURING", 3, stack.dir());
        SatchelClient.Accepted acceptedDuring = publishNow(during); // the outbox holds it
        Probes probes = Probes.during(outage, this::probe);
        Instant restart = Instant.now();
        stack.kafka().start();
        try (PublishWatch w1 = new PublishWatch(client, before.courseId(), accepted.publishId());
                PublishWatch w2 = new PublishWatch(client, during.courseId(), acceptedDuring.publishId())) {
            Row r1 = liveRow("", "", "", accepted, w1, restart);
            Row r2 = liveRow("", "", "", acceptedDuring, w2, restart);
            return withProbes(new Row("Kafka outage", "a publish just before (202) and one during the outage",
                    "Kafka stopped " + outage.toSeconds() + " s", sum(r1.lost(), r2.lost()),
                    sum(r1.duplicated(), r2.duplicated()), r1.recovery() + "; " + r2.recovery(),
                    "the publish during the outage was accepted (202)", r1.passed() && r2.passed()), probes);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** One round of what clients do during an outage: every answer must be 2xx or the contract's error JSON. */
    private Map<String, SatchelClient.Answer> probe() {
        Map<String, SatchelClient.Answer> answers = new LinkedHashMap<>();
        Courses.Course c = Courses.small("Probe", "P" + System.nanoTime() % 100000, 1, stack.dir());
        tryProbe(answers, "PUT source", () -> client.publishAnswer(c.courseId(), c.targz(), Instant.now()));
        tryProbe(answers, "GET manifest", () -> client.manifest("course-v1:Learners+LOAD+2026"));
        tryProbe(answers, "GET progress", () -> client.progressPage("probe-user", "?limit=1"));
        tryProbe(answers, "GET enrollments", () -> client.get(stack.syncApi().baseUrl() + "/api/v1/enrollments",
                "probe-user", "learner"));
        for (ServiceProcess s : stack.services()) {
            if (s.isRunning()) {
                tryProbe(answers, s.name() + " ready", () -> client.get(s.baseUrl() + "/q/health/ready", "x", "x"));
            }
        }
        return answers;
    }

    private static void tryProbe(Map<String, SatchelClient.Answer> answers, String name,
            Supplier<SatchelClient.Answer> call) {
        try {
            answers.put(name, call.get());
        } catch (RuntimeException e) {
            answers.put(name, null);
        }
    }

    /** Probe rounds every 10 s for the outage's length. */
    record Probes(int answers, int nonContract, Map<String, java.util.Set<Integer>> statuses) {
        static Probes during(Duration outage, Supplier<Map<String, SatchelClient.Answer>> probe) {
            long end = System.nanoTime() + outage.toNanos();
            int answers = 0;
            int nonContract = 0;
            Map<String, java.util.Set<Integer>> statuses = new java.util.TreeMap<>();
            while (System.nanoTime() < end) {
                for (Map.Entry<String, SatchelClient.Answer> e : probe.get().entrySet()) {
                    SatchelClient.Answer a = e.getValue();
                    int code = a == null ? -1 : a.status();
                    statuses.computeIfAbsent(e.getKey(), k -> new java.util.TreeSet<>()).add(code);
                    if (e.getKey().endsWith(" ready")) {
                        continue;
                    }
                    answers++;
                    boolean contract = a != null && (a.status() < 400 || (a.body() != null
                            && a.body().hasNonNull("error") && a.body().hasNonNull("message")));
                    if (!contract) {
                        nonContract++;
                    }
                }
                Waits.sleep(Math.min(10_000, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
            }
            return new Probes(answers, nonContract, statuses);
        }

        String describe() {
            StringBuilder s = new StringBuilder(answers + " API answers during the outage, " + nonContract
                    + " not 2xx/contract error JSON; statuses seen: ");
            statuses.forEach((k, v) -> s.append(k).append(' ')
                    .append(v.stream().map(c -> c == -1 ? "refused" : String.valueOf(c)).toList()).append("; "));
            return s.toString();
        }
    }

    private static Row withProbes(Row r, Probes p) {
        return new Row(r.scenario(), r.load(), r.faults(), r.lost(), r.duplicated(), r.recovery(),
                (r.notes().isEmpty() ? "" : r.notes() + "; ") + p.describe(), r.passed() && p.nonContract() == 0);
    }

    private Row liveRow(String scenario, String load, String faults, SatchelClient.Accepted accepted,
            PublishWatch watch, Instant from) {
        Instant live;
        try {
            live = watch.awaitLive(LIVE_TIMEOUT);
        } catch (AssertionError e) {
            return new Row(scenario, load, faults, "1", "0", "not live", e.getMessage(), false);
        }
        Effects effects = Effects.of(events, accepted.publishId());
        boolean ok = effects.liveExactlyOnce() && watch.movedForwardOnly();
        return new Row(scenario, load, faults, "0", String.valueOf(effects.duplicates()),
                "live " + Duration.between(from, live).toMillis() / 100 / 10.0 + " s after the restart",
                effects.renders() + " render(s), " + effects.generations() + " archive generation(s), status "
                        + String.join(" → ", watch.history()), ok);
    }

    private Courses.Course liveSmallCourse(String org, String code) {
        return liveSmallCourse(org, code, 5);
    }

    private Courses.Course liveSmallCourse(String org, String code, int pages) {
        Courses.Course c = Courses.small(org, code, pages, stack.dir());
        SatchelClient.Accepted a = publishNow(c);
        try (PublishWatch w = new PublishWatch(client, c.courseId(), a.publishId())) {
            w.awaitLive(LIVE_TIMEOUT);
        }
        return c;
    }

    private SatchelClient.Accepted publishNow(Courses.Course course) {
        return client.publish(course.courseId(), course.targz(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private SatchelClient.Accepted publishAfterRecovery(Courses.Course course) {
        SatchelClient.Accepted[] a = new SatchelClient.Accepted[1];
        Waits.until("a publish is accepted again", Duration.ofMinutes(3), () -> {
            try {
                a[0] = publishNow(course);
                return true;
            } catch (AssertionError | RuntimeException notYet) {
                return false;
            }
        });
        return a[0];
    }

    private static Duration firstSuccess(Supplier<Boolean> probe) {
        long t0 = System.nanoTime();
        Waits.until("the service answers again", Duration.ofMinutes(5), () -> {
            try {
                return probe.get();
            } catch (RuntimeException e) {
                return false;
            }
        });
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static List<ServiceProcess> running(List<ServiceProcess> all) {
        return all.stream().filter(ServiceProcess::isRunning).toList();
    }

    private static String sum(String a, String b) {
        try {
            return String.valueOf(Integer.parseInt(a) + Integer.parseInt(b));
        } catch (NumberFormatException e) {
            return a + "+" + b;
        }
    }

    private void write(Path out, Duration outage, Duration total) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Reliability: faults and load on real processes\n\n");
        md.append("Written by `bench/resilience/run` (").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs shared with other")
                .append(" builds; load average at the end ").append(loadAverage()).append("; whole run ")
                .append(total.toMinutes()).append(" min). Store outages lasted **").append(outage.toSeconds())
                .append(" s** (`--outage ").append(outage).append("`; the default is 5 min).\n\n");
        md.append("Every service runs as its own process (`<service>/target/quarkus-app/quarkus-run.jar`, the")
                .append(" resilience module's `SatchelStack`): renderers and archivers in their consumer groups,")
                .append(" publish-listener and sync-api once, on one real Kafka broker (KRaft), PostgreSQL and")
                .append(" S3Proxy; the services reach S3 through a TCP proxy that an outage cuts. kill -9 is")
                .append(" SIGKILL; scale-down is SIGTERM. **lost**: accepted publishes that never went live, or")
                .append(" progress records whose final state is not the max-merge of the applied events (or that a")
                .append(" poller following `since` + `X-Consistent-Through` never saw in that state).")
                .append(" **duplicated**: effects beyond one per publish (a second archive generation or live")
                .append(" announcement; a renderer redoing an uncommitted publish is a redo, listed in the notes),")
                .append(" or replayed progress events applied again. Recovery: from the restart (or the end of")
                .append(" the outage) until the publish status said `live`.\n\n");
        md.append("| scenario | load | faults | lost | duplicated | recovery time | notes |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(cell(r.scenario())).append(r.passed() ? "" : " **(FAILED)**").append(" | ")
                    .append(cell(r.load())).append(" | ").append(cell(r.faults())).append(" | ").append(r.lost())
                    .append(" | ").append(r.duplicated()).append(" | ").append(cell(r.recovery())).append(" | ")
                    .append(cell(r.notes())).append(" |\n");
        }
        md.append("\n## Re-run\n\n```\n./mvnw -B install -DskipTests          # the service jars\n")
                .append("bench/resilience/run                    # full set, 5 min store outages\n")
                .append("bench/resilience/run --outage PT60S     # shorter outages\n```\n\n")
                .append("The fast scenarios (kill -9 of a renderer and an archiver, the same poison records on every topic,")
                .append(" a 20 s S3 outage, 20 learners × 5 × 50 events) run in CI as `resilience/ResilienceIT`;")
                .append(" the SIGTERM hand-over between two renderers is `resilience/GracefulHandoverIT`.\n");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        System.out.println(md);
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
