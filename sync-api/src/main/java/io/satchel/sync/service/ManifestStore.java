package io.satchel.sync.service;

import io.satchel.events.CourseArchived;
import io.satchel.events.CourseKey;
import io.satchel.events.InvalidEventException;
import io.satchel.events.OfflineManifest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Keeps the newest manifest per course (by publishedAt, then generatedAt; older ones are ignored) and every leaf block
 * id ever published for the course. Both writes are upserts, so a redelivered event changes nothing.
 */
@ApplicationScoped
public class ManifestStore {
    private static final String BLOCKS = """
            INSERT INTO course_block AS b (course_id, block_id, last_published_at)
            SELECT ?, id, ? FROM unnest(?::text[]) AS t(id)
            ON CONFLICT (course_id, block_id) DO UPDATE
            SET last_published_at = GREATEST(b.last_published_at, EXCLUDED.last_published_at)
            """;
    private static final String MANIFEST = """
            INSERT INTO course_manifest AS m (course_id, publish_id, published_at, generated_at, manifest_key,
                                              manifest_json, leaf_count, stored_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (course_id) DO UPDATE SET publish_id = EXCLUDED.publish_id,
                published_at = EXCLUDED.published_at, generated_at = EXCLUDED.generated_at,
                manifest_key = EXCLUDED.manifest_key, manifest_json = EXCLUDED.manifest_json,
                leaf_count = EXCLUDED.leaf_count, stored_at = EXCLUDED.stored_at
            WHERE (EXCLUDED.published_at, EXCLUDED.generated_at) > (m.published_at, m.generated_at)
            """;

    @Inject
    DataSource dataSource;

    /**
     * Checks that the manifest belongs to the event and is complete enough to serve.
     *
     * @throws InvalidEventException when it is not (the record goes to the dead-letter topic)
     */
    public static void validate(CourseArchived event, OfflineManifest m) {
        if (!CourseKey.isValid(event.courseId())) {
            throw new InvalidEventException("courseId is not a course-v1 key: " + event.courseId());
        }
        if (!event.courseId().equals(m.courseId())) {
            throw new InvalidEventException("manifest is for " + m.courseId() + ", event for " + event.courseId());
        }
        if (m.publishId() != null && event.publishId() != null && !m.publishId().equals(event.publishId())) {
            throw new InvalidEventException("manifest publishId " + m.publishId() + " is not " + event.publishId());
        }
        if (blank(event.publishId()) && blank(m.publishId())) {
            throw new InvalidEventException("neither event nor manifest names a publishId");
        }
        if (event.manifestKey() == null) {
            throw new InvalidEventException("event has no manifestKey");
        }
        if (m.course() == null || blank(m.course().objectKey())) {
            throw new InvalidEventException("manifest has no course download object key");
        }
        if (m.blocks() == null) {
            throw new InvalidEventException("manifest has no blocks list");
        }
        CourseKey key = CourseKey.parse(event.courseId());
        for (OfflineManifest.Block b : m.blocks()) {
            if (b == null || !key.owns(b.blockId())) {
                throw new InvalidEventException("block " + (b == null ? null : b.blockId()) + " is not a block of "
                        + event.courseId());
            }
            if (b.offlineDownload() == null || blank(b.offlineDownload().objectKey())) {
                throw new InvalidEventException("block " + b.blockId() + " has no download object key");
            }
        }
    }

    /** @return true when this manifest became the course's live manifest */
    @Transactional
    public boolean store(CourseArchived event, OfflineManifest m, String manifestJson) {
        Instant published = event.publishedAt();
        Instant generated = Objects.requireNonNullElse(m.generatedAt(),
                Objects.requireNonNullElse(event.generatedAt(), published));
        Set<String> leaves = new LinkedHashSet<>();
        m.blocks().forEach(b -> leaves.add(b.blockId()));
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(BLOCKS)) {
                ps.setString(1, event.courseId());
                ps.setTimestamp(2, Timestamp.from(published));
                ps.setArray(3, c.createArrayOf("text", leaves.toArray(String[]::new)));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(MANIFEST)) {
                ps.setString(1, event.courseId());
                ps.setString(2, event.publishId() != null ? event.publishId() : m.publishId());
                ps.setTimestamp(3, Timestamp.from(published));
                ps.setTimestamp(4, Timestamp.from(generated));
                ps.setString(5, event.manifestKey());
                ps.setString(6, manifestJson);
                ps.setInt(7, leaves.size());
                return ps.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("manifest write failed: " + e.getMessage(), e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
