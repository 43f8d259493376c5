package io.satchel.sync.service;

import io.satchel.sync.model.ItemResult;
import io.satchel.sync.model.ProgressEvent;
import io.satchel.sync.service.ProgressEventParser.Parsed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Applies a batch of progress events of one user atomically in ONE SQL statement (one round trip, whatever the batch
 * size). Its parts, in execution order:
 * <ol>
 * <li>checks enrollment and content once per distinct (course, content) of the batch and inserts the eventIds of the
 * valid events into {@code progress_event}, whose primary key makes each eventId count once;</li>
 * <li>takes the next stamp of the progress clock (its row lock is held until commit, so stamps follow commit order)
 * and merges the applied events per (user, course, content) with one {@code INSERT … ON CONFLICT DO UPDATE} of
 * GREATEST values: status never decreases, progress is the max (100 once status is 2), times are the max. Max is
 * commutative, so neither order nor concurrency changes the result.</li>
 * </ol>
 * The eventId insert comes in two forms. First a plain {@code INSERT} (every event new, the usual case: about a third
 * cheaper for PostgreSQL than a speculative {@code ON CONFLICT} insert); a unique violation aborts that statement
 * whole — nothing applied — and the batch is run again with {@code ON CONFLICT DO NOTHING RETURNING}, whose returned
 * ids are the applied events and the others duplicates. Either way the unique constraint decides, never a read.
 * Outside a transaction the statement runs in autocommit, so the server commits right after it: the clock lock is
 * held for the merge and the commit only, never across a round trip to this service. Inside a caller's transaction
 * it joins that transaction (the lock is then held until the caller commits) and takes the second form directly, as
 * a failed statement would abort the caller's transaction.
 */
@ApplicationScoped
public class ProgressIngest {
    private static final String UNIQUE_VIOLATION = "23505";

    // Events name their (course, content) by index into `k`, the request's distinct pairs: each pair is sent,
    // checked and joined once, however many events name it.
    // The merge (a data-modifying CTE the final SELECT does not read) runs after that SELECT has consumed `fresh`,
    // i.e. after every check and the eventId insert; the clock row is locked when its first merged row is produced.
    // EventIds are inserted in eventId order and progress rows in key order, so concurrent requests cannot deadlock.
    private static final String TEMPLATE = """
            WITH %5$s, input AS (
                -- times come as epoch milliseconds (no completion time: Long.MIN_VALUE): exact, no text parsing
                SELECT idx, event_id, key, status, progress,
                       timestamptz 'epoch' + access_ms * interval '1 millisecond' AS last_access,
                       timestamptz 'epoch' + NULLIF(completed_ms, (-9223372036854775807 - 1)::int8)
                           * interval '1 millisecond' AS last_completed
                FROM unnest(?::int[], ?::uuid[], ?::int[], ?::int[], ?::int[], ?::int8[], ?::int8[])
                    AS t(idx, event_id, key, status, progress, access_ms, completed_ms)
            ), valid AS (
                SELECT i.* FROM input i JOIN k ON k.key = i.key WHERE %7$s
            ), fresh AS (
                INSERT INTO progress_event (user_id, event_id)
                SELECT ?, v.event_id FROM valid v ORDER BY v.event_id
                %1$s
                RETURNING event_id
            ), merged AS (
                SELECT v.key, max(v.status) AS status,
                       CASE WHEN max(v.status) = 2 THEN 100 ELSE max(v.progress) END AS progress,
                       max(v.last_access) AS last_access, max(v.last_completed) AS last_completed
                FROM valid v %2$s
                GROUP BY v.key
            ), clock AS (
            %8$s
            ), upsert AS (
                -- progress is kept under the learner's current batch of the course
                INSERT INTO progress AS p (user_id, course_id, content_id, batch_id, status, progress, last_access_time,
                                           last_completed_time, last_modified, stored)
                SELECT ?, k.course_id, k.content_id, k.enrolled_batch, m.status, m.progress, m.last_access,
                       m.last_completed, GREATEST(m.last_access, m.last_completed), (SELECT last_stamp FROM clock)
                FROM merged m JOIN k ON k.key = m.key ORDER BY k.course_id, k.content_id
                ON CONFLICT (user_id, course_id, content_id) DO UPDATE SET
                    batch_id = EXCLUDED.batch_id,
                    status = GREATEST(p.status, EXCLUDED.status),
                    progress = CASE WHEN GREATEST(p.status, EXCLUDED.status) = 2 THEN 100
                                    ELSE GREATEST(p.progress, EXCLUDED.progress) END,
                    last_access_time = GREATEST(p.last_access_time, EXCLUDED.last_access_time),
                    last_completed_time = GREATEST(p.last_completed_time, EXCLUDED.last_completed_time),
                    last_modified = GREATEST(p.last_modified, EXCLUDED.last_modified),
                    stored = EXCLUDED.stored
                WHERE p.batch_id IS DISTINCT FROM EXCLUDED.batch_id
                   OR EXCLUDED.status > p.status
                   OR (EXCLUDED.progress > p.progress AND p.status < 2)
                   OR EXCLUDED.last_access_time > p.last_access_time
                   OR (p.last_access_time IS NULL AND EXCLUDED.last_access_time IS NOT NULL)
                   OR EXCLUDED.last_completed_time > p.last_completed_time
                   OR (p.last_completed_time IS NULL AND EXCLUDED.last_completed_time IS NOT NULL)
            )
            -- only the exceptions come back: (course, content) pairs not enrolled or unknown (false, key, enrolled),
            -- %3$s
            %6$s
            UNION ALL
            %4$s
            """;

    /** Every valid event is new, else the statement fails with a unique violation (and applies nothing). */
    private static final String NEW_EVENTS = TEMPLATE.formatted("", "",
            "and the number of events inserted (null, count, null), read so that the insert runs before the merge",
            "SELECT NULL, count(*)::int, NULL FROM fresh", ContentPairs.CHECKED, ContentPairs.REJECTED,
            ContentPairs.PASSED, FeedClock.NEXT_STAMP);

    /** Valid events already recorded are duplicates (reported as (true, index, true)) and not merged. */
    private static final String ANY_EVENTS = TEMPLATE.formatted("ON CONFLICT DO NOTHING",
            "JOIN fresh f ON f.event_id = v.event_id",
            "and the duplicate events (true, index, true)",
            "SELECT true, v.idx, true FROM valid v WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.event_id = v.event_id)",
            ContentPairs.CHECKED, ContentPairs.REJECTED, ContentPairs.PASSED, FeedClock.NEXT_STAMP);

    @Inject
    DataSource dataSource;

    /**
     * @param parsed the request's events in request order (well-formed or already rejected)
     * @return one result per event, in request order
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ItemResult> apply(String userId, List<Parsed> parsed) {
        RequestResults out = new RequestResults(parsed.size());
        List<ProgressEvent> candidates = new ArrayList<>(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            Parsed p = parsed.get(i);
            if (p.error() != null) {
                out.reject(i, p.eventId(), p.error());
            } else if (out.first(i, p.event().eventId(), p.eventId())) {
                candidates.add(p.event());
            }
        }
        if (!candidates.isEmpty()) {
            try (Connection c = dataSource.getConnection()) {
                ingest(c, userId, new Batch(candidates, parsed), out.results);
            } catch (SQLException e) {
                throw new IllegalStateException("progress write failed: " + e.getMessage(), e);
            }
        }
        return out.finish();
    }

    private void ingest(Connection c, String userId, Batch b, ItemResult[] results) throws SQLException {
        String[] rejectedKeys = new String[b.keys.size()];
        boolean[] duplicate = new boolean[results.length];
        boolean done = false;
        if (c.getAutoCommit()) {
            try {
                run(c, NEW_EVENTS, userId, b, rejectedKeys, duplicate);
                done = true;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                // some eventId was recorded before (a replay): nothing was applied; run the form that sorts them out
                Arrays.fill(rejectedKeys, null);
            }
        }
        if (!done) {
            run(c, ANY_EVENTS, userId, b, rejectedKeys, duplicate);
        }
        for (int i = 0; i < b.size; i++) {
            int at = b.idx[i];
            String error = rejectedKeys[b.keyOf[i]];
            results[at] = error != null ? ItemResult.rejected(b.ids[i], error)
                    : duplicate[at] ? ItemResult.duplicate(b.ids[i]) : ItemResult.applied(b.ids[i]);
        }
    }

    private static void run(Connection c, String sql, String userId, Batch b, String[] rejectedKeys,
            boolean[] duplicate) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class); // primitive arrays: binary, no boxing
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            b.keys.bind(c, ps, userId);
            ps.setArray(4, pg.createArrayOf("int4", b.idx));
            ps.setArray(5, c.createArrayOf("text", b.ids));
            ps.setArray(6, pg.createArrayOf("int4", b.keyOf));
            ps.setArray(7, pg.createArrayOf("int4", b.status));
            ps.setArray(8, pg.createArrayOf("int4", b.progress));
            ps.setArray(9, pg.createArrayOf("int8", b.access));
            ps.setArray(10, pg.createArrayOf("int8", b.completed));
            ps.setString(11, userId);
            ps.setString(12, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean kind = rs.getBoolean(1);
                    if (rs.wasNull()) {
                        continue; // the insert count of NEW_EVENTS
                    }
                    if (kind) {
                        duplicate[rs.getInt(2)] = true;
                    } else {
                        rejectedKeys[rs.getInt(2)] = ContentPairs.rejection(rs.getBoolean(3));
                    }
                }
            }
        }
    }

    /** The candidate events as columns (what the statement takes), with their distinct (course, content) pairs. */
    private static final class Batch {
        final int size;
        final int[] idx;
        final String[] ids;
        final int[] keyOf;
        final int[] status;
        final int[] progress;
        final long[] access;
        final long[] completed;
        final ContentPairs keys = new ContentPairs();

        Batch(List<ProgressEvent> events, List<Parsed> parsed) {
            size = events.size();
            idx = new int[size];
            ids = new String[size];
            keyOf = new int[size];
            status = new int[size];
            progress = new int[size];
            access = new long[size];
            completed = new long[size];
            for (int i = 0; i < size; i++) {
                ProgressEvent e = events.get(i);
                idx[i] = e.index();
                ids[i] = parsed.get(e.index()).eventId();
                keyOf[i] = keys.indexOf(e.courseId(), e.contentId());
                status[i] = e.status();
                progress[i] = e.progress();
                access[i] = e.lastAccessTime().toEpochMilli();
                completed[i] = e.lastCompletedTime() == null ? Long.MIN_VALUE : e.lastCompletedTime().toEpochMilli();
            }
        }
    }
}
