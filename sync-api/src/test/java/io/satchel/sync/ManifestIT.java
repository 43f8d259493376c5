package io.satchel.sync;

import static io.restassured.RestAssured.given;
import static io.satchel.sync.SyncFixtures.ADMIN;
import static io.satchel.sync.SyncFixtures.enroll;
import static io.satchel.sync.SyncFixtures.manifestPath;
import static io.satchel.sync.SyncFixtures.newCourseId;
import static io.satchel.sync.SyncFixtures.now;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseArchived;
import io.satchel.events.CourseKey;
import io.satchel.events.DeadLetters;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.OfflineManifest;
import io.satchel.events.Topics;
import io.satchel.sync.SyncFixtures.Published;
import io.satchel.testing.SatchelTestResource;
import io.satchel.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Offline manifests: course.archived on real Kafka → real S3 + PostgreSQL → served with presigned URLs. */
@QuarkusTest
@QuarkusTestResource(SatchelTestResource.class)
class ManifestIT {
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @Inject
    ObjectStore store;

    @TestHTTPResource("/")
    URL base;

    @Inject
    io.smallrye.jwt.auth.principal.JWTParser jwtParser;

    @Test
    void bearerTokensAreVerifiedThroughTheCachingParser() {
        assertTrue(jwtParser instanceof io.satchel.sync.security.VerifiedTokenCache, jwtParser.getClass().getName());
    }

    @Test
    void servedAfterCourseArchivedWithPresignedUrlsThatSupportRange() throws Exception {
        String course = newCourseId();
        Published p = SyncFixtures.publish(store, course, now().minusSeconds(60), 3);
        enroll("learner-m1", course, "batch-1");

        Response r = given().header("Authorization", TestTokens.bearer("learner-m1", "learner")).get(manifestPath(course));
        r.then().statusCode(200)
                .body("courseId", equalTo(course))
                .body("blocks", hasSize(6))
                .body("sections", hasSize(4))
                .body("blocks[0].blockId", equalTo(p.manifest().blocks().get(0).blockId()))
                .body("blocks[0].path", hasSize(3))
                .body("blocks[0].offlineDownload.objectKey", nullValue())
                .body("course.fileSize", equalTo((int) p.manifest().course().fileSize()));
        assertTrue(r.header("ETag").matches("\"[0-9a-f]{32}\""), r.header("ETag"));
        assertTrue(r.header("Last-Modified").endsWith("GMT"));
        assertEquals(p.manifest().publishedAt().toString().replace("Z", ""),
                Instant.parse(r.jsonPath().getString("publishedAt")).toString().replace("Z", ""));

        String blockId = r.jsonPath().getString("blocks[1].blockId");
        String fileUrl = r.jsonPath().getString("blocks[1].offlineDownload.fileUrl");
        assertTrue(fileUrl.startsWith("http"), fileUrl);
        byte[] zip = p.zips().get(blockId);
        HttpResponse<byte[]> whole = HTTP.send(HttpRequest.newBuilder(URI.create(fileUrl)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertArrayEquals(zip, whole.body());
        HttpResponse<byte[]> part = HTTP.send(HttpRequest.newBuilder(URI.create(fileUrl)).header("Range", "bytes=10-29")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOfRange(zip, 10, 30), part.body());
        assertEquals(r.jsonPath().getLong("blocks[1].offlineDownload.fileSize"), zip.length);
        assertEquals(SyncFixtures.sha256(zip), r.jsonPath().getString("blocks[1].offlineDownload.sha256"));
    }

    @Test
    void strongEtagIsStableAcrossRequestsAndIfNoneMatchGives304() {
        String course = newCourseId();
        SyncFixtures.publish(store, course, now().minusSeconds(60), 2);
        Response first = given().header("Authorization", ADMIN).get(manifestPath(course));
        Response second = given().header("Authorization", ADMIN).get(manifestPath(course));
        assertEquals(first.header("ETag"), second.header("ETag"));
        assertFalse(first.header("ETag").startsWith("W/"));

        given().header("Authorization", ADMIN).header("If-None-Match", first.header("ETag")).get(manifestPath(course))
                .then().statusCode(304).header("ETag", first.header("ETag"));
        given().header("Authorization", ADMIN).header("If-None-Match", "\"other\", " + first.header("ETag"))
                .get(manifestPath(course)).then().statusCode(304);
        given().header("Authorization", ADMIN).header("If-None-Match", "\"stale\"").get(manifestPath(course))
                .then().statusCode(200);
        given().header("Authorization", ADMIN).header("If-Modified-Since", first.header("Last-Modified"))
                .get(manifestPath(course)).then().statusCode(304);
        // an under view is another representation: another tag
        String chapter = CourseKey.parse(course).blockId("chapter", "ch1");
        String underTag = given().header("Authorization", ADMIN).queryParam("under", chapter).get(manifestPath(course))
                .header("ETag");
        assertNotEquals(first.header("ETag"), underTag);
    }

    @Test
    void underKeepsBlocksBelowChapterSequentialOrVerticalWithSectionsRecomputed() {
        String course = newCourseId();
        Published p = SyncFixtures.publish(store, course, now().minusSeconds(60), 3);
        CourseKey key = CourseKey.parse(course);
        long chapter2Size = p.manifest().blocks().subList(3, 6).stream().mapToLong(b -> b.offlineDownload().fileSize())
                .sum();
        for (String under : List.of(key.blockId("chapter", "ch2"), key.blockId("sequential", "seq2"),
                key.blockId("vertical", "v2"))) {
            given().header("Authorization", ADMIN).queryParam("under", under).get(manifestPath(course)).then()
                    .statusCode(200)
                    .body("blocks", hasSize(3))
                    .body("blocks[0].blockId", equalTo(p.manifest().blocks().get(3).blockId()))
                    .body("sections", hasSize(2))
                    .body("sections[0].blockId", equalTo(key.blockId("chapter", "ch2")))
                    .body("sections[0].totalSize", equalTo((int) chapter2Size));
        }
        given().header("Authorization", ADMIN).queryParam("under", key.blockId("chapter", "nope"))
                .get(manifestPath(course)).then().statusCode(404).body("error", equalTo("BLOCK_NOT_FOUND"));
    }

    @Test
    void courseIdAndUnderArriveRawOrPercentEncodedAndPlusIsNotASpace() throws Exception {
        String course = newCourseId();
        SyncFixtures.publish(store, course, now().minusSeconds(60), 2);
        String under = CourseKey.parse(course).blockId("sequential", "seq1");
        String token = SyncFixtures.ADMIN;
        String root = base.toString().replaceAll("/$", "");
        for (String path : List.of(course, course.replace("+", "%2B").replace(":", "%3A"))) {
            for (String q : List.of(under, under.replace("+", "%2B").replace(":", "%3A").replace("@", "%40"))) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create(root + "/api/v1/courses/" + path + "/offline-manifest?under=" + q))
                        .header("Authorization", token).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), path + " " + q + ": " + r.body());
                var json = EventJson.mapper().readTree(r.body());
                assertEquals(course, json.get("courseId").asText());
                assertEquals(2, json.get("blocks").size());
            }
        }
    }

    @Test
    void onlyEnrolledLearnersAndAdminsSeeTheManifest() {
        String course = newCourseId();
        SyncFixtures.publish(store, course, now().minusSeconds(60), 1);
        given().get(manifestPath(course)).then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer " + TestTokens.foreignToken("x", "learner")).get(manifestPath(course))
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + TestTokens.expiredToken("x", "learner")).get(manifestPath(course))
                .then().statusCode(401);
        given().header("Authorization", TestTokens.bearer("pub", "publisher")).get(manifestPath(course)).then()
                .statusCode(403).body("error", equalTo("FORBIDDEN"));
        given().header("Authorization", TestTokens.bearer("stranger", "learner")).get(manifestPath(course)).then()
                .statusCode(403).body("error", equalTo("FORBIDDEN")).body("message", org.hamcrest.Matchers
                        .containsString("not enrolled"));
        // not enrolled looks the same whether or not the course exists
        given().header("Authorization", TestTokens.bearer("stranger", "learner")).get(manifestPath(newCourseId()))
                .then().statusCode(403);
        enroll("learner-m2", course, "b");
        given().header("Authorization", TestTokens.bearer("learner-m2", "learner")).get(manifestPath(course)).then()
                .statusCode(200);
        given().header("Authorization", ADMIN).delete("/api/v1/enrollments/learner-m2/" + course).then().statusCode(204);
        given().header("Authorization", TestTokens.bearer("learner-m2", "learner")).get(manifestPath(course)).then()
                .statusCode(403);
        given().header("Authorization", ADMIN).get(manifestPath("not-a-course")).then().statusCode(400)
                .body("error", equalTo("INVALID_COURSE_ID"));
    }

    @Test
    void courseNotFoundBeforeTheFirstArchive() {
        String course = newCourseId();
        enroll("learner-m3", course, "b");
        given().header("Authorization", TestTokens.bearer("learner-m3", "learner")).get(manifestPath(course)).then()
                .statusCode(404).body("error", equalTo("COURSE_NOT_FOUND"));
        given().header("Authorization", ADMIN).get(manifestPath(course)).then().statusCode(404)
                .body("error", equalTo("COURSE_NOT_FOUND"));
    }

    @Test
    void newerPublishReplacesOlderIsIgnoredAndRedeliveryChangesNothing() {
        String course = newCourseId();
        Instant t = now().minusSeconds(3600);
        Published v2 = SyncFixtures.publish(store, course, t, 2);
        String tag2 = given().header("Authorization", ADMIN).get(manifestPath(course)).header("ETag");

        // an older publish arriving late is ignored, but its blocks still count as published
        Published v1 = SyncFixtures.writeManifest(store, course, t.minusSeconds(600), 1, "old");
        SyncFixtures.send(v1.event());
        // redelivery of the live one
        SyncFixtures.send(v2.event());
        Published v3 = SyncFixtures.writeManifest(store, course, t.plusSeconds(600), 1, "new");
        SyncFixtures.send(v3.event());
        SyncFixtures.awaitServed(course, v3.event().publishId());
        Response r = given().header("Authorization", ADMIN).get(manifestPath(course));
        r.then().body("blocks", hasSize(2)).body("publishId", equalTo(v3.event().publishId()));
        assertNotEquals(tag2, r.header("ETag"));
        given().header("Authorization", ADMIN).header("If-None-Match", tag2).get(manifestPath(course)).then()
                .statusCode(200);
        // v1 (older, consumed before v3) never became live: v3 is served; its ids are known content now
        assertEquals(v3.event().publishId(), r.jsonPath().getString("publishId"));
    }

    @Test
    void unprocessableRecordsGoToTheDeadLetterTopicAndTheConsumerMovesOn() throws Exception {
        String course = newCourseId();
        String badKey = "bad-" + UUID.randomUUID();
        SyncFixtures.send(badKey, "{not json".getBytes(StandardCharsets.UTF_8), null);
        // a well-formed event whose manifest object does not exist
        CourseArchived missing = new CourseArchived(UUID.randomUUID().toString(), course, now(), now(),
                ObjectKeys.offlineManifest(course, "nope"), 1);
        SyncFixtures.send(missing);
        // a valid event keyed by another course
        String wrongKey = "wrong-" + UUID.randomUUID();
        CourseArchived misKeyed = new CourseArchived(UUID.randomUUID().toString(), course, now(), now(),
                ObjectKeys.offlineManifest(course, "x"), 1);
        SyncFixtures.send(wrongKey, EventJson.toBytes(misKeyed), null);
        // a value as large as the broker takes (its dead letter keeps the value in object storage)
        String hugeKey = "huge-" + UUID.randomUUID();
        byte[] huge = ("{\"publishId\":\"" + hugeKey + "\",\"pad\":\"" + "x".repeat(1_046_900) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        SyncFixtures.send(hugeKey, huge, null);
        // a manifest key of another course, and an own manifest whose course zip is another course's
        Published other = SyncFixtures.writeManifest(store, newCourseId(), now(), 1, "page");
        String foreignManifest = newCourseId();
        SyncFixtures.send(new CourseArchived(UUID.randomUUID().toString(), foreignManifest, now(), now(),
                other.event().manifestKey(), 1));
        String foreignZip = newCourseId();
        String forgedId = UUID.randomUUID().toString();
        OfflineManifest forged = new OfflineManifest(foreignZip, forgedId, now(), now(), other.manifest().course(),
                List.of(), List.of());
        store.put(ObjectKeys.offlineManifest(foreignZip, forgedId), EventJson.toBytes(forged), "application/json",
                Map.of());
        SyncFixtures.send(new CourseArchived(forgedId, foreignZip, now(), now(),
                ObjectKeys.offlineManifest(foreignZip, forgedId), 0));
        // and then a good one, which must still be served
        Published good = SyncFixtures.publish(store, course, now().minusSeconds(5), 1);
        assertEquals(course, good.manifest().courseId());

        Map<String, ConsumerRecord<String, byte[]>> dead = new java.util.HashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SyncFixtures.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<String> keys = List.of(badKey, course, wrongKey, hugeKey, foreignManifest, foreignZip);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.deadLetter(Topics.COURSE_ARCHIVED)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!dead.keySet().containsAll(keys) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
                    if (keys.contains(rec.key())) {
                        dead.put(rec.key(), rec);
                    }
                }
            }
        }
        assertEquals(Set.copyOf(keys), dead.keySet(), "every poison record is in course.archived.dlq");
        DeadLetters.DeadLetter bad = DeadLetters.read(dead.get(badKey).headers());
        assertEquals("INVALID_EVENT", bad.code());
        assertEquals(Topics.COURSE_ARCHIVED, bad.originTopic());
        assertTrue(bad.originPartition() != null && bad.originOffset() != null && bad.time() != null);
        assertArrayEquals("{not json".getBytes(StandardCharsets.UTF_8), dead.get(badKey).value());
        DeadLetters.DeadLetter absent = DeadLetters.read(dead.get(course).headers());
        assertEquals("INVALID_EVENT", absent.code());
        assertTrue(absent.reason().contains("no manifest object"), absent.reason());
        assertEquals(missing.publishId(), absent.publishId());
        assertEquals(1, absent.attempts());
        assertEquals("KEY_MISMATCH", DeadLetters.read(dead.get(wrongKey).headers()).code());
        DeadLetters.DeadLetter big = DeadLetters.read(dead.get(hugeKey).headers());
        assertEquals(0, dead.get(hugeKey).value().length);
        assertEquals(hugeKey, big.publishId());
        assertArrayEquals(huge, store.getBytes(big.valueKey()).orElseThrow());
        for (String foreign : List.of(foreignManifest, foreignZip)) {
            DeadLetters.DeadLetter d = DeadLetters.read(dead.get(foreign).headers());
            assertEquals("FOREIGN_OBJECT_KEY", d.code(), d.reason());
        }
        assertEquals(404, given().header("Authorization", ADMIN).get(SyncFixtures.manifestPath(foreignZip))
                .statusCode(), "a forged manifest is never served");
    }
}
