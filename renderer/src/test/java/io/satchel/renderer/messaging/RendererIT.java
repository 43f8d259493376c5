package io.satchel.renderer.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CloudEvents;
import io.satchel.events.CoursePublished;
import io.satchel.events.CourseRendered;
import io.satchel.events.DeadLetters;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.RenderManifest;
import io.satchel.events.Timestamps;
import io.satchel.events.Topics;
import io.satchel.renderer.render.PageChecks;
import io.satchel.renderer.render.Digests;
import io.satchel.testing.SatchelTestResource;
import io.satchel.testing.TestCourses;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The renderer against real Kafka, PostgreSQL and S3: a publish of the demo course renders every block into
 * self-contained pages; a republish with one html changed renders exactly one block; a stale publish is ignored;
 * broken archives, malformed OLX, XXE and non-events go to the DLQ while the consumer keeps going.
 */
@QuarkusTest
@QuarkusTestResource(SatchelTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RendererIT {
    static final String DEMO = TestCourses.DEMO_COURSE_ID;
    static final String SAMPLE = TestCourses.SAMPLE_COURSE_ID;
    static final Duration WAIT = Duration.ofMinutes(4);
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00.000Z");
    static EventBus bus;
    static RenderManifest firstDemo;
    static RenderManifest lastDemo;

    @Inject
    ObjectStore store;

    @Inject
    io.satchel.renderer.config.LmsConfig lms;

    @BeforeAll
    static void bus() {
        bus = new EventBus(Topics.COURSE_RENDERED, Topics.deadLetter(Topics.COURSE_PUBLISHED));
    }

    @AfterAll
    static void close() {
        bus.close();
    }

    private CoursePublished publish(String courseId, Path courseDir, Instant publishedAt) throws Exception {
        Path tgz = Files.createTempFile("course-", ".tar.gz");
        TestCourses.targz(courseDir, "course", tgz);
        return publishBytes(courseId, Files.readAllBytes(tgz), publishedAt);
    }

    private CoursePublished publishBytes(String courseId, byte[] archive, Instant publishedAt) throws Exception {
        String publishId = UUID.randomUUID().toString();
        String key = ObjectKeys.source(courseId, publishId);
        store.put(key, archive, "application/gzip", Map.of());
        CoursePublished event = new CoursePublished(publishId, courseId, publishedAt, key, null, Digests.sha256(archive));
        bus.publish(Topics.COURSE_PUBLISHED, event);
        return event;
    }

    private CourseRendered rendered(CoursePublished event) {
        ConsumerRecord<String, byte[]> r = bus.await(rec -> rec.topic().equals(Topics.COURSE_RENDERED)
                && new String(rec.value(), StandardCharsets.UTF_8).contains(event.publishId()), WAIT);
        assertEquals(event.courseId(), r.key());
        assertEquals("io.satchel.course.rendered.v1", CloudEvents.header(r.headers(), CloudEvents.TYPE));
        assertEquals("/satchel/renderer", CloudEvents.header(r.headers(), CloudEvents.SOURCE));
        return EventJson.fromBytes(r.value(), CourseRendered.class);
    }

    private ConsumerRecord<String, byte[]> deadLettered(String publishId) {
        return bus.await(rec -> rec.topic().equals(Topics.deadLetter(Topics.COURSE_PUBLISHED))
                && new String(rec.value(), StandardCharsets.UTF_8).contains(publishId), WAIT);
    }

    private RenderManifest manifest(CourseRendered event) {
        return EventJson.fromBytes(store.getBytes(event.renderManifestKey()).orElseThrow(), RenderManifest.class);
    }

    @Test
    @Order(1)
    void demoCourseRendersEveryBlockIntoSelfContainedPages() throws Exception {
        CoursePublished event = publish(DEMO, TestCourses.demoCourseDir(), T0);
        CourseRendered done = rendered(event);
        assertEquals(ObjectKeys.renderManifest(DEMO, event.publishId()), done.renderManifestKey());
        RenderManifest m = manifest(done);
        firstDemo = m;
        assertEquals(done.blockCount(), m.blocks().size());
        assertEquals(done.blockCount(), done.renderedBlockCount());
        assertEquals(266, m.blocks().stream().filter(b -> b.type().equals("html")).count());
        // 23 in verticals + the 6 library_content children
        assertEquals(29, m.blocks().stream().filter(b -> b.type().equals("problem")).count());
        assertEquals(11, m.blocks().stream().filter(b -> b.type().equals("video")).count());
        assertEquals(6 + 17, m.sections().size());
        assertEquals("chapter", m.sections().get(0).type());
        Set<String> blockIds = m.blocks().stream().map(RenderManifest.Block::blockId).collect(Collectors.toSet());
        String own = "rendered/" + ObjectKeys.segment(DEMO) + "/";
        for (RenderManifest.Block b : m.blocks()) {
            // chapter, sequential, vertical (+ library_content for its children)
            assertEquals(b.path().stream().anyMatch(p -> p.contains("type@library_content")) ? 4 : 3,
                    b.path().size(), b.blockId());
            assertTrue(b.files().stream().anyMatch(f -> f.path().equals("index.html")), b.blockId());
            for (RenderManifest.File f : b.files()) {
                assertTrue(f.key().startsWith(own), f.key());
            }
            if (!Set.of("html", "problem", "video").contains(b.type())) {
                continue;
            }
            Map<String, byte[]> files = new TreeMap<>();
            for (RenderManifest.File f : b.files()) {
                String p = f.path().toLowerCase(Locale.ROOT);
                boolean inspect = p.endsWith(".html") || p.endsWith(".css") || p.equals("satchel.json");
                files.put(f.path(), inspect ? store.getBytes(f.key()).orElseThrow() : new byte[0]);
                if (inspect) {
                    assertEquals(f.sha256(), Digests.sha256(files.get(f.path())), f.key());
                }
            }
            PageChecks.assertSelfContained(b.blockId(), files, blockIds);
            String index = new String(files.get("index.html"), StandardCharsets.UTF_8);
            if (b.type().equals("problem")) {
                assertFalse(index.contains("correct="), b.blockId() + " shows correct flags");
                assertFalse(index.contains("detailed-solution"), b.blockId() + " shows a solution");
                assertFalse(index.contains("choicehint"), b.blockId() + " shows hints");
            }
            if (!b.missingAssets().isEmpty()) {
                assertTrue(files.containsKey("satchel.json"), b.blockId());
            }
        }
        // assets are content-addressed: the key names the bytes' sha256
        RenderManifest.File asset = m.blocks().stream().flatMap(b -> b.files().stream())
                .filter(f -> f.path().startsWith("assets/")).findFirst().orElseThrow();
        assertEquals(ObjectKeys.renderedAsset(DEMO, asset.sha256()), asset.key());
        assertEquals(asset.size(), store.stat(asset.key()).orElseThrow().size());
    }

    @Test
    @Order(2)
    void republishWithOneHtmlChangedRendersExactlyThatBlock() throws Exception {
        Path copy = TestCourses.copyOf(TestCourses.demoCourseDir());
        RenderManifest.Block target = firstDemo.blocks().stream().filter(b -> b.type().equals("html")).skip(5)
                .findFirst().orElseThrow();
        String urlName = target.blockId().substring(target.blockId().indexOf("block@") + 6);
        Path htmlFile;
        try (Stream<Path> s = Files.list(copy.resolve("html"))) {
            String def = Files.readString(copy.resolve("html/" + urlName + ".xml"));
            String filename = def.replaceAll("(?s).*filename=\"([^\"]+)\".*", "$1");
            htmlFile = copy.resolve("html/" + (filename.endsWith(".html") ? filename : filename + ".html"));
            assertTrue(s.findAny().isPresent());
        }
        Files.writeString(htmlFile, Files.readString(htmlFile) + "<p>Changed for the republish test.</p>");

        CourseRendered done = rendered(publish(DEMO, copy, T0.plusSeconds(60)));
        assertEquals(1, done.renderedBlockCount());
        RenderManifest m = manifest(done);
        Map<String, RenderManifest.Block> before = firstDemo.blocks().stream()
                .collect(Collectors.toMap(RenderManifest.Block::blockId, b -> b));
        for (RenderManifest.Block b : m.blocks()) {
            if (b.blockId().equals(target.blockId())) {
                assertNotEquals(before.get(b.blockId()).contentHash(), b.contentHash());
                String index = new String(store.getBytes(b.files().stream().filter(f -> f.path().equals("index.html"))
                        .findFirst().orElseThrow().key()).orElseThrow(), StandardCharsets.UTF_8);
                assertTrue(index.contains("Changed for the republish test."));
            } else {
                assertEquals(before.get(b.blockId()).contentHash(), b.contentHash(), b.blockId());
                assertEquals(before.get(b.blockId()).files(), b.files(), b.blockId());
            }
        }
    }

    @Test
    @Order(3)
    void stalePublishIsIgnored() throws Exception {
        CoursePublished stale = publish(DEMO, TestCourses.demoCourseDir(), T0.plusSeconds(30));
        // same course ⇒ same partition ⇒ handled before this newer one
        CoursePublished newer = publish(DEMO, TestCourses.demoCourseDir(), T0.plusSeconds(120));
        CourseRendered done = rendered(newer);
        assertEquals(1, done.renderedBlockCount(), "the changed html is back to its original");
        assertTrue(bus.seen(r -> new String(r.value(), StandardCharsets.UTF_8).contains(stale.publishId())).isEmpty(),
                "a stale publish is neither rendered nor dead-lettered");
        assertFalse(store.exists(ObjectKeys.renderManifest(DEMO, stale.publishId())));
    }

    @Test
    @Order(4)
    void unprocessableRecordsGoToTheDlqAndTheConsumerKeepsGoing() throws Exception {
        // a broken archive
        CoursePublished broken = publishBytes(SAMPLE, "not a tar.gz".getBytes(StandardCharsets.UTF_8), T0);
        assertEquals("BROKEN_ARCHIVE", header(deadLettered(broken.publishId()), CloudEvents.DLQ_CODE));

        // bytes that are not the snapshot the event names
        Path sampleTgz = Files.createTempFile("course-", ".tar.gz");
        TestCourses.targz(TestCourses.sampleCourseDir(), "course", sampleTgz);
        String wrongId = UUID.randomUUID().toString();
        String wrongKey = ObjectKeys.source(SAMPLE, wrongId);
        store.put(wrongKey, sampleTgz, "application/gzip", Map.of());
        bus.publish(Topics.COURSE_PUBLISHED, new CoursePublished(wrongId, SAMPLE, T0, wrongKey, null,
                Digests.sha256("something else".getBytes(StandardCharsets.UTF_8))));
        assertEquals("SOURCE_CHECKSUM_MISMATCH", header(deadLettered(wrongId), CloudEvents.DLQ_CODE));

        // malformed course-level OLX (a malformed block only makes that block unavailable: test 10)
        Path malformed = TestCourses.copyOf(TestCourses.sampleCourseDir());
        Files.writeString(malformed.resolve("course/2026.xml"), "<course><chapter url_name=\"getting_started\">");
        CoursePublished bad = publish(SAMPLE, malformed, T0);
        ConsumerRecord<String, byte[]> dlq = deadLettered(bad.publishId());
        assertEquals("MALFORMED_OLX", header(dlq, CloudEvents.DLQ_CODE));
        assertTrue(header(dlq, CloudEvents.DLQ_REASON).contains("2026.xml"));

        // an external entity in OLX is never expanded
        Path xxe = TestCourses.copyOf(TestCourses.sampleCourseDir());
        Path secret = Files.writeString(Files.createTempFile("secret-", ".txt"), "XXE-SECRET-CONTENT");
        Files.writeString(xxe.resolve("course/2026.xml"), "<?xml version=\"1.0\"?><!DOCTYPE course [<!ENTITY x SYSTEM \""
                + secret.toUri() + "\">]><course display_name=\"&x;\"><chapter url_name=\"getting_started\"/></course>");
        CoursePublished hostile = publish(SAMPLE, xxe, T0);
        ConsumerRecord<String, byte[]> xxeDlq = deadLettered(hostile.publishId());
        assertEquals("MALFORMED_OLX", header(xxeDlq, CloudEvents.DLQ_CODE));
        assertFalse(header(xxeDlq, CloudEvents.DLQ_REASON).contains("XXE-SECRET-CONTENT"));
        assertFalse(store.exists(ObjectKeys.renderManifest(SAMPLE, hostile.publishId())));

        // not an event at all
        bus.publishRaw(Topics.COURSE_PUBLISHED, SAMPLE, "{not json".getBytes(StandardCharsets.UTF_8));
        bus.await(r -> r.topic().equals(Topics.deadLetter(Topics.COURSE_PUBLISHED))
                && "INVALID_EVENT".equals(header(r, CloudEvents.DLQ_CODE)), WAIT);

        // a sourceKey of another course is refused
        CoursePublished foreign = new CoursePublished(UUID.randomUUID().toString(), SAMPLE, T0, ObjectKeys.source(DEMO,
                "x"), null, null);
        bus.publish(Topics.COURSE_PUBLISHED, foreign);
        assertEquals("FOREIGN_SOURCE_KEY", header(deadLettered(foreign.publishId()), CloudEvents.DLQ_CODE));

        // ...and the consumer is still there: the valid sample course renders
        CourseRendered ok = rendered(publish(SAMPLE, TestCourses.sampleCourseDir(), T0));
        RenderManifest m = manifest(ok);
        assertEquals(7, m.blocks().size());
        RenderManifest.Block welcome = m.blocks().stream().filter(b -> b.blockId().endsWith("block@welcome"))
                .findFirst().orElseThrow();
        assertTrue(welcome.missingAssets().contains("/static/images/missing-diagram.png"));
        assertTrue(welcome.files().stream().anyMatch(f -> f.path().equals("satchel.json")));
    }

    @Test
    @Order(4)
    void misKeyedAndOversizedRecordsAreDeadLetteredWithTheirHeadersAndTheNextCourseRenders() throws Exception {
        // keyed by another course: it would break per-course ordering, so it is not rendered
        CoursePublished misKeyed = new CoursePublished(UUID.randomUUID().toString(), SAMPLE, T0,
                ObjectKeys.source(SAMPLE, "x"), null, null);
        bus.publish(Topics.COURSE_PUBLISHED, "course-v1:Someone+Else+1", misKeyed);
        DeadLetters.DeadLetter keyed = DeadLetters.read(deadLettered(misKeyed.publishId()).headers());
        assertEquals("KEY_MISMATCH", keyed.code());
        assertEquals(Topics.COURSE_PUBLISHED, keyed.originTopic());
        assertNotNull(keyed.originPartition());
        assertNotNull(keyed.originOffset());
        assertNotNull(keyed.ceId());
        assertEquals(misKeyed.publishId(), keyed.publishId());
        assertNotNull(keyed.time());
        assertEquals(0, keyed.attempts());

        // ~1,047,000 bytes: under the broker's limit, but its DLQ copy with the error headers would not fit one
        // producer request; the value goes to object storage and the dead letter names it
        String publishId = UUID.randomUUID().toString();
        String base = EventJson.toString(new CoursePublished(publishId, SAMPLE, T0, "", null, null));
        CoursePublished huge = new CoursePublished(publishId, SAMPLE, T0,
                "sources/" + "x".repeat(1_047_000 - base.length() - "sources/".length()), null, null);
        byte[] hugeValue = EventJson.toBytes(huge);
        assertEquals(1_047_000, hugeValue.length);
        bus.publish(Topics.COURSE_PUBLISHED, huge);
        ConsumerRecord<String, byte[]> dead = bus.await(r -> r.topic().equals(Topics.deadLetter(Topics.COURSE_PUBLISHED))
                && publishId.equals(header(r, DeadLetters.PUBLISH_ID)), WAIT);
        DeadLetters.DeadLetter why = DeadLetters.read(dead.headers());
        assertEquals(0, dead.value().length);
        assertNotNull(why.valueKey());
        assertArrayEquals(hugeValue, store.getBytes(why.valueKey()).orElseThrow());
        assertEquals(SAMPLE, dead.key());

        // the consumer is not wedged: the next course still renders
        assertEquals(7, rendered(publish(SAMPLE, TestCourses.sampleCourseDir(), T0)).blockCount());
    }

    @Test
    @Order(5)
    void aShortS3OutageIsRetriedNotDeadLettered() throws Exception {
        var s3 = io.satchel.testing.RealInfrastructure.s3();
        Path tgz = Files.createTempFile("course-", ".tar.gz");
        TestCourses.targz(TestCourses.sampleCourseDir(), "course", tgz);
        String publishId = UUID.randomUUID().toString();
        String key = ObjectKeys.source(SAMPLE, publishId);
        store.put(key, tgz, "application/gzip", Map.of());
        s3.stop();
        try {
            bus.publish(Topics.COURSE_PUBLISHED, new CoursePublished(publishId, SAMPLE, T0.plusSeconds(10), key,
                    null, null));
            Thread.sleep(2500);
        } finally {
            s3.start();
        }
        CourseRendered done = rendered(new CoursePublished(publishId, SAMPLE, T0, key, null, null));
        assertEquals(7, done.blockCount());
        assertTrue(bus.seen(r -> r.topic().endsWith(".dlq") && new String(r.value(), StandardCharsets.UTF_8)
                .contains(publishId)).isEmpty());
    }

    @Test
    @Order(6)
    void republishWithOneCourseFileChangedRendersExactlyTheBlocksUsingIt() throws Exception {
        // the blocks whose page holds one particular course image (the last one state in PostgreSQL knows)
        RenderManifest.File image = firstDemo.blocks().stream().flatMap(b -> b.files().stream())
                .filter(f -> f.path().startsWith("assets/") && f.path().endsWith(".png")).findFirst().orElseThrow();
        java.util.Set<String> users = firstDemo.blocks().stream()
                .filter(b -> b.files().stream().anyMatch(f -> f.path().equals(image.path())))
                .map(RenderManifest.Block::blockId).collect(Collectors.toSet());
        Path copy = TestCourses.copyOf(TestCourses.demoCourseDir());
        Path file = copy.resolve("static").resolve(image.path().substring("assets/".length()));
        Files.write(file, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);

        CourseRendered done = rendered(publish(DEMO, copy, T0.plusSeconds(180)));
        lastDemo = manifest(done);
        assertEquals(users.size(), done.renderedBlockCount());
        Map<String, RenderManifest.Block> before = firstDemo.blocks().stream()
                .collect(Collectors.toMap(RenderManifest.Block::blockId, b -> b));
        String newSha = Digests.sha256(file);
        for (RenderManifest.Block b : manifest(done).blocks()) {
            if (users.contains(b.blockId())) {
                // its hash covers the file's bytes: new hash, new page pointing at the new bytes
                assertNotEquals(before.get(b.blockId()).contentHash(), b.contentHash(), b.blockId());
                assertTrue(b.files().stream().anyMatch(f -> f.path().equals(image.path()) && f.sha256().equals(newSha)
                        && f.key().equals(ObjectKeys.renderedAsset(DEMO, newSha))), b.blockId());
            } else if (b.files().stream().noneMatch(f -> f.sha256().equals(image.sha256()))) {
                assertEquals(before.get(b.blockId()).contentHash(), b.contentHash(), b.blockId());
                assertEquals(before.get(b.blockId()).files(), b.files(), b.blockId());
            }
        }
    }

    /**
     * Publishes like the publish-listener: the snapshot with its per-entry index beside it and its sha256 in the
     * event. With {@code cutAfter}, every byte of the stored snapshot past the last of those files' compressed end
     * (plus the renderer's 64 KiB margin) is zeroed, so a render that read the whole snapshot would fail.
     */
    private CoursePublished publishIndexed(Path courseDir, Instant at, java.util.function.UnaryOperator<
            io.satchel.events.SourceIndex> edit, Set<String> cutAfter) throws Exception {
        Path tgz = Files.createTempFile("course-", ".tar.gz");
        TestCourses.targz(courseDir, "course", tgz);
        byte[] archive = Files.readAllBytes(tgz);
        String publishId = UUID.randomUUID().toString();
        String key = ObjectKeys.source(DEMO, publishId);
        io.satchel.events.SourceIndex index = io.satchel.renderer.source.SourceIndexes.of(archive, key);
        byte[] stored = archive;
        if (!cutAfter.isEmpty()) {
            long end = index.files().stream().filter(f -> cutAfter.contains(f.path()))
                    .mapToLong(io.satchel.events.SourceIndex.Entry::compressedEnd).max().orElseThrow();
            int from = (int) end + 64 * 1024 + 1;
            assertTrue(from < archive.length / 2, "the changed files sit early in the snapshot");
            stored = archive.clone();
            java.util.Arrays.fill(stored, from, stored.length, (byte) 0);
        }
        store.put(key, stored, "application/gzip", Map.of());
        store.put(ObjectKeys.sourceIndex(DEMO, publishId), EventJson.toBytes(edit.apply(index)), "application/json",
                Map.of());
        CoursePublished event = new CoursePublished(publishId, DEMO, at, key, null, Digests.sha256(archive));
        bus.publish(Topics.COURSE_PUBLISHED, event);
        return event;
    }

    /** The demo course with the course image of order 6 changed as there, and the html file of one block. */
    private static Path demoWith(RenderManifest.File image, String changedHtml, String text) throws Exception {
        Path copy = TestCourses.copyOf(TestCourses.demoCourseDir());
        if (image != null) {
            Files.write(copy.resolve("static").resolve(image.path().substring("assets/".length())), new byte[] {0},
                    java.nio.file.StandardOpenOption.APPEND);
        }
        if (changedHtml != null) {
            Path html = copy.resolve(changedHtml);
            Files.writeString(html, Files.readString(html) + text);
        }
        return copy;
    }

    private static RenderManifest.File orderSixImage() {
        return firstDemo.blocks().stream().flatMap(b -> b.files().stream())
                .filter(f -> f.path().startsWith("assets/") && f.path().endsWith(".png")).findFirst().orElseThrow();
    }

    /** The html block's html file, relative to the course folder. */
    private static String htmlFileOf(RenderManifest.Block block) throws Exception {
        String urlName = block.blockId().substring(block.blockId().indexOf("block@") + 6);
        String def = Files.readString(TestCourses.demoCourseDir().resolve("html/" + urlName + ".xml"));
        String filename = def.replaceAll("(?s).*filename=\"([^\"]+)\".*", "$1");
        return "html/" + (filename.endsWith(".html") ? filename : filename + ".html");
    }

    static RenderManifest.Block indexedTarget;
    static RenderManifest afterIndexed;

    @Test
    @Order(7)
    void indexedRepublishReadsTheSnapshotOnlyUpToItsChangedFileAndRendersExactlyThatBlock() throws Exception {
        RenderManifest before = lastDemo;
        indexedTarget = firstDemo.blocks().stream().filter(b -> b.type().equals("html")).skip(7).findFirst()
                .orElseThrow();
        String html = htmlFileOf(indexedTarget);
        Path copy = demoWith(orderSixImage(), html, "<p>Changed through the index.</p>");
        // the rest of the stored snapshot is zeroed: only a read that stops after the changed file succeeds
        CourseRendered done = rendered(publishIndexed(copy, T0.plusSeconds(240), i -> i, Set.of("course/" + html)));
        assertEquals(1, done.renderedBlockCount());
        afterIndexed = manifest(done);
        Map<String, RenderManifest.Block> prev = before.blocks().stream()
                .collect(Collectors.toMap(RenderManifest.Block::blockId, b -> b));
        for (RenderManifest.Block b : afterIndexed.blocks()) {
            if (b.blockId().equals(indexedTarget.blockId())) {
                assertNotEquals(prev.get(b.blockId()).contentHash(), b.contentHash());
                String index = new String(store.getBytes(b.files().stream().filter(f -> f.path().equals("index.html"))
                        .findFirst().orElseThrow().key()).orElseThrow(), StandardCharsets.UTF_8);
                assertTrue(index.contains("Changed through the index."));
            } else {
                assertEquals(prev.get(b.blockId()).contentHash(), b.contentHash(), b.blockId());
                assertEquals(prev.get(b.blockId()).files(), b.files(), b.blockId());
            }
        }
    }

    @Test
    @Order(8)
    void indexedRepublishWithACourseFileChangedRendersExactlyTheBlocksUsingIt() throws Exception {
        RenderManifest.File image = orderSixImage();
        java.util.Set<String> users = firstDemo.blocks().stream()
                .filter(b -> b.files().stream().anyMatch(f -> f.path().equals(image.path())))
                .map(RenderManifest.Block::blockId).collect(Collectors.toSet());
        // the image back to its original bytes, the html change of order 7 kept
        Path copy = demoWith(null, htmlFileOf(indexedTarget), "<p>Changed through the index.</p>");
        CourseRendered done = rendered(publishIndexed(copy, T0.plusSeconds(300), i -> i, Set.of()));
        assertEquals(users.size(), done.renderedBlockCount());
        Map<String, RenderManifest.Block> first = firstDemo.blocks().stream()
                .collect(Collectors.toMap(RenderManifest.Block::blockId, b -> b));
        Map<String, RenderManifest.Block> prev = afterIndexed.blocks().stream()
                .collect(Collectors.toMap(RenderManifest.Block::blockId, b -> b));
        for (RenderManifest.Block b : manifest(done).blocks()) {
            if (users.contains(b.blockId())) {
                // the original bytes again: the very page of the first render
                assertEquals(first.get(b.blockId()).contentHash(), b.contentHash(), b.blockId());
                assertTrue(b.files().stream().anyMatch(f -> f.path().equals(image.path())
                        && f.sha256().equals(image.sha256())), b.blockId());
            } else {
                assertEquals(prev.get(b.blockId()).contentHash(), b.contentHash(), b.blockId());
            }
        }
    }

    @Test
    @Order(9)
    void anIndexThatDoesNotMatchItsSnapshotFallsBackToTheWholeSnapshot() throws Exception {
        // the demo course exactly as first published; the index lies about another, unchanged html file
        RenderManifest.Block other = firstDemo.blocks().stream().filter(b -> b.type().equals("html")).skip(9)
                .findFirst().orElseThrow();
        String lie = "course/" + htmlFileOf(other);
        CourseRendered done = rendered(publishIndexed(TestCourses.demoCourseDir(), T0.plusSeconds(360),
                i -> new io.satchel.events.SourceIndex(i.sourceKey(), i.sourceSha256(), i.sourceSize(), i.folders(),
                        i.files().stream().map(f -> f.path().equals(lie) ? new io.satchel.events.SourceIndex.Entry(
                                f.path(), f.size(), "0".repeat(64), f.compressedEnd()) : f).toList()),
                Set.of()));
        assertEquals(1, done.renderedBlockCount(), "the html of order 7 is back to its original");
        Map<String, RenderManifest.Block> first = firstDemo.blocks().stream()
                .collect(Collectors.toMap(RenderManifest.Block::blockId, b -> b));
        for (RenderManifest.Block b : manifest(done).blocks()) {
            assertEquals(first.get(b.blockId()).contentHash(), b.contentHash(), b.blockId());
            assertEquals(first.get(b.blockId()).files(), b.files(), b.blockId());
        }
    }

    /**
     * One block that throws while rendering (its problem does not parse past the root element) and one naming an
     * html file that is not there: both get the unavailable page and their problem in the manifest, the event
     * counts them, every other block renders; the same source republished renders nothing again; fixed, the block
     * renders normally.
     */
    @Test
    @Order(10)
    void blocksThatCannotBePreparedAreUnavailableAndTheRestOfTheCourseRenders() throws Exception {
        String courseId = "course-v1:Satchel+ISOLATE+2026";
        Path course = TestCourses.copyOf(TestCourses.sampleCourseDir());
        Files.writeString(course.resolve("course.xml"), "<course url_name=\"2026\" org=\"Satchel\" course=\"ISOLATE\"/>");
        Files.writeString(course.resolve("vertical/check_unit.xml"), "<vertical display_name=\"Check\">"
                + "<problem url_name=\"first_quiz\"/><problem url_name=\"broken\"/><html url_name=\"nofile\"/></vertical>");
        Files.writeString(course.resolve("problem/broken.xml"), "<problem display_name=\"Broken\"><p>unclosed</problem>");
        Files.writeString(course.resolve("html/nofile.xml"), "<html filename=\"nofile\" display_name=\"No file\"/>");

        CourseRendered done = rendered(publish(courseId, course, T0));
        RenderManifest m = manifest(done);
        assertEquals(2, done.unavailableBlockCount());
        assertEquals(done.blockCount(), done.renderedBlockCount());
        Map<String, RenderManifest.Block> byName = m.blocks().stream().collect(Collectors.toMap(
                b -> b.blockId().substring(b.blockId().lastIndexOf('@') + 1), b -> b));
        assertEquals("MALFORMED_OLX", byName.get("broken").problem().code());
        assertEquals("MISSING_FILE", byName.get("nofile").problem().code());
        assertTrue(byName.get("nofile").problem().message().contains("nofile"), byName.get("nofile").problem().message());
        Set<String> blockIds = byName.values().stream().map(RenderManifest.Block::blockId).collect(Collectors.toSet());
        for (RenderManifest.Block b : m.blocks()) {
            Map<String, byte[]> files = new TreeMap<>();
            for (RenderManifest.File f : b.files()) {
                files.put(f.path(), store.getBytes(f.key()).orElseThrow());
            }
            PageChecks.assertSelfContained(b.blockId(), files, blockIds);
            String index = new String(files.get("index.html"), StandardCharsets.UTF_8);
            boolean unavailable = b.problem() != null;
            assertEquals(unavailable, index.contains("could not be prepared for offline use"), b.blockId());
            if (unavailable) {
                assertTrue(index.contains(lms.baseUrl() + "/courses/" + courseId + "/jump_to/" + b.blockId()),
                        index);
            }
        }
        assertEquals(2, m.blocks().stream().filter(b -> b.problem() != null).count());

        // the same source again: nothing rendered, the same problems listed
        CourseRendered again = rendered(publish(courseId, course, T0.plusSeconds(60)));
        assertEquals(0, again.renderedBlockCount());
        assertEquals(2, again.unavailableBlockCount());
        assertEquals(m.blocks(), manifest(again).blocks());

        // fixed: the html file is there now
        Files.writeString(course.resolve("html/nofile.html"), "<p>Here at last.</p>");
        CourseRendered fixed = rendered(publish(courseId, course, T0.plusSeconds(120)));
        assertEquals(1, fixed.renderedBlockCount());
        assertEquals(1, fixed.unavailableBlockCount());
        RenderManifest.Block nofile = manifest(fixed).blocks().stream()
                .filter(b -> b.blockId().equals(byName.get("nofile").blockId())).findFirst().orElseThrow();
        assertEquals(null, nofile.problem());
        String index = new String(store.getBytes(nofile.files().stream().filter(f -> f.path().equals("index.html"))
                .findFirst().orElseThrow().key()).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(index.contains("Here at last."), index);
    }

    @Test
    @Order(11)
    void aWindowsMadeExportThatIntakeAcceptsRendersEveryBlock() throws Exception {
        Path tgz = Files.createTempFile("course-", ".tar.gz");
        TestCourses.targz(TestCourses.sampleCourseDir(), "course", tgz);
        byte[] archive = withBackslashes(Files.readAllBytes(tgz));
        CourseRendered done = rendered(publishBytes(SAMPLE, archive, T0.plusSeconds(3600)));
        RenderManifest m = manifest(done);
        assertEquals(7, m.blocks().size(), "as from the same export with '/' separators");
        assertTrue(m.blocks().stream().anyMatch(b -> b.blockId().endsWith("block@welcome")));
    }

    /** The export as a Windows tool may write it: every '/' in entry names written as '\\'. */
    private static byte[] withBackslashes(byte[] tarGz) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)));
                var tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                var copy = new TarArchiveEntry(e.getName().replace('/', '\\'),
                        e.isDirectory() ? TarConstants.LF_DIR : TarConstants.LF_NORMAL, true);
                copy.setSize(e.isDirectory() ? 0 : e.getSize());
                tar.putArchiveEntry(copy);
                in.transferTo(tar);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return CloudEvents.header(r.headers(), name);
    }

    static String now() {
        return Timestamps.format(Timestamps.now());
    }
}
