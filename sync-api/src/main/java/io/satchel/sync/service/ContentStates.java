package io.satchel.sync.service;

import io.satchel.sync.model.ContentState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Sunbird content/state/read: the merged progress of one user in one course they are enrolled in. */
@ApplicationScoped
public class ContentStates {
    private static final String READ = """
            SELECT p.batch_id, p.content_id, p.status, p.progress, p.last_access_time, p.last_completed_time, p.stored
            FROM progress p JOIN enrollment e ON e.user_id = p.user_id AND e.course_id = p.course_id
            WHERE p.user_id = ? AND p.course_id = ?
              AND (?::text IS NULL OR p.batch_id = ?)
              AND (?::text[] IS NULL OR p.content_id = ANY (?::text[]))
            ORDER BY p.content_id
            """;

    @Inject
    DataSource dataSource;

    /** @param batchId and contentIds filter when not null */
    public List<ContentState> read(String userId, String courseId, String batchId, List<String> contentIds) {
        List<ContentState> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setString(1, userId);
            ps.setString(2, courseId);
            ps.setString(3, batchId);
            ps.setString(4, batchId);
            java.sql.Array ids = contentIds == null ? null : c.createArrayOf("text", contentIds.toArray());
            ps.setArray(5, ids);
            ps.setArray(6, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ContentState(userId, courseId, courseId, rs.getString(1), rs.getString(2),
                            rs.getInt(3), rs.getInt(4), sunbird(rs.getTimestamp(5)), sunbird(rs.getTimestamp(6)),
                            sunbird(rs.getTimestamp(7))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("content state read failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static String sunbird(Timestamp t) {
        return t == null ? null : ClientTimes.sunbird(t.toInstant());
    }
}
