package io.satchel.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.satchel.client.download.Sha256;
import io.satchel.events.EventJson;
import io.satchel.events.OfflineManifest;
import io.satchel.events.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An in-process sync-api that follows the contract closely enough for the client's unit tests: offline manifest with
 * ETag/304, files with Range (206), enrollments with ETag, progress POST with the max-merge rules, duplicates and
 * item rejections, progress GET with since/stamps/paging. Knobs simulate outages, cut-off downloads and bad bytes.
 */
public final class FakeSyncApi implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private final ObjectMapper json = EventJson.mapper();
    private final HttpServer server;

    public final Map<String, byte[]> files = new ConcurrentHashMap<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public final List<String> rangeHeaders = new CopyOnWriteArrayList<>();
    public final List<Integer> progressBatchSizes = new CopyOnWriteArrayList<>();
    public final Set<String> unknownContent = ConcurrentHashMap.newKeySet();
    /** An event with one of these contentIds makes the whole request a 400 (a body the server cannot read). */
    public final Set<String> malformedContent = ConcurrentHashMap.newKeySet();
    /** Non-zero: every API call answers this status (e.g. 503) with a contract error body. */
    public volatile int failWith;
    /** Above 0: the next file download sends only this many bytes and then drops the connection. */
    public final AtomicLong cutOffAfter = new AtomicLong(-1);
    /** Serve these bytes instead of the real file (a corrupted download). */
    public final Map<String, byte[]> corrupted = new ConcurrentHashMap<>();
    public volatile int pageSize = 2;

    private volatile String manifestJson;
    private volatile String manifestEtag;
    private final List<Map<String, Object>> enrollments = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> progress = new LinkedHashMap<>();
    private final Set<String> seenEvents = new HashSet<>();
    private final AtomicLong clock = new AtomicLong(Instant.parse("2026-11-21T10:00:00Z").toEpochMilli());
    public volatile Instant permissionsLastModified = Instant.parse("2026-11-01T00:00:00Z");
    private final AtomicInteger etagCounter = new AtomicInteger();

    public FakeSyncApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- set-up helpers ----

    /** A deterministic block zip: index.html plus one asset. */
    public static byte[] blockZip(String html) {
        return zip(Map.of("index.html", html, "assets/style.css", "body{}"));
    }

    public static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(entries).entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(0);
                z.putNextEntry(entry);
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Publishes a manifest whose blocks are served from this fake (name → zip bytes), plus a course zip. */
    public OfflineManifest publish(String courseId, Map<String, byte[]> blockZips, String chapterOf) {
        List<OfflineManifest.Block> blocks = new ArrayList<>();
        Map<String, String> courseEntries = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : blockZips.entrySet()) {
            String blockId = e.getKey();
            String file = "/files/" + Sha256.of(e.getValue()) + ".zip";
            files.put(file, e.getValue());
            blocks.add(new OfflineManifest.Block(blockId, "html", "Block " + blockId,
                    List.of(chapterOf == null ? "chapter-1" : chapterOf, "seq-1", "vert-1"),
                    new OfflineManifest.Download(base() + file, null, e.getValue().length, Sha256.of(e.getValue()),
                            Instant.parse("2026-11-20T00:00:00Z"))));
            // as the archiver writes it: one folder per block named by ObjectKeys.segment
            courseEntries.put(io.satchel.events.ObjectKeys.segment(blockId) + "/index.html",
                    "course zip copy of " + blockId);
        }
        byte[] courseZip = zip(courseEntries);
        String courseFile = "/files/course-" + Sha256.of(courseZip) + ".zip";
        files.put(courseFile, courseZip);
        OfflineManifest m = new OfflineManifest(courseId, null, Instant.parse("2026-11-20T00:00:00Z"),
                Instant.parse("2026-11-20T00:00:01Z"),
                new OfflineManifest.Download(base() + courseFile, null, courseZip.length, Sha256.of(courseZip),
                        Instant.parse("2026-11-20T00:00:00Z")),
                blocks, List.of());
        publish(m);
        return m;
    }

    public void publish(OfflineManifest m) {
        manifestJson = EventJson.toString(m);
        manifestEtag = "\"m" + etagCounter.incrementAndGet() + "\"";
    }

    public void enroll(String courseId, String batchId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("courseId", courseId);
        e.put("batchId", batchId);
        e.put("enrolledAt", "2026-11-01T00:00:00.000Z");
        e.put("completedCount", 0);
        e.put("leafCount", 0);
        e.put("completionPercentage", 0);
        enrollments.add(e);
        permissionsLastModified = Instant.ofEpochMilli(clock.incrementAndGet());
    }

    public synchronized Map<String, Object> serverProgress(String courseId, String contentId) {
        return progress.get(courseId + "|" + contentId);
    }

    public synchronized void markSeen(String eventId) {
        seenEvents.add(eventId);
    }

    public synchronized int serverProgressCount() {
        return progress.size();
    }

    /** A record written on the server by another device. */
    public synchronized void putServerRecord(String courseId, String contentId, int status, int prog) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("courseId", courseId);
        r.put("batchId", "b1");
        r.put("contentId", contentId);
        r.put("status", status);
        r.put("progress", prog);
        r.put("lastAccessTime", "2026-11-21T09:00:00.000Z");
        r.put("stored", Timestamps.format(Instant.ofEpochMilli(clock.incrementAndGet())));
        progress.put(courseId + "|" + contentId, r);
    }

    // ---- HTTP ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            if (path.startsWith("/files/")) {
                serveFile(ex, path);
                return;
            }
            if (failWith != 0) {
                error(ex, failWith, "UNAVAILABLE", "simulated failure");
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) {
                error(ex, 401, "UNAUTHORIZED", "no token");
                return;
            }
            if (path.startsWith("/api/v1/courses/") && path.endsWith("/offline-manifest")) {
                if (manifestJson == null) {
                    error(ex, 404, "COURSE_NOT_FOUND", "no manifest yet");
                    return;
                }
                if (manifestEtag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                    ex.getResponseHeaders().add("ETag", manifestEtag);
                    ex.sendResponseHeaders(304, -1);
                    return;
                }
                ex.getResponseHeaders().add("ETag", manifestEtag);
                send(ex, 200, manifestJson);
            } else if (path.equals("/api/v1/enrollments")) {
                String body = json.writeValueAsString(Map.of("enrollments", enrollments));
                String etag = "\"e" + Sha256.of(body.getBytes(StandardCharsets.UTF_8)).substring(0, 8) + "\"";
                if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                    ex.sendResponseHeaders(304, -1);
                    return;
                }
                ex.getResponseHeaders().add("ETag", etag);
                send(ex, 200, body);
            } else if (path.equals("/api/v1/progress") && "POST".equals(ex.getRequestMethod())) {
                postProgress(ex);
            } else if (path.equals("/api/v1/progress") && "GET".equals(ex.getRequestMethod())) {
                getProgress(ex);
            } else {
                error(ex, 404, "NOT_FOUND", "no route " + path);
            }
        }
    }

    private void serveFile(HttpExchange ex, String path) throws IOException {
        byte[] bytes = corrupted.getOrDefault(path, files.get(path));
        if (bytes == null) {
            error(ex, 404, "NOT_FOUND", "no file");
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        rangeHeaders.add(range == null ? "" : range);
        int start = 0;
        int status = 200;
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (m.matches()) {
                start = Integer.parseInt(m.group(1));
                if (start >= bytes.length) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + bytes.length);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().add("Content-Range",
                        "bytes " + start + "-" + (bytes.length - 1) + "/" + bytes.length);
            }
        }
        int length = bytes.length - start;
        ex.sendResponseHeaders(status, length);
        long cut = cutOffAfter.getAndSet(-1);
        OutputStream out = ex.getResponseBody();
        if (cut >= 0 && cut < length) {
            out.write(bytes, start, (int) cut);
            out.flush();
            // Drop the connection mid-body: the client sees a truncated response.
            ex.getHttpContext().getServer();
            throw new IOException("simulated cut-off");
        }
        out.write(bytes, start, length);
    }

    private synchronized void postProgress(HttpExchange ex) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(ex.getRequestBody());
        } catch (IOException e) {
            error(ex, 400, "INVALID_JSON", "not JSON");
            return;
        }
        if (body == null || !body.path("events").isArray()) {
            error(ex, 400, "INVALID_REQUEST", "events missing");
            return;
        }
        if (body.path("events").size() > 1000) {
            error(ex, 413, "TOO_MANY_EVENTS", "at most 1000");
            return;
        }
        for (JsonNode e : body.path("events")) {
            if (malformedContent.contains(e.path("contentId").asText())) {
                progressBatchSizes.add(-body.path("events").size());
                error(ex, 400, "INVALID_REQUEST", "unreadable event");
                return;
            }
        }
        progressBatchSizes.add(body.path("events").size());
        List<Map<String, Object>> results = new ArrayList<>();
        for (JsonNode e : body.path("events")) {
            String eventId = e.path("eventId").asText();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("eventId", eventId);
            String contentId = e.path("contentId").asText();
            int status = e.path("status").asInt(-1);
            if (unknownContent.contains(contentId)) {
                r.put("result", "rejected");
                r.put("error", "UNKNOWN_CONTENT");
            } else if (status < 0 || status > 2) {
                r.put("result", "rejected");
                r.put("error", "INVALID_STATUS");
            } else if (!seenEvents.add(eventId)) {
                r.put("result", "duplicate");
            } else {
                merge(e);
                r.put("result", "applied");
            }
            results.add(r);
        }
        send(ex, 200, json.writeValueAsString(Map.of("results", results)));
    }

    private void merge(JsonNode e) {
        String key = e.path("courseId").asText() + "|" + e.path("contentId").asText();
        Map<String, Object> cur = progress.get(key);
        int status = e.path("status").asInt();
        int prog = e.path("progress").asInt();
        if (cur != null) {
            status = Math.max(status, (Integer) cur.get("status"));
            prog = Math.max(prog, (Integer) cur.get("progress"));
        }
        if (status == 2) {
            prog = 100;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("courseId", e.path("courseId").asText());
        r.put("batchId", e.path("batchId").asText(null));
        r.put("contentId", e.path("contentId").asText());
        r.put("status", status);
        r.put("progress", prog);
        r.put("lastAccessTime", e.path("lastAccessTime").asText(null));
        r.put("stored", Timestamps.format(Instant.ofEpochMilli(clock.incrementAndGet())));
        progress.put(key, r);
    }

    private synchronized void getProgress(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI());
        Instant since = q.containsKey("since") ? Timestamps.parse(q.get("since")) : null;
        Instant perms = q.containsKey("sinceIfPermissionsNotChangedSince")
                ? Timestamps.parse(q.get("sinceIfPermissionsNotChangedSince")) : null;
        if (perms == null || permissionsLastModified.isAfter(perms)) {
            since = null;
        }
        Instant after = q.containsKey("after") ? Timestamps.parse(q.get("after")) : since;
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Map<String, Object> r : progress.values()) {
            Instant stored = Timestamps.parse((String) r.get("stored"));
            if (after == null || stored.isAfter(after)) {
                matching.add(r);
            }
        }
        matching.sort((a, b) -> ((String) a.get("stored")).compareTo((String) b.get("stored")));
        int limit = Math.min(pageSize, q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : pageSize);
        List<Map<String, Object>> page = matching.subList(0, Math.min(limit, matching.size()));
        String more = "";
        Instant through = Instant.ofEpochMilli(clock.get());
        if (matching.size() > page.size()) {
            String last = (String) page.get(page.size() - 1).get("stored");
            more = "/api/v1/progress?after=" + last + "&sinceIfPermissionsNotChangedSince="
                    + Timestamps.format(permissionsLastModified) + "&limit=" + limit;
        }
        ex.getResponseHeaders().add("X-Consistent-Through", Timestamps.format(through));
        ex.getResponseHeaders().add("X-Permissions-Last-Modified", Timestamps.format(permissionsLastModified));
        send(ex, 200, json.writeValueAsString(Map.of("records", new ArrayList<>(page), "more", more)));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return q;
        }
        for (String part : uri.getRawQuery().split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                q.put(part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Collections.unmodifiableMap(q);
    }

    private void error(HttpExchange ex, int status, String code, String message) throws IOException {
        send(ex, status, json.writeValueAsString(Map.of("error", code, "message", message, "details", Map.of())));
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
