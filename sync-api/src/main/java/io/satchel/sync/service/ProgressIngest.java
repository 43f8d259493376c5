package io.satchel.sync.service;

import io.satchel.events.Timestamps;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Applies a batch of progress events of one user in one transaction, set-based (a fixed number of statements
 * whatever the batch size):
 * <ol>
 * <li>one statement checks enrollment and content for every event and inserts the eventIds of the valid ones into
 * {@code progress_event} ({@code ON CONFLICT DO NOTHING RETURNING}): returned ⇒ applied, not returned ⇒ duplicate;</li>
 * <li>one statement takes the next stamp of the progress clock (its row lock is held until commit, so stamps follow
 * commit order) and merges the applied events per (user, course, content) with one
 * {@code INSERT … ON CONFLICT DO UPDATE} of GREATEST values: status never decreases, progress is the max (100 once
 * status is 2), times are the max. Max is commutative, so neither order nor concurrency changes the result.</li>
 * </ol>
 */
@ApplicationScoped
public class ProgressIngest {

    // Step 1. Inserted in eventId order so concurrent replays of the same ids lock them in one order (no deadlock).
    private static final String CHECK_AND_CLAIM = """
            WITH input AS (
                SELECT * FROM unnest(?::int[], ?::uuid[], ?::text[], ?::text[]) AS t(idx, event_id, course_id, content_id)
            ), checked AS (
                SELECT i.idx, i.event_id, e.batch_id AS enrolled_batch,
                       EXISTS (SELECT 1 FROM course_block b
                               WHERE b.course_id = i.course_id AND b.block_id = i.content_id) AS known
                FROM input i LEFT JOIN enrollment e ON e.user_id = ? AND e.course_id = i.course_id
            ), fresh AS (
                INSERT INTO progress_event (user_id, event_id)
                SELECT ?, c.event_id FROM checked c WHERE c.enrolled_batch IS NOT NULL AND c.known ORDER BY c.event_id
                ON CONFLICT DO NOTHING
                RETURNING event_id
            )
            SELECT c.idx, c.enrolled_batch, c.known, f.event_id IS NOT NULL AS applied
            FROM checked c LEFT JOIN fresh f ON f.event_id = c.event_id
            """;

    // Step 2. The clock row is locked when the first merged row is produced and stays locked until commit.
    private static final String MERGE = """
            WITH clock AS (
                UPDATE progress_clock
                SET last_stamp = GREATEST(date_trunc('milliseconds', clock_timestamp()), last_stamp + interval '1 millisecond')
                WHERE id = 1
                RETURNING last_stamp
            ), input AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::timestamptz[], ?::timestamptz[])
                    AS t(course_id, content_id, batch_id, status, progress, last_access, last_completed)
            ), merged AS (
                SELECT course_id, content_id, max(batch_id) AS batch_id, max(status) AS status,
                       CASE WHEN max(status) = 2 THEN 100 ELSE max(progress) END AS progress,
                       max(last_access) AS last_access, max(last_completed) AS last_completed
                FROM input GROUP BY course_id, content_id
            )
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
            """;

    @Inject
    DataSource dataSource;

    /**
     * @param parsed the request's events in request order (well-formed or already rejected)
     * @return one result per event, in request order
     */
    @Transactional
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
            candidates.sort(Comparator.comparing(ProgressEvent::eventId));
            try (Connection c = dataSource.getConnection()) {
                List<ProgressEvent> applied = checkAndClaim(c, userId, candidates, results);
                if (!applied.isEmpty()) {
                    merge(c, userId, applied);
                }
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

    private List<ProgressEvent> checkAndClaim(Connection c, String userId, List<ProgressEvent> events,
            ItemResult[] results) throws SQLException {
        int n = events.size();
        Integer[] idx = new Integer[n];
        String[] ids = new String[n];
        String[] courses = new String[n];
        String[] contents = new String[n];
        Map<Integer, ProgressEvent> byIndex = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            ProgressEvent e = events.get(i);
            idx[i] = e.index();
            ids[i] = e.eventId().toString();
            courses[i] = e.courseId();
            contents[i] = e.contentId();
            byIndex.put(e.index(), e);
        }
        List<ProgressEvent> applied = new ArrayList<>(n);
        try (PreparedStatement ps = c.prepareStatement(CHECK_AND_CLAIM)) {
            ps.setArray(1, c.createArrayOf("int4", idx));
            ps.setArray(2, c.createArrayOf("text", ids));
            ps.setArray(3, c.createArrayOf("text", courses));
            ps.setArray(4, c.createArrayOf("text", contents));
            ps.setString(5, userId);
            ps.setString(6, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = rs.getInt(1);
                    String batch = rs.getString(2);
                    ProgressEvent e = byIndex.get(i);
                    String id = e.eventId().toString();
                    if (batch == null) {
                        results[i] = ItemResult.rejected(id, ProgressErrors.NOT_ENROLLED);
                    } else if (!rs.getBoolean(3)) {
                        results[i] = ItemResult.rejected(id, ProgressErrors.UNKNOWN_CONTENT);
                    } else if (rs.getBoolean(4)) {
                        results[i] = ItemResult.applied(id);
                        // Progress is kept under the learner's current batch of the course.
                        applied.add(new ProgressEvent(i, e.eventId(), e.courseId(), batch, e.contentId(), e.status(),
                                e.progress(), e.lastAccessTime(), e.lastCompletedTime()));
                    } else {
                        results[i] = ItemResult.duplicate(id);
                    }
                }
            }
        }
        return applied;
    }

    private void merge(Connection c, String userId, List<ProgressEvent> events) throws SQLException {
        int n = events.size();
        String[] courses = new String[n];
        String[] contents = new String[n];
        String[] batches = new String[n];
        Integer[] status = new Integer[n];
        Integer[] progress = new Integer[n];
        String[] access = new String[n];
        String[] completed = new String[n];
        for (int i = 0; i < n; i++) {
            ProgressEvent e = events.get(i);
            courses[i] = e.courseId();
            contents[i] = e.contentId();
            batches[i] = e.batchId();
            status[i] = e.status();
            progress[i] = e.progress();
            access[i] = Timestamps.format(e.lastAccessTime());
            completed[i] = Timestamps.format(e.lastCompletedTime());
        }
        try (PreparedStatement ps = c.prepareStatement(MERGE)) {
            ps.setArray(1, c.createArrayOf("text", courses));
            ps.setArray(2, c.createArrayOf("text", contents));
            ps.setArray(3, c.createArrayOf("text", batches));
            ps.setArray(4, c.createArrayOf("int4", status));
            ps.setArray(5, c.createArrayOf("int4", progress));
            ps.setArray(6, c.createArrayOf("text", access));
            ps.setArray(7, c.createArrayOf("text", completed));
            ps.setString(8, userId);
            ps.executeUpdate();
        }
    }
}
