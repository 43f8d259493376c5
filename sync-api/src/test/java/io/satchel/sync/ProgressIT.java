package io.satchel.sync;

import static io.restassured.RestAssured.given;
import static io.satchel.sync.ProgressEvents.event;
import static io.satchel.sync.ProgressEvents.post;
import static io.satchel.sync.ProgressEvents.pull;
import static io.satchel.sync.ProgressEvents.with;
import static io.satchel.sync.SyncFixtures.enroll;
import static io.satchel.sync.SyncFixtures.newCourseId;
import static io.satchel.sync.SyncFixtures.now;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.Timestamps;
import io.satchel.sync.SyncFixtures.Published;
import io.satchel.testing.TestTokens;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST/GET /api/v1/progress against real PostgreSQL: codes, idempotency, merge, since/more/permissions. */
@QuarkusTest
class ProgressIT {
    @Inject
    ObjectStore store;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    private Published course(String... learners) {
        String course = newCourseId();
        Published p = SyncFixtures.publish(store, course, now().minusSeconds(3600), 2);
        for (String l : learners) {
            enroll(l, course, "batch-" + l);
        }
        return p;
    }

    @Test
    void everyItemGetsItsResultInRequestOrder() {
        String user = "p-codes-" + UUID.randomUUID();
        Published p = course(user);
        String c = p.event().courseId();
        String leaf = p.leafIds().get(0);
        Instant t = now().minusSeconds(60);
        Map<String, Object> good = event(c, leaf, 1, 30, t);
        List<Map<String, Object>> events = List.of(
                good,
                good, // same eventId again in one request
                event(newCourseId(), leaf, 1, 30, t),
                event(c, leaf + "-missing", 1, 30, t),
                event(c, leaf, 3, 30, t),
                with(event(c, leaf, 1, 30, t), "status", "2"),
                event(c, leaf, 1, 101, t),
                event(c, leaf, 1, -1, t),
                event(c, leaf, 1, 30, now().plusSeconds(600)),
                with(event(c, leaf, 1, 30, t), "lastAccessTime", "yesterday"),
                with(event(c, leaf, 1, 30, t), "lastAccessTime", null),
                with(event(c, leaf, 2, 30, t), "lastCompletedTime", Timestamps.format(now().plusSeconds(3600))),
                with(event(c, leaf, 1, 30, t), "eventId", "not-a-uuid"),
                with(event(c, leaf, 1, 30, t), "courseId", "math101"),
                with(event(c, leaf, 1, 30, t), "contentId", null),
                event(c, p.leafIds().get(1), 2, 10, now().plusSeconds(120))); // 2 min ahead: within the 5 min skew
        Response r = post(user, events);
        r.then().statusCode(200).body("results", hasSize(events.size()));
        List<String> expected = List.of("applied", "duplicate", "rejected:NOT_ENROLLED", "rejected:UNKNOWN_CONTENT",
                "rejected:INVALID_STATUS", "rejected:INVALID_STATUS", "rejected:INVALID_PROGRESS",
                "rejected:INVALID_PROGRESS", "rejected:INVALID_TIME", "rejected:INVALID_TIME", "rejected:INVALID_TIME",
                "rejected:INVALID_TIME", "rejected:INVALID_EVENT_ID", "rejected:INVALID_COURSE_ID",
                "rejected:INVALID_CONTENT_ID", "applied");
        for (int i = 0; i < events.size(); i++) {
            String result = r.jsonPath().getString("results[" + i + "].result");
            String error = r.jsonPath().getString("results[" + i + "].error");
            assertEquals(expected.get(i), error == null ? result : result + ":" + error, "item " + i);
            assertEquals(String.valueOf(events.get(i).get("eventId")), r.jsonPath().getString("results[" + i + "].eventId"));
            java.util.Map<String, Object> item = r.jsonPath().getMap("results[" + i + "]");
            assertTrue(java.util.Set.of("eventId", "result", "error").containsAll(item.keySet()),
                    "item " + i + " has only the contract's fields: " + item.keySet());
        }
        // replaying the request: the applied events are now duplicates and nothing changes
        Response before = pull(user, null);
        Response replay = post(user, events);
        assertEquals("duplicate", replay.jsonPath().getString("results[0].result"));
        assertEquals("duplicate", replay.jsonPath().getString("results[15].result"));
        Response after = pull(user, null);
        assertEquals(before.jsonPath().getList("records"), after.jsonPath().getList("records"));
        after.then().body("records", hasSize(2));
    }

    @Test
    void mergeNeverLowersStatusKeepsMaxProgressAndLatestTimes() {
        String user = "p-merge-" + UUID.randomUUID();
        Published p = course(user);
        String c = p.event().courseId();
        String leaf = p.leafIds().get(0);
        Instant t0 = now().minusSeconds(3600);
        post(user, List.of(event(c, leaf, 1, 40, t0.plusSeconds(100)))).then().statusCode(200);
        post(user, List.of(event(c, leaf, 0, 10, t0.plusSeconds(50)))).then().statusCode(200);
        Map<String, Object> rec = pull(user, null).jsonPath().getMap("records[0]");
        assertEquals(1, rec.get("status"));
        assertEquals(40, rec.get("progress"));
        assertEquals(Timestamps.format(t0.plusSeconds(100)), rec.get("lastAccessTime"));
        assertEquals("batch-" + user, rec.get("batchId"));

        post(user, List.of(with(event(c, leaf, 2, 60, t0.plusSeconds(10)), "lastCompletedTime",
                Timestamps.format(t0.plusSeconds(10))))).then().statusCode(200);
        post(user, List.of(event(c, leaf, 1, 70, t0.plusSeconds(20)))).then().statusCode(200);
        rec = pull(user, null).jsonPath().getMap("records[0]");
        assertEquals(2, rec.get("status"));
        assertEquals(100, rec.get("progress"));
        assertEquals(Timestamps.format(t0.plusSeconds(100)), rec.get("lastAccessTime"));
        assertEquals(Timestamps.format(t0.plusSeconds(10)), rec.get("lastCompletedTime"));
        assertEquals(Timestamps.format(t0.plusSeconds(100)), rec.get("lastModified"));
    }

    @Test
    void oversizedAndMalformedBodiesAreRefusedWholeAndNothingIsApplied() {
        String user = "p-body-" + UUID.randomUUID();
        Published p = course(user);
        String c = p.event().courseId();
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(event(c, p.leafIds().get(0), 1, 5, now().minusSeconds(5)));
        }
        post(user, many).then().statusCode(413).body("error", equalTo("TOO_MANY_EVENTS"));
        post(user, many.subList(0, 1000)).then().statusCode(200).body("results", hasSize(1000));

        String other = "p-body2-" + UUID.randomUUID();
        enroll(other, c, "b");
        var auth = TestTokens.bearer(other, "learner");
        given().header("Authorization", auth).contentType("application/json").body("{\"events\": [").post("/api/v1/progress")
                .then().statusCode(400).body("error", equalTo("INVALID_JSON"));
        given().header("Authorization", auth).contentType("application/json").body("{\"events\": {}}")
                .post("/api/v1/progress").then().statusCode(400).body("error", equalTo("INVALID_BODY"));
        given().header("Authorization", auth).contentType("application/json").body("[]").post("/api/v1/progress")
                .then().statusCode(400).body("error", equalTo("INVALID_BODY"));
        given().header("Authorization", auth).contentType("application/json")
                .body(Map.of("events", List.of(event(c, p.leafIds().get(0), 1, 5, now()), "oops")))
                .post("/api/v1/progress").then().statusCode(400).body("error", equalTo("INVALID_BODY"));
        pull(other, null).then().statusCode(200).body("records", hasSize(0));
    }

    @Test
    void wholeSecondTimesKeepTheirMilliseconds() throws Exception {
        String user = "p-ms-" + UUID.randomUUID();
        Published p = course(user);
        Instant whole = Instant.parse("2026-11-21T16:11:16Z");
        post(user, List.of(event(p.event().courseId(), p.leafIds().get(0), 1, 5, whole))).then().statusCode(200);
        String body = pull(user, null).asString();
        assertTrue(body.contains("\"lastAccessTime\":\"2026-11-21T16:11:16.000Z\""), body);
        assertEquals("\"2026-11-21T16:11:16.000Z\"", mapper.writeValueAsString(whole));
    }

    @Test
    void rolesAndTokens() {
        post("x", List.of()).then().statusCode(200).body("results", hasSize(0));
        given().contentType("application/json").body("{\"events\": []}").post("/api/v1/progress").then()
                .statusCode(401);
        given().header("Authorization", TestTokens.bearer("a", "admin")).get("/api/v1/progress").then()
                .statusCode(403).body("error", equalTo("FORBIDDEN"));
        pull("x", "limit=0").then().statusCode(400).body("error", equalTo("INVALID_LIMIT"));
        pull("x", "since=last-week&sinceIfPermissionsNotChangedSince=2026-01-01T00:00:00.000Z").then()
                .statusCode(400).body("error", equalTo("INVALID_SINCE"));
        pull("x", "cursor=garbage").then().statusCode(400).body("error", equalTo("INVALID_CURSOR"));
    }

    @Test
    void pagingThroughMoreThenSinceNeverMissesAndNeverRepeats() {
        String user = "p-feed-" + UUID.randomUUID();
        Published p = course(user);
        String c = p.event().courseId();
        // four leaves, three separate transactions
        post(user, List.of(event(c, p.leafIds().get(0), 1, 10, now()), event(c, p.leafIds().get(1), 1, 10, now())));
        post(user, List.of(event(c, p.leafIds().get(2), 1, 10, now())));
        post(user, List.of(event(c, p.leafIds().get(3), 1, 10, now())));

        Set<String> seen = new HashSet<>();
        Response page = pull(user, "limit=1");
        String through = null;
        int pages = 0;
        while (true) {
            pages++;
            page.then().statusCode(200);
            for (Map<String, Object> r : page.jsonPath().<Map<String, Object>>getList("records")) {
                assertTrue(seen.add((String) r.get("contentId")), "no record twice while paging");
            }
            through = page.header("X-Consistent-Through");
            String more = page.jsonPath().getString("more");
            if (more.isEmpty()) {
                break;
            }
            // an intermediate page only vouches for what it delivered
            String lastStored = page.jsonPath().getString("records[0].stored");
            assertTrue(Instant.parse(through).isBefore(Instant.parse(lastStored)));
            page = pull(user, more.substring(more.indexOf('?') + 1));
        }
        assertEquals(4, seen.size());
        assertEquals(4, pages);
        String perms = page.header("X-Permissions-Last-Modified");
        pull(user, "since=" + through + "&sinceIfPermissionsNotChangedSince=" + perms).then()
                .body("records", hasSize(0)).body("more", equalTo(""));
        post(user, List.of(event(c, p.leafIds().get(0), 2, 100, now())));
        Response next = pull(user, "since=" + through + "&sinceIfPermissionsNotChangedSince=" + perms);
        next.then().body("records", hasSize(1)).body("records[0].contentId", equalTo(p.leafIds().get(0)))
                .body("records[0].status", equalTo(2));
        assertTrue(Instant.parse(next.jsonPath().getString("records[0].stored")).isAfter(Instant.parse(through)));
        // since without the permissions stamp is ignored: everything comes back
        pull(user, "since=" + through).then().body("records", hasSize(4));
    }

    @Test
    void enrollmentChangesMoveThePermissionsStampAndResetSince() {
        String user = "p-perm-" + UUID.randomUUID();
        Published a = course(user);
        Response first = pull(user, null);
        String p1 = first.header("X-Permissions-Last-Modified");
        String through = first.header("X-Consistent-Through");

        // another course with progress written while the learner was enrolled, then unenrolled
        Published b = course(user);
        post(user, List.of(event(b.event().courseId(), b.leafIds().get(0), 1, 50, now())));
        given().header("Authorization", SyncFixtures.ADMIN)
                .delete("/api/v1/enrollments/" + user + "/" + b.event().courseId()).then().statusCode(204);
        Response hidden = pull(user, null);
        hidden.then().body("records", hasSize(0));
        String p2 = hidden.header("X-Permissions-Last-Modified");
        assertTrue(Instant.parse(p2).isAfter(Instant.parse(p1)));
        String through2 = hidden.header("X-Consistent-Through");

        // re-enrolling makes the old record visible again although its stored time is before through2
        enroll(user, b.event().courseId(), "batch-again");
        Response again = pull(user, "since=" + through2 + "&sinceIfPermissionsNotChangedSince=" + p2);
        again.then().body("records", hasSize(1)).body("records[0].courseId", equalTo(b.event().courseId()));
        String p3 = again.header("X-Permissions-Last-Modified");
        assertTrue(Instant.parse(p3).isAfter(Instant.parse(p2)));
        // with the current stamp, since is honoured
        pull(user, "since=" + again.header("X-Consistent-Through") + "&sinceIfPermissionsNotChangedSince=" + p3)
                .then().body("records", hasSize(0));
        assertFalse(through.isEmpty());
        assertEquals(a.event().courseId().length() > 0, true);
    }

    @Test
    void anotherLearnersDataIsNeverVisible() {
        String alice = "p-alice-" + UUID.randomUUID();
        String bob = "p-bob-" + UUID.randomUUID();
        Published p = course(alice, bob);
        String c = p.event().courseId();
        Map<String, Object> e = event(c, p.leafIds().get(0), 2, 100, now());
        post(alice, List.of(e)).then().body("results[0].result", equalTo("applied"));
        pull(bob, null).then().body("records", hasSize(0));
        // the same eventId from another learner is that learner's own event, not a duplicate of alice's
        post(bob, List.of(with(e, "status", 1))).then().body("results[0].result", equalTo("applied"));
        assertEquals(1, pull(bob, null).jsonPath().getInt("records[0].status"));
        assertEquals(2, pull(alice, null).jsonPath().getInt("records[0].status"));
        assertNull(pull(bob, null).jsonPath().get("records[1]"));
    }
}
