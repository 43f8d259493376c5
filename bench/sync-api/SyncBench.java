import io.satchel.common.security.DevTokens;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseArchived;
import io.satchel.events.CourseKey;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.OfflineManifest;
import io.satchel.events.Timestamps;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Load generator of bench/sync-api/run, a separate process from the service (run with the service's lib/main on the
 * class path, in Java's single-file source mode).
 *
 * <pre>
 * publish SYNC_URL S3_ENDPOINT KAFKA KEYS_DIR COURSE_ID LEAVES   → a demo-course-sized manifest, served; prints leaf ids
 * ingest  SYNC_URL KEYS_DIR COURSE_ID LEAF_FILE USERS EVENTS CONCURRENCY CSV_OUT → POST /api/v1/progress in batches of
 *         1000; prints events/s; writes the same rows as CSV for the COPY baseline
 * </pre>
 */
public class SyncBench {
    static final int WARMUP = Integer.getInteger("warmup", 10);
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "publish" -> publish(args[1], args[2], args[3], Path.of(args[4]), args[5], Integer.parseInt(args[6]));
            case "ingest" -> ingest(args[1], Path.of(args[2]), args[3], Path.of(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), Integer.parseInt(args[7]), Path.of(args[8]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static PrivateKey key(Path keys) throws Exception {
        return DevTokens.readPrivateKey(Files.readString(keys.resolve(DevTokens.PRIVATE_KEY_FILE)));
    }

    static String token(PrivateKey key, String user, String role) {
        return "Bearer " + DevTokens.sign(key, user, List.of(role), 7200);
    }

    /** 6 chapters × 4 sequentials × verticals of 3 leaves until LEAVES; zips of 2–60 KiB. */
    static void publish(String sync, String s3, String kafka, Path keys, String courseId, int leaves) throws Exception {
        CourseKey ck = CourseKey.parse(courseId);
        Random rnd = new Random(42);
        Instant now = Timestamps.now();
        String publishId = UUID.randomUUID().toString();
        List<OfflineManifest.Block> blocks = new ArrayList<>();
        Map<String, Long> sectionSizes = new java.util.LinkedHashMap<>();
        try (ObjectStore store = new ObjectStore(s3, "satchel", "satchel-secret", "satchel", "us-east-1", null,
                Duration.ofHours(1), 16 << 20)) {
            store.ensureBucket();
            for (int i = 0; i < leaves; i++) {
                String chapter = ck.blockId("chapter", "ch" + (i * 6 / leaves));
                String seq = ck.blockId("sequential", "seq" + (i * 24 / leaves));
                String vert = ck.blockId("vertical", "v" + (i / 3));
                String type = i % 10 == 0 ? "problem" : i % 17 == 0 ? "video" : "html";
                String blockId = ck.blockId(type, "leaf" + i);
                byte[] zip = new byte[2048 + rnd.nextInt(58 * 1024)];
                rnd.nextBytes(zip);
                String sha = sha256(zip);
                String objectKey = ObjectKeys.blockArchive(courseId, blockId, sha);
                store.put(objectKey, zip, "application/zip", Map.of());
                blocks.add(new OfflineManifest.Block(blockId, type, "Leaf " + i + " of the benchmark course",
                        List.of(chapter, seq, vert), new OfflineManifest.Download(null, objectKey, zip.length, sha, now)));
                sectionSizes.merge(chapter, (long) zip.length, Long::sum);
                sectionSizes.merge(seq, (long) zip.length, Long::sum);
            }
            List<OfflineManifest.Section> sections = new ArrayList<>();
            sectionSizes.forEach((id, size) -> sections.add(new OfflineManifest.Section(id, id.substring(id.lastIndexOf('@') + 1), size)));
            byte[] course = new byte[4096];
            String courseKey = ObjectKeys.courseArchive(courseId, sha256(course));
            store.put(courseKey, course, "application/zip", Map.of());
            OfflineManifest m = new OfflineManifest(courseId, publishId, now, now,
                    new OfflineManifest.Download(null, courseKey, course.length, sha256(course), now), blocks, sections);
            String manifestKey = ObjectKeys.offlineManifest(courseId, publishId);
            store.put(manifestKey, EventJson.toBytes(m), "application/json", Map.of());
            CourseArchived event = new CourseArchived(publishId, courseId, now, now, manifestKey, blocks.size());
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka);
            p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                producer.send(new ProducerRecord<>("course.archived", null, courseId, EventJson.toBytes(event),
                        CloudEvents.headers(event, UUID.randomUUID().toString(), "/satchel/bench", now))).get();
            }
        }
        String admin = token(key(keys), "bench-admin", "admin");
        URI uri = URI.create(sync + "/api/v1/courses/" + courseId + "/offline-manifest");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", admin).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains(publishId)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("manifest not served: " + r.statusCode() + " " + r.body());
            }
            Thread.sleep(200);
        }
        blocks.forEach(b -> System.out.println(b.blockId()));
    }

    static void ingest(String sync, Path keys, String courseId, Path leafFile, int users, int events, int concurrency,
            Path csv) throws Exception {
        PrivateKey key = key(keys);
        List<String> leaves = Files.readAllLines(leafFile).stream().filter(s -> !s.isBlank()).toList();
        String admin = token(key, "bench-admin", "admin");
        List<String> tokens = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String user = "bench-learner-" + u;
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sync + "/api/v1/enrollments/" + user
                    + "/" + courseId)).header("Authorization", admin).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"batchId\":\"bench\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("enroll: " + r.statusCode() + " " + r.body());
            }
            tokens.add(token(key, user, "learner"));
        }
        // Pre-built bodies: the measured time is the service's, not the generator's.
        int batch = 1000;
        int requests = events / batch;
        Random rnd = new Random(7);
        Instant base = Timestamps.now().minusSeconds(86_400);
        List<byte[]> bodies = new ArrayList<>(requests);
        List<Integer> owners = new ArrayList<>(requests);
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            for (int r = 0; r < requests; r++) {
                int user = r % users;
                StringBuilder sb = new StringBuilder(batch * 260).append("{\"events\":[");
                for (int i = 0; i < batch; i++) {
                    String id = UUID.randomUUID().toString();
                    String leaf = leaves.get(rnd.nextInt(leaves.size()));
                    int status = rnd.nextInt(3);
                    int progress = status == 2 ? 100 : rnd.nextInt(100);
                    String access = Timestamps.format(base.plusMillis(rnd.nextInt(86_000_000)));
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"eventId\":\"").append(id).append("\",\"courseId\":\"").append(courseId)
                            .append("\",\"batchId\":\"bench\",\"contentId\":\"").append(leaf).append("\",\"status\":")
                            .append(status).append(",\"progress\":").append(progress).append(",\"lastAccessTime\":\"")
                            .append(access).append("\"}");
                    out.write("bench-learner-" + user + "," + courseId + "," + leaf + ",bench," + status + ","
                            + progress + "," + access + "," + id + "\n");
                }
                bodies.add(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
                owners.add(user);
            }
        }
        URI uri = URI.create(sync + "/api/v1/progress");
        // warm-up: the first WARMUP requests (JIT, connection pool, server-side prepared statements) are not measured;
        // they are real events (in the COPY file too), each request of its own learner as in the measured part
        int warmup = Math.min(WARMUP, bodies.size() - 1);
        for (int i = 0; i < warmup; i++) {
            send(uri, tokens.get(owners.get(i)), bodies.get(i));
        }
        AtomicInteger next = new AtomicInteger(warmup);
        AtomicInteger applied = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        Duration cpu0 = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                    String body = send(uri, tokens.get(owners.get(i)), bodies.get(i));
                    int n = 0;
                    for (int at = body.indexOf("\"applied\""); at >= 0; at = body.indexOf("\"applied\"", at + 1)) {
                        n++;
                    }
                    applied.addAndGet(n);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).minus(cpu0);
        pool.shutdown();
        int measured = (bodies.size() - warmup) * batch;
        System.out.printf("ingest_events=%d%ningest_seconds=%.3f%ningest_events_per_s=%.0f%ningest_applied=%d%n"
                + "generator_cpu_s=%.2f%n", measured, seconds, measured / seconds, applied.get(), cpu.toMillis() / 1e3);
    }

    static String send(URI uri, String token, byte[] body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST /api/v1/progress: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
