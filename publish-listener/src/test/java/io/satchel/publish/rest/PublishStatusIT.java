package io.satchel.publish.rest;

import static io.restassured.RestAssured.given;
import static io.satchel.publish.support.StatusRecords.awaitStatus;
import static io.satchel.publish.support.StatusRecords.deadLetter;
import static io.satchel.publish.support.StatusRecords.send;
import static io.satchel.publish.support.StatusRecords.status;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CourseArchived;
import io.satchel.events.CourseKey;
import io.satchel.events.CourseLive;
import io.satchel.events.CoursePublished;
import io.satchel.events.CourseRendered;
import io.satchel.events.DeadLetters;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.RenderManifest;
import io.satchel.events.Timestamps;
import io.satchel.events.Topics;
import io.satchel.publish.support.PublishApi;
import io.satchel.publish.support.StatusRecords;
import io.satchel.publish.support.TestCourse;
import io.satchel.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The publish status on real Kafka, PostgreSQL and S3: publishes accepted through HTTP, then moved by the records the
 * pipeline writes (course.rendered with a render manifest in S3, course.live, every DLQ), read through the API.
 */
@QuarkusTest
class PublishStatusIT {
    private static final String RFC3339_MS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @Inject
    ObjectStore store;

    private static Response upload(CourseKey course, String publishedAt) {
        Response r = PublishApi.upload(course.courseId(), publishedAt, TestCourse.export(course).bytes());
        r.then().statusCode(202);
        return r;
    }

    @Test
    void acceptedThenRenderedWithItsProblemsThenLive() throws Exception {
        CourseKey course = TestCourse.unique();
        Response accepted = upload(course, "2026-07-01T10:00:00.000Z");
        String publishId = accepted.jsonPath().getString("publishId");
        String location = accepted.header("Location");
        assertTrue(location != null && location.endsWith("/api/v1/courses/" + course.courseId() + "/publishes/"
                + publishId), "Location: " + location);

        status(course.courseId(), publishId).then().statusCode(200)
                .body("publishId", equalTo(publishId))
                .body("courseId", equalTo(course.courseId()))
                .body("publishedAt", equalTo("2026-07-01T10:00:00.000Z"))
                .body("receivedAt", matchesPattern(RFC3339_MS))
                .body("updatedAt", matchesPattern(RFC3339_MS))
                .body("status", equalTo("accepted"))
                .body("error", nullValue())
                .body("blocks.total", nullValue())
                .body("problems", hasSize(0));
        // the Location a CMS got is the status URL itself
        given().urlEncodingEnabled(false).header("Authorization", PublishApi.PUBLISHER)
                .get(new URI(location).getRawPath()).then().statusCode(200)
                .body("publishId", equalTo(publishId));

        Instant publishedAt = Timestamps.parse("2026-07-01T10:00:00.000Z");
        String broken = course.blockId("problem", "broken");
        RenderManifest manifest = new RenderManifest(course.courseId(), publishId, publishedAt, Timestamps.now(), "t",
                "Tiny", List.of(
                        new RenderManifest.Block(course.blockId("html", "intro"), "html", "Intro", List.of(), "h1",
                                List.of(), List.of(), null),
                        new RenderManifest.Block(broken, "problem", "Broken", List.of(), "h2", List.of(), List.of(),
                                new RenderManifest.Problem("MALFORMED_OLX", "problem/broken.xml is not well-formed.")),
                        new RenderManifest.Block(course.blockId("video", "v"), "video", "V", List.of(), "h3",
                                List.of(), List.of(), null)),
                List.of());
        String manifestKey = ObjectKeys.renderManifest(course.courseId(), publishId);
        store.put(manifestKey, EventJson.toBytes(manifest), "application/json", Map.of());
        CourseRendered rendered = new CourseRendered(publishId, course.courseId(), publishedAt, Timestamps.now(),
                manifestKey, 3, 2, 1);
        send(rendered);

        awaitStatus(course.courseId(), publishId, "rendered").then()
                .body("blocks.total", equalTo(3))
                .body("blocks.rendered", equalTo(2))
                .body("blocks.unavailable", equalTo(1))
                .body("problems", hasSize(1))
                .body("problems[0].blockId", equalTo(broken))
                .body("problems[0].code", equalTo("MALFORMED_OLX"))
                .body("problems[0].message", equalTo("problem/broken.xml is not well-formed."))
                .body("error", nullValue());

        send(new CourseLive(publishId, course.courseId(), publishedAt, Timestamps.now(), 3));
        Response live = awaitStatus(course.courseId(), publishId, "live");
        live.then().body("blocks.unavailable", equalTo(1)).body("problems", hasSize(1));

        // replays and a late dead letter never move it back
        send(rendered);
        deadLetter(Topics.deadLetter(Topics.COURSE_ARCHIVED), course.courseId(), "{}", DeadLetters.PUBLISH_ID,
                publishId, DeadLetters.CODE, "INVALID_EVENT", DeadLetters.REASON, "late");
        Thread.sleep(4000);
        status(course.courseId(), publishId).then().body("status", equalTo("live")).body("error", nullValue())
                .body("updatedAt", equalTo(live.jsonPath().getString("updatedAt")));
    }

    @Test
    void olderPublishesNotYetLiveAreSupersededAndTheListIsNewestFirst() {
        CourseKey course = TestCourse.unique();
        String p1 = upload(course, "2026-07-01T10:00:00.000Z").jsonPath().getString("publishId");
        String p2 = upload(course, "2026-07-02T10:00:00.000Z").jsonPath().getString("publishId");
        String p3 = upload(course, "2026-07-03T10:00:00.000Z").jsonPath().getString("publishId");

        send(new CourseLive(p2, course.courseId(), Timestamps.parse("2026-07-02T10:00:00.000Z"), Timestamps.now(), 1));
        awaitStatus(course.courseId(), p2, "live");
        awaitStatus(course.courseId(), p1, "superseded").then().body("error", nullValue());
        status(course.courseId(), p3).then().body("status", equalTo("accepted"));

        StatusRecords.list(course.courseId(), "").then().statusCode(200)
                .body("publishes", hasSize(3))
                .body("publishes.publishId", equalTo(List.of(p3, p2, p1)))
                .body("publishes.status", equalTo(List.of("accepted", "live", "superseded")));
        StatusRecords.list(course.courseId(), "?limit=1").then().statusCode(200)
                .body("publishes.publishId", equalTo(List.of(p3)));
        for (String bad : List.of("0", "-1", "abc", "100000")) {
            StatusRecords.list(course.courseId(), "?limit=" + bad).then().statusCode(400)
                    .body("error", equalTo("INVALID_LIMIT")).body("message", matchesPattern(".*limit.*"));
        }
        StatusRecords.list(TestCourse.unique().courseId(), "").then().statusCode(200).body("publishes", hasSize(0));
    }

    @Test
    void aRecordInAnyDeadLetterTopicFailsItsPublishWithTheCodeAndReason() {
        CourseKey course = TestCourse.unique();
        String published = upload(course, "2026-08-01T10:00:00.000Z").jsonPath().getString("publishId");
        String rendered = upload(course, "2026-08-02T10:00:00.000Z").jsonPath().getString("publishId");
        String archived = upload(course, "2026-08-03T10:00:00.000Z").jsonPath().getString("publishId");
        String live = upload(course, "2026-08-04T10:00:00.000Z").jsonPath().getString("publishId");
        Instant t = Timestamps.parse("2026-08-02T10:00:00.000Z");

        // renderer: our header set, the value is the unreadable original
        deadLetter(Topics.deadLetter(Topics.COURSE_PUBLISHED), course.courseId(), "\u0000not json",
                DeadLetters.PUBLISH_ID, published, DeadLetters.CODE, "MALFORMED_OLX", DeadLetters.REASON,
                "course.xml is not well-formed");
        // only SmallRye's headers: the publish comes from the value, the reason from dead-letter-reason
        deadLetter(Topics.deadLetter(Topics.COURSE_RENDERED), course.courseId(), EventJson.toString(
                new CourseRendered(rendered, course.courseId(), t, t, "rendered/none.json", 1, 1, 0)),
                "dead-letter-reason", "zip failed");
        deadLetter(Topics.deadLetter(Topics.COURSE_ARCHIVED), course.courseId(), EventJson.toString(
                new CourseArchived(archived, course.courseId(), t, t, "archives/none.json", 1)),
                DeadLetters.CODE, "INVALID_EVENT", DeadLetters.REASON, "no manifest object at archives/none.json");
        deadLetter(Topics.deadLetter(Topics.COURSE_LIVE), course.courseId(),
                "{\"publishId\":\"" + live + "\",\"courseId\":\"" + course.courseId() + "\"}",
                "dead-letter-reason", "event lacks courseId or publishedAt");

        awaitStatus(course.courseId(), published, "failed").then()
                .body("error.code", equalTo("MALFORMED_OLX"))
                .body("error.message", equalTo("Rendering failed: course.xml is not well-formed"));
        awaitStatus(course.courseId(), rendered, "failed").then()
                .body("error.code", equalTo("PROCESSING_FAILED"))
                .body("error.message", equalTo("Archiving failed: zip failed"));
        awaitStatus(course.courseId(), archived, "failed").then()
                .body("error.code", equalTo("INVALID_EVENT"))
                .body("error.message", matchesPattern("Serving the offline manifest failed: no manifest object.*"));
        awaitStatus(course.courseId(), live, "failed").then()
                .body("error.code", equalTo("PROCESSING_FAILED"))
                .body("error.message", matchesPattern("Recording the publish as live failed: .*publishedAt.*"));
    }

    @Test
    void aReadableCourseLiveInItsDeadLetterTopicStillMeansLive() {
        CourseKey course = TestCourse.unique();
        String p = upload(course, "2026-09-01T10:00:00.000Z").jsonPath().getString("publishId");
        deadLetter(Topics.deadLetter(Topics.COURSE_LIVE), course.courseId(), EventJson.toString(new CourseLive(p,
                course.courseId(), Timestamps.parse("2026-09-01T10:00:00.000Z"), Timestamps.now(), 1)),
                "dead-letter-reason", "database unavailable");
        awaitStatus(course.courseId(), p, "live").then().body("error", nullValue());
    }

    @Test
    void aPublishACmsWroteToKafkaDirectlyGetsAStatusToo() {
        CourseKey course = TestCourse.unique();
        String publishId = "cms-" + UUID.randomUUID();
        send(new CoursePublished(publishId, course.courseId(), Timestamps.parse("2026-10-01T10:00:00.000Z"),
                null, "https://cms.example/export.tar.gz", null));
        awaitStatus(course.courseId(), publishId, "accepted").then()
                .body("publishedAt", equalTo("2026-10-01T10:00:00.000Z"))
                .body("receivedAt", matchesPattern(RFC3339_MS));
    }

    @Test
    void unknownPublishIs404AndTheApiNeedsThePublisherRole() {
        CourseKey course = TestCourse.unique();
        status(course.courseId(), "nope").then().statusCode(404).body("error", equalTo("PUBLISH_NOT_FOUND"))
                .body("message", matchesPattern(".*nope.*"));
        String p = upload(course, null).jsonPath().getString("publishId");
        status(TestCourse.unique().courseId(), p).then().statusCode(404); // another course's publish
        given().urlEncodingEnabled(false)
                .header("Authorization", TestTokens.bearer("l", "learner"))
                .get("/api/v1/courses/" + course.courseId() + "/publishes/" + p).then().statusCode(403);
        given().urlEncodingEnabled(false)
                .get("/api/v1/courses/" + course.courseId() + "/publishes").then().statusCode(401);
        assertEquals(200, status(course.courseId(), p).statusCode());
    }
}
