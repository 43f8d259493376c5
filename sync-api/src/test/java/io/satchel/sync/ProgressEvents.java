package io.satchel.sync;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.satchel.events.Timestamps;
import io.satchel.testing.TestTokens;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds progress events and talks to /api/v1/progress as a learner. */
final class ProgressEvents {

    static Map<String, Object> event(String courseId, String contentId, int status, int progress, Instant access) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("courseId", courseId);
        e.put("batchId", "b");
        e.put("contentId", contentId);
        e.put("status", status);
        e.put("progress", progress);
        e.put("lastAccessTime", Timestamps.format(access));
        return e;
    }

    static Map<String, Object> with(Map<String, Object> e, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(e);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }

    static Response post(String user, List<Map<String, Object>> events) {
        return given().header("Authorization", TestTokens.bearer(user, "learner")).contentType("application/json")
                .body(Map.of("events", events)).post("/api/v1/progress");
    }

    static Response pull(String user, String query) {
        return given().header("Authorization", TestTokens.bearer(user, "learner"))
                .urlEncodingEnabled(false).get("/api/v1/progress" + (query == null ? "" : "?" + query));
    }

    private ProgressEvents() {
    }
}
