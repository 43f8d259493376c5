package io.satchel.sync.service;

import io.satchel.sync.entity.EnrollmentEntity;
import io.satchel.sync.model.EnrollmentView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Enrollments and the per-user permissions stamp (X-Permissions-Last-Modified). Every enrollment change bumps the
 * stamp in the same transaction, strictly increasing per user, so a progress read never pairs an old stamp with
 * records of a new enrollment.
 */
@ApplicationScoped
public class EnrollmentService {
    /** Race-free create-or-update; returns a row only when something was inserted or the batch changed. */
    private static final String UPSERT = """
            INSERT INTO enrollment AS e (user_id, course_id, batch_id, enrolled_at, updated_at)
            VALUES (?, ?, ?, date_trunc('milliseconds', now()), date_trunc('milliseconds', now()))
            ON CONFLICT (user_id, course_id) DO UPDATE SET batch_id = EXCLUDED.batch_id, updated_at = EXCLUDED.updated_at
            WHERE e.batch_id IS DISTINCT FROM EXCLUDED.batch_id
            RETURNING (xmax = 0) AS inserted
            """;
    private static final String BUMP = """
            INSERT INTO user_permissions AS u (user_id, changed_at)
            VALUES (?, date_trunc('milliseconds', clock_timestamp()))
            ON CONFLICT (user_id) DO UPDATE
            SET changed_at = GREATEST(EXCLUDED.changed_at, u.changed_at + interval '1 millisecond')
            """;
    /** Completion counts only leaves of the newest manifest (course_block.last_published_at = its publishedAt). */
    private static final String LIST = """
            SELECT e.course_id, e.batch_id, e.enrolled_at, COALESCE(m.leaf_count, 0),
                   (SELECT count(*) FROM progress p
                    JOIN course_block b ON b.course_id = p.course_id AND b.block_id = p.content_id
                                       AND b.last_published_at = m.published_at
                    WHERE p.user_id = e.user_id AND p.course_id = e.course_id AND p.status = 2),
                   (SELECT max(p.last_access_time) FROM progress p
                    WHERE p.user_id = e.user_id AND p.course_id = e.course_id)
            FROM enrollment e LEFT JOIN course_manifest m ON m.course_id = e.course_id
            WHERE e.user_id = ?
            ORDER BY e.enrolled_at, e.course_id
            """;

    public enum Outcome { CREATED, UPDATED }

    @Inject
    DataSource dataSource;

    @Transactional
    public Outcome enroll(String userId, String courseId, String batchId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setString(1, userId);
            ps.setString(2, courseId);
            ps.setString(3, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Outcome.UPDATED; // same batch again: nothing changed
                }
                boolean inserted = rs.getBoolean(1);
                bump(c, userId);
                return inserted ? Outcome.CREATED : Outcome.UPDATED;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("enrollment write failed: " + e.getMessage(), e);
        }
    }

    /** @return false when there was no such enrollment */
    @Transactional
    public boolean unenroll(String userId, String courseId) {
        long deleted = EnrollmentEntity.delete("userId = ?1 and courseId = ?2", userId, courseId);
        if (deleted == 0) {
            return false;
        }
        try (Connection c = dataSource.getConnection()) {
            bump(c, userId);
        } catch (SQLException e) {
            throw new IllegalStateException("permissions stamp failed: " + e.getMessage(), e);
        }
        return true;
    }

    public boolean isEnrolled(String userId, String courseId) {
        return EnrollmentEntity.of(userId, courseId).isPresent();
    }

    public List<EnrollmentView> list(String userId) {
        List<EnrollmentView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LIST)) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int leaves = rs.getInt(4);
                    int completed = rs.getInt(5);
                    Timestamp access = rs.getTimestamp(6);
                    out.add(new EnrollmentView(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            completed, leaves, EnrollmentView.percentage(completed, leaves),
                            access == null ? null : access.toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("enrollment read failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static void bump(Connection c, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BUMP)) {
            ps.setString(1, userId);
            ps.executeUpdate();
        }
    }
}
