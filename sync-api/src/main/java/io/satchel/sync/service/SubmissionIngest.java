package io.satchel.sync.service;

import io.satchel.events.CourseKey;
import io.satchel.events.EventJson;
import io.satchel.events.EventType;
import io.satchel.events.ProblemSubmitted;
import io.satchel.sync.model.ItemResult;
import io.satchel.sync.model.Submission;
import io.satchel.sync.model.SubmissionErrors;
import io.satchel.sync.service.SubmissionParser.Parsed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Stores a batch of one learner's problem submissions in ONE SQL statement (one round trip, one transaction in
 * autocommit), the way {@link ProgressIngest} applies progress: the same enrollment / known-content check of the
 * distinct (course, content) pairs ({@link ContentPairs}), then {@code INSERT … ON CONFLICT (event_id) DO NOTHING
 * RETURNING}: returned ids are {@code applied}, the others {@code duplicate}. In the same statement, each applied
 * submission's {@code problem.submitted} event goes into {@code outbox_event} (the common outbox relay sends it), and
 * its {@code stored} stamp comes from the feed clock ({@link FeedClock}), so GET /api/v1/submissions has an honest
 * X-Consistent-Through.
 *
 * <p>Submissions are immutable and an eventId names one for good, whoever sent it: a replay — also of an id another
 * learner used — is {@code duplicate} and changes nothing (nothing about the stored one is returned). A pair that
 * passes the check but is not a {@code type@problem} block is NOT_A_PROBLEM (the type is part of an Open edX block id).
 */
@ApplicationScoped
public class SubmissionIngest {
    private static final String INSERT = """
            WITH %s, input AS (
                SELECT idx, event_id, key, answers::jsonb AS answers,
                       timestamptz 'epoch' + submitted_ms * interval '1 millisecond' AS submitted_at, payload
                FROM unnest(?::int[], ?::uuid[], ?::int[], ?::text[], ?::int8[], ?::text[])
                    AS t(idx, event_id, key, answers, submitted_ms, payload)
            ), valid AS (
                SELECT i.*, k.course_id, k.content_id FROM input i JOIN k ON k.key = i.key WHERE %s
            ), clock AS (
            %s
            ), fresh AS (
                -- eventId order: concurrent requests naming the same ids cannot deadlock
                INSERT INTO submission (event_id, user_id, course_id, content_id, answers, submitted_at, stored)
                SELECT v.event_id, ?, v.course_id, v.content_id, v.answers, v.submitted_at,
                       (SELECT last_stamp FROM clock)
                FROM valid v ORDER BY v.event_id
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id, stored
            ), outbox AS (
                -- ce_id = eventId: an LMS drops a redelivered event by it
                INSERT INTO outbox_event (id, topic, message_key, ce_type, ce_time, payload, created_at)
                SELECT f.event_id, ?, v.course_id, ?, f.stored, v.payload, f.stored
                FROM fresh f JOIN valid v ON v.event_id = f.event_id ORDER BY v.idx
            )
            -- only the exceptions come back: pairs not enrolled or unknown (false, key, enrolled),
            -- and the duplicates (true, index, true)
            %s
            UNION ALL
            SELECT true, v.idx, true FROM valid v WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.event_id = v.event_id)
            """.formatted(ContentPairs.CHECKED, ContentPairs.PASSED, FeedClock.NEXT_STAMP, ContentPairs.REJECTED);

    @Inject
    DataSource dataSource;

    /**
     * @param parsed     the request's submissions in request order (well-formed or already rejected)
     * @param receivedAt the server time of the request (the events' receivedAt)
     * @return one result per submission, in request order
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ItemResult> apply(String userId, List<Parsed> parsed, Instant receivedAt) {
        RequestResults out = new RequestResults(parsed.size());
        List<Submission> candidates = new ArrayList<>(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            Parsed p = parsed.get(i);
            if (p.error() != null) {
                out.reject(i, p.eventId(), p.error());
            } else if (out.first(i, p.submission().eventId(), p.eventId())) {
                candidates.add(p.submission());
            }
        }
        if (!candidates.isEmpty()) {
            try (Connection c = dataSource.getConnection()) {
                store(c, userId, candidates, receivedAt, parsed, out.results);
            } catch (SQLException e) {
                throw new IllegalStateException("submission write failed: " + e.getMessage(), e);
            }
        }
        return out.finish();
    }

    private void store(Connection c, String userId, List<Submission> candidates, Instant receivedAt,
            List<Parsed> parsed, ItemResult[] results) throws SQLException {
        ContentPairs pairs = new ContentPairs();
        int[] keyOf = new int[candidates.size()];
        Columns problems = new Columns(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Submission s = candidates.get(i);
            keyOf[i] = pairs.indexOf(s.courseId(), s.contentId());
            if (isProblem(s.contentId())) {
                problems.add(s, keyOf[i], EventJson.toString(event(userId, s, receivedAt)));
            }
        }
        String[] rejectedKeys = new String[pairs.size()];
        boolean[] duplicate = new boolean[results.length];
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            pairs.bind(c, ps, userId);
            problems.bind(c, ps, 4);
            ps.setString(10, userId);
            ps.setString(11, EventType.PROBLEM_SUBMITTED.topic());
            ps.setString(12, EventType.PROBLEM_SUBMITTED.ceType());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(1)) {
                        duplicate[rs.getInt(2)] = true;
                    } else {
                        rejectedKeys[rs.getInt(2)] = ContentPairs.rejection(rs.getBoolean(3));
                    }
                }
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            Submission s = candidates.get(i);
            String id = parsed.get(s.index()).eventId();
            String error = rejectedKeys[keyOf[i]];
            results[s.index()] = error != null ? ItemResult.rejected(id, error)
                    : !isProblem(s.contentId()) ? ItemResult.rejected(id, SubmissionErrors.NOT_A_PROBLEM)
                    : duplicate[s.index()] ? ItemResult.duplicate(id) : ItemResult.applied(id);
        }
    }

    static boolean isProblem(String blockId) {
        return "problem".equals(CourseKey.blockType(blockId));
    }

    private static ProblemSubmitted event(String userId, Submission s, Instant receivedAt) {
        return new ProblemSubmitted(s.eventId().toString(), userId, s.courseId(), s.contentId(), s.answers(),
                s.submittedAt(), receivedAt);
    }

    /** The submissions to store (those naming a problem block), as the statement's columns. */
    private static final class Columns {
        final int[] idx;
        final String[] ids;
        final int[] key;
        final String[] answers;
        final long[] submitted;
        final String[] payload;
        int size;

        Columns(int capacity) {
            idx = new int[capacity];
            ids = new String[capacity];
            key = new int[capacity];
            answers = new String[capacity];
            submitted = new long[capacity];
            payload = new String[capacity];
        }

        void add(Submission s, int pair, String event) {
            idx[size] = s.index();
            ids[size] = s.eventId().toString();
            key[size] = pair;
            answers[size] = s.answersJson();
            submitted[size] = s.submittedAt().toEpochMilli();
            payload[size] = event;
            size++;
        }

        /** Sets the six array parameters from {@code first} on. */
        void bind(Connection c, PreparedStatement ps, int first) throws SQLException {
            PGConnection pg = c.unwrap(PGConnection.class); // primitive arrays: binary, no boxing
            ps.setArray(first, pg.createArrayOf("int4", Arrays.copyOf(idx, size)));
            ps.setArray(first + 1, c.createArrayOf("text", Arrays.copyOf(ids, size)));
            ps.setArray(first + 2, pg.createArrayOf("int4", Arrays.copyOf(key, size)));
            ps.setArray(first + 3, c.createArrayOf("text", Arrays.copyOf(answers, size)));
            ps.setArray(first + 4, pg.createArrayOf("int8", Arrays.copyOf(submitted, size)));
            ps.setArray(first + 5, c.createArrayOf("text", Arrays.copyOf(payload, size)));
        }
    }
}
