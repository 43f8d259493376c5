package io.satchel.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.common.security.DevTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What a CMS, an operator and a learner app do over HTTP, against the stack's publish-listener and sync-api. */
public final class SatchelClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final SatchelStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    SatchelClient(SatchelStack stack) {
        this.stack = stack;
    }

    /** An HTTP answer: status, body as JSON (null when empty or not JSON), headers. */
    public record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** A 202 or 200 of a publish. */
    public record Accepted(int status, String publishId, String courseId, Instant publishedAt) {
    }

    public String token(String user, String roles) {
        return tokens.computeIfAbsent(user + "|" + roles,
                k -> DevTokens.sign(stack.keys().getPrivate(), user, List.of(roles.split(",")), 6 * 3600));
    }

    /** PUT the OLX export as a CMS does; fails unless 202/200. */
    public Accepted publish(String courseId, Path targz, Instant publishedAt) {
        Answer a = publishAnswer(courseId, targz, publishedAt);
        if (a.status() != 202 && a.status() != 200) {
            throw new AssertionError("publish of " + courseId + " answered " + a.status() + ": " + a.raw().body());
        }
        return new Accepted(a.status(), a.body().get("publishId").asText(), a.body().get("courseId").asText(),
                Instant.parse(a.body().get("publishedAt").asText()));
    }

    public Answer publishAnswer(String courseId, Path targz, Instant publishedAt) {
        try {
            HttpRequest.Builder b = request(stack.publishListener().baseUrl() + "/api/v1/courses/" + courseId
                    + "/source", "cms", "publisher")
                    .header("Content-Type", "application/gzip")
                    .PUT(HttpRequest.BodyPublishers.ofFile(targz));
            if (publishedAt != null) {
                b.header("X-Published-At", io.satchel.events.Timestamps.format(publishedAt));
            }
            return send(b.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POST /api/v1/course-published as a CMS webhook does: the export is fetched from {@code sourceUrl}. */
    public Answer webhook(String courseId, Instant publishedAt, String sourceUrl) {
        String body = JSON.createObjectNode().put("courseId", courseId)
                .put("publishedAt", io.satchel.events.Timestamps.format(publishedAt)).put("sourceUrl", sourceUrl)
                .toString();
        return send(request(stack.publishListener().baseUrl() + "/api/v1/course-published", "cms", "publisher")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** GET .../publishes/{publishId}; null body fields when the service is down. */
    public Answer publishStatus(String courseId, String publishId) {
        return get(stack.publishListener().baseUrl() + "/api/v1/courses/" + courseId + "/publishes/" + publishId,
                "cms", "publisher");
    }

    /** The publish's status text, or null when the service did not answer 200. */
    public String statusOf(String courseId, String publishId) {
        try {
            Answer a = publishStatus(courseId, publishId);
            return a.status() == 200 ? a.body().get("status").asText() : null;
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    public Answer manifest(String courseId) {
        return get(stack.syncApi().baseUrl() + "/api/v1/courses/" + courseId + "/offline-manifest", "ops", "admin");
    }

    public Answer enroll(String userId, String courseId) {
        return send(request(stack.syncApi().baseUrl() + "/api/v1/enrollments/" + userId + "/" + courseId, "ops",
                "admin").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"batchId\":\"b1\"}")).build());
    }

    /** POST /api/v1/progress as the learner; {@code body} is the whole JSON document. */
    public Answer postProgress(String userId, String body) {
        return send(request(stack.syncApi().baseUrl() + "/api/v1/progress", userId, "learner")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** GET a progress page: {@code query} is what follows {@code /api/v1/progress} (or a {@code more} URL). */
    public Answer progressPage(String userId, String relativeOrQuery) {
        String url = relativeOrQuery.startsWith("/") ? stack.syncApi().baseUrl() + relativeOrQuery
                : stack.syncApi().baseUrl() + "/api/v1/progress" + relativeOrQuery;
        return get(url, userId, "learner");
    }

    public Answer get(String url, String user, String roles) {
        return send(request(url, user, roles).GET().build());
    }

    private HttpRequest.Builder request(String url, String user, String roles) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token(user, roles)).header("Accept", "application/json");
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            if (r.body() != null && !r.body().isBlank()) {
                try {
                    body = JSON.readTree(r.body());
                } catch (IOException notJson) {
                    body = null;
                }
            }
            return new Answer(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException("HTTP " + request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
