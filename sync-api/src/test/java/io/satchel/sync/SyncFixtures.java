package io.satchel.sync;

import static io.restassured.RestAssured.given;

import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseArchived;
import io.satchel.events.CourseKey;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.OfflineManifest;
import io.satchel.events.OfflineManifest.Block;
import io.satchel.events.OfflineManifest.Download;
import io.satchel.events.OfflineManifest.Section;
import io.satchel.events.Topics;
import io.satchel.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Test courses published the way the archiver does it: block zips and an OfflineManifest written to the real S3, then
 * a CourseArchived on the real Kafka topic. Course layout: 2 chapters × 1 sequential × 1 vertical × N leaves.
 */
public final class SyncFixtures {
    public static final String ADMIN = TestTokens.bearer("admin-1", "admin");

    /** A fresh course id per test, so tests sharing one database never see each other's data. */
    public static String newCourseId() {
        return "course-v1:T" + UUID.randomUUID().toString().substring(0, 8) + "+S+2026";
    }

    public record Published(OfflineManifest manifest, CourseArchived event, Map<String, byte[]> zips) {
        public List<String> leafIds() {
            return manifest.blocks().stream().map(Block::blockId).toList();
        }
    }

    /** Builds and stores a manifest with {@code leavesPerChapter} html leaves in each of 2 chapters. */
    public static Published writeManifest(ObjectStore store, String courseId, Instant publishedAt,
            int leavesPerChapter, String leafPrefix) {
        return writeManifest(store, courseId, publishedAt, leavesPerChapter, leafPrefix, "html", "html");
    }

    /** As above, with the leaves of chapter 1 and of chapter 2 of the given block types (e.g. html, problem). */
    public static Published writeManifest(ObjectStore store, String courseId, Instant publishedAt,
            int leavesPerChapter, String leafPrefix, String chapter1Type, String chapter2Type) {
        CourseKey key = CourseKey.parse(courseId);
        String publishId = UUID.randomUUID().toString();
        Instant generated = publishedAt.plusSeconds(5);
        List<Block> blocks = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        Map<String, byte[]> zips = new java.util.HashMap<>();
        for (int ch = 1; ch <= 2; ch++) {
            String chapter = key.blockId("chapter", "ch" + ch);
            String seq = key.blockId("sequential", "seq" + ch);
            String vert = key.blockId("vertical", "v" + ch);
            long total = 0;
            for (int i = 1; i <= leavesPerChapter; i++) {
                String type = ch == 1 ? chapter1Type : chapter2Type;
                String blockId = key.blockId(type, leafPrefix + ch + "_" + i);
                byte[] zip = zip("index.html", "<html><body>" + blockId + " " + "x".repeat(200 * i) + "</body></html>");
                String objectKey = ObjectKeys.blockArchive(courseId, blockId, sha256(zip));
                store.put(objectKey, zip, "application/zip", Map.of());
                zips.put(blockId, zip);
                blocks.add(new Block(blockId, type, "Page " + ch + "." + i, List.of(chapter, seq, vert),
                        new Download(null, objectKey, zip.length, sha256(zip), generated)));
                total += zip.length;
            }
            sections.add(new Section(chapter, "Chapter " + ch, total));
            sections.add(new Section(seq, "Sequence " + ch, total));
        }
        byte[] courseZip = zip("manifest.json", "{}");
        String courseKey = ObjectKeys.courseArchive(courseId, sha256(courseZip));
        store.put(courseKey, courseZip, "application/zip", Map.of());
        OfflineManifest m = new OfflineManifest(courseId, publishId, publishedAt, generated,
                new Download(null, courseKey, courseZip.length, sha256(courseZip), generated), blocks, sections);
        String manifestKey = ObjectKeys.offlineManifest(courseId, publishId);
        store.put(manifestKey, EventJson.toBytes(m), "application/json", Map.of());
        CourseArchived event = new CourseArchived(publishId, courseId, publishedAt, generated, manifestKey,
                blocks.size());
        return new Published(m, event, zips);
    }

    /** Publishes a new course version and waits until sync-api serves it (as admin). */
    public static Published publish(ObjectStore store, String courseId, Instant publishedAt, int leavesPerChapter) {
        return publish(store, courseId, publishedAt, leavesPerChapter, "html", "html");
    }

    /** A new course version whose chapter 1 and chapter 2 leaves are of the given types; waits until it is served. */
    public static Published publish(ObjectStore store, String courseId, Instant publishedAt, int leavesPerChapter,
            String chapter1Type, String chapter2Type) {
        Published p = writeManifest(store, courseId, publishedAt, leavesPerChapter, "page", chapter1Type,
                chapter2Type);
        send(p.event());
        awaitServed(courseId, p.event().publishId());
        return p;
    }

    public static void send(CourseArchived event) {
        send(event.courseId(), EventJson.toBytes(event), event);
    }

    /** Sends raw bytes on course.archived; CloudEvents headers of {@code headersOf} when not null. */
    public static void send(String key, byte[] value, CourseArchived headersOf) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.COURSE_ARCHIVED, null, key, value,
                    headersOf == null ? null
                            : CloudEvents.headers(headersOf, UUID.randomUUID().toString(), "/satchel/archiver", null));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static void awaitServed(String courseId, String publishId) {
        await(Duration.ofSeconds(60), () -> {
            var r = given().header("Authorization", ADMIN).get(manifestPath(courseId));
            return r.statusCode() == 200 && publishId.equals(r.jsonPath().getString("publishId"));
        });
    }

    public static String manifestPath(String courseId) {
        return "/api/v1/courses/" + courseId + "/offline-manifest";
    }

    public static void enroll(String userId, String courseId, String batchId) {
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("batchId", batchId)).put("/api/v1/enrollments/" + userId + "/" + courseId)
                .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200),
                        org.hamcrest.Matchers.is(201)));
    }

    public static void await(Duration timeout, BooleanSupplier condition) {
        await(timeout, condition, () -> "");
    }

    /** Like {@link #await(Duration, BooleanSupplier)}, saying what was still wrong at the deadline. */
    public static void await(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> why) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + ": " + why.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static byte[] zip(String name, String content) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private SyncFixtures() {
    }
}
