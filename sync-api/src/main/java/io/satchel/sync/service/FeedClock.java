package io.satchel.sync.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The feeds' clock (table {@code progress_clock}, one row): every write to a feed (progress, submissions) stamps its
 * rows with {@link #NEXT_STAMP} and holds the row's lock until it commits, so stamps are strictly increasing in
 * commit order. A reader that takes {@link #LAST_STAMP} and its rows in one snapshot ({@link #inSnapshot}) can
 * answer that value as an honest X-Consistent-Through: whatever it did not see commits with a greater stamp.
 */
public final class FeedClock {
    /** A data-modifying CTE body: the next stamp (ms precision), strictly after the last one. */
    public static final String NEXT_STAMP = """
            UPDATE progress_clock
                SET last_stamp = GREATEST(date_trunc('milliseconds', clock_timestamp()), last_stamp + interval '1 millisecond')
                WHERE id = 1
                RETURNING last_stamp""";
    public static final String LAST_STAMP = "SELECT last_stamp FROM progress_clock WHERE id = 1";

    /** A read of one feed. */
    @FunctionalInterface
    public interface SnapshotRead<T> {
        T read(Connection c) throws SQLException;
    }

    /** Runs {@code read} in one REPEATABLE READ snapshot (read-only; nothing it does is kept). */
    public static <T> T inSnapshot(DataSource dataSource, SnapshotRead<T> read) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                T result = read.read(c);
                c.commit();
                return result;
            } finally {
                c.rollback();
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("feed read failed: " + e.getMessage(), e);
        }
    }

    /** {@link #LAST_STAMP}, read on {@code c}. */
    public static Instant lastStamp(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LAST_STAMP); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private FeedClock() {
    }
}
