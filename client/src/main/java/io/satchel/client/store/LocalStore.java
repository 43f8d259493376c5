package io.satchel.client.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The device's own database (SQLite, as on a phone): downloaded blocks, cached manifests and enrollments, progress
 * state, the outbox of progress events, dead letters and the sync stamps. Every method is synchronized on one
 * connection, which is what SQLite wants from a single process; times are stored as epoch milliseconds.
 */
public final class LocalStore implements AutoCloseable {
    /** Each entry upgrades the schema by one version (PRAGMA user_version); never edit a shipped entry, append. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
        "CREATE TABLE downloaded_block (course_id TEXT NOT NULL, block_id TEXT NOT NULL, sha256 TEXT NOT NULL,"
                + " last_modified INTEGER, folder TEXT NOT NULL, PRIMARY KEY (course_id, block_id))",
        "CREATE TABLE cached_manifest (course_id TEXT PRIMARY KEY, json TEXT NOT NULL, etag TEXT,"
                + " fetched_at INTEGER NOT NULL)",
        "CREATE TABLE cached_enrollments (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL, etag TEXT,"
                + " fetched_at INTEGER NOT NULL)",
        "CREATE TABLE progress_state (course_id TEXT NOT NULL, content_id TEXT NOT NULL, batch_id TEXT,"
                + " status INTEGER NOT NULL, progress INTEGER NOT NULL, last_access_time INTEGER,"
                + " last_completed_time INTEGER, PRIMARY KEY (course_id, content_id))",
        "CREATE TABLE outbox (event_id TEXT PRIMARY KEY, course_id TEXT NOT NULL, content_id TEXT NOT NULL,"
                + " payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,"
                + " last_attempt_at INTEGER, created_at INTEGER NOT NULL, seq INTEGER NOT NULL)",
        "CREATE INDEX outbox_due ON outbox (next_attempt_at, seq)",
        "CREATE TABLE dead_letter (event_id TEXT PRIMARY KEY, course_id TEXT NOT NULL, content_id TEXT NOT NULL,"
                + " payload TEXT NOT NULL, error TEXT NOT NULL, message TEXT, failed_at INTEGER NOT NULL)",
        "CREATE TABLE sync_state (name TEXT PRIMARY KEY, value TEXT)"),
        // v2: enqueue takes MAX(seq) and the drain orders by seq; without this both scan the whole outbox
        List.of("CREATE UNIQUE INDEX outbox_seq ON outbox (seq)"));

    private static final String CONSISTENT_THROUGH = "consistentThrough";
    private static final String PERMISSIONS_STAMP = "permissionsStamp";
    private static final String LAST_SYNC = "lastSync";

    private final Connection db;

    private LocalStore(Connection db) {
        this.db = db;
    }

    /** Opens (creating and upgrading as needed) the database file. */
    public static LocalStore open(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA foreign_keys=ON");
            }
            LocalStore store = new LocalStore(c);
            store.migrate();
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new StoreException("cannot open the local store " + file, e);
        }
    }

    public static int latestSchemaVersion() {
        return MIGRATIONS.size();
    }

    public synchronized int schemaVersion() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("cannot read the schema version", e);
        }
    }

    private synchronized void migrate() throws SQLException {
        int version = schemaVersion();
        if (version > MIGRATIONS.size()) {
            throw new StoreException("the local store has schema version " + version
                    + ", newer than this client knows (" + MIGRATIONS.size() + ")", null);
        }
        for (int v = version; v < MIGRATIONS.size(); v++) {
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        }
    }

    /** Runs the work in one SQLite transaction (all or nothing). */
    public synchronized <T> T inTransaction(SqlWork<T> work) {
        try {
            boolean outer = db.getAutoCommit();
            if (!outer) {
                return work.run();
            }
            db.setAutoCommit(false);
            try {
                T result = work.run();
                db.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("local store transaction failed", e);
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    // ---- downloaded blocks ----

    public synchronized void saveBlock(DownloadedBlock b) {
        update("INSERT INTO downloaded_block (course_id, block_id, sha256, last_modified, folder) VALUES (?,?,?,?,?)"
                + " ON CONFLICT (course_id, block_id) DO UPDATE SET sha256 = excluded.sha256,"
                + " last_modified = excluded.last_modified, folder = excluded.folder",
                b.courseId(), b.blockId(), b.sha256(), millis(b.lastModified()), b.folder().toString());
    }

    public synchronized Optional<DownloadedBlock> block(String blockId) {
        List<DownloadedBlock> found = query("SELECT * FROM downloaded_block WHERE block_id = ?", LocalStore::block,
                blockId);
        return found.stream().findFirst();
    }

    public synchronized List<DownloadedBlock> blocks(String courseId) {
        return query("SELECT * FROM downloaded_block WHERE course_id = ? ORDER BY block_id", LocalStore::block,
                courseId);
    }

    public synchronized void deleteBlock(String courseId, String blockId) {
        update("DELETE FROM downloaded_block WHERE course_id = ? AND block_id = ?", courseId, blockId);
    }

    public synchronized int downloadedBlockCount() {
        return count("SELECT COUNT(*) FROM downloaded_block");
    }

    private static DownloadedBlock block(ResultSet rs) throws SQLException {
        return new DownloadedBlock(rs.getString("course_id"), rs.getString("block_id"), rs.getString("sha256"),
                instant(rs, "last_modified"), Path.of(rs.getString("folder")));
    }

    // ---- cached server documents ----

    public synchronized void saveManifest(String courseId, String json, String etag, Instant fetchedAt) {
        update("INSERT INTO cached_manifest (course_id, json, etag, fetched_at) VALUES (?,?,?,?)"
                + " ON CONFLICT (course_id) DO UPDATE SET json = excluded.json, etag = excluded.etag,"
                + " fetched_at = excluded.fetched_at", courseId, json, etag, millis(fetchedAt));
    }

    public synchronized Optional<CachedDocument> manifest(String courseId) {
        return query("SELECT json, etag, fetched_at FROM cached_manifest WHERE course_id = ?", LocalStore::document,
                courseId).stream().findFirst();
    }

    public synchronized void saveEnrollments(String json, String etag, Instant fetchedAt) {
        update("INSERT INTO cached_enrollments (id, json, etag, fetched_at) VALUES (1,?,?,?)"
                + " ON CONFLICT (id) DO UPDATE SET json = excluded.json, etag = excluded.etag,"
                + " fetched_at = excluded.fetched_at", json, etag, millis(fetchedAt));
    }

    public synchronized Optional<CachedDocument> enrollments() {
        return query("SELECT json, etag, fetched_at FROM cached_enrollments WHERE id = 1", LocalStore::document)
                .stream().findFirst();
    }

    private static CachedDocument document(ResultSet rs) throws SQLException {
        return new CachedDocument(rs.getString("json"), rs.getString("etag"), instant(rs, "fetched_at"));
    }

    // ---- progress state ----

    /** Merges a state (local or from the server) into the stored one with the max rules; returns the result. */
    public synchronized ProgressState mergeProgress(ProgressState incoming) {
        return inTransaction(() -> {
            ProgressState merged = ProgressMerge.merge(progress(incoming.courseId(), incoming.contentId())
                    .orElse(null), incoming);
            update("INSERT INTO progress_state (course_id, content_id, batch_id, status, progress, last_access_time,"
                    + " last_completed_time) VALUES (?,?,?,?,?,?,?) ON CONFLICT (course_id, content_id) DO UPDATE SET"
                    + " batch_id = excluded.batch_id, status = excluded.status, progress = excluded.progress,"
                    + " last_access_time = excluded.last_access_time,"
                    + " last_completed_time = excluded.last_completed_time",
                    merged.courseId(), merged.contentId(), merged.batchId(), merged.status(), merged.progress(),
                    millis(merged.lastAccessTime()), millis(merged.lastCompletedTime()));
            return merged;
        });
    }

    public synchronized Optional<ProgressState> progress(String courseId, String contentId) {
        return query("SELECT * FROM progress_state WHERE course_id = ? AND content_id = ?", LocalStore::progress,
                courseId, contentId).stream().findFirst();
    }

    public synchronized List<ProgressState> progress(String courseId) {
        return query("SELECT * FROM progress_state WHERE course_id = ? ORDER BY content_id", LocalStore::progress,
                courseId);
    }

    /** A batch id already known for the course from stored progress (server records carry one), if any. */
    public synchronized Optional<String> knownBatchId(String courseId) {
        return query("SELECT batch_id FROM progress_state WHERE course_id = ? AND batch_id IS NOT NULL LIMIT 1",
                rs -> rs.getString(1), courseId).stream().findFirst();
    }

    private static ProgressState progress(ResultSet rs) throws SQLException {
        return new ProgressState(rs.getString("course_id"), rs.getString("content_id"), rs.getString("batch_id"),
                rs.getInt("status"), rs.getInt("progress"), instant(rs, "last_access_time"),
                instant(rs, "last_completed_time"));
    }

    // ---- outbox ----

    public synchronized void enqueue(String eventId, String courseId, String contentId, String payload, Instant now) {
        update("INSERT INTO outbox (event_id, course_id, content_id, payload, attempts, next_attempt_at, created_at,"
                + " seq) VALUES (?,?,?,?,0,?,?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox))",
                eventId, courseId, contentId, payload, millis(now), millis(now));
    }

    /**
     * Entries due at {@code now} (or all when {@code ignoreBackoff}) that were not tried since {@code runStart},
     * oldest first: the not-tried-since condition keeps one sync run from retrying what just failed.
     */
    public synchronized List<OutboxEntry> dueOutbox(Instant now, Instant runStart, boolean ignoreBackoff, int limit) {
        return query("SELECT * FROM outbox WHERE (? OR next_attempt_at <= ?)"
                + " AND (last_attempt_at IS NULL OR last_attempt_at < ?) ORDER BY seq LIMIT ?",
                LocalStore::outboxEntry, ignoreBackoff, millis(now), millis(runStart), limit);
    }

    public synchronized List<OutboxEntry> outbox() {
        return query("SELECT * FROM outbox ORDER BY seq", LocalStore::outboxEntry);
    }

    public synchronized Optional<OutboxEntry> outboxEntry(String eventId) {
        return query("SELECT * FROM outbox WHERE event_id = ?", LocalStore::outboxEntry, eventId).stream().findFirst();
    }

    public synchronized int outboxCount() {
        return count("SELECT COUNT(*) FROM outbox");
    }

    public synchronized int outboxCount(String courseId) {
        return count("SELECT COUNT(*) FROM outbox WHERE course_id = ?", courseId);
    }

    /** Course ids with events still waiting to be sent, in the order they were first queued. */
    public synchronized List<String> coursesWithPendingEvents() {
        return query("SELECT course_id FROM outbox GROUP BY course_id ORDER BY MIN(seq)", rs -> rs.getString(1));
    }

    public synchronized void removeFromOutbox(Collection<String> eventIds) {
        inTransaction(() -> {
            for (String id : eventIds) {
                update("DELETE FROM outbox WHERE event_id = ?", id);
            }
            return null;
        });
    }

    /** Counts a failed attempt and schedules the next one. */
    public synchronized void attemptFailed(String eventId, Instant now, Instant nextAttemptAt) {
        update("UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ? WHERE event_id = ?",
                millis(now), millis(nextAttemptAt), eventId);
    }

    /** Rewrites the payload of a queued event (e.g. a batchId learnt after it was queued). */
    public synchronized void updatePayload(String eventId, String payload) {
        update("UPDATE outbox SET payload = ? WHERE event_id = ?", payload, eventId);
    }

    private static OutboxEntry outboxEntry(ResultSet rs) throws SQLException {
        return new OutboxEntry(rs.getString("event_id"), rs.getString("course_id"), rs.getString("content_id"),
                rs.getString("payload"), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                instant(rs, "created_at"));
    }

    // ---- dead letters ----

    /** Moves an outbox entry to the dead letters in one transaction: it will never be sent again. */
    public synchronized void deadLetter(String eventId, String error, String message, Instant now) {
        inTransaction(() -> {
            Optional<OutboxEntry> entry = outboxEntry(eventId);
            if (entry.isEmpty()) {
                return null;
            }
            OutboxEntry e = entry.get();
            update("INSERT OR REPLACE INTO dead_letter (event_id, course_id, content_id, payload, error, message,"
                    + " failed_at) VALUES (?,?,?,?,?,?,?)", e.eventId(), e.courseId(), e.contentId(), e.payload(),
                    error == null ? "UNKNOWN" : error, message, millis(now));
            update("DELETE FROM outbox WHERE event_id = ?", eventId);
            return null;
        });
    }

    public synchronized List<DeadLetter> deadLetters() {
        return query("SELECT * FROM dead_letter ORDER BY failed_at, event_id", rs -> new DeadLetter(
                rs.getString("event_id"), rs.getString("course_id"), rs.getString("content_id"),
                rs.getString("payload"), rs.getString("error"), rs.getString("message"), instant(rs, "failed_at")));
    }

    public synchronized int deadLetterCount() {
        return count("SELECT COUNT(*) FROM dead_letter");
    }

    // ---- sync stamps ----

    public synchronized Optional<Instant> consistentThrough() {
        return stateInstant(CONSISTENT_THROUGH);
    }

    public synchronized Optional<Instant> permissionsStamp() {
        return stateInstant(PERMISSIONS_STAMP);
    }

    public synchronized Optional<Instant> lastSync() {
        return stateInstant(LAST_SYNC);
    }

    /** Saves the stamps of a completed pull together, so a crash never leaves one without the other. */
    public synchronized void saveSyncStamps(Instant consistentThrough, Instant permissionsStamp, Instant lastSync) {
        inTransaction(() -> {
            if (consistentThrough != null) {
                putState(CONSISTENT_THROUGH, consistentThrough);
            }
            if (permissionsStamp != null) {
                putState(PERMISSIONS_STAMP, permissionsStamp);
            }
            if (lastSync != null) {
                putState(LAST_SYNC, lastSync);
            }
            return null;
        });
    }

    private Optional<Instant> stateInstant(String name) {
        return query("SELECT value FROM sync_state WHERE name = ?", rs -> rs.getString(1), name).stream()
                .filter(v -> v != null).findFirst().map(Instant::parse);
    }

    private void putState(String name, Instant value) {
        update("INSERT INTO sync_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                name, value.toString());
    }

    // ---- plumbing ----

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("local store query failed: " + sql, e);
        }
    }

    private int count(String sql, Object... args) {
        return query(sql, rs -> rs.getInt(1), args).get(0);
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement ps = prepare(sql, args)) {
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("local store update failed: " + sql, e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof Boolean b) {
                ps.setInt(i + 1, b ? 1 : 0);
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the local store", e);
        }
    }

    /** A failure of the local database (disk full, corrupt file): not the learner's fault and not the server's. */
    public static final class StoreException extends RuntimeException {
        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
