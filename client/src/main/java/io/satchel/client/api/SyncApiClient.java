package io.satchel.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.events.EventJson;
import io.satchel.events.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sync-api as the contract describes it, over java.net.http (no other HTTP stack, so it embeds in any JVM app).
 * Transport failures and 502/503/504 become {@link ServerUnreachableException}; other error statuses become
 * {@link ApiErrorException} carrying the contract's error code.
 */
public class SyncApiClient {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final ObjectMapper json = EventJson.mapper();

    public SyncApiClient(URI base, String token) {
        this(base, token, Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    public SyncApiClient(URI base, String token, Duration connectTimeout, Duration requestTimeout) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.requestTimeout = requestTimeout;
        // Presigned object-store URLs may redirect; never follow https → http.
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public URI base() {
        return base;
    }

    public boolean hasToken() {
        return token != null;
    }

    /** {@code GET /api/v1/courses/{courseId}/offline-manifest} with If-None-Match. */
    public Conditional offlineManifest(String courseId, String etag) {
        return conditionalGet(api("/api/v1/courses/" + courseId + "/offline-manifest"), etag);
    }

    /** {@code GET /api/v1/enrollments} (the caller's) with If-None-Match. */
    public Conditional enrollments(String etag) {
        return conditionalGet(api("/api/v1/enrollments"), etag);
    }

    /** {@code POST /api/v1/progress}: one result per event, in request order. */
    public List<ProgressResult> postProgress(List<ProgressEvent> events) {
        byte[] body = EventJson.toBytes(Map.of("events", events));
        HttpRequest request = authorized(api("/api/v1/progress"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = send(request);
        requireSuccess(response);
        try {
            return json.readValue(response.body(), ProgressResults.class).results();
        } catch (IOException e) {
            throw new ApiErrorException(response.statusCode(), null, "unreadable progress results: " + e.getMessage());
        }
    }

    record ProgressResults(List<ProgressResult> results) {
        @Override
        public List<ProgressResult> results() {
            return results == null ? List.of() : results;
        }
    }

    /** {@code GET /api/v1/progress} from the stored stamps (either may be null: then everything comes back). */
    public ProgressPage progress(Instant since, Instant permissionsStamp, int limit) {
        StringBuilder q = new StringBuilder("/api/v1/progress?limit=").append(limit);
        if (since != null) {
            q.append("&since=").append(encode(Timestamps.format(since)));
        }
        if (permissionsStamp != null) {
            q.append("&sinceIfPermissionsNotChangedSince=").append(encode(Timestamps.format(permissionsStamp)));
        }
        return progressPage(q.toString());
    }

    /** Follows the {@code more} link of a previous page (relative to the server, or absolute). */
    public ProgressPage progressPage(String relativeOrAbsolute) {
        URI uri = relativeOrAbsolute.startsWith("http://") || relativeOrAbsolute.startsWith("https://")
                ? URI.create(relativeOrAbsolute)
                : api(relativeOrAbsolute.startsWith("/") ? relativeOrAbsolute : "/" + relativeOrAbsolute);
        HttpResponse<String> response = send(authorized(uri).GET().build());
        requireSuccess(response);
        try {
            JsonNode root = json.readTree(response.body());
            List<ProgressRecord> records = json.convertValue(root.path("records"),
                    json.getTypeFactory().constructCollectionType(List.class, ProgressRecord.class));
            String more = root.path("more").isTextual() ? root.path("more").asText() : null;
            return new ProgressPage(records == null ? List.of() : records, more,
                    headerInstant(response, "X-Consistent-Through"),
                    headerInstant(response, "X-Permissions-Last-Modified"));
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiErrorException(response.statusCode(), null, "unreadable progress page: " + e.getMessage());
        }
    }

    /**
     * Opens a block or course zip, from byte {@code offset} when it is above 0 (Range). The bearer token goes only to
     * the sync-api itself, never to the object store a presigned URL points at.
     */
    public OpenedDownload openDownload(String fileUrl, long offset) {
        URI uri = URI.create(fileUrl);
        HttpRequest.Builder b = sameOrigin(uri) && token != null ? authorized(uri) : plain(uri);
        if (offset > 0) {
            b.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted while contacting " + uri.getHost(), e);
        }
        int status = response.statusCode();
        if (status != 200 && status != 206) {
            try (InputStream in = response.body()) {
                String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                if (status == 502 || status == 503 || status == 504) {
                    throw new ServerUnreachableException("the file server answered " + status, null);
                }
                if (status == 416) {
                    return new OpenedDownload(416, offset, 0, InputStream.nullInputStream());
                }
                throw new ApiErrorException(status, null, "download of " + uri.getPath() + " failed: "
                        + text.lines().findFirst().orElse(""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        long start = 0;
        if (status == 206) {
            Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
            start = m.find() ? Long.parseLong(m.group(1)) : -1;
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new OpenedDownload(status, start, length, response.body());
    }

    /** An open download: status 200 (whole file), 206 (from {@code start}) or 416 (range not satisfiable). */
    public record OpenedDownload(int status, long start, long contentLength, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    // ---- plumbing ----

    private Conditional conditionalGet(URI uri, String etag) {
        HttpRequest.Builder b = authorized(uri).GET();
        if (etag != null) {
            b.header("If-None-Match", etag);
        }
        HttpResponse<String> response = send(b.build());
        if (response.statusCode() == 304) {
            return Conditional.unchanged(etag);
        }
        requireSuccess(response);
        return new Conditional(false, response.body(), response.headers().firstValue("ETag").orElse(null));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int s = response.statusCode();
            if (s == 502 || s == 503 || s == 504) {
                throw new ServerUnreachableException("the server at " + base + " is unavailable (HTTP " + s + ")",
                        null);
            }
            return response;
        } catch (IOException e) {
            throw unreachable(request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted while contacting " + base, e);
        }
    }

    private ServerUnreachableException unreachable(URI uri, IOException e) {
        return new ServerUnreachableException("the server at " + uri.getScheme() + "://" + uri.getAuthority()
                + " is unreachable (" + reason(e) + ")", e);
    }

    /** A short human reason; the JDK often leaves the message of connect failures empty. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return "timed out";
            }
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "connection failed" : m.lines().findFirst().orElse(m);
    }

    private void requireSuccess(HttpResponse<String> response) {
        int s = response.statusCode();
        if (s >= 200 && s < 300) {
            return;
        }
        String error = null;
        String message = response.body() == null ? null : response.body().lines().findFirst().orElse(null);
        try {
            JsonNode body = json.readTree(response.body());
            if (body != null && body.path("error").isTextual()) {
                error = body.path("error").asText();
                message = body.path("message").asText(null);
            }
        } catch (IOException | RuntimeException ignored) {
            // not a contract error body; keep the first line of text
        }
        throw new ApiErrorException(s, error, message);
    }

    private HttpRequest.Builder authorized(URI uri) {
        if (token == null) {
            throw new MissingTokenException();
        }
        return plain(uri).header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private HttpRequest.Builder plain(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout);
    }

    private URI api(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    private boolean sameOrigin(URI uri) {
        return base.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                && base.getHost().equalsIgnoreCase(String.valueOf(uri.getHost())) && port(base) == port(uri);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static Instant headerInstant(HttpResponse<?> response, String name) {
        Optional<String> v = response.headers().firstValue(name);
        if (v.isEmpty() || v.get().isBlank()) {
            return null;
        }
        try {
            return Timestamps.parse(v.get());
        } catch (DateTimeParseException e) {
            throw new ApiErrorException(response.statusCode(), null, "header " + name + " is not a time: " + v.get());
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** No JWT was given: the caller must pass --token or set SATCHEL_TOKEN. */
    public static final class MissingTokenException extends RuntimeException {
        public MissingTokenException() {
            super("no token: pass --token JWT or set SATCHEL_TOKEN");
        }
    }
}
