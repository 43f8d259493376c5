package io.satchel.sync.service;

import io.satchel.sync.model.ProgressPage;
import io.satchel.sync.model.ProgressRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * GET /api/v1/progress: the caller's merged progress in courses they are enrolled in, ordered by (stored, courseId,
 * contentId). Reads the feed clock, the permissions stamp and the records in ONE snapshot ({@link FeedClock}):
 * every record committed later gets a stamp above the clock value read, so that value is an honest
 * X-Consistent-Through for the last page.
 */
@ApplicationScoped
public class ProgressFeed {
    private static final String HEAD = "SELECT (" + FeedClock.LAST_STAMP + "), "
            + "(SELECT changed_at FROM user_permissions WHERE user_id = ?)";
    private static final String SELECT = """
            SELECT p.course_id, p.batch_id, p.content_id, p.status, p.progress, p.last_access_time,
                   p.last_completed_time, p.last_modified, p.stored
            FROM progress p JOIN enrollment e ON e.user_id = p.user_id AND e.course_id = p.course_id
            WHERE p.user_id = ? AND %s
            ORDER BY p.stored, p.course_id, p.content_id
            LIMIT ?
            """;
    private static final String AFTER_SINCE = "p.stored > ?";
    private static final String AFTER_CURSOR = "(p.stored, p.course_id, p.content_id) > (?, ?, ?)";
    private static final String FROM_START = "true";

    @Inject
    DataSource dataSource;

    /**
     * @param since       exclusive lower bound on stored, honoured only when {@code permsSince} is given and the
     *                    user's enrollments did not change after it
     * @param cursor      continuation from {@code more} (then since/permsSince are not used)
     */
    public ProgressPage page(String userId, Instant since, Instant permsSince, FeedCursor cursor, int limit) {
        return FeedClock.inSnapshot(dataSource, c -> read(c, userId, since, permsSince, cursor, limit));
    }

    private ProgressPage read(Connection c, String userId, Instant since, Instant permsSince, FeedCursor cursor,
            int limit) throws SQLException {
        Instant through;
        Instant perms;
        try (PreparedStatement ps = c.prepareStatement(HEAD)) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                through = rs.getTimestamp(1).toInstant();
                Timestamp p = rs.getTimestamp(2);
                perms = p == null ? Instant.EPOCH : p.toInstant();
            }
        }
        String where;
        if (cursor != null && cursor.permissions().equals(perms)) {
            where = AFTER_CURSOR;
        } else if (cursor == null && since != null && permsSince != null && !perms.isAfter(permsSince)) {
            where = AFTER_SINCE;
        } else {
            // no since, or enrollments changed since the client's view (or during its paging): everything
            where = FROM_START;
        }
        List<ProgressRecord> records = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT.formatted(where))) {
            int i = 1;
            ps.setString(i++, userId);
            if (where.equals(AFTER_CURSOR)) {
                ps.setTimestamp(i++, Timestamp.from(cursor.stored()));
                ps.setString(i++, cursor.courseId());
                ps.setString(i++, cursor.itemId());
            } else if (where.equals(AFTER_SINCE)) {
                ps.setTimestamp(i++, Timestamp.from(since));
            }
            ps.setInt(i, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(new ProgressRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getInt(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                            instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9))));
                }
            }
        }
        if (records.size() <= limit) {
            return new ProgressPage(records, "", through, perms);
        }
        records = records.subList(0, limit);
        ProgressRecord last = records.get(limit - 1);
        // base64url needs no escaping in a query
        String more = "/api/v1/progress?cursor=" + new FeedCursor(last.stored(), last.courseId(), last.contentId(), perms)
                .encode() + "&limit=" + limit;
        // Not everything up to the clock was delivered yet: only what is strictly before the page's last stamp.
        Instant partial = last.stored().minusMillis(1);
        return new ProgressPage(List.copyOf(records), more, partial, perms);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
