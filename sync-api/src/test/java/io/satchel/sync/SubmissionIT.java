package io.satchel.sync;

import static io.restassured.RestAssured.given;
import static io.satchel.sync.SyncFixtures.enroll;
import static io.satchel.sync.SyncFixtures.newCourseId;
import static io.satchel.sync.SyncFixtures.now;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CloudEvents;
import io.satchel.events.EventJson;
import io.satchel.events.ProblemSubmitted;
import io.satchel.events.Timestamps;
import io.satchel.events.Topics;
import io.satchel.sync.SyncFixtures.Published;
import io.satchel.testing.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** POST/GET /api/v1/submissions against real PostgreSQL and Kafka: codes, immutability, paging, problem.submitted. */
@QuarkusTest
class SubmissionIT {
    @Inject
    ObjectStore store;

    /** A course whose chapter 1 holds 2 html leaves and chapter 2 holds 2 problems, the learners enrolled. */
    private Published course(String... learners) {
        String course = newCourseId();
        Published p = SyncFixtures.publish(store, course, now().minusSeconds(3600), 2, "html", "problem");
        for (String l : learners) {
            enroll(l, course, "batch-" + l);
        }
        return p;
    }

    private static String problem(Published p, int i) {
        return p.leafIds().get(2 + i);
    }

    private static String html(Published p) {
        return p.leafIds().get(0);
    }

    static Map<String, Object> submission(String courseId, String contentId, Object answers, Instant at) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("eventId", UUID.randomUUID().toString());
        s.put("courseId", courseId);
        s.put("contentId", contentId);
        s.put("answers", answers);
        s.put("submittedAt", Timestamps.format(at));
        return s;
    }

    static Map<String, Object> answers(String value) {
        return Map.of("input_1_2_1", value, "input_1_3_1", List.of("choice_0", "choice_2"));
    }

    static Map<String, Object> with(Map<String, Object> s, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(s);
        copy.put(key, value);
        return copy;
    }

    static Response post(String user, List<Map<String, Object>> submissions) {
        return given().header("Authorization", TestTokens.bearer(user, "learner")).contentType("application/json")
                .body(Map.of("submissions", submissions)).post("/api/v1/submissions");
    }

    static Response pull(String user, String query) {
        return given().header("Authorization", TestTokens.bearer(user, "learner")).urlEncodingEnabled(false)
                .get("/api/v1/submissions" + (query == null ? "" : "?" + query));
    }

    static List<String> outcomes(Response r) {
        List<Map<String, String>> results = r.jsonPath().getList("results");
        return results.stream().map(m -> m.get("error") == null ? m.get("result") : m.get("result") + ":" + m.get("error"))
                .toList();
    }

    @Test
    void everyItemGetsItsResultInRequestOrderAndOnlyAppliedOnesAreStored() {
        String user = "s-codes-" + UUID.randomUUID();
        Published p = course(user);
        String c = p.event().courseId();
        Published notEnrolled = course();
        Instant t = now().minusSeconds(60);
        Map<String, Object> good = submission(c, problem(p, 0), answers("choice_1"), t);
        Map<String, Object> ahead = submission(c, problem(p, 1), answers("2 min ahead"), now().plusSeconds(120));
        List<Map<String, Object>> items = List.of(
                good,
                good, // the same eventId again in one request
                submission(notEnrolled.event().courseId(), problem(notEnrolled, 0), answers("x"), t),
                submission(c, problem(p, 0) + "-missing", answers("x"), t),
                submission(c, html(p), answers("x"), t),
                submission(c, problem(p, 0), answers("x"), now().plusSeconds(600)),
                with(submission(c, problem(p, 0), answers("x"), t), "submittedAt", "yesterday"),
                submission(c, problem(p, 0), Map.of("input_1", "y".repeat(70 * 1024)), t),
                submission(c, problem(p, 0), Map.of("input_1", 42), t),
                with(submission(c, problem(p, 0), answers("x"), t), "eventId", "not-a-uuid"),
                with(submission(c, problem(p, 0), answers("x"), t), "courseId", "math101"),
                ahead);
        Response r = post(user, items);
        r.then().statusCode(200).body("results", hasSize(items.size()));
        assertEquals(List.of("applied", "duplicate", "rejected:NOT_ENROLLED", "rejected:UNKNOWN_CONTENT",
                "rejected:NOT_A_PROBLEM", "rejected:INVALID_TIME", "rejected:INVALID_TIME",
                "rejected:ANSWERS_TOO_LARGE", "rejected:INVALID_ANSWERS", "rejected:INVALID_EVENT_ID",
                "rejected:INVALID_COURSE_ID", "applied"), outcomes(r));
        assertEquals(good.get("eventId"), r.jsonPath().getString("results[0].eventId"));
        assertEquals("not-a-uuid", r.jsonPath().getString("results[9].eventId"));

        // a replay changes nothing: applied ones are duplicates now, the others are rejected alike
        Response again = post(user, items);
        List<String> replayed = outcomes(again);
        assertEquals("duplicate", replayed.get(0));
        assertEquals("duplicate", replayed.get(11));
        assertEquals(outcomes(r).subList(2, 11), replayed.subList(2, 11));

        Response feed = pull(user, "courseId=" + c);
        feed.then().statusCode(200).body("submissions", hasSize(2)).body("more", equalTo(""));
        List<Map<String, Object>> stored = feed.jsonPath().getList("submissions");
        Map<String, Object> first = stored.stream().filter(s -> s.get("eventId").equals(good.get("eventId")))
                .findFirst().orElseThrow();
        assertEquals(c, first.get("courseId"));
        assertEquals(problem(p, 0), first.get("contentId"));
        assertEquals(answers("choice_1"), first.get("answers"));
        assertEquals(good.get("submittedAt"), first.get("submittedAt"));
        assertNotNull(Timestamps.parse((String) first.get("stored")));
    }

    @Test
    void anotherLearnerCanNeitherReadNorOverwriteASubmission() {
        String alice = "s-alice-" + UUID.randomUUID();
        String bob = "s-bob-" + UUID.randomUUID();
        Published p = course(alice, bob);
        String c = p.event().courseId();
        Map<String, Object> hers = submission(c, problem(p, 0), answers("alice's answer"), now().minusSeconds(5));
        assertEquals(List.of("applied"), outcomes(post(alice, List.of(hers))));

        // Bob reuses her eventId: duplicate (an eventId names one submission for good), nothing of hers comes back
        Response r = post(bob, List.of(with(hers, "answers", answers("bob's answer"))));
        r.then().statusCode(200);
        assertEquals(List.of("duplicate"), outcomes(r));
        assertFalse(r.asString().contains("alice"), r.asString());
        pull(bob, null).then().statusCode(200).body("submissions", hasSize(0));
        pull(bob, "courseId=" + c).then().statusCode(200).body("submissions", hasSize(0));

        Response hersNow = pull(alice, "courseId=" + c);
        hersNow.then().body("submissions", hasSize(1));
        assertEquals(answers("alice's answer"), hersNow.jsonPath().getMap("submissions[0].answers"));

        // the role is learner: an admin token alone is refused, no token is 401, both with the error JSON
        given().header("Authorization", SyncFixtures.ADMIN).get("/api/v1/submissions").then().statusCode(403)
                .body("error", equalTo("FORBIDDEN"));
        given().get("/api/v1/submissions").then().statusCode(401).body("error", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void wholeBodyProblemsAreRefusedAndNothingIsStored() {
        String user = "s-body-" + UUID.randomUUID();
        Published p = course(user);
        String c = p.event().courseId();
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(submission(c, problem(p, i % 2), answers("a" + i), now().minusSeconds(10)));
        }
        post(user, tooMany).then().statusCode(413).body("error", equalTo("TOO_MANY_SUBMISSIONS"))
                .body("details.max", equalTo(1000)).body("message", org.hamcrest.Matchers.notNullValue());

        String valid = EventJson.toString(submission(c, problem(p, 0), answers("x"), now().minusSeconds(10)));
        String learner = TestTokens.bearer(user, "learner");
        given().header("Authorization", learner).contentType("application/json")
                .body("{\"submissions\": [" + valid + ", 7]}").post("/api/v1/submissions")
                .then().statusCode(400).body("error", equalTo("INVALID_BODY"));
        given().header("Authorization", learner).contentType("application/json")
                .body("{\"submissions\": [" + valid + "]").post("/api/v1/submissions")
                .then().statusCode(400).body("error", equalTo("INVALID_JSON"));
        given().header("Authorization", learner).contentType("application/json")
                .body("{\"submission\": [" + valid + "]}").post("/api/v1/submissions")
                .then().statusCode(400).body("error", equalTo("INVALID_BODY"));
        pull(user, null).then().statusCode(200).body("submissions", hasSize(0));

        // the 1,000 allowed do go through in one request
        Response r = post(user, tooMany.subList(0, 1000));
        r.then().statusCode(200);
        assertTrue(outcomes(r).stream().allMatch("applied"::equals));
    }

    @Test
    void pagingWithMoreThenSinceNeverMissesOrRepeats() {
        String user = "s-feed-" + UUID.randomUUID();
        Published p = course(user);
        Published other = course(user);
        String c = p.event().courseId();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // three requests: three stamps
            Map<String, Object> s = submission(c, problem(p, i % 2), answers("single " + i), now().minusSeconds(30));
            post(user, List.of(s)).then().statusCode(200);
            sent.add((String) s.get("eventId"));
        }
        List<Map<String, Object>> batch = new ArrayList<>(); // one request: one stamp, ordered by eventId within it
        for (int i = 0; i < 4; i++) {
            batch.add(submission(c, problem(p, i % 2), answers("batch " + i), now().minusSeconds(30)));
        }
        post(user, batch).then().statusCode(200);
        batch.stream().map(s -> (String) s.get("eventId")).sorted().forEach(sent::add);
        Map<String, Object> elsewhere = submission(other.event().courseId(), problem(other, 0), answers("other"),
                now().minusSeconds(30));
        post(user, List.of(elsewhere)).then().statusCode(200);

        List<String> seen = new ArrayList<>();
        String next = "/api/v1/submissions?courseId=" + c + "&limit=2";
        String through = null;
        Instant lastStored = Instant.EPOCH;
        int pages = 0;
        while (!next.isEmpty()) {
            Response r = given().header("Authorization", TestTokens.bearer(user, "learner"))
                    .urlEncodingEnabled(false).get(next);
            r.then().statusCode(200);
            pages++;
            List<Map<String, Object>> page = r.jsonPath().getList("submissions");
            for (Map<String, Object> s : page) {
                assertEquals(c, s.get("courseId"), "the courseId filter holds across pages");
                seen.add((String) s.get("eventId"));
                Instant stored = Timestamps.parse((String) s.get("stored"));
                assertFalse(stored.isBefore(lastStored), "ordered by stored");
                lastStored = stored;
            }
            through = r.header(io.satchel.sync.rest.ProgressResource.CONSISTENT_THROUGH);
            next = r.jsonPath().getString("more");
            if (!next.isEmpty()) {
                assertTrue(Timestamps.parse(through).isBefore(lastStored),
                        "a page with more vouches only for what is before its last stamp");
            }
        }
        assertEquals(sent, seen, "every submission once, in (stored, eventId) order");
        assertEquals(4, pages);
        assertFalse(Timestamps.parse(through).isBefore(lastStored), "the last page's watermark covers it");

        Map<String, Object> later = submission(c, problem(p, 1), answers("later"), now());
        post(user, List.of(later)).then().statusCode(200);
        Response since = pull(user, "courseId=" + c + "&since=" + through);
        since.then().statusCode(200).body("submissions", hasSize(1)).body("submissions[0].eventId",
                equalTo(later.get("eventId")));
        pull(user, "since=" + through).then().body("submissions", hasSize(1));
        pull(user, null).then().body("submissions", hasSize(sent.size() + 2)); // without courseId: every course

        pull(user, "limit=0").then().statusCode(400).body("error", equalTo("INVALID_LIMIT"));
        pull(user, "since=yesterday").then().statusCode(400).body("error", equalTo("INVALID_SINCE"));
        pull(user, "courseId=math101").then().statusCode(400).body("error", equalTo("INVALID_COURSE_ID"));
        pull(user, "cursor=bm9wZQ").then().statusCode(400).body("error", equalTo("INVALID_CURSOR"));
    }

    @Test
    void eachAppliedSubmissionIsOneProblemSubmittedEventWithCloudEventsHeaders() {
        String user = "s-kafka-" + UUID.randomUUID();
        Published p = course(user);
        String c = p.event().courseId();
        Map<String, Object> s = submission(c, problem(p, 1), answers("to grade"), now().minusSeconds(20));
        assertEquals(List.of("applied"), outcomes(post(user, List.of(s))));
        assertEquals(List.of("duplicate"), outcomes(post(user, List.of(s))));

        List<ConsumerRecord<String, byte[]>> records = problemSubmitted(c, 1, Duration.ofSeconds(60));
        assertEquals(1, records.size(), "one event per applied submission, none for the replay");
        ConsumerRecord<String, byte[]> r = records.get(0);
        assertEquals(c, r.key());
        assertEquals(s.get("eventId"), CloudEvents.header(r.headers(), CloudEvents.ID));
        assertEquals("io.satchel.problem.submitted.v1", CloudEvents.header(r.headers(), CloudEvents.TYPE));
        assertEquals("/satchel/sync-api", CloudEvents.header(r.headers(), CloudEvents.SOURCE));
        assertEquals("1.0", CloudEvents.header(r.headers(), CloudEvents.SPEC_VERSION));
        assertNotNull(Timestamps.parse(CloudEvents.header(r.headers(), CloudEvents.TIME)));
        assertEquals(c, CloudEvents.header(r.headers(), CloudEvents.SUBJECT));
        ProblemSubmitted event = EventJson.fromBytes(r.value(), ProblemSubmitted.class);
        assertEquals(s.get("eventId"), event.eventId());
        assertEquals(user, event.userId());
        assertEquals(problem(p, 1), event.contentId());
        assertEquals(Timestamps.parse((String) s.get("submittedAt")), event.submittedAt());
        JsonNode expected = EventJson.mapper().valueToTree(answers("to grade"));
        assertEquals(expected, event.answers());
        assertNotNull(event.receivedAt());
    }

    /** The course's problem.submitted records: waits for {@code expected}, then 3 s more so an extra one shows too. */
    private static List<ConsumerRecord<String, byte[]>> problemSubmitted(String courseId, int expected,
            Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SyncFixtures.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "submitted-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PROBLEM_SUBMITTED));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (courseId.equals(r.key())) {
                        found.add(r);
                    }
                }
                if (found.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return found;
    }
}
