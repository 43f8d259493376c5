package io.satchel.sync.service;

import io.satchel.sync.model.ItemResult;
import io.satchel.sync.model.ProgressErrors;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Applies a batch of progress events of one user atomically in ONE SQL statement (one round trip, whatever the batch
 * size). Its parts, in execution order:
 * <ol>
 * <li>checks enrollment and content for every event and inserts the eventIds of the valid ones into
 * {@code progress_event} ({@code ON CONFLICT DO NOTHING RETURNING}): returned ⇒ applied, not returned ⇒ duplicate;</li>
 * <li>takes the next stamp of the progress clock (its row lock is held until commit, so stamps follow commit order)
 * and merges the applied events per (user, course, content) with one {@code INSERT … ON CONFLICT DO UPDATE} of
 * GREATEST values: status never decreases, progress is the max (100 once status is 2), times are the max. Max is
 * commutative, so neither order nor concurrency changes the result.</li>
 * </ol>
 * Outside a transaction the statement runs in autocommit, so the server commits right after it: the clock lock is
 * held for the merge and the commit only, never across a round trip to this service. Inside a caller's transaction
 * it joins that transaction (the lock is then held until the caller commits).
 */
@ApplicationScoped
public class ProgressIngest {

    // The merge (a data-modifying CTE the final SELECT does not read) runs after that SELECT has consumed `fresh`,
    // i.e. after every check and the eventId insert; the clock row is locked when its first merged row is produced.
    // EventIds are inserted in eventId order and progress rows in key order, so concurrent requests cannot deadlock.
    private static final String INGEST = """
            WITH input AS (
                -- times come as epoch milliseconds: exact, and no text formatting/parsing on either side
                SELECT idx, event_id, course_id, content_id, status, progress,
                       timestamptz 'epoch' + access_ms * interval '1 millisecond' AS last_access,
                       timestamptz 'epoch' + completed_ms * interval '1 millisecond' AS last_completed
                FROM unnest(?::int[], ?::uuid[], ?::text[], ?::text[], ?::int[], ?::int[], ?::int8[], ?::int8[])
                    AS t(idx, event_id, course_id, content_id, status, progress, access_ms, completed_ms)
            ), checked AS (
                SELECT i.*, e.batch_id AS enrolled_batch,
                       EXISTS (SELECT 1 FROM course_block b
                               WHERE b.course_id = i.course_id AND b.block_id = i.content_id) AS known
                FROM input i LEFT JOIN enrollment e ON e.user_id = ? AND e.course_id = i.course_id
            ), fresh AS (
                INSERT INTO progress_event (user_id, event_id)
                SELECT ?, c.event_id FROM checked c WHERE c.enrolled_batch IS NOT NULL AND c.known ORDER BY c.event_id
                ON CONFLICT DO NOTHING
                RETURNING event_id
            ), merged AS (
                -- progress is kept under the learner's current batch of the course
                SELECT c.course_id, c.content_id, max(c.enrolled_batch) AS batch_id, max(c.status) AS status,
                       CASE WHEN max(c.status) = 2 THEN 100 ELSE max(c.progress) END AS progress,
                       max(c.last_access) AS last_access, max(c.last_completed) AS last_completed
                FROM checked c JOIN fresh f ON f.event_id = c.event_id
                GROUP BY c.course_id, c.content_id
            ), clock AS (
                UPDATE progress_clock
                SET last_stamp = GREATEST(date_trunc('milliseconds', clock_timestamp()), last_stamp + interval '1 millisecond')
                WHERE id = 1
                RETURNING last_stamp
            ), upsert AS (
                INSERT INTO progress AS p (user_id, course_id, content_id, batch_id, status, progress, last_access_time,
                                           last_completed_time, last_modified, stored)
                SELECT ?, m.course_id, m.content_id, m.batch_id, m.status, m.progress, m.last_access, m.last_completed,
                       GREATEST(m.last_access, m.last_completed), (SELECT last_stamp FROM clock)
                FROM merged m ORDER BY m.course_id, m.content_id
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
            SELECT c.idx, c.enrolled_batch IS NOT NULL, c.known, f.event_id IS NOT NULL
            FROM checked c LEFT JOIN fresh f ON f.event_id = c.event_id
            """;

    @Inject
    DataSource dataSource;

    /**
     * @param parsed the request's events in request order (well-formed or already rejected)
     * @return one result per event, in request order
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ItemResult> apply(String userId, List<Parsed> parsed) {
        ItemResult[] results = new ItemResult[parsed.size()];
        // An eventId names one event: a repeat inside the request shares the first occurrence's outcome.
        Map<UUID, Integer> firstIndex = new HashMap<>();
        List<ProgressEvent> candidates = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            Parsed p = parsed.get(i);
            if (p.error() != null) {
                results[i] = ItemResult.rejected(p.eventId(), p.error());
            } else if (firstIndex.putIfAbsent(p.event().eventId(), i) == null) {
                candidates.add(p.event());
            }
        }
        if (!candidates.isEmpty()) {
            try (Connection c = dataSource.getConnection()) {
                ingest(c, userId, candidates, parsed, results);
            } catch (SQLException e) {
                throw new IllegalStateException("progress write failed: " + e.getMessage(), e);
            }
        }
        for (int i = 0; i < parsed.size(); i++) {
            if (results[i] == null) {
                ItemResult first = results[firstIndex.get(parsed.get(i).event().eventId())];
                results[i] = first.isRejected() ? first : ItemResult.duplicate(parsed.get(i).eventId());
            }
        }
        return List.of(results);
    }

    private void ingest(Connection c, String userId, List<ProgressEvent> events, List<Parsed> parsed,
            ItemResult[] results) throws SQLException {
        int n = events.size();
        Integer[] idx = new Integer[n];
        String[] ids = new String[n];
        String[] courses = new String[n];
        String[] contents = new String[n];
        Integer[] status = new Integer[n];
        Integer[] progress = new Integer[n];
        Long[] access = new Long[n];
        Long[] completed = new Long[n];
        for (int i = 0; i < n; i++) {
            ProgressEvent e = events.get(i);
            idx[i] = e.index();
            ids[i] = e.eventId().toString();
            courses[i] = e.courseId();
            contents[i] = e.contentId();
            status[i] = e.status();
            progress[i] = e.progress();
            access[i] = e.lastAccessTime() == null ? null : e.lastAccessTime().toEpochMilli();
            completed[i] = e.lastCompletedTime() == null ? null : e.lastCompletedTime().toEpochMilli();
        }
        try (PreparedStatement ps = c.prepareStatement(INGEST)) {
            ps.setArray(1, c.createArrayOf("int4", idx));
            ps.setArray(2, c.createArrayOf("text", ids));
            ps.setArray(3, c.createArrayOf("text", courses));
            ps.setArray(4, c.createArrayOf("text", contents));
            ps.setArray(5, c.createArrayOf("int4", status));
            ps.setArray(6, c.createArrayOf("int4", progress));
            ps.setArray(7, c.createArrayOf("int8", access));
            ps.setArray(8, c.createArrayOf("int8", completed));
            ps.setString(9, userId);
            ps.setString(10, userId);
            ps.setString(11, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = rs.getInt(1);
                    String id = parsed.get(i).event().eventId().toString();
                    if (!rs.getBoolean(2)) {
                        results[i] = ItemResult.rejected(id, ProgressErrors.NOT_ENROLLED);
                    } else if (!rs.getBoolean(3)) {
                        results[i] = ItemResult.rejected(id, ProgressErrors.UNKNOWN_CONTENT);
                    } else {
                        results[i] = rs.getBoolean(4) ? ItemResult.applied(id) : ItemResult.duplicate(id);
                    }
                }
            }
        }
    }
}
