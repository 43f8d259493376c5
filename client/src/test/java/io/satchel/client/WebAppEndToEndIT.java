package io.satchel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.client.SampleCourseEdits.ChangedCourse;
import io.satchel.events.EventJson;
import io.satchel.events.OfflineManifest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The learner web app (/app/) in a real browser — Debian's chromium driven by playwright-core
 * ({@code web/e2e/webapp.e2e.mjs}) — against the real local stack (one start, random ports): sign in, download,
 * offline reload, read html/video/problem, answer, complete, sync; the server has the progress and the submission,
 * re-sending them is {@code duplicate}; a republish with one block changed makes the app fetch only that block.
 * Screenshots of every step: {@code client/target/webapp-e2e/}. Fails (never skips) without chromium or node.
 */
class WebAppEndToEndIT {
    private static final String LEARNER = "web-e2e-learner";
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SATCHEL_CHROMIUM", "/usr/bin/chromium"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalStack stack;
    private static Path web;

    @BeforeAll
    static void startStack() throws Exception {
        Path repo = Path.of(System.getProperty("satchel.repo.dir", Path.of("..").toAbsolutePath().normalize().toString()));
        web = repo.resolve("web");
        // missing tools fail the test: a browser test that skips itself would pass CI without ever running
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: install Debian's chromium package (apt-get install -y chromium; .ci/run does)");
        }
        if (!Files.isDirectory(web.resolve("node_modules/playwright-core"))) {
            fail("web/node_modules/playwright-core is missing: the web module's build (npm ci) installs it");
        }
        Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
        if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
            fail("node is not on the PATH (Node.js 20+ is needed for the web app's build and this test)");
        }
        stack = LocalStack.start();
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void aLearnerDownloadsReadsAnswersOfflineAndSyncsInTheBrowser() throws Exception {
        String admin = stack.token("web-e2e-admin", "admin");
        String learner = stack.token(LEARNER, "learner");
        HttpResponse<String> enroll = send(HttpRequest.newBuilder(
                URI.create(stack.syncApi() + "/api/v1/enrollments/" + LEARNER + "/" + SampleCourseEdits.COURSE))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"batchId\":\"web-batch\"}")));
        assertTrue(enroll.statusCode() == 201 || enroll.statusCode() == 200, enroll.body());
        OfflineManifest manifest = SampleCourseEdits.manifest(stack.syncApi(), admin);
        Path profile = Files.createTempDirectory(stack.work, "browser-");
        Path shots = Path.of("target/webapp-e2e").toAbsolutePath();

        // 1. in the browser: sign in, download, offline reload, html + image, video, problem, complete, back online
        JsonNode learned = browser("learn", learner, profile, shots, null);
        int leaves = manifest.blocks().size();
        assertEquals(leaves, learned.get("downloadedFirst").asInt(), "one S3 GET per block: " + learned.get("s3Requests"));
        assertTrue(learned.get("imageWidth").asInt() > 0, "the html block's image shows");
        assertTrue(learned.get("pendingOffline").asInt() >= 4, learned.toString());
        assertEquals(learned.get("completionOffline").asText(), learned.get("completionOnline").asText(),
                "after the sync the server's completion is the one shown offline");

        // 2. the server has the progress and the submission
        String problem = learned.at("/blocks/problem").asText();
        String completedHtml = learned.at("/blocks/otherHtml").asText();
        Map<String, JsonNode> progress = SampleCourseEdits.serverProgress(stack.syncApi(), learner);
        assertEquals(2, progress.get(problem).get("status").asInt(), progress.toString());
        assertEquals(2, progress.get(completedHtml).get("status").asInt(), progress.toString());
        assertEquals(1, progress.get(learned.at("/blocks/video").asText()).get("status").asInt(), progress.toString());
        HttpResponse<String> submissions = send(HttpRequest.newBuilder(URI.create(stack.syncApi()
                + "/api/v1/submissions?courseId=" + SampleCourseEdits.COURSE)).header("Authorization", "Bearer " + learner));
        assertEquals(200, submissions.statusCode(), submissions.body());
        JsonNode stored = EventJson.mapper().readTree(submissions.body()).get("submissions");
        assertEquals(1, stored.size(), submissions.body());
        assertEquals(problem, stored.get(0).get("contentId").asText());
        assertFalse(stored.get(0).get("answers").isEmpty(), "the answers arrived: " + stored.get(0));

        // 3. re-sending what the browser sent is `duplicate`, item by item
        assertAllDuplicate("/api/v1/progress", learned.get("progressBodies"), learner);
        assertAllDuplicate("/api/v1/submissions", learned.get("submissionBodies"), learner);

        // 4. republish with one block changed: the app fetches only that block
        ChangedCourse changed = SampleCourseEdits.changeOneHtmlBlock(stack.work);
        OfflineManifest republished = SampleCourseEdits.republish(stack, changed, manifest, admin);
        String changedKey = URI.create(republished.blocks().stream().filter(b -> b.blockId().equals(changed.blockId()))
                .findFirst().orElseThrow().offlineDownload().fileUrl()).getPath();
        JsonNode updated = browser("update", learner, profile, shots, changed.blockId());
        List<String> fetched = new ArrayList<>();
        updated.get("s3Requests").forEach(r -> fetched.add(r.asText()));
        assertEquals(List.of(changedKey), fetched, "only the changed block is downloaded again");
        assertTrue(updated.get("changedBlockText").asText().contains(changed.marker()), "the new content is shown");
    }

    private void assertAllDuplicate(String path, JsonNode bodies, String token) throws Exception {
        assertFalse(bodies.isEmpty(), "the browser sent " + path);
        for (JsonNode body : bodies) {
            HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(stack.syncApi() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.asText())));
            assertEquals(200, again.statusCode(), again.body());
            for (JsonNode result : EventJson.mapper().readTree(again.body()).get("results")) {
                assertEquals("duplicate", result.get("result").asText(), again.body());
            }
        }
    }

    /** Runs one phase of web/e2e/webapp.e2e.mjs and returns its RESULT line. */
    private JsonNode browser(String phase, String token, Path profile, Path shots, String changedBlock) throws Exception {
        Path log = Files.createTempFile(stack.work, "browser-" + phase + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder("node", "e2e/webapp.e2e.mjs").directory(web.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("PHASE", phase);
        env.put("SATCHEL_APP_BASE", stack.syncApi());
        env.put("SATCHEL_S3_BASE", "http://127.0.0.1:" + stack.s3Port);
        env.put("SATCHEL_LEARNER_TOKEN", token);
        env.put("SATCHEL_COURSE_ID", SampleCourseEdits.COURSE);
        env.put("SATCHEL_BROWSER_PROFILE", profile.toString());
        env.put("SATCHEL_CHROMIUM", CHROMIUM.toString());
        env.put("SCREENSHOTS", shots.toString());
        // lets context.route() see the service worker's own requests (offline must reach them too)
        env.put("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1");
        if (changedBlock != null) {
            env.put("SATCHEL_CHANGED_BLOCK", changedBlock);
        }
        Process p = pb.start();
        if (!p.waitFor(6, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the browser phase " + phase + " timed out:\n" + LocalStack.tail(Files.readString(log), 40));
        }
        String output = Files.readString(log);
        System.out.println("--- browser phase " + phase + " ---\n" + output);
        assertEquals(0, p.exitValue(), "browser phase " + phase + " failed:\n" + LocalStack.tail(output, 60));
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no RESULT from phase " + phase + ":\n" + output));
        return EventJson.mapper().readTree(line.substring("RESULT ".length()));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
