package io.satchel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.client.SampleCourseEdits.ChangedCourse;
import io.satchel.client.cli.LearnerCli;
import io.satchel.events.EventJson;
import io.satchel.events.OfflineManifest;
import io.satchel.testing.TestCourses;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The learner's whole offline story against the real local stack ({@code deploy/local/up} on random ports, its own
 * SATCHEL_HOME): download the sample course, lose the server, record progress, see the merged completion, get the
 * server back, sync, find the progress on the server; republish one changed html block and download exactly it.
 */
class LearnerEndToEndIT {
    private static final String COURSE = TestCourses.SAMPLE_COURSE_ID;
    private static final String LEARNER = "e2e-learner";

    private static LocalStack stack;
    /** The learner's homes and tarballs (inside the stack's work folder). */
    private static Path work;
    private static int syncPort;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start();
        work = stack.work;
        syncPort = stack.syncPort;
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void offlineProgressSyncsAndOnlyTheChangedBlockIsDownloadedAgain() throws Exception {
        String learnerToken = token(LEARNER, "learner");
        String adminToken = token("e2e-admin", "admin");
        String server = "http://127.0.0.1:" + syncPort;
        String deadServer = "http://127.0.0.1:" + freePort();
        Path clientHome = work.resolve("learner-home");

        HttpResponse<String> enroll = HTTP.send(HttpRequest.newBuilder(
                URI.create(server + "/api/v1/enrollments/" + LEARNER + "/" + COURSE))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"batchId\":\"e2e-batch\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(enroll.statusCode() == 201 || enroll.statusCode() == 200, enroll.body());

        OfflineManifest manifest = manifest(server, adminToken);
        List<String> leaves = manifest.blocks().stream().map(OfflineManifest.Block::blockId).toList();
        assertTrue(leaves.size() >= 3, "the sample course has several leaves: " + leaves);

        // 1. download the whole course
        Cli download = cli(clientHome, server, learnerToken, "download", COURSE);
        assertEquals(0, download.code(), download.err());
        assertEquals(leaves, download.fetched());
        for (String leaf : leaves) {
            Cli open = cli(clientHome, null, null, "open", leaf);
            assertEquals(0, open.code(), open.err());
            assertTrue(Files.isRegularFile(Path.of(open.out().trim())), open.out());
        }

        // 1b. --under one chapter, and --full (the course zip) on fresh devices
        String chapter = manifest.blocks().get(0).path().get(0);
        List<String> inChapter = manifest.blocks().stream().filter(b -> b.path().contains(chapter))
                .map(OfflineManifest.Block::blockId).toList();
        Cli under = cli(work.resolve("under-home"), server, learnerToken, "download", COURSE, "--under", chapter);
        assertEquals(0, under.code(), under.err());
        assertEquals(inChapter, under.fetched());
        Path fullHome = work.resolve("full-home");
        Cli full = cli(fullHome, server, learnerToken, "download", COURSE, "--full");
        assertEquals(0, full.code(), full.err());
        assertTrue(full.out().contains("(course zip)"), full.out());
        assertEquals(leaves.size(), full.fetched().size());
        for (String leaf : leaves) {
            Cli open = cli(fullHome, null, null, "open", leaf);
            assertEquals(0, open.code(), leaf + ": " + open.err());
        }

        // 2. server unreachable: progress is recorded and queued, exit 0
        String done = leaves.get(0);
        String inProgress = leaves.get(1);
        Cli p1 = cli(clientHome, deadServer, learnerToken, "progress", COURSE, done, "--status", "2", "--progress",
                "100");
        assertEquals(0, p1.code(), p1.err());
        assertTrue(p1.out().contains("queued"), p1.out());
        Cli p2 = cli(clientHome, deadServer, learnerToken, "progress", COURSE, inProgress, "--status", "1", "--progress",
                "40");
        assertEquals(0, p2.code(), p2.err());
        assertEquals(3, cli(clientHome, deadServer, learnerToken, "sync").code());

        // 3. courses offline: the server's enrollment merged with the unsynced local progress
        Cli offline = cli(clientHome, deadServer, learnerToken, "courses", "--json");
        assertEquals(0, offline.code(), offline.err());
        JsonNode course = courseNode(offline.out());
        assertEquals(1, course.get("completedCount").asInt());
        assertEquals(leaves.size(), course.get("leafCount").asInt());
        assertEquals(100 / leaves.size(), course.get("completionPercentage").asInt());
        assertEquals(2, course.get("pendingEvents").asInt());

        // 4. server back: sync, and the server has the progress
        Cli sync = cli(clientHome, server, learnerToken, "sync");
        assertEquals(0, sync.code(), sync.err());
        JsonNode status = EventJson.mapper().readTree(cli(clientHome, null, null, "status", "--json").out());
        assertEquals(0, status.get("pendingEvents").asInt());
        assertEquals(0, status.get("deadLetters").asInt());
        assertFalse(status.get("lastSync").isNull());
        assertEquals(leaves.size(), status.get("downloadedBlocks").asInt());

        Map<String, JsonNode> onServer = serverProgress(server, learnerToken);
        assertEquals(2, onServer.get(done).get("status").asInt(), onServer.toString());
        assertEquals(100, onServer.get(done).get("progress").asInt());
        assertEquals(1, onServer.get(inProgress).get("status").asInt());
        assertEquals(40, onServer.get(inProgress).get("progress").asInt());
        JsonNode online = courseNode(cli(clientHome, server, learnerToken, "courses", "--json").out());
        assertEquals(0, online.get("pendingEvents").asInt());
        assertEquals(1, online.get("completedCount").asInt());

        // 5. republish with one html block changed: download fetches exactly that block
        ChangedCourse changed = SampleCourseEdits.changeOneHtmlBlock(work);
        assertTrue(leaves.contains(changed.blockId()), changed.blockId() + " in " + leaves);
        String oldSha = sha(manifest, changed.blockId());
        OfflineManifest republished = SampleCourseEdits.republish(stack, changed, manifest, adminToken);
        for (String leaf : leaves) {
            if (!leaf.equals(changed.blockId())) {
                assertEquals(sha(manifest, leaf), sha(republished, leaf), "unchanged block " + leaf + " kept its sha");
            }
        }
        Cli again = cli(clientHome, server, learnerToken, "download", COURSE);
        assertEquals(0, again.code(), again.err());
        assertEquals(List.of(changed.blockId()), again.fetched());
        Path index = Path.of(cli(clientHome, null, null, "open", changed.blockId()).out().trim());
        assertTrue(Files.readString(index).contains(changed.marker()), "the new content is on the device");
        assertNotEquals(oldSha, sha(republished, changed.blockId()));
    }

    // ---- helpers ----

    record Cli(int code, String out, String err) {
        List<String> fetched() {
            return out.lines().filter(l -> l.startsWith("fetched ")).map(l -> l.substring(8)).toList();
        }
    }

    private static Cli cli(Path home, String server, String token, String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        if (server != null) {
            all.addAll(List.of("--server", server));
        }
        if (token != null) {
            all.addAll(List.of("--token", token));
        }
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LearnerCli.run(new LearnerCli(), new PrintWriter(out), new PrintWriter(err),
                all.toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }

    private static JsonNode courseNode(String coursesJson) throws IOException {
        for (JsonNode c : EventJson.mapper().readTree(coursesJson).get("courses")) {
            if (COURSE.equals(c.get("courseId").asText())) {
                return c;
            }
        }
        throw new AssertionError("no " + COURSE + " in " + coursesJson);
    }

    private static OfflineManifest manifest(String server, String token) throws Exception {
        return SampleCourseEdits.manifest(server, token);
    }

    private static String sha(OfflineManifest m, String blockId) {
        return SampleCourseEdits.sha(m, blockId);
    }

    private static Map<String, JsonNode> serverProgress(String server, String token) throws Exception {
        return SampleCourseEdits.serverProgress(server, token);
    }

    private static String token(String user, String roles) throws Exception {
        return stack.token(user, roles);
    }

    private static int freePort() throws IOException {
        return LocalStack.freePort();
    }
}
