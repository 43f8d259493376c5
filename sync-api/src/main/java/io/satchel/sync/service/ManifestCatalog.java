package io.satchel.sync.service;

import io.satchel.events.EventJson;
import io.satchel.events.OfflineManifest;
import io.satchel.events.OfflineManifest.Block;
import io.satchel.events.OfflineManifest.Download;
import io.satchel.sync.config.SyncConfig;
import io.satchel.sync.entity.CourseManifestEntity;
import io.satchel.sync.model.ManifestHead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Serving side of manifests. A conditional GET costs one indexed query (enrollment + manifest version together);
 * parsed manifests are cached per (course, version) — a version never changes, so the cache is never stale.
 */
@ApplicationScoped
public class ManifestCatalog {
    private static final String ACCESS = """
            SELECT EXISTS (SELECT 1 FROM enrollment e WHERE e.user_id = ? AND e.course_id = ?),
                   m.publish_id, m.published_at, m.generated_at
            FROM (VALUES (1)) AS one LEFT JOIN course_manifest m ON m.course_id = ?
            """;

    /** Whether the caller is enrolled, and the live manifest's version (null before the first archive). */
    public record Access(boolean enrolled, ManifestHead head) {
    }

    /** A manifest with presigned URLs, and when the first of them expires. */
    public record Served(OfflineManifest manifest, Instant urlsValidUntil) {
    }

    private record Parsed(ManifestHead head, OfflineManifest manifest) {
    }

    private record Cached(Access access, long expiresAtNanos) {
    }

    private static final int MAX_CACHED_ACCESS = 100_000;

    private final ConcurrentHashMap<String, Parsed> parsed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cached> accessCache = new ConcurrentHashMap<>();

    @Inject
    SyncConfig config;

    @Inject
    DataSource dataSource;

    @Inject
    PresignedUrls urls;

    /** Enrollment and live version, from the short-lived cache when fresh (see {@link SyncConfig.Manifest}). */
    public Access access(String userId, String courseId) {
        long ttl = config.manifest().accessCacheTtl().toNanos();
        if (ttl <= 0) {
            return load(userId, courseId);
        }
        String key = userId + '\n' + courseId;
        long now = System.nanoTime();
        Cached c = accessCache.get(key);
        if (c != null && now - c.expiresAtNanos() < 0) {
            return c.access();
        }
        Access a = load(userId, courseId);
        if (accessCache.size() >= MAX_CACHED_ACCESS) {
            accessCache.clear();
        }
        accessCache.put(key, new Cached(a, now + ttl));
        return a;
    }

    /** Called after an enrollment or manifest change committed: this instance answers from the database again. */
    public void invalidate() {
        accessCache.clear();
    }

    private Access load(String userId, String courseId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ACCESS)) {
            ps.setString(1, userId);
            ps.setString(2, courseId);
            ps.setString(3, courseId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String publishId = rs.getString(2);
                ManifestHead head = publishId == null ? null
                        : new ManifestHead(publishId, rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant());
                return new Access(rs.getBoolean(1), head);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("manifest lookup failed: " + e.getMessage(), e);
        }
    }

    /** The live manifest (object keys, no URLs); its head may be newer than the one passed when one just arrived. */
    public Optional<OfflineManifest> manifest(String courseId, ManifestHead head) {
        Parsed p = parsed.get(courseId);
        if (p != null && p.head().equals(head)) {
            return Optional.of(p.manifest());
        }
        CourseManifestEntity e = CourseManifestEntity.findById(courseId);
        if (e == null) {
            return Optional.empty();
        }
        OfflineManifest m = EventJson.fromBytes(e.manifestJson.getBytes(StandardCharsets.UTF_8), OfflineManifest.class);
        m = new OfflineManifest(e.courseId, e.publishId, e.publishedAt, e.generatedAt, m.course(), m.blocks(),
                m.sections() == null ? List.of() : m.sections());
        parsed.put(courseId, new Parsed(new ManifestHead(e.publishId, e.publishedAt, e.generatedAt), m));
        return Optional.of(m);
    }

    /** fileUrl of every download = a presigned GET of its object key; object keys are not shown to clients. */
    public Served withUrls(OfflineManifest m) {
        Instant[] first = {Instant.MAX};
        List<Block> blocks = new ArrayList<>(m.blocks().size());
        for (Block b : m.blocks()) {
            blocks.add(new Block(b.blockId(), b.type(), b.displayName(), b.path(), signed(b.offlineDownload(), first)));
        }
        OfflineManifest out = new OfflineManifest(m.courseId(), m.publishId(), m.publishedAt(), m.generatedAt(),
                signed(m.course(), first), blocks, m.sections());
        return new Served(out, first[0]);
    }

    private Download signed(Download d, Instant[] first) {
        PresignedUrls.Signed s = urls.get(d.objectKey());
        if (s.expiresAt().isBefore(first[0])) {
            first[0] = s.expiresAt();
        }
        return d.withFileUrl(s.url());
    }

    /**
     * Strong ETag of a manifest view: the version (publishId, generatedAt) and the {@code under} filter — never the
     * URLs, which change while the content does not.
     */
    public static String etag(String courseId, ManifestHead head, String under) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = courseId + "\n" + head.publishId() + "\n" + head.generatedAt().toEpochMilli() + "\n"
                    + (under == null ? "" : under);
            byte[] d = sha.digest(key.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
