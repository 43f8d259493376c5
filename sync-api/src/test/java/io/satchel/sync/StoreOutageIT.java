package io.satchel.sync;

import static io.restassured.RestAssured.given;
import static io.satchel.sync.ProgressEvents.event;
import static io.satchel.sync.ProgressEvents.post;
import static io.satchel.sync.SyncFixtures.ADMIN;
import static io.satchel.sync.SyncFixtures.manifestPath;
import static io.satchel.sync.SyncFixtures.newCourseId;
import static io.satchel.sync.SyncFixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.common.storage.ObjectStore;
import io.satchel.testing.RealInfrastructure;
import io.satchel.testing.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL or S3 unreachable: every endpoint answers the contract's error JSON (503 DATABASE_UNAVAILABLE with
 * Retry-After, never Quarkus' default 500 body), readiness is DOWN and liveness UP while it lasts, and the service
 * serves again by itself once the store is back (no restart).
 */
@QuarkusTest
class StoreOutageIT {
    @Inject
    ObjectStore store;

    @Test
    void postgresDownIs503DatabaseUnavailableOnEveryEndpointAndRecoversWithoutRestart() {
        String courseId = newCourseId();
        String user = "outage-" + UUID.randomUUID();
        SyncFixtures.Published published = SyncFixtures.publish(store, courseId, now(), 2);
        SyncFixtures.enroll(user, courseId, "b");
        String leaf = published.leafIds().get(0);
        String learner = TestTokens.bearer(user, "learner");
        Map<String, Supplier<Response>> endpoints = Map.of(
                "GET manifest", () -> given().header("Authorization", learner).get(manifestPath(courseId)),
                "GET enrollments", () -> given().header("Authorization", learner).get("/api/v1/enrollments"),
                "PUT enrollment", () -> given().header("Authorization", ADMIN).contentType("application/json")
                        .body(Map.of("batchId", "b")).put("/api/v1/enrollments/" + user + "/" + courseId),
                "POST progress", () -> post(user, List.of(event(courseId, leaf, 1, 50, now()))),
                "GET progress", () -> ProgressEvents.pull(user, null),
                "POST content/state/read", () -> given().header("Authorization", learner)
                        .contentType("application/json").body(Map.of("request", Map.of("userId", user,
                                "courseId", courseId, "batchId", "b", "contentIds", List.of(leaf))))
                        .post("/api/v1/content/state/read"));
        endpoints.forEach((name, call) -> assertEquals(200, call.get().statusCode(), name + " before the outage"));

        RealInfrastructure.postgres().stop();
        try {
            // the access cache may answer a manifest for a moment; after it, every endpoint needs the database
            SyncFixtures.await(Duration.ofSeconds(20), () -> endpoints.get("GET manifest").get().statusCode() == 503);
            endpoints.forEach((name, call) -> {
                Response r = call.get();
                assertEquals(503, r.statusCode(), name + ": " + r.asString());
                assertEquals("DATABASE_UNAVAILABLE", r.jsonPath().getString("error"), name);
                assertFalse(r.jsonPath().getString("message").isBlank(), name);
                assertEquals(Map.of(), r.jsonPath().getMap("details"), name);
                assertEquals("5", r.header("Retry-After"), name);
            });
            assertEquals(503, given().get("/q/health/ready").statusCode(), "not ready without PostgreSQL");
            assertEquals(200, given().get("/q/health/live").statusCode(), "alive: a restart would not help");
        } finally {
            RealInfrastructure.postgres().start();
        }

        // by itself, no restart; the bound allows for a crash-recovered PostgreSQL on a loaded 2-core CI machine
        SyncFixtures.await(Duration.ofSeconds(90), () -> given().get("/q/health/ready").statusCode() == 200);
        Map<String, String> notYet = new java.util.TreeMap<>();
        SyncFixtures.await(Duration.ofSeconds(30), () -> {
            notYet.clear();
            endpoints.forEach((name, call) -> {
                Response r = call.get();
                if (r.statusCode() != 200) {
                    notYet.put(name, r.statusCode() + " " + r.asString());
                }
            });
            return notYet.isEmpty();
        }, () -> "endpoints still failing after PostgreSQL is back: " + notYet);
        Response pulled = ProgressEvents.pull(user, null);
        assertEquals(50, pulled.jsonPath().getInt("records.find { it.contentId == '" + leaf + "' }.progress"),
                "the progress posted before the outage is still there");
    }

    @Test
    void s3DownKeepsSyncApiReadyManifestsAndProgressStillWork() {
        String courseId = newCourseId();
        String user = "s3-outage-" + UUID.randomUUID();
        SyncFixtures.Published published = SyncFixtures.publish(store, courseId, now(), 1);
        SyncFixtures.enroll(user, courseId, "b");
        RealInfrastructure.s3().stop();
        try {
            // readiness shows the outage but stays UP: nothing sync-api serves needs S3
            SyncFixtures.await(Duration.ofSeconds(20), () -> given().get("/q/health/ready").asString()
                    .matches("(?s).*\"reachable\"\\s*:\\s*false.*"));
            Response ready = given().get("/q/health/ready");
            assertEquals(200, ready.statusCode(), ready.asString());
            assertTrue(ready.asString().contains("object-store"), ready.asString());
            assertEquals(200, given().get("/q/health/live").statusCode());
            assertEquals(200, given().header("Authorization", SyncFixtures.ADMIN)
                    .get(SyncFixtures.manifestPath(courseId)).statusCode(), "manifests are signed without S3");
            assertEquals(200, post(user, List.of(event(courseId, published.leafIds().get(0), 2, 100, now())))
                    .statusCode(), "progress is PostgreSQL only");
        } finally {
            RealInfrastructure.s3().start();
        }
        SyncFixtures.await(Duration.ofSeconds(30), () -> given().get("/q/health/ready").asString()
                .matches("(?s).*\"reachable\"\\s*:\\s*true.*"));
    }
}
