package io.satchel.archiver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.satchel.archiver.support.DemoCourseInput;
import io.satchel.archiver.support.KafkaProbe;
import io.satchel.archiver.storage.TunedS3Client;
import io.satchel.archiver.support.RenderedCourseFixture;
import io.satchel.archiver.zip.DeterministicZipWriter;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CourseArchived;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.OfflineManifest;
import io.satchel.events.RenderManifest;
import io.satchel.testing.TestCourses;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Not part of the test suite (no Test/IT suffix): run by bench/archiver/run. Archives the demo course, rendered input
 * simulated from its OLX, end to end (course.rendered sent → course.archived received, real Kafka/S3/PostgreSQL), and
 * times {@code zip -r} over the same files laid out as the course zip, with the same media stored uncompressed.
 */
@QuarkusTest
class ArchiverBenchmark {
    private static final Duration WAIT = Duration.ofMinutes(15);

    @Inject
    ObjectStore store;

    @Inject
    TunedS3Client s3;

    /**
     * The object-store I/O a run cannot avoid, done with the archiver's own client and concurrency and nothing else:
     * GET every input file, then PUT every output object (the same bytes: block zips and course zip).
     */
    record Floor(double getSeconds, double putSeconds) {
        double seconds() {
            return getSeconds + putSeconds;
        }
    }

    record Run(String label, long inputBytes, int files, int blocks, double seconds, long outputBytes,
            double archiverCpu, double s3Cpu) {
        double mibPerSecond() {
            return inputBytes / 1048576.0 / seconds;
        }
    }

    @Test
    void archiveTheDemoCourse() throws Exception {
        Path demo = TestCourses.demoCourseDir();
        Path out = Path.of(System.getProperty("satchel.bench.out", "target/archiver-benchmark.md"));
        int largeMib = Integer.getInteger("satchel.bench.large-mib", 512);
        String tag = UUID.randomUUID().toString().substring(0, 6);
        Path work = Files.createTempDirectory("archiver-bench-");
        String loadBefore = loadAverage();
        List<Run> runs = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        List<String> floorRows = new ArrayList<>();
        String rawCurl = "";
        try (KafkaProbe kafka = new KafkaProbe()) {
            // 1. cold JVM: first course archived by this process
            Run cold = archive(kafka, demoCourse("cold" + tag, demo), "p1", "demo course, first archive (cold JVM)");
            runs.add(cold);
            warmEveryPartition(kafka, tag, demo);
            // 2. warm: the same content as a new course, every zip built and uploaded again
            RenderedCourseFixture warmCourse = demoCourse("warm" + tag, demo);
            CourseRendered warmEvent = warmCourse.render(store, "p1-" + warmCourse.courseId(), at(0));
            Run warm = timed(kafka, warmEvent, "demo course, full archive (warm JVM)");
            runs.add(warm);
            Floor warmFloor = s3Floor(warmEvent, work);
            // 3. re-publish with one block changed: only that zip is rebuilt
            RenderManifest warmRender = renderManifest(warmEvent);
            String changed = warmRender.blocks().stream().filter(b -> b.type().equals("html")).findFirst()
                    .orElseThrow().blockId();
            warmCourse.change(changed, Map.of("index.html", RenderedCourseFixture.utf8("<p>edited</p>")));
            Run incremental = timed(kafka, warmCourse.render(store, "p2-" + warmCourse.courseId(), at(1)),
                    "demo course re-published, 1 block changed");
            runs.add(incremental);
            double zipDemo = zipR(warmRender, work.resolve("demo"));

            // 4. one large video block: streaming + multipart, heap bounded by -Xmx
            Path big = work.resolve("big.mp4");
            writeRandom(big, largeMib);
            RenderedCourseFixture large = new RenderedCourseFixture("course-v1:Bench+Large+r" + tag)
                    .chapter("ch", "Large").sequential("sq", "Large")
                    .blockFromFiles("video", "big", "Big video", Map.of("index.html", demo.resolve("course.xml"),
                            "assets/big.mp4", big));
            CourseRendered largeEvent = large.render(store, "p1-" + large.courseId(), at(0));
            Run largeRun = timed(kafka, largeEvent, "one " + largeMib + " MiB video block");
            runs.add(largeRun);
            Floor largeFloor = s3Floor(largeEvent, work);
            rawCurl = curlPutGet(big);
            Files.delete(big);
            double zipLarge = zipR(renderManifest(largeEvent), work.resolve("large"));

            rows.add(String.format(Locale.ROOT, "| zip -r, demo course files (same layout, media stored) | %.2f s | "
                    + "%.1f MiB/s | archiver warm / zip -r = **%.2f×** |", zipDemo,
                    warm.inputBytes() / 1048576.0 / zipDemo, warm.seconds() / zipDemo));
            rows.add(String.format(Locale.ROOT, "| zip -r, %d MiB video | %.2f s | %.1f MiB/s | archiver / zip -r = "
                    + "**%.2f×** |", largeMib, zipLarge, largeRun.inputBytes() / 1048576.0 / zipLarge,
                    largeRun.seconds() / zipLarge));
            floorRows.add(floorRow("demo course (" + warm.files() + " GETs, " + (warm.blocks() + 1) + " PUTs)", warm,
                    warmFloor, zipDemo));
            floorRows.add(floorRow("one " + largeMib + " MiB video block (1 GET, 2 PUTs)", largeRun, largeFloor,
                    zipLarge));
        } finally {
            deleteTree(work);
        }
        writeReport(out, runs, rows, floorRows, rawCurl, loadBefore, loadAverage());
    }

    private static String floorRow(String what, Run run, Floor floor, double zipR) {
        return String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s | **%.2f×** |", what,
                floor.getSeconds(), floor.putSeconds(), floor.seconds(), zipR, run.seconds(),
                run.seconds() / (floor.seconds() + zipR));
    }

    /**
     * Times the object-store I/O of an archived run (see {@link Floor}) with {@link TunedS3Client} and as many threads
     * as the archiver's workers. Outputs are fetched first (untimed) into memory, or a temp file when large, and put
     * under a scratch prefix.
     */
    private Floor s3Floor(CourseRendered event, Path work) throws Exception {
        RenderManifest render = renderManifest(event);
        OfflineManifest m = EventJson.fromBytes(store.getBytes(ObjectKeys.offlineManifest(event.courseId(),
                event.publishId())).orElseThrow(), OfflineManifest.class);
        List<OfflineManifest.Download> outputs = new ArrayList<>();
        m.blocks().forEach(b -> outputs.add(b.offlineDownload()));
        outputs.add(m.course());
        List<Object> bodies = new ArrayList<>();
        for (OfflineManifest.Download d : outputs) {
            if (d.fileSize() < 8 << 20) {
                bodies.add(store.getBytes(d.objectKey()).orElseThrow());
            } else {
                Path f = Files.createTempFile(work, "floor-", ".zip");
                try (InputStream in = store.get(d.objectKey()).orElseThrow()) {
                    Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                bodies.add(f);
            }
        }
        String scratch = "bench-floor/" + UUID.randomUUID() + "/";
        int threads = Integer.getInteger("satchel.archiver.parallelism", 8);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> gets = new ArrayList<>();
            for (RenderManifest.Block b : render.blocks()) {
                for (RenderManifest.File f : b.files()) {
                    gets.add(() -> {
                        try (InputStream in = s3.get(f.key()).orElseThrow()) {
                            in.transferTo(OutputStream.nullOutputStream());
                        }
                        return null;
                    });
                }
            }
            double getSeconds = timedAll(pool, gets);
            List<Callable<Void>> puts = new ArrayList<>();
            for (int i = 0; i < outputs.size(); i++) {
                OfflineManifest.Download d = outputs.get(i);
                Object body = bodies.get(i);
                String key = scratch + i;
                Map<String, String> meta = Map.of("sha256", d.sha256());
                puts.add(() -> {
                    if (body instanceof byte[] bytes) {
                        s3.put(key, bytes, bytes.length, d.sha256(), "application/zip", meta);
                    } else {
                        s3.put(key, (Path) body, d.sha256(), "application/zip", meta);
                    }
                    return null;
                });
            }
            double putSeconds = timedAll(pool, puts);
            return new Floor(getSeconds, putSeconds);
        } finally {
            pool.shutdownNow();
            for (Object body : bodies) {
                if (body instanceof Path p) {
                    Files.deleteIfExists(p);
                }
            }
            for (String key : store.list(scratch)) {
                store.delete(key);
            }
        }
    }

    /** The test S3 server's raw speed for one large object, with curl (unsigned streamed PUT, then GET). */
    private String curlPutGet(Path file) throws Exception {
        String url = io.satchel.testing.RealInfrastructure.s3().endpoint() + "/" + store.bucket() + "/bench-floor/raw-"
                + UUID.randomUUID();
        String user = io.satchel.testing.RealInfrastructure.s3().accessKey() + ":"
                + io.satchel.testing.RealInfrastructure.s3().secretKey();
        List<String> common = List.of("curl", "-s", "-f", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", user, "-H",
                "x-amz-content-sha256: UNSIGNED-PAYLOAD", "-H", "Expect:", "-o", "/dev/null", "-w", "%{time_total}");
        try {
            List<String> put = new ArrayList<>(common);
            put.addAll(List.of("-T", file.toString(), url));
            double putSeconds = Double.parseDouble(run(put));
            List<String> get = new ArrayList<>(common);
            get.add(url);
            double getSeconds = Double.parseDouble(run(get));
            double mib = Files.size(file) / 1048576.0;
            return String.format(Locale.ROOT, "The S3 server alone, same run (curl, one %.0f MiB object, unsigned "
                    + "streamed PUT then GET): PUT %.2f s (%.0f MiB/s), GET %.2f s (%.0f MiB/s).", mib, putSeconds,
                    mib / putSeconds, getSeconds, mib / getSeconds);
        } catch (RuntimeException e) {
            return "The S3 server alone: curl measurement failed (" + e.getMessage() + ").";
        } finally {
            store.list("bench-floor/raw-").forEach(store::delete);
        }
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("curl exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    private static double timedAll(ExecutorService pool, List<Callable<Void>> tasks) throws Exception {
        long start = System.nanoTime();
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> t : tasks) {
            futures.add(pool.submit(t));
        }
        for (Future<Void> f : futures) {
            f.get();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * SmallRye sets a partition up on its first record (~1 s, once per consumer); the course ids below land anywhere,
     * so one tiny course per partition is archived first, untimed, and every timed run after the cold one meets a warm
     * consumer.
     */
    private void warmEveryPartition(KafkaProbe kafka, String tag, Path demo) {
        int partitions = kafka.renderedPartitions();
        java.util.Set<Integer> warmed = new java.util.HashSet<>();
        for (int i = 0; warmed.size() < partitions && i < 200; i++) {
            String courseId = "course-v1:Bench+Warm" + i + "+r" + tag;
            int partition = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    courseId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
            if (warmed.add(partition)) {
                RenderedCourseFixture tiny = new RenderedCourseFixture(courseId).chapter("ch", "Warm")
                        .sequential("sq", "Warm").blockFromFiles("html", "page", "Page",
                                Map.of("index.html", demo.resolve("course.xml")));
                CourseRendered event = tiny.render(store, "p1-" + courseId, at(0));
                kafka.send(event);
                kafka.awaitArchived(courseId, event.publishId(), WAIT);
            }
        }
    }

    private RenderedCourseFixture demoCourse(String run, Path demo) {
        return DemoCourseInput.addTo(new RenderedCourseFixture("course-v1:Bench+Demo+" + run), demo);
    }

    private Run archive(KafkaProbe kafka, RenderedCourseFixture course, String publish, String label) {
        return timed(kafka, course.render(store, publish + "-" + course.courseId(), at(0)), label);
    }

    private Run timed(KafkaProbe kafka, CourseRendered event, String label) {
        RenderManifest render = renderManifest(event);
        long bytes = 0;
        int files = 0;
        for (RenderManifest.Block b : render.blocks()) {
            for (RenderManifest.File f : b.files()) {
                bytes += f.size();
                files++;
            }
        }
        idle();
        double cpuBefore = ownCpuSeconds();
        double s3Before = s3ProxyCpuSeconds();
        long start = System.nanoTime();
        kafka.send(event);
        CourseArchived archived = kafka.awaitArchived(event.courseId(), event.publishId(), WAIT);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ownCpuSeconds() - cpuBefore;
        double s3Cpu = s3ProxyCpuSeconds() - s3Before;
        OfflineManifest m = EventJson.fromBytes(store.getBytes(archived.manifestKey()).orElseThrow(),
                OfflineManifest.class);
        assertEquals(render.blocks().size(), m.blocks().size());
        long output = m.course().fileSize() + m.blocks().stream().mapToLong(b -> b.offlineDownload().fileSize()).sum();
        return new Run(label, bytes, files, render.blocks().size(), seconds, output, cpu, s3Cpu);
    }

    /**
     * Lets the archiver finish what follows the announcement of the previous run (its cleanup), so each run is timed
     * from an idle service.
     */
    private static void idle() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU time of this JVM: the archiver, plus the benchmark's Kafka probe. */
    private static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** CPU time of the S3Proxy process serving this test (found by the port in its properties), or NaN. */
    private static double s3ProxyCpuSeconds() {
        try {
            String port = ":" + java.net.URI.create(io.satchel.testing.RealInfrastructure.s3().endpoint()).getPort();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    String[] args;
                    try {
                        args = Files.readString(proc.resolve("cmdline")).split("\0");
                    } catch (IOException e) {
                        continue;
                    }
                    List<String> argList = List.of(args);
                    int props = argList.indexOf("--properties");
                    if (props < 0 || props + 1 >= args.length || !String.join(" ", argList).contains("s3proxy")
                            || !Files.readString(Path.of(args[props + 1])).contains(port + "\n")) {
                        continue;
                    }
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, USER_HZ 100
                }
            }
        } catch (IOException | RuntimeException e) {
            // not on Linux, or S3 not started by this harness
        }
        return Double.NaN;
    }

    private RenderManifest renderManifest(CourseRendered event) {
        return EventJson.fromBytes(store.getBytes(event.renderManifestKey()).orElseThrow(), RenderManifest.class);
    }

    /** Lays the rendered files out as the course zip does (folder per block) and times {@code zip -r} over them. */
    private double zipR(RenderManifest render, Path dir) throws Exception {
        Path tree = dir.resolve("tree");
        for (RenderManifest.Block b : render.blocks()) {
            for (RenderManifest.File f : b.files()) {
                Path target = tree.resolve(ObjectKeys.segment(b.blockId())).resolve(f.path());
                Files.createDirectories(target.getParent());
                try (InputStream in = store.get(f.key()).orElseThrow()) {
                    Files.copy(in, target);
                }
            }
        }
        List<String> cmd = new ArrayList<>(List.of("zip", "-r", "-q", "-X", "-6", "-n",
                String.join(":", DeterministicZipWriter.storedExtensions().stream().sorted().map(s -> "." + s).toList()), dir.resolve("out.zip").toString(),
                "."));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(tree.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("zip -r failed");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        deleteTree(dir);
        return seconds;
    }

    /** 1-minute load average: these machines are shared, so the figures say how busy it was. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private void writeReport(Path out, List<Run> runs, List<String> zipRows, List<String> floorRows, String rawCurl,
            String loadBefore, String loadAfter) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("## Archiver\n\n");
        md.append("`bench/archiver/run` (").append(Instant.now().toString(), 0, 10).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, load average ").append(loadBefore)
                .append(" before / ").append(loadAfter).append(" after, ").append(Integer.getInteger(
                        "satchel.archiver.parallelism", 8)).append(" blocks in parallel, test JVM with -Xmx")
                .append(Runtime.getRuntime().maxMemory() / 1048576).append("m). Rendered input simulated from the ")
                .append("Open edX demo course OLX (each leaf: its page + every /static/ or asset-v1 file it ")
                .append("references). Time = course.rendered sent → course.archived received on real Kafka, S3Proxy ")
                .append("and PostgreSQL: reading inputs from S3, one zip per block + the course zip (entries copied ")
                .append("raw from the block zips), uploads, manifest, PostgreSQL, Kafka. MiB/s over input bytes. ")
                .append("Each run starts with the service idle; after the cold run, one tiny course per Kafka partition ")
                .append("is archived untimed (SmallRye sets a partition up on its first record, ~1 s once per ")
                .append("consumer). CPU = CPU seconds the test JVM (archiver + Kafka probe) and the S3Proxy process ")
                .append("used during the run.\n\n");
        md.append("| run | blocks | files | input | output (block zips + course zip) | time | throughput | CPU: "
                + "archiver JVM / S3Proxy |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : runs) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f MiB | %.1f MiB | %.2f s | %.1f MiB/s | "
                    + "%.1f s / %.1f s |\n", r.label(), r.blocks(), r.files(), r.inputBytes() / 1048576.0,
                    r.outputBytes() / 1048576.0, r.seconds(), r.mibPerSecond(), r.archiverCpu(), r.s3Cpu()));
        }
        md.append("\nSame files with `zip -r -X -6 -n <media suffixes>` (one zip, local disk only, no S3), same run:\n\n");
        md.append("| zip -r | time | throughput | ratio (goal ≤ 3×) |\n|---|---:|---:|---:|\n");
        zipRows.forEach(r -> md.append(r).append('\n'));
        md.append("\nThe object-store floor, same run: the S3 requests a run cannot avoid, timed alone with the archiver's ")
                .append("own client and as many threads as it has workers — GET every input file, then PUT every output ")
                .append("object (the same bytes: block zips and course zip). `zip -r` touches no S3, so the last column ")
                .append("compares the archiver with `zip -r` plus this floor (same output, same store):\n\n");
        md.append("| run | S3 GETs | S3 PUTs | S3 floor | zip -r | archiver | archiver / (zip -r + S3 floor) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        floorRows.forEach(r -> md.append(r).append('\n'));
        md.append("\n").append(rawCurl).append("\n");
        md.append("\nA heap of -Xmx").append(Runtime.getRuntime().maxMemory() / 1048576)
                .append("m is enough for the large block: small zips are held in memory within a fixed budget, large ")
                .append("ones in temp files streamed to S3.\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.println(md);
    }

    private static Instant at(int minutes) {
        return Instant.parse("2026-11-01T10:00:00.000Z").plus(Duration.ofMinutes(minutes));
    }

    private static void writeRandom(Path file, int mib) throws IOException {
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream o = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(chunk);
                o.write(chunk);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
