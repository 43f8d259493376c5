package io.satchel.renderer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CoursePublished;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.RenderManifest;
import io.satchel.events.Topics;
import io.satchel.renderer.source.SourceIndexes;
import io.satchel.testing.RealInfrastructure;
import io.satchel.testing.TestCourses;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Not part of the test suite (no Test/IT suffix): run by bench/renderer/run. Renders the Open edX demo course through
 * the running service (course.published sent → course.rendered received, real Kafka, S3Proxy, PostgreSQL): a full
 * render on a cold JVM, a full render on a warm JVM, then a republish with one html block changed.
 */
@QuarkusTest
class RendererBenchmark {
    @Inject
    ObjectStore store;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    /**
     * @param handleMs    time inside the renderer's handler (render, manifest, state; its publish timer)
     * @param kafkaInMs   course.published created → handler done, minus the handler: delivery to the renderer
     * @param kafkaOutMs  course.rendered created → received by this benchmark's consumer
     */
    record Run(String label, int blocks, int rendered, long inputBytes, long writtenBytes, double seconds,
            long peakHeap, double cpuSeconds, double handleMs, long kafkaInMs, long kafkaOutMs,
            Map<String, Double> phaseMs) {
    }

    /** The phases of the renderer's {@code satchel.renderer.phase} timer, in the order a publish goes through them. */
    static final List<String> PHASES = List.of("previous", "snapshot", "olx", "plan", "render", "store", "state");

    /** Total time (ms) so far of each phase. */
    private Map<String, Double> phaseTotals() {
        Map<String, Double> out = new java.util.HashMap<>();
        for (String phase : PHASES) {
            io.micrometer.core.instrument.Timer t = registry.find("satchel.renderer.phase").tag("phase", phase).timer();
            out.put(phase, t == null ? 0 : t.totalTime(java.util.concurrent.TimeUnit.MICROSECONDS) / 1000.0);
        }
        return out;
    }

    @Test
    void renderTheDemoCourse() throws Exception {
        Path out = Path.of(System.getProperty("satchel.bench.out", "target/renderer-benchmark.md"));
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String loadAtStart = loadAverage();
        List<Run> runs = new ArrayList<>();
        try (Bus bus = new Bus()) {
            // The renderer's consumer sets up each partition on its first record (about a second, once per
            // partition and assignment): done here for every partition, so no measured publish pays for it.
            bus.warmUpPartitions();
            Path cold = course("Cold" + tag);
            runs.add(publish(bus, cold, "Cold" + tag, Instant.parse("2026-11-01T10:00:00Z"),
                    "demo course, full render (cold JVM)"));
            // the republish path runs once before it is measured, like the full render (JIT-compiled code)
            Path coldHtml = firstHtml(cold);
            Files.writeString(coldHtml, Files.readString(coldHtml) + "<p>edited</p>");
            runs.add(publish(bus, cold, "Cold" + tag, Instant.parse("2026-11-01T11:00:00Z"),
                    "demo course re-published, 1 html block changed (first republish in this JVM)"));
            Path warm = course("Warm" + tag);
            Run full = publish(bus, warm, "Warm" + tag, Instant.parse("2026-11-01T10:00:00Z"),
                    "demo course, full render (warm JVM)");
            runs.add(full);
            Path html = firstHtml(warm);
            Files.writeString(html, Files.readString(html) + "<p>edited</p>");
            Run one = publish(bus, warm, "Warm" + tag, Instant.parse("2026-11-01T11:00:00Z"),
                    "demo course re-published, 1 html block changed");
            assertEquals(1, one.rendered());
            runs.add(one);
            // the read's worst case for a content change: a file near the end of the snapshot (static/ comes after
            // html/; only structure files follow it), so the snapshot is fetched and inflated almost to its end
            Path late = lastStaticFile(warm);
            Files.write(late, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
            runs.add(publish(bus, warm, "Warm" + tag, Instant.parse("2026-11-01T12:00:00Z"),
                    "demo course re-published, 1 course file changed near the end of the snapshot ("
                            + late.getFileName() + ", the last file of static/)"));
            write(out, runs, one.seconds() / full.seconds(), one.cpuSeconds() / full.cpuSeconds(),
                    (double) one.writtenBytes() / full.writtenBytes(), loadAtStart, loadAverage());
        }
    }

    private Run publish(Bus bus, Path courseDir, String org, Instant publishedAt, String label) throws Exception {
        String courseId = "course-v1:" + org + "+DemoX+DemoCourse";
        Path tgz = Files.createTempFile("bench-", ".tar.gz");
        TestCourses.targz(courseDir, "course", tgz);
        String publishId = UUID.randomUUID().toString();
        String key = ObjectKeys.source(courseId, publishId);
        store.put(key, tgz, "application/gzip", Map.of());
        // stored beside the snapshot as the publish-listener stores it when it accepts an upload (before the event)
        store.put(ObjectKeys.sourceIndex(courseId, publishId), EventJson.toBytes(SourceIndexes.of(
                Files.readAllBytes(tgz), key)), "application/json", Map.of());
        long inputBytes = size(courseDir);
        System.gc();
        resetPeaks();
        long cpu0 = cpuNanos();
        io.micrometer.core.instrument.Timer timer = registry.find("satchel.renderer.publish").timer();
        double handled0 = timer == null ? 0 : timer.totalTime(java.util.concurrent.TimeUnit.MICROSECONDS);
        Map<String, Double> phases0 = phaseTotals();
        long t0 = System.nanoTime();
        long publishedTs = bus.send(new CoursePublished(publishId, courseId, publishedAt, key, null, null));
        ConsumerRecord<String, byte[]> record = bus.awaitRendered(publishId);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long receivedTs = System.currentTimeMillis();
        timer = registry.find("satchel.renderer.publish").timer();
        double handleMs = timer == null ? Double.NaN
                : (timer.totalTime(java.util.concurrent.TimeUnit.MICROSECONDS) - handled0) / 1000.0;
        Map<String, Double> phases = phaseTotals();
        phases.replaceAll((phase, total) -> total - phases0.get(phase));
        CourseRendered done = EventJson.fromBytes(record.value(), CourseRendered.class);
        double cpu = (cpuNanos() - cpu0) / 1e9;
        long peak = peakHeap();
        RenderManifest m = EventJson.fromBytes(store.getBytes(done.renderManifestKey()).orElseThrow(),
                RenderManifest.class);
        // bytes written: files under this version's page prefixes, plus assets the course had not stored before
        long written = 0;
        for (String k : store.list("rendered/" + ObjectKeys.segment(courseId) + "/")) {
            var stat = store.stat(k).orElseThrow();
            if (!stat.lastModified().isBefore(Instant.now().minusMillis((long) (seconds * 1000) + 2000))) {
                written += stat.size();
            }
        }
        return new Run(label, m.blocks().size(), done.renderedBlockCount(), inputBytes, written, seconds, peak, cpu,
                handleMs, Math.round(record.timestamp() - publishedTs - handleMs), receivedTs - record.timestamp(),
                phases);
    }

    private static Path course(String org) throws Exception {
        Path copy = TestCourses.copyOf(TestCourses.demoCourseDir());
        Path courseXml = copy.resolve("course.xml");
        Files.writeString(courseXml, Files.readString(courseXml).replace("org=\"OpenedX\"", "org=\"" + org + "\""));
        return copy;
    }

    private static Path lastStaticFile(Path course) throws Exception {
        try (Stream<Path> s = Files.list(course.resolve("static"))) {
            return s.filter(Files::isRegularFile).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    private static Path firstHtml(Path course) throws Exception {
        try (Stream<Path> s = Files.list(course.resolve("html"))) {
            return s.filter(p -> p.toString().endsWith(".html")).sorted().findFirst().orElseThrow();
        }
    }

    private static long size(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** CPU time of this JVM (the renderer service; Kafka, S3Proxy and PostgreSQL run as their own processes). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** The machine's load averages (1, 5, 15 min), or "?" where /proc is not there. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    private static void write(Path out, List<Run> runs, double timeRatio, double cpuRatio, double bytesRatio,
            String loadAtStart, String loadAtEnd) throws Exception {
        StringBuilder md = new StringBuilder("## Renderer\n\n");
        md.append("`bench/renderer/run` (").append(LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, test JVM with -Xmx")
                .append(Runtime.getRuntime().maxMemory() / 1048576).append("m, parallelism ")
                .append(System.getProperty("satchel.renderer.parallelism", "4")).append("). The Open edX demo course ")
                .append("(OLX export, every leaf). Time = course.published sent → course.rendered received through the ")
                .append("running service on real Kafka, S3Proxy and PostgreSQL: snapshot read from S3, safe unpack, ")
                .append("OLX parse, pages rendered, assets and pages written to S3, render manifest, state in ")
                .append("PostgreSQL. MiB/s over the unpacked export; peak heap = sum of heap pools' peaks during the run ")
                .append("(after a GC before it). Machine load average (1, 5, 15 min) at the start: ").append(loadAtStart)
                .append(", at the end: ").append(loadAtEnd).append(" (other builds and benchmarks share the 2 CPUs).\n\n");
        md.append("| run | blocks | rendered | export | written to S3 | time | CPU | blocks/s | MiB/s | peak heap |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : runs) {
            md.append(String.format("| %s | %d | %d | %.1f MiB | %.1f MiB | %.2f s | %.2f s | %.0f | %.1f | %.0f MiB |%n",
                    r.label(), r.blocks(), r.rendered(), r.inputBytes() / 1048576.0, r.writtenBytes() / 1048576.0,
                    r.seconds(), r.cpuSeconds(), r.blocks() / r.seconds(), r.inputBytes() / 1048576.0 / r.seconds(),
                    r.peakHeap() / 1048576.0));
        }
        md.append("\nWhere the wall time goes (ms): Kafka in = course.published created by the benchmark → the renderer's "
                + "handler done, minus the handler (producer, broker, the renderer's consumer); handler = the renderer's "
                + "`satchel.renderer.publish` timer (snapshot, render, S3, manifest, PostgreSQL); Kafka out = "
                + "course.rendered created → received by the benchmark's consumer.\n\n");
        md.append("| run | Kafka in | handler | Kafka out | total |\n|---|---:|---:|---:|---:|\n");
        for (Run r : runs) {
            md.append(String.format("| %s | %d | %.0f | %d | %.0f |%n", r.label(), r.kafkaInMs(), r.handleMs(),
                    r.kafkaOutMs(), r.seconds() * 1000));
        }
        md.append("\nThe handler by phase (ms; the renderer's `satchel.renderer.phase` timer): previous = stale check "
                + "and previous state (PostgreSQL, while the source index is read), snapshot = the unpacked snapshot "
                + "brought up to date, olx = course structure, plan = which blocks render again, render = pages "
                + "rendered and stored in S3, store = render manifest to S3 (overlaps state), state = PostgreSQL "
                + "update and commit.\n\n| run |");
        PHASES.forEach(p -> md.append(' ').append(p).append(" |"));
        md.append("\n|---|").append("---:|".repeat(PHASES.size())).append('\n');
        for (Run r : runs) {
            md.append("| ").append(r.label()).append(" |");
            PHASES.forEach(p -> md.append(String.format(" %.0f |", r.phaseMs().get(p))));
            md.append('\n');
        }
        Run late = runs.get(runs.size() - 1);
        md.append(String.format("%nOne-block republish vs warm full render (goal ≤ 5 %%): **%.1f %%** of the wall "
                + "time, **%.1f %%** of the renderer JVM's CPU time, %.1f %% of the renderer's handler time (the "
                + "table above, without the Kafka hops), %.2f %% of the bytes written (the render manifest). CPU = this JVM's process CPU time (Kafka, S3Proxy, PostgreSQL are other processes); wall "
                + "time on this shared machine varies with the other builds. Each snapshot is stored with its "
                + "per-entry index beside it, as the publish-listener stores them when it accepts an upload (before "
                + "the event; not timed). What a republish pays: reading that index and, by a ranged GET, the start of "
                + "the snapshot up to the changed file (the rest is neither transferred nor inflated, unchanged files "
                + "are neither read nor compared), hashing again the blocks whose recorded lookups touch a changed "
                + "file, rendering and storing that one block, the render manifest (stored while PostgreSQL records "
                + "the one changed row) and the Kafka hops; the other blocks keep their hash and files. The changed "
                + "html file sits early in the snapshot (html/ comes before static/ in an export); the last row "
                + "changes a file near its end instead, so the snapshot is read and inflated almost whole: %.1f %% "
                + "of the warm full render.%n", timeRatio * 100, cpuRatio * 100,
                runs.get(3).handleMs() / runs.get(2).handleMs() * 100, bytesRatio * 100,
                late.seconds() / runs.get(2).seconds() * 100));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.println(md);
    }

    /** Kafka access for the benchmark. */
    static final class Bus implements AutoCloseable {
        final KafkaProducer<String, byte[]> producer;
        final KafkaConsumer<String, byte[]> consumer;

        Bus() {
            String servers = RealInfrastructure.kafka().bootstrapServers();
            Properties p = new Properties();
            p.put("bootstrap.servers", servers);
            p.put("key.serializer", StringSerializer.class.getName());
            p.put("value.serializer", ByteArraySerializer.class.getName());
            p.put("linger.ms", "0"); // as the publish-listener's outbox relay sends course.published
            producer = new KafkaProducer<>(p);
            Properties c = new Properties();
            c.put("bootstrap.servers", servers);
            c.put("group.id", "renderer-bench-" + UUID.randomUUID());
            c.put("auto.offset.reset", "earliest");
            c.put("key.deserializer", StringDeserializer.class.getName());
            c.put("value.deserializer", ByteArrayDeserializer.class.getName());
            consumer = new KafkaConsumer<>(c);
            consumer.subscribe(List.of(Topics.COURSE_RENDERED, Topics.deadLetter(Topics.COURSE_PUBLISHED)));
        }

        /** @return the record's timestamp (its creation time, set by this producer) */
        long send(CoursePublished e) throws Exception {
            RecordHeaders h = (RecordHeaders) io.satchel.events.CloudEvents.headers(e, UUID.randomUUID().toString(),
                    "/bench", Instant.now());
            return producer.send(new ProducerRecord<>(Topics.COURSE_PUBLISHED, null, e.courseId(),
                    EventJson.toBytes(e), h)).get().timestamp();
        }

        /** One unprocessable record per course.published partition, each awaited on the DLQ. */
        void warmUpPartitions() throws Exception {
            int partitions = producer.partitionsFor(Topics.COURSE_PUBLISHED).size();
            java.util.Set<String> pending = new java.util.HashSet<>();
            for (int p = 0; p < partitions; p++) {
                String key = "bench-warm-up-" + UUID.randomUUID();
                pending.add(key);
                producer.send(new ProducerRecord<>(Topics.COURSE_PUBLISHED, p, key,
                        "not an event".getBytes(StandardCharsets.UTF_8))).get();
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    pending.remove(r.key());
                }
            }
            if (!pending.isEmpty()) {
                throw new AssertionError("partitions not warmed up: " + pending);
            }
        }

        ConsumerRecord<String, byte[]> awaitRendered(String publishId) {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    String v = new String(r.value(), StandardCharsets.UTF_8);
                    if (v.contains(publishId)) {
                        if (r.topic().endsWith(".dlq")) {
                            throw new AssertionError("dead-lettered: " + v);
                        }
                        return r;
                    }
                }
            }
            throw new AssertionError("no course.rendered for " + publishId);
        }

        @Override
        public void close() {
            producer.close();
            consumer.close();
        }
    }
}
