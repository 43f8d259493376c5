package io.satchel.publish.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.common.storage.ObjectStore;
import io.satchel.common.storage.StoredObject;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseKey;
import io.satchel.events.CoursePublished;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.Timestamps;
import io.satchel.publish.entity.OutboxEvent;
import io.satchel.publish.support.CoursePublishedTopic;
import io.satchel.publish.support.PublishApi;
import io.satchel.publish.support.Stored;
import io.satchel.publish.support.TarGz;
import io.satchel.publish.support.TestCourse;
import io.satchel.testing.SatchelTestResource;
import io.satchel.testing.TestCourses;
import io.satchel.testing.TestTokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** PUT /api/v1/courses/{courseId}/source against real PostgreSQL, S3 and Kafka. */
@QuarkusTest
@QuarkusTestResource(SatchelTestResource.class)
class CourseSourceResourceIT {
    @Inject
    ObjectStore store;

    @Test
    void acceptedExportIsStoredOnceAndAnnouncedOnKafka() throws Exception {
        CourseKey course = TestCourse.unique();
        byte[] export = TestCourse.export(course).bytes();
        String publishId = PublishApi.upload(course.courseId(), "2026-11-21T10:15:30.123Z", export).then().statusCode(202)
                .body("courseId", equalTo(course.courseId()))
                .body("publishedAt", equalTo("2026-11-21T10:15:30.123Z"))
                .body("publishId", notNullValue()).extract().path("publishId");

        String key = ObjectKeys.source(course.courseId(), publishId);
        assertArrayEquals(export, store.getBytes(key).orElseThrow());
        StoredObject meta = store.stat(key).orElseThrow();
        assertEquals(sha256(export), meta.metadata().get("sha256"));
        assertEquals("2026-11-21T10:15:30.123Z", meta.metadata().get("published-at"));

        List<ConsumerRecord<String, byte[]>> records = CoursePublishedTopic.records(course.courseId(), 1,
                Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertEquals(1, records.size());
        ConsumerRecord<String, byte[]> r = records.get(0);
        assertEquals(course.courseId(), r.key());
        CoursePublished event = EventJson.fromBytes(r.value(), CoursePublished.class);
        assertEquals(new CoursePublished(publishId, course.courseId(), Instant.parse("2026-11-21T10:15:30.123Z"), key,
                null, sha256(export)), event);
        OutboxEvent row = Stored.outbox(course.courseId()).get(0);
        assertEquals(row.id.toString(), CloudEvents.header(r.headers(), CloudEvents.ID));
        assertEquals("io.satchel.course.published.v1", CloudEvents.header(r.headers(), CloudEvents.TYPE));
        assertEquals("/satchel/publish-listener", CloudEvents.header(r.headers(), CloudEvents.SOURCE));
        assertEquals("1.0", CloudEvents.header(r.headers(), CloudEvents.SPEC_VERSION));
        assertEquals(Timestamps.format(row.ceTime), CloudEvents.header(r.headers(), CloudEvents.TIME));
        assertTrue(row.sentAt != null, "the outbox row is marked sent after the broker's ack");
    }

    @Test
    void demoCourseExportIsAccepted() throws IOException {
        Path dir = TestCourses.demoCourseDir();
        Path targz = TestCourses.targz(dir, "course", Files.createTempFile("demo-", ".tar.gz"));
        try {
            String publishId = PublishApi.upload(TestCourses.DEMO_COURSE_ID, null, Files.readAllBytes(targz)).then()
                    .statusCode(202).body("courseId", equalTo(TestCourses.DEMO_COURSE_ID))
                    .extract().path("publishId");
            assertEquals(Files.size(targz),
                    store.stat(ObjectKeys.source(TestCourses.DEMO_COURSE_ID, publishId)).orElseThrow().size());
        } finally {
            Files.deleteIfExists(targz);
        }
    }

    @Test
    void acceptedExportHasItsPerEntryIndexBesideIt() throws Exception {
        CourseKey course = TestCourse.unique();
        byte[] html = "<p>indexed</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] export = TestCourse.export(course).file("course/static/a b.txt", html).bytes();
        String publishId = PublishApi.upload(course.courseId(), "2026-11-21T10:15:30.123Z", export).then()
                .statusCode(202).extract().path("publishId");

        io.satchel.events.SourceIndex index = EventJson.fromBytes(store.getBytes(ObjectKeys.sourceIndex(
                course.courseId(), publishId)).orElseThrow(), io.satchel.events.SourceIndex.class);
        assertEquals(ObjectKeys.source(course.courseId(), publishId), index.sourceKey());
        assertEquals(sha256(export), index.sourceSha256());
        assertEquals(export.length, index.sourceSize());
        assertEquals(List.of("course"), index.folders());
        assertEquals(5, index.files().size());
        io.satchel.events.SourceIndex.Entry last = index.files().get(4);
        assertEquals("course/static/a b.txt", last.path());
        assertEquals(html.length, last.size());
        assertEquals(sha256(html), last.sha256());
        assertTrue(last.compressedEnd() > 0 && last.compressedEnd() <= export.length);
    }

    @Test
    void windowsMadeExportIsAcceptedAndIndexedUnderNormalizedNames() throws Exception {
        CourseKey course = TestCourse.unique();
        byte[] export = TarGz.create().dir(".\\course\\")
                .file("course\\course.xml", "<course url_name=\"" + course.run() + "\" org=\"" + course.org()
                        + "\" course=\"" + course.course() + "\"/>\n")
                .file("course\\course\\" + course.run() + ".xml", "<course><chapter url_name=\"ch1\"/></course>\n")
                .file("course\\static\\a b.txt", "x").bytes();
        String publishId = PublishApi.upload(course.courseId(), null, export).then().statusCode(202)
                .extract().path("publishId");
        io.satchel.events.SourceIndex index = EventJson.fromBytes(store.getBytes(ObjectKeys.sourceIndex(
                course.courseId(), publishId)).orElseThrow(), io.satchel.events.SourceIndex.class);
        assertEquals(List.of("course"), index.folders());
        assertEquals(List.of("course/course.xml", "course/course/" + course.run() + ".xml", "course/static/a b.txt"),
                index.files().stream().map(io.satchel.events.SourceIndex.Entry::path).toList());
    }

    @Test
    void percentEncodedCourseIdIsTheSameCourseAndPlusIsNotASpace() {
        CourseKey course = TestCourse.unique();
        String encoded = course.courseId().replace(":", "%3A").replace("+", "%2B");
        PublishApi.upload(encoded, "2026-01-01T00:00:00.000Z", TestCourse.export(course).bytes()).then().statusCode(202)
                .body("courseId", equalTo(course.courseId()));
        // same publish through the raw form: recognised as the same course and time
        PublishApi.upload(course.courseId(), "2026-01-01T00:00:00Z", TestCourse.export(course).bytes()).then().statusCode(200)
                .body("courseId", equalTo(course.courseId()));
        assertEquals(1, Stored.publishes(course.courseId()).size());
    }

    @Test
    void samePublishTwiceGivesTheSamePublishIdAndOneEvent() {
        CourseKey course = TestCourse.unique();
        byte[] export = TestCourse.export(course).bytes();
        String first = PublishApi.upload(course.courseId(), "2026-02-01T08:00:00.000Z", export).then().statusCode(202)
                .extract().path("publishId");
        String second = PublishApi.upload(course.courseId(), "2026-02-01T08:00:00.000Z", export).then().statusCode(200)
                .extract().path("publishId");
        assertEquals(first, second);
        assertEquals(1, Stored.sourceObjects(store, course.courseId()).size());
        assertEquals(1, Stored.outbox(course.courseId()).size());
        assertEquals(1, CoursePublishedTopic.records(course.courseId(), 1, Duration.ofSeconds(30),
                Duration.ofSeconds(2)).size());
    }

    @Test
    void concurrentRepeatsOfOnePublishAgreeOnOnePublishId() throws Exception {
        CourseKey course = TestCourse.unique();
        byte[] export = TestCourse.export(course).bytes();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Response> call = () -> PublishApi.upload(course.courseId(), "2026-03-01T00:00:00.000Z", export);
            List<Future<Response>> futures = pool.invokeAll(List.of(call, call, call, call));
            List<Integer> statuses = futures.stream().map(f -> get(f).statusCode()).sorted().toList();
            Set<String> ids = futures.stream().map(f -> get(f).<String>path("publishId")).collect(Collectors.toSet());
            assertEquals(List.of(200, 200, 200, 202), statuses);
            assertEquals(1, ids.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Stored.sourceObjects(store, course.courseId()).size(), "losers' snapshots are removed");
        assertEquals(1, store.list("source-indexes/" + ObjectKeys.segment(course.courseId()) + "/").size(),
                "losers' indexes are removed");
        assertEquals(1, Stored.outbox(course.courseId()).size());
    }

    @Test
    void olderPublishThanTheNewestIsStale() {
        CourseKey course = TestCourse.unique();
        byte[] export = TestCourse.export(course).bytes();
        PublishApi.upload(course.courseId(), "2026-05-01T12:00:00.000Z", export).then().statusCode(202);
        PublishApi.upload(course.courseId(), "2026-04-30T12:00:00.000Z", export).then().statusCode(409)
                .body("error", equalTo("STALE_PUBLISH"))
                .body("details.newestPublishedAt", equalTo("2026-05-01T12:00:00.000Z"));
        PublishApi.upload(course.courseId(), "2026-05-02T12:00:00.000Z", export).then().statusCode(202);
        assertEquals(2, Stored.sourceObjects(store, course.courseId()).size());
        assertEquals(2, Stored.outbox(course.courseId()).size());
    }

    @Test
    void badCourseIdOrTimeIs400() {
        CourseKey course = TestCourse.unique();
        byte[] export = TestCourse.export(course).bytes();
        PublishApi.upload("not-a-course", null, export).then().statusCode(400).body("error", equalTo("INVALID_COURSE_ID"));
        PublishApi.upload("course-v1:A+B", null, export).then().statusCode(400).body("error", equalTo("INVALID_COURSE_ID"));
        PublishApi.upload(course.courseId(), "yesterday", export).then().statusCode(400)
                .body("error", equalTo("INVALID_PUBLISHED_AT"));
        assertTrue(Stored.publishes(course.courseId()).isEmpty());
    }

    @Test
    void everyRefusedExportIs422AndLeavesNothingBehind() {
        CourseKey c = TestCourse.unique();
        TarGz ok = TestCourse.export(c);
        refused(c, "PATH_TRAVERSAL", TestCourse.export(c).file("course/../../etc/cron.d/evil", "* * * * * root sh").bytes());
        refused(c, "PATH_TRAVERSAL", TestCourse.export(c).file("course\\..\\..\\evil", "x").bytes());
        refused(c, "ABSOLUTE_PATH", TestCourse.export(c).file("/etc/cron.d/evil", "x").bytes());
        refused(c, "ABSOLUTE_PATH", TestCourse.export(c).file("C:\\Windows\\evil.dll", "x").bytes());
        refused(c, "INVALID_NAME", TestCourse.export(c).file("course/static/a\u0007.png", "x").bytes());
        refused(c, "LINK_OUT_OF_TREE", TestCourse.export(c).symlink("course/static/passwd", "/etc/passwd").bytes());
        refused(c, "LINK_OUT_OF_TREE", TestCourse.export(c).hardlink("course/static/shadow", "/etc/shadow").bytes());
        refused(c, "LINK_NOT_ALLOWED", TestCourse.export(c).symlink("course/static/a.html", "../html/intro.html").bytes());
        refused(c, "DUPLICATE_ENTRY", TestCourse.export(c).file("course\\html\\intro.html", "x").bytes());
        refused(c, "PATH_CONFLICT", TestCourse.export(c).file("course/html/intro.html/x", "x").bytes());
        refused(c, "COMPRESSION_RATIO", bomb(c));
        refused(c, "TOO_LARGE", TestCourse.export(c).random("course/static/huge.bin", 9L << 20).bytes());
        refused(c, "NOT_GZIP", ok.plainTar());
        refused(c, "NOT_GZIP", "<course/>".getBytes());
        byte[] good = ok.bytes();
        refused(c, "BROKEN_ARCHIVE", java.util.Arrays.copyOf(good, good.length - 20));
        refused(c, "MISSING_COURSE_XML", TarGz.create().file("course/html/intro.html", "<p/>").bytes());
        refused(c, "COURSE_ID_MISMATCH", TarGz.course(c.org(), c.course(), "1999", "course").bytes());
        refused(c, "XML_DTD_NOT_ALLOWED", TarGz.create().file("course.xml", "<?xml version=\"1.0\"?>"
                + "<!DOCTYPE course [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                + "<course url_name=\"2026\" org=\"" + c.org() + "\" course=\"&x;\"/>").bytes());
        refused(c, "INVALID_COURSE_XML", TarGz.create().file("course.xml", "<course org=").bytes());
        // course-level failures the renderer would dead-letter are refused here (edx-platform's 2014_Uni shape)
        String pointer = "<course url_name=\"" + c.run() + "\" org=\"" + c.org() + "\" course=\"" + c.course() + "\"/>";
        refused(c, "MISSING_COURSE_FILE", TarGz.create().file("course.xml", pointer).bytes());
        refused(c, "NO_STRUCTURE", TarGz.create().file("course.xml", pointer)
                .file("course/" + c.run() + ".xml", "<course display_name=\"Empty\"><wiki slug=\"w\"/></course>").bytes());
    }

    /** 20 files of 6 MiB zeros: each under the per-file limit, about 1000:1 together. */
    private static byte[] bomb(CourseKey c) {
        TarGz t = TestCourse.export(c);
        for (int i = 0; i < 20; i++) {
            t.zeros("course/static/zero" + i + ".bin", 6L << 20);
        }
        return t.bytes();
    }

    private void refused(CourseKey course, String code, byte[] body) {
        PublishApi.upload(course.courseId(), null, body).then().statusCode(422).body("error", equalTo(code))
                .body("message", notNullValue());
        assertEquals(List.of(), Stored.sourceObjects(store, course.courseId()), code + ": nothing stored");
        assertEquals(List.of(), Stored.publishes(course.courseId()), code + ": nothing recorded");
        assertEquals(List.of(), Stored.outbox(course.courseId()), code + ": nothing emitted");
    }

    @Test
    void onlyPublishersMayPublish() {
        CourseKey course = TestCourse.unique();
        byte[] export = TestCourse.export(course).bytes();
        String path = "/api/v1/courses/" + course.courseId() + "/source";
        given().urlEncodingEnabled(false).contentType("application/gzip").body(export).put(path).then()
                .statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().urlEncodingEnabled(false).header("Authorization", TestTokens.bearer("u1", "learner"))
                .contentType("application/gzip").body(export).put(path).then().statusCode(403)
                .body("error", equalTo("FORBIDDEN"));
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + TestTokens.foreignToken("cms", "publisher"))
                .contentType("application/gzip").body(export).put(path).then().statusCode(401)
                .body("error", equalTo("INVALID_TOKEN"));
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + TestTokens.expiredToken("cms", "publisher"))
                .contentType("application/gzip").body(export).put(path).then().statusCode(401)
                .body("error", equalTo("INVALID_TOKEN"));
        assertTrue(Stored.publishes(course.courseId()).isEmpty());
    }

    @Test
    void readinessCoversDatabaseAndObjectStoreAndOpenApiIsServed() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'object-store' }.status", equalTo("UP"))
                .body("checks.find { it.name.contains('Database') }.status", equalTo("UP"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/courses/{courseId}/source'.put", notNullValue())
                .body("paths.'/api/v1/course-published'.post", notNullValue());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Response get(Future<Response> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
