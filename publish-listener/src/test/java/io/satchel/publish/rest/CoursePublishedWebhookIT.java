package io.satchel.publish.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CourseKey;
import io.satchel.events.ObjectKeys;
import io.satchel.publish.config.PublishConfig;
import io.satchel.publish.support.Stored;
import io.satchel.publish.support.TestCourse;
import io.satchel.testing.SourceServer;
import io.satchel.testing.TestTokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /api/v1/course-published: the export is fetched from sourceUrl, never from where it must not be. */
@QuarkusTest
class CoursePublishedWebhookIT {
    private static SourceServer cms;

    @Inject
    ObjectStore store;

    @Inject
    PublishConfig config;

    @BeforeAll
    static void startCms() {
        cms = new SourceServer();
    }

    @AfterAll
    static void stopCms() {
        cms.close();
    }

    static ValidatableResponse webhook(String courseId, String publishedAt, String sourceUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("courseId", courseId);
        body.put("publishedAt", publishedAt);
        body.put("sourceUrl", sourceUrl);
        return given().header("Authorization", TestTokens.bearer("cms", "publisher")).contentType("application/json")
                .body(body).post("/api/v1/course-published").then();
    }

    @Test
    void fetchesStoresAndAnswersLikeAnUpload() {
        CourseKey course = TestCourse.unique();
        byte[] export = TestCourse.export(course).bytes();
        cms.serve(course.course() + ".tar.gz", export);
        String url = cms.url("files/" + course.course() + ".tar.gz");
        String publishId = webhook(course.courseId(), "2026-11-21T10:15:30.123Z", url).statusCode(202)
                .body("courseId", equalTo(course.courseId())).body("publishedAt", equalTo("2026-11-21T10:15:30.123Z"))
                .extract().path("publishId");
        assertArrayEquals(export, store.getBytes(ObjectKeys.source(course.courseId(), publishId)).orElseThrow());
        assertEquals(url, Stored.publishes(course.courseId()).get(0).sourceUrl);
        webhook(course.courseId(), "2026-11-21T10:15:30.123Z", url).statusCode(200).body("publishId", equalTo(publishId));
        webhook(course.courseId(), "2026-11-20T10:15:30.123Z", url).statusCode(409).body("error", equalTo("STALE_PUBLISH"));
        assertEquals(1, Stored.outbox(course.courseId()).size());
    }

    @Test
    void refusesLoopbackLinkLocalAndOtherSchemes() {
        CourseKey course = TestCourse.unique();
        cms.serve(course.course() + ".tar.gz", TestCourse.export(course).bytes());
        String path = "/files/" + course.course() + ".tar.gz";
        refused(course, "ADDRESS_NOT_ALLOWED", "http://127.0.0.1:" + cms.port() + path);
        refused(course, "ADDRESS_NOT_ALLOWED", "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        refused(course, "ADDRESS_NOT_ALLOWED", "http://[::1]:" + cms.port() + path);
        refused(course, "ADDRESS_NOT_ALLOWED", "http://10.0.0.1/course.tar.gz");
        // an allowed host redirecting to a refused one: every hop is checked
        refused(course, "ADDRESS_NOT_ALLOWED", cms.url("redirect/127.0.0.1:" + cms.port() + path));
        refused(course, "URL_NOT_ALLOWED", "file:///etc/passwd");
        refused(course, "URL_NOT_ALLOWED", "ftp://localhost/course.tar.gz");
        refused(course, "URL_NOT_ALLOWED", "gopher://localhost:" + cms.port() + "/");
    }

    @Test
    void refusesSourcesThatFailOrAreTooLargeOrNotAnExport() {
        CourseKey course = TestCourse.unique();
        refused(course, "FETCH_FAILED", cms.url("files/missing.tar.gz"));
        refused(course, "SOURCE_TOO_LARGE", cms.url("endless"));
        cms.serve(course.course() + "-evil.tar.gz",
                TestCourse.export(course).symlink("course/static/passwd", "/etc/passwd").bytes());
        refused(course, "LINK_OUT_OF_TREE", cms.url("files/" + course.course() + "-evil.tar.gz"));
    }

    @Test
    void aSourceThatDripsIsCutAtTheTotalDeadlineAndLeavesNoSpoolFile() throws Exception {
        CourseKey course = TestCourse.unique();
        Path spool = config.spoolDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "satchel-publish"));
        Set<Path> before = spoolFiles(spool);
        long start = System.nanoTime();
        webhook(course.courseId(), null, cms.url("drip")).statusCode(422).body("error", equalTo("SOURCE_TIMEOUT"))
                .body("details.sourceUrl", equalTo(cms.url("drip")));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        long deadlineMs = config.fetch().totalTimeout().toMillis();
        assertTrue(tookMs >= deadlineMs && tookMs < deadlineMs + 5000,
                "cut at the " + deadlineMs + " ms deadline: " + tookMs + " ms");
        assertEquals(before, spoolFiles(spool), "the partial download's spool file is deleted");
        assertEquals(List.of(), Stored.sourceObjects(store, course.courseId()));
        assertEquals(List.of(), Stored.publishes(course.courseId()));
        assertEquals(List.of(), Stored.outbox(course.courseId()));
    }

    private static Set<Path> spoolFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(Collectors.toSet());
        }
    }

    @Test
    void badRequestsAre400() {
        CourseKey course = TestCourse.unique();
        webhook(course.courseId(), "2026-01-01T00:00:00Z", null).statusCode(400)
                .body("error", equalTo("INVALID_SOURCE_URL"));
        webhook("course-v1:bad", "2026-01-01T00:00:00Z", cms.url("files/x")).statusCode(400)
                .body("error", equalTo("INVALID_COURSE_ID"));
        webhook(course.courseId(), "not a time", cms.url("files/x")).statusCode(400)
                .body("error", equalTo("INVALID_PUBLISHED_AT"));
        given().header("Authorization", TestTokens.bearer("cms", "publisher")).contentType("application/json")
                .body("{not json").post("/api/v1/course-published").then().statusCode(400);
        given().header("Authorization", TestTokens.bearer("u", "learner")).contentType("application/json")
                .body(Map.of("courseId", course.courseId(), "sourceUrl", cms.url("files/x")))
                .post("/api/v1/course-published").then().statusCode(403);
        given().contentType("application/json").body(Map.of("courseId", course.courseId()))
                .post("/api/v1/course-published").then().statusCode(401);
    }

    private void refused(CourseKey course, String code, String url) {
        webhook(course.courseId(), null, url).statusCode(422).body("error", equalTo(code));
        assertEquals(List.of(), Stored.sourceObjects(store, course.courseId()), url);
        assertEquals(List.of(), Stored.publishes(course.courseId()), url);
        assertEquals(List.of(), Stored.outbox(course.courseId()), url);
    }
}
