package io.satchel.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.client.FakeSyncApi;
import io.satchel.events.EventJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnerCliTest {
    private static final String C = "course-v1:Satchel+SAMPLE+2026";
    private static final String B1 = "block-v1:Satchel+SAMPLE+2026+type@html+block@one";
    private static final String B2 = "block-v1:Satchel+SAMPLE+2026+type@html+block@two";

    @TempDir
    Path home;
    FakeSyncApi fake;
    String dead;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeSyncApi();
        fake.enroll(C, "batch-1");
        Map<String, byte[]> blocks = new LinkedHashMap<>();
        blocks.put(B1, FakeSyncApi.blockZip("one"));
        blocks.put(B2, FakeSyncApi.blockZip("two"));
        fake.publish(C, blocks, null);
        try (ServerSocket s = new ServerSocket(0)) {
            dead = "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private Result run(String server, String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        if (server != null) {
            all.addAll(List.of("--server", server, "--token", "test-token"));
        }
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LearnerCli.run(new LearnerCli(Map.of()), new PrintWriter(out), new PrintWriter(err),
                all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    private static JsonNode json(String text) throws Exception {
        return EventJson.mapper().readTree(text);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run(null).code(), "no command");
        assertEquals(2, run(null, "fly").code(), "unknown command");
        assertEquals(2, run(fake.base().toString(), "progress", C, B1, "--status", "7", "--progress", "1").code());
        assertEquals(2, run(fake.base().toString(), "progress", C, B1, "--status", "1").code(), "missing --progress");
        assertEquals(2, run(null, "download", C).code(), "no token");
        Result status = run(null, "status", "--json");
        assertTrue(status.out().contains("\"pendingEvents\":0"), "nothing was stored by the refused commands");
    }

    @Test
    void offlineProgressIsQueuedWithExitZeroAndSyncNeedsTheServer() throws Exception {
        Result p = run(dead, "progress", C, B1, "--status", "2", "--progress", "100");
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("queued"), p.out());

        JsonNode status = json(run(null, "status", "--json").out());
        assertEquals(List.of("pendingEvents", "deadLetters", "lastSync", "downloadedBlocks"), fieldNames(status));
        assertEquals(1, status.get("pendingEvents").asInt());
        assertTrue(status.get("lastSync").isNull());

        Result sync = run(dead, "sync");
        assertEquals(3, sync.code());
        assertEquals(1, sync.err().lines().count(), sync.err());
        assertTrue(sync.err().startsWith("learner: ") && sync.err().contains("unreachable"), sync.err());
        assertFalse(sync.err().contains("Exception") || sync.err().contains("\tat "), "no stack trace");

        Result ok = run(fake.base().toString(), "sync");
        assertEquals(0, ok.code(), ok.err());
        assertEquals(2, fake.serverProgress(C, B1).get("status"));
        status = json(run(null, "status", "--json").out());
        assertEquals(0, status.get("pendingEvents").asInt());
        assertFalse(status.get("lastSync").isNull());
    }

    @Test
    void downloadOpenAndCoursesWorkAndCoursesStaysAvailableOffline() throws Exception {
        Result d = run(fake.base().toString(), "download", C);
        assertEquals(0, d.code(), d.err());
        assertEquals(List.of("fetched " + B1, "fetched " + B2),
                d.out().lines().filter(l -> l.startsWith("fetched ")).toList());

        Result open = run(null, "open", B2);
        assertEquals(0, open.code());
        Path index = Path.of(open.out().trim());
        assertTrue(index.isAbsolute());
        assertEquals("two", Files.readString(index));
        assertEquals(1, run(null, "open", "block-v1:nope").code());

        assertEquals(0, run(dead, "progress", C, B1, "--status", "2", "--progress", "100").code());
        Result courses = run(dead, "courses", "--json");
        assertEquals(0, courses.code(), "courses works offline from the cache");
        JsonNode c = json(courses.out()).get("courses").get(0);
        assertEquals(List.of("courseId", "completionPercentage", "completedCount", "leafCount", "pendingEvents"),
                fieldNames(c));
        assertEquals(C, c.get("courseId").asText());
        assertEquals(50, c.get("completionPercentage").asInt());
        assertEquals(1, c.get("completedCount").asInt());
        assertEquals(2, c.get("leafCount").asInt());
        assertEquals(1, c.get("pendingEvents").asInt());

        assertEquals(2, json(run(null, "status", "--json").out()).get("downloadedBlocks").asInt());
        assertEquals(3, run(dead, "download", C).code(), "download needs the server");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
