package io.satchel.sync;

import static io.restassured.RestAssured.given;
import static io.satchel.sync.ProgressEvents.event;
import static io.satchel.sync.ProgressEvents.post;
import static io.satchel.sync.SyncFixtures.ADMIN;
import static io.satchel.sync.SyncFixtures.newCourseId;
import static io.satchel.sync.SyncFixtures.now;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.Timestamps;
import io.satchel.sync.SyncFixtures.Published;
import io.satchel.testing.TestTokens;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Enrollments: admin PUT/DELETE, the learner's own list with completion of the newest manifest, ETag/304. */
@QuarkusTest
class EnrollmentIT {
    @Inject
    ObjectStore store;

    private static Response put(String auth, String user, String course, Object body) {
        return given().header("Authorization", auth).contentType("application/json").body(body)
                .put("/api/v1/enrollments/" + user + "/" + course);
    }

    @Test
    void adminCreatesUpdatesAndDeletes() {
        String user = "e-" + UUID.randomUUID();
        String course = newCourseId();
        put(ADMIN, user, course, Map.of("batchId", "b1")).then().statusCode(201).body("batchId", equalTo("b1"));
        put(ADMIN, user, course, Map.of("batchId", "b1")).then().statusCode(200);
        put(ADMIN, user, course, Map.of("batchId", "b2")).then().statusCode(200).body("batchId", equalTo("b2"));
        given().header("Authorization", TestTokens.bearer(user, "learner")).get("/api/v1/enrollments").then()
                .statusCode(200).body("enrollments", hasSize(1)).body("enrollments[0].batchId", equalTo("b2"));
        given().header("Authorization", ADMIN).delete("/api/v1/enrollments/" + user + "/" + course).then()
                .statusCode(204);
        given().header("Authorization", ADMIN).delete("/api/v1/enrollments/" + user + "/" + course).then()
                .statusCode(204);
        given().header("Authorization", TestTokens.bearer(user, "learner")).get("/api/v1/enrollments").then()
                .body("enrollments", hasSize(0));
    }

    @Test
    void badRequestsAndRoles() {
        String course = newCourseId();
        put(TestTokens.bearer("l", "learner"), "l", course, Map.of("batchId", "b")).then().statusCode(403)
                .body("error", equalTo("FORBIDDEN"));
        given().contentType("application/json").body(Map.of("batchId", "b")).put("/api/v1/enrollments/u/" + course)
                .then().statusCode(401);
        put(ADMIN, "u", course, Map.of()).then().statusCode(400).body("error", equalTo("INVALID_BATCH_ID"));
        put(ADMIN, "u", course, Map.of("batchId", "")).then().statusCode(400).body("error", equalTo("INVALID_BATCH_ID"));
        put(ADMIN, "u", course, Map.of("batchId", 7)).then().statusCode(400).body("error", equalTo("INVALID_BATCH_ID"));
        put(ADMIN, "u", course, "{oops").then().statusCode(400).body("error", equalTo("INVALID_JSON"));
        put(ADMIN, "u", "math101", Map.of("batchId", "b")).then().statusCode(400)
                .body("error", equalTo("INVALID_COURSE_ID"));
        given().header("Authorization", TestTokens.bearer("l", "learner"))
                .delete("/api/v1/enrollments/l/" + course).then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("l", "publisher")).get("/api/v1/enrollments").then()
                .statusCode(403);
        // nothing was stored by the refused requests
        given().header("Authorization", TestTokens.bearer("u", "learner")).get("/api/v1/enrollments").then()
                .body("enrollments.findAll { it.courseId == '" + course + "' }", hasSize(0));
    }

    @Test
    void completionCountsCompletedLeavesOfTheNewestManifestAndListIsOwnOnlyWithEtag() {
        String user = "e-c-" + UUID.randomUUID();
        String course = newCourseId();
        Instant t = now().minusSeconds(3600);
        Published v1 = SyncFixtures.publish(store, course, t, 2); // 4 leaves: page1_1 page1_2 page2_1 page2_2
        SyncFixtures.enroll(user, course, "b");
        SyncFixtures.enroll("e-other-" + UUID.randomUUID(), course, "b");
        var auth = TestTokens.bearer(user, "learner");
        Response empty = given().header("Authorization", auth).get("/api/v1/enrollments");
        empty.then().body("enrollments[0].completedCount", equalTo(0)).body("enrollments[0].leafCount", equalTo(4))
                .body("enrollments[0].completionPercentage", equalTo(0))
                .body("enrollments[0].lastAccessTime", nullValue());

        Instant access = now().minusSeconds(30);
        post(user, List.of(event(course, v1.leafIds().get(0), 2, 100, access.minusSeconds(10)),
                event(course, v1.leafIds().get(2), 1, 50, access))).then().statusCode(200);
        Response one = given().header("Authorization", auth).get("/api/v1/enrollments");
        one.then().body("enrollments", hasSize(1)).body("enrollments[0].courseId", equalTo(course))
                .body("enrollments[0].completedCount", equalTo(1)).body("enrollments[0].leafCount", equalTo(4))
                .body("enrollments[0].completionPercentage", equalTo(25))
                .body("enrollments[0].lastAccessTime", equalTo(Timestamps.format(access)));
        String tag = one.header("ETag");
        assertNotEquals(empty.header("ETag"), tag);
        given().header("Authorization", auth).header("If-None-Match", tag).get("/api/v1/enrollments").then()
                .statusCode(304);

        // newest manifest has 2 leaves (page1_1, page2_1): 1 of 2 completed
        Published v2 = SyncFixtures.writeManifest(store, course, t.plusSeconds(60), 1, "page");
        SyncFixtures.send(v2.event());
        SyncFixtures.awaitServed(course, v2.event().publishId());
        given().header("Authorization", auth).get("/api/v1/enrollments").then()
                .body("enrollments[0].completedCount", equalTo(1)).body("enrollments[0].leafCount", equalTo(2))
                .body("enrollments[0].completionPercentage", equalTo(50));
        given().header("Authorization", auth).header("If-None-Match", tag).get("/api/v1/enrollments").then()
                .statusCode(200);
        // a newest manifest without the completed leaf: 0 of 2
        Published v3 = SyncFixtures.writeManifest(store, course, t.plusSeconds(120), 1, "other");
        SyncFixtures.send(v3.event());
        SyncFixtures.awaitServed(course, v3.event().publishId());
        Response last = given().header("Authorization", auth).get("/api/v1/enrollments");
        assertEquals(0, last.jsonPath().getInt("enrollments[0].completedCount"));
        assertEquals(2, last.jsonPath().getInt("enrollments[0].leafCount"));
    }
}
