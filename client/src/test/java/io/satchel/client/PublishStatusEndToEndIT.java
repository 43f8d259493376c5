package io.satchel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CloudEvents;
import io.satchel.events.CoursePublished;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.Timestamps;
import io.satchel.events.Topics;
import io.satchel.testing.TestCourses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The publish status a CMS polls, against the real local stack ({@code deploy/local/up} on random ports): a good
 * course reaches {@code live}, a course with one malformed block goes {@code live} with that block as its problem, and
 * an event whose snapshot is unreadable ends {@code failed} with a code — all read through the HTTP API only.
 */
class PublishStatusEndToEndIT {
    private static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalStack stack;
    private static String publisher;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start();
        publisher = stack.token("e2e-cms", "publisher");
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void theSampleCourseGoesLiveAndDeployStatusShowsIt() throws Exception {
        Path targz = TestCourses.targz(TestCourses.sampleCourseDir(), "course", stack.work.resolve("sample.tar.gz"));
        HttpResponse<String> accepted = upload(TestCourses.SAMPLE_COURSE_ID, targz);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String publishId = json(accepted.body()).get("publishId").asText();
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertTrue(location.endsWith("/publishes/" + publishId), location);

        JsonNode live = awaitEnd(URI.create(location));
        assertEquals("live", live.get("status").asText(), live.toString());
        assertTrue(live.get("error").isNull(), live.toString());
        assertTrue(live.get("blocks").get("total").asInt() >= 3, live.toString());
        assertEquals(0, live.get("blocks").get("unavailable").asInt(), live.toString());

        LocalStack.Script status = stack.script(Duration.ofMinutes(1), "deploy/local/status");
        assertEquals(0, status.code(), status.output());
        String line = status.output().lines().filter(l -> l.contains(publishId)).findFirst().orElse("");
        assertTrue(line.contains("live"), "deploy/local/status lists the publish as live:\n" + status.output());
    }

    @Test
    void anEventWhoseSnapshotIsUnreadableEndsFailedWithACode() throws Exception {
        String courseId = "course-v1:E2E+UNREADABLE" + suffix() + "+2026";
        String publishId = "cms-" + UUID.randomUUID();
        String sourceKey = ObjectKeys.source(courseId, publishId);
        try (ObjectStore store = new ObjectStore("http://127.0.0.1:" + stack.s3Port, "satchel", "satchel-secret",
                "satchel", "us-east-1", null, Duration.ofHours(1), 16L * 1024 * 1024)) {
            store.put(sourceKey, "this is not a gzip".getBytes(StandardCharsets.UTF_8), "application/gzip", Map.of());
        }
        CoursePublished event = new CoursePublished(publishId, courseId, Timestamps.now(), sourceKey, null, null);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + stack.kafkaPort);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.COURSE_PUBLISHED, null, courseId, EventJson.toBytes(event),
                    CloudEvents.headers(event, UUID.randomUUID().toString(), "/cms/e2e", null)))
                    .get(30, TimeUnit.SECONDS);
        }

        JsonNode failed = awaitEnd(statusUri(courseId, publishId));
        assertEquals("failed", failed.get("status").asText(), failed.toString());
        assertFalse(failed.get("error").get("code").asText().isBlank(), failed.toString());
        assertFalse(failed.get("error").get("message").asText().isBlank(), failed.toString());
    }

    @Test
    void aCourseWithOneMalformedBlockGoesLiveWithThatBlockAsItsProblem() throws Exception {
        String run = "2026";
        String course = "BAD" + suffix();
        String courseId = "course-v1:E2E+" + course + "+" + run;
        Path dir = Files.createTempDirectory(stack.work, "malformed-");
        write(dir, "course.xml", "<course url_name=\"" + run + "\" org=\"E2E\" course=\"" + course + "\"/>\n");
        write(dir, "course/" + run + ".xml", "<course display_name=\"One bad block\"><chapter url_name=\"ch1\"/></course>\n");
        write(dir, "chapter/ch1.xml", "<chapter display_name=\"Chapter\"><sequential url_name=\"s1\"/></chapter>\n");
        write(dir, "sequential/s1.xml", "<sequential display_name=\"Seq\"><vertical url_name=\"v1\"/></sequential>\n");
        write(dir, "vertical/v1.xml", "<vertical display_name=\"Unit\"><html url_name=\"fine\"/>"
                + "<problem url_name=\"x\"/></vertical>\n");
        write(dir, "html/fine.xml", "<html filename=\"fine\" display_name=\"Fine\"/>\n");
        write(dir, "html/fine.html", "<p>This block is fine.</p>\n");
        write(dir, "problem/x.xml", "<problem display_name=\"Broken\"><p>unclosed <b>tag</p>\n");
        Path targz = TestCourses.targz(dir, "course", stack.work.resolve("malformed.tar.gz"));

        HttpResponse<String> accepted = upload(courseId, targz);
        assertEquals(202, accepted.statusCode(), accepted.body());
        JsonNode end = awaitEnd(URI.create(accepted.headers().firstValue("Location").orElseThrow()));
        assertEquals("live", end.get("status").asText(), end.toString());
        assertEquals(2, end.get("blocks").get("total").asInt(), end.toString());
        assertEquals(1, end.get("blocks").get("unavailable").asInt(), end.toString());
        List<JsonNode> problems = new ArrayList<>();
        end.get("problems").forEach(problems::add);
        assertEquals(1, problems.size(), end.toString());
        assertEquals("block-v1:E2E+" + course + "+" + run + "+type@problem+block@x",
                problems.get(0).get("blockId").asText());
        assertFalse(problems.get(0).get("code").asText().isBlank(), end.toString());
        assertFalse(problems.get(0).get("message").asText().isBlank(), end.toString());
    }

    // ---- helpers ----

    private static HttpResponse<String> upload(String courseId, Path targz) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.publishListener() + "/api/v1/courses/" + courseId
                        + "/source"))
                .header("Authorization", "Bearer " + publisher).header("Content-Type", "application/gzip")
                .header("X-Published-At", Timestamps.format(Timestamps.now()))
                .PUT(HttpRequest.BodyPublishers.ofFile(targz)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI statusUri(String courseId, String publishId) {
        return URI.create(stack.publishListener() + "/api/v1/courses/" + courseId + "/publishes/" + publishId);
    }

    /** Polls the status until it is live, failed or superseded; returns that status (fails on a timeout). */
    private static JsonNode awaitEnd(URI status) throws Exception {
        long deadline = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(status)
                    .header("Authorization", "Bearer " + publisher).GET().build(), HttpResponse.BodyHandlers.ofString());
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode body = json(r.body());
                assertNotNull(body.get("receivedAt"), r.body());
                if (List.of("live", "failed", "superseded").contains(body.get("status").asText())) {
                    return body;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError(status + " reached no end within " + PIPELINE_TIMEOUT + "; last: " + last);
    }

    private static JsonNode json(String body) throws Exception {
        return EventJson.mapper().readTree(body);
    }

    private static void write(Path dir, String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    }
}
