package io.satchel.sync;

import static io.restassured.RestAssured.given;
import static io.satchel.sync.SyncFixtures.ADMIN;
import static io.satchel.sync.SyncFixtures.enroll;
import static io.satchel.sync.SyncFixtures.newCourseId;
import static io.satchel.sync.SyncFixtures.now;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.common.storage.ObjectStore;
import io.satchel.sync.SyncFixtures.Published;
import io.satchel.testing.TestTokens;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sunbird lms-service compatible content/state/update and content/state/read on the same merge. */
@QuarkusTest
class SunbirdContentStateIT {
    @Inject
    ObjectStore store;

    private static Response update(String auth, Map<String, Object> request) {
        return given().header("Authorization", auth).contentType("application/json").body(Map.of("request", request))
                .patch("/api/v1/content/state/update");
    }

    private static Response read(String auth, Map<String, Object> request) {
        return given().header("Authorization", auth).contentType("application/json").body(Map.of("request", request))
                .post("/api/v1/content/state/read");
    }

    @Test
    void updateAndReadInSunbirdShapesWithTheSameMerge() {
        String user = "sb-" + UUID.randomUUID();
        String course = newCourseId();
        Published p = SyncFixtures.publish(store, course, now().minusSeconds(600), 1);
        enroll(user, course, "batch-9");
        var auth = TestTokens.bearer(user, "learner");
        String a = p.leafIds().get(0);
        String b = p.leafIds().get(1);
        Response up = update(auth, Map.of("userId", user, "contents", List.of(
                Map.of("contentId", a, "courseId", course, "batchId", "batch-9", "status", 2, "progress", 40,
                        "lastAccessTime", "2026-01-02 10:15:30:123+0530"),
                Map.of("contentId", b, "courseId", course, "batchId", "batch-9", "status", 1, "progress", 20,
                        "lastAccessTime", "2026-01-02T05:00:00.000Z"),
                Map.of("contentId", "do_unknown", "courseId", course, "batchId", "batch-9", "status", 1))));
        up.then().statusCode(200).body("id", equalTo("api.content.state.update")).body("ver", equalTo("v1"))
                .body("ts", notNullValue()).body("params.status", equalTo("successful"))
                .body("responseCode", equalTo("OK"))
                .body("result.'" + a + "'", equalTo("SUCCESS"))
                .body("result.'" + b + "'", equalTo("SUCCESS"))
                .body("result.do_unknown", equalTo("UNKNOWN_CONTENT"));
        // a lower status later never lowers the stored one
        update(auth, Map.of("contents", List.of(Map.of("contentId", a, "courseId", course, "batchId", "batch-9",
                "status", 1, "progress", 10, "lastAccessTime", "2026-01-01 00:00:00:000+0000")))).then()
                .statusCode(200);

        Response r = read(auth, Map.of("userId", user, "courseId", course, "batchId", "batch-9",
                "contentIds", List.of(a, b)));
        r.then().statusCode(200).body("id", equalTo("api.content.state.read"))
                .body("result.response", hasSize(2))
                .body("result.response.find { it.contentId == '" + a + "' }.status", equalTo(2))
                .body("result.response.find { it.contentId == '" + a + "' }.progress", equalTo(100))
                .body("result.response.find { it.contentId == '" + a + "' }.lastAccessTime",
                        equalTo("2026-01-02 04:45:30:123+0000"))
                .body("result.response.find { it.contentId == '" + b + "' }.collectionId", equalTo(course))
                .body("result.response.find { it.contentId == '" + b + "' }.progress", equalTo(20));
        read(auth, Map.of("courseId", course, "contentIds", List.of(b))).then().body("result.response", hasSize(1));
        // the same data through the native feed
        ProgressEvents.pull(user, null).then().body("records", hasSize(2));
    }

    @Test
    void aLearnerOnlyWritesAndReadsTheirOwnUserId() {
        String user = "sb-own-" + UUID.randomUUID();
        String course = newCourseId();
        var auth = TestTokens.bearer(user, "learner");
        update(auth, Map.of("userId", "someone-else", "contents", List.of(Map.of("contentId", "x", "courseId", course,
                "status", 1)))).then().statusCode(403).body("error", equalTo("FORBIDDEN"));
        read(auth, Map.of("userId", "someone-else", "courseId", course)).then().statusCode(403);
        read(ADMIN, Map.of("userId", "someone-else", "courseId", course)).then().statusCode(200)
                .body("result.response", hasSize(0));
        read(auth, Map.of("courseId", "bad")).then().statusCode(400).body("error", equalTo("INVALID_COURSE_ID"));
        given().header("Authorization", auth).contentType("application/json").body(Map.of("contents", List.of()))
                .patch("/api/v1/content/state/update").then().statusCode(400).body("error", equalTo("INVALID_BODY"));
        update(auth, Map.of("contents", List.of())).then().statusCode(400);
        given().contentType("application/json").body("{}").post("/api/v1/content/state/read").then().statusCode(401);
        // not enrolled: per-content code, nothing stored
        update(auth, Map.of("contents", List.of(Map.of("contentId", "x", "courseId", course, "status", 1)))).then()
                .statusCode(200).body("result.x", equalTo("NOT_ENROLLED"));
    }
}
