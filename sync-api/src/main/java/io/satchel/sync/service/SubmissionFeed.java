package io.satchel.sync.service;

import io.satchel.sync.model.SubmissionPage;
import io.satchel.sync.model.SubmissionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * GET /api/v1/submissions: the caller's own submissions (optionally of one course), ordered by (stored, courseId,
 * eventId), with the progress feed's paging and watermark: the feed clock and the rows are read in ONE snapshot
 * ({@link FeedClock}), the last page answers the clock as X-Consistent-Through, a page with more answers its last
 * stamp − 1 ms. They are the learner's own answers, so they stay visible whatever happens to the enrollment (no
 * permissions stamp: nothing can reappear behind a client's {@code since}).
 */
@ApplicationScoped
public class SubmissionFeed {
    private static final String SELECT = """
            SELECT s.event_id, s.course_id, s.content_id, s.answers::text, s.submitted_at, s.stored
            FROM submission s
            WHERE s.user_id = ? AND (?::text IS NULL OR s.course_id = ?) AND %s
            ORDER BY s.stored, s.course_id, s.event_id
            LIMIT ?
            """;
    private static final String AFTER_SINCE = "s.stored > ?";
    private static final String AFTER_CURSOR = "(s.stored, s.course_id, s.event_id) > (?, ?, ?::uuid)";
    private static final String FROM_START = "true";

    @Inject
    DataSource dataSource;

    /**
     * @param courseId only this course's submissions when not null
     * @param since    exclusive lower bound on stored (null: from the start)
     * @param cursor   continuation from {@code more} (then since is not used)
     */
    public SubmissionPage page(String userId, String courseId, Instant since, FeedCursor cursor, int limit) {
        return FeedClock.inSnapshot(dataSource, c -> read(c, userId, courseId, since, cursor, limit));
    }

    private SubmissionPage read(Connection c, String userId, String courseId, Instant since, FeedCursor cursor,
            int limit) throws SQLException {
        Instant through = FeedClock.lastStamp(c);
        String where = cursor != null ? AFTER_CURSOR : since != null ? AFTER_SINCE : FROM_START;
        List<SubmissionRecord> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT.formatted(where))) {
            int i = 1;
            ps.setString(i++, userId);
            ps.setString(i++, courseId);
            ps.setString(i++, courseId);
            if (cursor != null) {
                ps.setTimestamp(i++, Timestamp.from(cursor.stored()));
                ps.setString(i++, cursor.courseId());
                ps.setString(i++, cursor.itemId());
            } else if (since != null) {
                ps.setTimestamp(i++, Timestamp.from(since));
            }
            ps.setInt(i, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SubmissionRecord(rs.getObject(1, UUID.class).toString(), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                            rs.getTimestamp(6).toInstant()));
                }
            }
        }
        if (rows.size() <= limit) {
            return new SubmissionPage(rows, "", through);
        }
        List<SubmissionRecord> page = List.copyOf(rows.subList(0, limit));
        SubmissionRecord last = page.get(limit - 1);
        String cursorText = new FeedCursor(last.stored(), last.courseId(), last.eventId(), Instant.EPOCH).encode();
        // base64url needs no escaping in a query; a course id does ('+')
        String more = "/api/v1/submissions?cursor=" + cursorText + "&limit=" + limit
                + (courseId == null ? "" : "&courseId=" + URLEncoder.encode(courseId, StandardCharsets.UTF_8));
        // Not everything up to the clock was delivered yet: only what is strictly before the page's last stamp.
        return new SubmissionPage(page, more, last.stored().minusMillis(1));
    }
}
