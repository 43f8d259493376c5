package io.satchel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.events.EventJson;
import io.satchel.events.OfflineManifest;
import io.satchel.events.Timestamps;
import io.satchel.testing.TestCourses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the end-to-end tests do to the sample course on a running stack: read its manifest and progress, republish it. */
final class SampleCourseEdits {
    static final String COURSE = TestCourses.SAMPLE_COURSE_ID;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SampleCourseEdits() {
    }

    record ChangedCourse(Path targz, String blockId, String marker) {
    }

    /** A copy of the sample course with one pointer-form html block's file changed. */
    static ChangedCourse changeOneHtmlBlock(Path work) throws IOException {
        Path copy = TestCourses.copyOf(TestCourses.sampleCourseDir());
        Pattern filename = Pattern.compile("filename=\"([^\"]+)\"");
        try (Stream<Path> files = Files.list(copy.resolve("html"))) {
            for (Path xml : files.filter(p -> p.getFileName().toString().matches("[A-Za-z0-9_-]+\\.xml")).sorted()
                    .toList()) {
                Matcher m = filename.matcher(Files.readString(xml));
                String urlName = xml.getFileName().toString().replaceFirst("\\.xml$", "");
                if (!m.find()) {
                    continue;
                }
                Path html = copy.resolve("html/" + m.group(1) + ".html");
                if (Files.isRegularFile(html)) {
                    String marker = "satchel-e2e-" + System.nanoTime();
                    Files.writeString(html, Files.readString(html) + "\n<p>" + marker + "</p>\n");
                    Path targz = TestCourses.targz(copy, "course", work.resolve("changed-sample.tar.gz"));
                    LocalStack.deleteTree(copy);
                    return new ChangedCourse(targz, "block-v1:Satchel+SAMPLE+2026+type@html+block@" + urlName, marker);
                }
            }
        }
        throw new AssertionError("no pointer-form html block in the sample course");
    }

    /** Publishes the changed course and waits (3 min at most) until its manifest shows the changed block. */
    static OfflineManifest republish(LocalStack stack, ChangedCourse changed, OfflineManifest before, String adminToken)
            throws Exception {
        HttpResponse<String> publish = HTTP.send(HttpRequest.newBuilder(
                URI.create(stack.publishListener() + "/api/v1/courses/" + COURSE + "/source"))
                .header("Authorization", "Bearer " + stack.token("e2e-publisher", "publisher"))
                .header("Content-Type", "application/gzip")
                .header("X-Published-At", Timestamps.format(Timestamps.now()))
                .PUT(HttpRequest.BodyPublishers.ofFile(changed.targz())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, publish.statusCode(), publish.body());
        String oldSha = sha(before, changed.blockId());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            OfflineManifest m = manifest(stack.syncApi(), adminToken);
            if (!oldSha.equals(sha(m, changed.blockId()))) {
                return m;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the republished manifest was not served within 3 minutes");
    }

    static OfflineManifest manifest(String server, String token) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(
                URI.create(server + "/api/v1/courses/" + COURSE + "/offline-manifest"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), new String(r.body()));
        return EventJson.fromBytes(r.body(), OfflineManifest.class);
    }

    static String sha(OfflineManifest m, String blockId) {
        return m.blocks().stream().filter(b -> b.blockId().equals(blockId)).findFirst()
                .map(b -> b.offlineDownload().sha256()).orElse("absent");
    }

    /** The learner's progress records of the sample course on the server, by contentId (following `more`). */
    static Map<String, JsonNode> serverProgress(String server, String token) throws Exception {
        Map<String, JsonNode> byContent = new LinkedHashMap<>();
        String next = "/api/v1/progress?limit=500";
        for (int page = 0; page < 100 && next != null && !next.isEmpty(); page++) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server + next))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = EventJson.mapper().readTree(r.body());
            for (JsonNode rec : body.get("records")) {
                if (COURSE.equals(rec.get("courseId").asText())) {
                    byContent.put(rec.get("contentId").asText(), rec);
                }
            }
            next = body.path("more").asText("");
        }
        assertTrue(next == null || next.isEmpty(), "the progress feed ended");
        return byContent;
    }
}
