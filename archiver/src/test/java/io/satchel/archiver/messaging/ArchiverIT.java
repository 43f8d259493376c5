package io.satchel.archiver.messaging;

import static io.satchel.archiver.support.RenderedCourseFixture.binary;
import static io.satchel.archiver.support.RenderedCourseFixture.sha256;
import static io.satchel.archiver.support.RenderedCourseFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.satchel.archiver.support.KafkaProbe;
import io.satchel.archiver.support.RenderedCourseFixture;
import io.satchel.common.kafka.DeadLetterCommand;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseArchived;
import io.satchel.events.DeadLetters;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventJson;
import io.satchel.events.EventType;
import io.satchel.events.ObjectKeys;
import io.satchel.events.OfflineManifest;
import io.satchel.events.Timestamps;
import io.satchel.events.Topics;
import io.satchel.testing.RealInfrastructure;
import io.satchel.testing.SatchelTestResource;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The archiver end to end on a real Kafka broker, S3 server and PostgreSQL: course.rendered in, zips + manifest out. */
@QuarkusTest
@QuarkusTestResource(SatchelTestResource.class)
class ArchiverIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaProbe kafka;

    @Inject
    ObjectStore store;
    @Inject
    MeterRegistry metrics;

    @BeforeAll
    static void startProbe() {
        kafka = new KafkaProbe();
    }

    @AfterAll
    static void stopProbe() throws Exception {
        kafka.close();
    }

    // --- fixtures -------------------------------------------------------------------------------------------------

    private static String newCourseId(String name) {
        return "course-v1:Test+" + name + "+r" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Instant at(int minutes) {
        return Instant.parse("2026-11-01T10:00:00.000Z").plus(Duration.ofMinutes(minutes));
    }

    /** Two chapters, three leaf blocks: html with an image and satchel.json, a problem, a video with a transcript. */
    private static RenderedCourseFixture threeBlockCourse(String courseId) {
        return new RenderedCourseFixture(courseId)
                .chapter("ch1", "Week 1").sequential("s1", "Intro")
                .block("html", "welcome", "Welcome", Map.of(
                        "index.html", utf8("<html><img src=\"assets/img/logo.png\"><p>Welcome</p></html>"),
                        "assets/img/logo.png", binary(30_000, 1),
                        "satchel.json", utf8("{\"missingAssets\":[\"/static/missing.png\"]}")))
                .block("problem", "quiz:1", "Quiz", Map.of(
                        "index.html", utf8("<html><form>2+2=<input></form></html>"),
                        "assets/js/problem.js", utf8("function check(){return 4;}".repeat(40))))
                .chapter("ch2", "Week 2").sequential("s2", "Video")
                .block("video", "talk", "Talk", Map.of(
                        "index.html", utf8("<html><video src=\"assets/talk.mp4\"></video></html>"),
                        "assets/talk.mp4", binary(120_000, 2),
                        "assets/talk.en.srt", utf8("1\n00:00:00,000 --> 00:00:01,000\nHello\n")));
    }

    private CourseArchived publish(RenderedCourseFixture course, String publishId, Instant publishedAt) {
        CourseRendered event = course.render(store, publishId, publishedAt);
        kafka.send(event);
        return kafka.awaitArchived(course.courseId(), publishId, WAIT);
    }

    private OfflineManifest manifest(CourseArchived event) {
        return EventJson.fromBytes(store.getBytes(event.manifestKey()).orElseThrow(), OfflineManifest.class);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static OfflineManifest.Download download(OfflineManifest m, String blockId) {
        return m.blocks().stream().filter(b -> b.blockId().equals(blockId)).findFirst().orElseThrow()
                .offlineDownload();
    }

    private double counter(String name, String kind) {
        Counter c = metrics.find(name).tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    // --- tests ----------------------------------------------------------------------------------------------------

    @Test
    void archivesEveryBlockAndTheCourseInTheContractLayout() throws Exception {
        String courseId = newCourseId("Layout");
        RenderedCourseFixture course = threeBlockCourse(courseId);
        CourseArchived event = publish(course, "p1-" + courseId, at(0));

        assertEquals(ObjectKeys.offlineManifest(courseId, "p1-" + courseId), event.manifestKey());
        assertEquals(3, event.blockCount());
        ConsumerRecord<String, byte[]> record = kafka.archivedRecords(courseId).get(0);
        assertEquals(EventType.COURSE_ARCHIVED.ceType(), CloudEvents.header(record.headers(), CloudEvents.TYPE));
        assertEquals(ArchivedAnnouncer.eventId("p1-" + courseId), CloudEvents.header(record.headers(), CloudEvents.ID));

        OfflineManifest m = manifest(event);
        assertEquals(courseId, m.courseId());
        assertEquals(at(0), m.publishedAt());
        assertEquals(event.generatedAt(), m.generatedAt());
        String welcome = course.blockId("html", "welcome");
        String quiz = course.blockId("problem", "quiz:1");
        String talk = course.blockId("video", "talk");
        assertEquals(List.of(welcome, quiz, talk), m.blocks().stream().map(OfflineManifest.Block::blockId).toList());
        assertEquals(List.of("html", "problem", "video"), m.blocks().stream().map(OfflineManifest.Block::type).toList());
        assertEquals(List.of(course.blockId("chapter", "ch1"), course.blockId("sequential", "s1"),
                course.blockId("vertical", "s1-v")), m.blocks().get(0).path());

        // each block zip: stored under its sha256, index.html at the root, assets at their relative paths
        long week1 = 0;
        long all = 0;
        for (OfflineManifest.Block b : m.blocks()) {
            OfflineManifest.Download d = b.offlineDownload();
            assertNull(d.fileUrl());
            assertEquals(ObjectKeys.blockArchive(courseId, b.blockId(), d.sha256()), d.objectKey());
            byte[] zip = store.getBytes(d.objectKey()).orElseThrow();
            assertEquals(d.fileSize(), zip.length);
            assertEquals(d.sha256(), sha256(zip));
            assertEquals(event.generatedAt(), d.lastModified());
            Map<String, String> meta = store.stat(d.objectKey()).orElseThrow().metadata();
            assertEquals(Timestamps.format(at(0)), meta.get("published-at"));
            assertEquals(Timestamps.format(event.generatedAt()), meta.get("generated-at"));
            assertEquals(d.sha256(), meta.get("sha256"));
            all += d.fileSize();
            if (!b.type().equals("video")) {
                week1 += d.fileSize();
            }
        }
        Map<String, byte[]> welcomeZip = unzip(store.getBytes(download(m, welcome).objectKey()).orElseThrow());
        assertEquals(List.of("assets/img/logo.png", "index.html", "satchel.json"), List.copyOf(welcomeZip.keySet()));
        assertArrayEquals(binary(30_000, 1), welcomeZip.get("assets/img/logo.png"));
        assertTrue(new String(welcomeZip.get("satchel.json"), StandardCharsets.UTF_8).contains("missingAssets"));

        // sections: every chapter and sequential with the summed zip sizes below it
        assertEquals(4, m.sections().size());
        assertEquals(new OfflineManifest.Section(course.blockId("chapter", "ch1"), "Week 1", week1), m.sections().get(0));
        assertEquals(all - week1, m.sections().get(3).totalSize());

        // course zip: a folder per block (its id as a segment) + manifest.json with relative fileUrls
        OfflineManifest.Download c = m.course();
        assertEquals(ObjectKeys.courseArchive(courseId, c.sha256()), c.objectKey());
        byte[] courseZip = store.getBytes(c.objectKey()).orElseThrow();
        assertEquals(c.sha256(), sha256(courseZip));
        assertEquals(c.fileSize(), courseZip.length);
        Map<String, byte[]> entries = unzip(courseZip);
        String seg = ObjectKeys.segment(talk);
        assertArrayEquals(binary(120_000, 2), entries.get(seg + "/assets/talk.mp4"));
        assertTrue(entries.containsKey(ObjectKeys.segment(quiz) + "/index.html"));
        assertTrue(entries.containsKey(ObjectKeys.segment(welcome) + "/satchel.json"));
        assertEquals(3 + 2 + 3 + 1, entries.size());
        OfflineManifest inner = EventJson.fromBytes(entries.get("manifest.json"), OfflineManifest.class);
        assertNull(inner.course());
        assertEquals(seg + "/index.html", download(inner, talk).fileUrl());
        assertEquals(download(m, talk).sha256(), download(inner, talk).sha256());
        assertEquals(m.sections(), inner.sections());
    }

    @Test
    void sameRenderedInputGivesByteIdenticalZips() throws Exception {
        // two courses with identical block content: their block zips must be the same bytes
        String a = newCourseId("DetA");
        String b = newCourseId("DetB");
        OfflineManifest ma = manifest(publish(threeBlockCourse(a), "p-" + a, at(0)));
        OfflineManifest mb = manifest(publish(threeBlockCourse(b), "p-" + b, at(0)));
        for (int i = 0; i < 3; i++) {
            OfflineManifest.Download da = ma.blocks().get(i).offlineDownload();
            OfflineManifest.Download db = mb.blocks().get(i).offlineDownload();
            assertNotEquals(da.objectKey(), db.objectKey());
            assertEquals(da.sha256(), db.sha256());
            assertArrayEquals(store.getBytes(da.objectKey()).orElseThrow(), store.getBytes(db.objectKey()).orElseThrow());
        }

        // the same course re-published unchanged: same archives, same times, nothing uploaded again
        double blockUploads = counter("satchel.archiver.uploads", "block");
        double courseUploads = counter("satchel.archiver.uploads", "course");
        OfflineManifest again = manifest(publish(threeBlockCourse(a), "p2-" + a, at(0)));
        assertEquals(ma.blocks(), again.blocks());
        assertEquals(ma.course(), again.course());
        assertEquals(blockUploads, counter("satchel.archiver.uploads", "block"));
        assertEquals(courseUploads, counter("satchel.archiver.uploads", "course"));
    }

    @Test
    void secondPublishReplacesOnlyTheChangedBlockAndRemovesTheDeletedOne() throws Exception {
        String courseId = newCourseId("Delta");
        RenderedCourseFixture course = threeBlockCourse(courseId);
        CourseArchived first = publish(course, "p1-" + courseId, at(0));
        OfflineManifest m1 = manifest(first);
        String welcome = course.blockId("html", "welcome");
        String quiz = course.blockId("problem", "quiz:1");
        String talk = course.blockId("video", "talk");

        double blockUploads = counter("satchel.archiver.uploads", "block");
        course.change(quiz, Map.of("index.html", utf8("<html><form>3+3=<input></form></html>"),
                "assets/js/problem.js", utf8("function check(){return 4;}".repeat(40))));
        course.remove(talk);
        CourseArchived second = publish(course, "p2-" + courseId, at(5));
        OfflineManifest m2 = manifest(second);
        assertTrue(second.generatedAt().isAfter(first.generatedAt()));

        // unchanged block: same object, sha256 and lastModified; its object was not written again
        assertEquals(download(m1, welcome), download(m2, welcome));
        assertEquals(Timestamps.format(first.generatedAt()),
                store.stat(download(m2, welcome).objectKey()).orElseThrow().metadata().get("generated-at"));
        // changed block: new sha256, new lastModified = this generation
        assertNotEquals(download(m1, quiz).sha256(), download(m2, quiz).sha256());
        assertEquals(second.generatedAt(), download(m2, quiz).lastModified());
        assertEquals(blockUploads + 1, counter("satchel.archiver.uploads", "block"));
        // deleted block gone from the manifest and, now that it is live, from storage; so are replaced versions
        assertEquals(List.of(welcome, quiz), m2.blocks().stream().map(OfflineManifest.Block::blockId).toList());
        // (cleanup runs right after course.archived is sent, so give it a moment)
        KafkaProbe.await(() -> store.list(ObjectKeys.blockArchivePrefix(courseId, talk)).isEmpty()
                && !store.exists(m1.course().objectKey()), Duration.ofSeconds(20), "cleanup of " + courseId);
        assertEquals(List.of(download(m2, quiz).objectKey()), store.list(ObjectKeys.blockArchivePrefix(courseId, quiz)));
        assertEquals(List.of(download(m2, welcome).objectKey()),
                store.list(ObjectKeys.blockArchivePrefix(courseId, welcome)));
        assertTrue(store.exists(m2.course().objectKey()));
        // earlier manifests stay readable (a lagging consumer may still fetch the one it was told about)
        assertTrue(store.exists(first.manifestKey()));
        // every chapter and sequential of the render is listed; Week 2 lost its only block
        assertEquals(4, m2.sections().size());
        assertEquals(0, m2.sections().get(2).totalSize());
        assertEquals(download(m2, welcome).fileSize() + download(m2, quiz).fileSize(), m2.sections().get(0).totalSize());
    }

    @Test
    void redeliveredEventIsArchivedOnceAndAnnouncedOnce() throws Exception {
        String courseId = newCourseId("Redeliver");
        RenderedCourseFixture course = threeBlockCourse(courseId);
        CourseRendered p1 = course.render(store, "p1-" + courseId, at(0));
        kafka.send(p1);
        CourseArchived archived = kafka.awaitArchived(courseId, p1.publishId(), WAIT);
        Instant manifestWritten = store.stat(archived.manifestKey()).orElseThrow().lastModified();
        kafka.send(p1); // redelivery (same record again)
        kafka.send(p1);
        // a later publish on the same partition: once it is archived, the redeliveries before it were handled
        course.change(course.blockId("html", "welcome"), Map.of("index.html", utf8("<p>v2</p>")));
        publish(course, "p2-" + courseId, at(1));
        assertEquals(List.of(p1.publishId(), "p2-" + courseId),
                kafka.archived(courseId).stream().map(CourseArchived::publishId).toList());
        assertEquals(manifestWritten, store.stat(archived.manifestKey()).orElseThrow().lastModified());
    }

    @Test
    void staleRenderIsIgnored() throws Exception {
        String courseId = newCourseId("Stale");
        RenderedCourseFixture course = threeBlockCourse(courseId);
        CourseRendered older = course.render(store, "old-" + courseId, at(0));
        CourseArchived newer = publish(course, "new-" + courseId, at(10));
        kafka.send(older); // arrives late
        CourseArchived newest = publish(course.remove(course.blockId("video", "talk")), "newest-" + courseId, at(20));
        assertEquals(List.of(newer.publishId(), newest.publishId()),
                kafka.archived(courseId).stream().map(CourseArchived::publishId).toList());
        assertFalse(store.exists(ObjectKeys.offlineManifest(courseId, older.publishId())));
    }

    @Test
    void s3OutageDuringArchivingCompletesWhenS3IsBackAndEveryAttemptIsLogged() throws Exception {
        String courseId = newCourseId("Outage");
        RenderedCourseFixture course = threeBlockCourse(courseId);
        CourseRendered event = course.render(store, "p1-" + courseId, at(0));
        List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                String line = r instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                        : r.getMessage();
                // JBoss LogManager's WARN is its own Level object with WARNING's value
                if (r.getLevel().intValue() == java.util.logging.Level.WARNING.intValue() && line != null
                        && line.contains(event.publishId())) {
                    attempts.add(line);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger pipelineLog = java.util.logging.Logger.getLogger(
                "io.satchel.common.kafka.EventPipeline");
        pipelineLog.addHandler(capture);
        // a 20 s outage: longer than a handful of retries, well inside the test budget (60 s; production 10 min)
        RealInfrastructure.s3().stop();
        try {
            kafka.send(event);
            Thread.sleep(20_000);
            assertTrue(kafka.archived(courseId).isEmpty());
        } finally {
            RealInfrastructure.s3().start();
        }
        CourseArchived archived = kafka.awaitArchived(courseId, event.publishId(), WAIT);
        pipelineLog.removeHandler(capture);
        assertTrue(attempts.size() >= 3, "a WARN per failed attempt while S3 was down: " + attempts);
        for (int i = 0; i < attempts.size(); i++) {
            assertTrue(attempts.get(i).contains("attempt " + (i + 1) + " failed"), attempts.get(i));
            assertTrue(attempts.get(i).contains("retrying in ~"), "names the next delay: " + attempts.get(i));
        }
        OfflineManifest m = manifest(archived);
        assertEquals(3, m.blocks().size());
        for (OfflineManifest.Block b : m.blocks()) {
            assertEquals(b.offlineDownload().sha256(), sha256(store.getBytes(b.offlineDownload().objectKey()).orElseThrow()));
        }
        assertEquals(m.course().sha256(), sha256(store.getBytes(m.course().objectKey()).orElseThrow()));
        assertTrue(kafka.deadLetters(courseId).isEmpty());
    }

    @Test
    void s3DownBeyondTheRetriesSendsTheRecordToTheDlqAndTheConsumerMovesOn() throws Exception {
        String courseId = newCourseId("Dlq");
        RenderedCourseFixture course = threeBlockCourse(courseId);
        CourseRendered lost = course.render(store, "p1-" + courseId, at(0));
        RealInfrastructure.s3().stop();
        ConsumerRecord<String, byte[]> dead;
        try {
            kafka.send(lost);
            dead = kafka.awaitDeadLetter(courseId, r -> true, Duration.ofSeconds(90));
        } finally {
            RealInfrastructure.s3().start();
        }
        DeadLetters.DeadLetter why = DeadLetters.read(dead.headers());
        assertEquals("RETRIES_EXHAUSTED", why.code());
        assertTrue(why.attempts() > 1, "retried before giving up: " + why.attempts());
        assertEquals(lost.publishId(), why.publishId());
        assertEquals(Topics.COURSE_RENDERED, why.originTopic());
        assertArrayEquals(EventJson.toBytes(lost), dead.value());

        // the operator replays the dead letter once S3 is back (deploy/local/dlq replay course.rendered --id ...):
        // the original record goes back to course.rendered and the lost publish is archived; a second replay
        // changes nothing (the archiver drops a publish it already archived)
        DeadLetterCommand dlq = new DeadLetterCommand(RealInfrastructure.kafka().bootstrapServers(), store,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertEquals(1, dlq.replay(Topics.COURSE_RENDERED, why.ceId()));
        assertTrue(dlq.list(Topics.COURSE_RENDERED) >= 1, "replay leaves the DLQ as it is");
        CourseArchived replayed = kafka.awaitArchived(courseId, lost.publishId(), WAIT);
        assertEquals(3, manifest(replayed).blocks().size());
        assertEquals(1, dlq.replay(Topics.COURSE_RENDERED, why.ceId()));

        CourseArchived next = publish(course, "p2-" + courseId, at(1));
        assertEquals(3, manifest(next).blocks().size());
        assertEquals(1, kafka.archived(courseId).stream().filter(e -> e.publishId().equals(lost.publishId())).count(),
                "the second replay archived nothing again");
        assertEquals(1, kafka.deadLetters(courseId).size(), "the replays were not dead-lettered again");
    }

    @Test
    void misKeyedAndOversizedRecordsAreDeadLetteredAndTheNextEventIsProcessed() throws Exception {
        String courseId = newCourseId("Poison");
        RenderedCourseFixture course = threeBlockCourse(courseId);
        CourseRendered misKeyed = course.render(store, "pk-" + courseId, at(0));
        kafka.send("course-v1:Not+This+One", EventJson.toBytes(misKeyed), CloudEvents.headers(misKeyed, "ce-pk-"
                + courseId, "/satchel/renderer", misKeyed.renderedAt()));
        ConsumerRecord<String, byte[]> dead = kafka.awaitDeadLetter("course-v1:Not+This+One",
                r -> ("ce-pk-" + courseId).equals(CloudEvents.header(r.headers(), DeadLetters.CE_ID)), WAIT);
        DeadLetters.DeadLetter why = DeadLetters.read(dead.headers());
        assertEquals("KEY_MISMATCH", why.code());
        assertEquals(misKeyed.publishId(), why.publishId());
        assertEquals(Topics.COURSE_RENDERED, why.originTopic());

        // a value as large as the broker takes: its dead letter keeps the value in object storage
        byte[] huge = utf8("{\"publishId\":\"ph-" + courseId + "\",\"pad\":\"" + "x".repeat(1_046_900) + "\"}");
        kafka.send(courseId, huge, new RecordHeaders());
        ConsumerRecord<String, byte[]> big = kafka.awaitDeadLetter(courseId,
                r -> ("ph-" + courseId).equals(CloudEvents.header(r.headers(), DeadLetters.PUBLISH_ID)), WAIT);
        DeadLetters.DeadLetter bigWhy = DeadLetters.read(big.headers());
        assertEquals("INVALID_EVENT", bigWhy.code());
        assertEquals(0, big.value().length);
        assertArrayEquals(huge, store.getBytes(bigWhy.valueKey()).orElseThrow());

        CourseArchived next = publish(course, "p1-" + courseId, at(1));
        assertEquals(3, next.blockCount());
    }

    @Test
    void unparseableEventGoesToTheDlqAndTheNextEventIsProcessed() throws Exception {
        String courseId = newCourseId("Garbage");
        kafka.send(courseId, utf8("{not json"), new RecordHeaders());
        ConsumerRecord<String, byte[]> dead = kafka.awaitDeadLetter(courseId, r -> true, WAIT);
        assertEquals("INVALID_EVENT", CloudEvents.header(dead.headers(), CloudEvents.DLQ_CODE));
        assertTrue(CloudEvents.header(dead.headers(), CloudEvents.DLQ_REASON).contains("CourseRendered"));
        CourseArchived next = publish(threeBlockCourse(courseId), "p1-" + courseId, at(0));
        assertEquals(3, next.blockCount());
    }

    @Test
    void renderManifestNamingAnotherCoursesObjectsIsRefusedAndNothingIsStored() throws Exception {
        String victim = newCourseId("Victim");
        String courseId = newCourseId("Forged");
        CourseRendered victimRender = threeBlockCourse(victim).render(store, "pv-" + victim, at(0));
        // an event for courseId that points at the other course's render manifest
        CourseRendered forged = new CourseRendered("pf-" + courseId, courseId, at(0), at(0),
                victimRender.renderManifestKey(), 3, 3, 0);
        kafka.send(forged);
        ConsumerRecord<String, byte[]> dead = kafka.awaitDeadLetter(courseId, r -> true, WAIT);
        assertEquals("FOREIGN_OBJECT_KEY", CloudEvents.header(dead.headers(), CloudEvents.DLQ_CODE));
        assertEquals(List.of(), store.list(ObjectKeys.archivesPrefix(courseId)));
        List<String> none = new ArrayList<>(kafka.archived(courseId).stream().map(CourseArchived::publishId).toList());
        assertEquals(List.of(), none);
    }
}
