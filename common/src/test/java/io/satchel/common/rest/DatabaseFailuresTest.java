package io.satchel.common.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void connectionFailuresAnywhereInTheCauseChainMeanUnavailable() {
        assertTrue(DatabaseFailures.isUnavailable(wrapped(new SQLException("Connection refused", "08001"))));
        assertTrue(DatabaseFailures.isUnavailable(wrapped(new SQLException("I/O error", "08006"))));
        assertTrue(DatabaseFailures.isUnavailable(wrapped(new SQLException("terminating connection", "57P01"))));
        assertTrue(DatabaseFailures.isUnavailable(wrapped(new SQLException(
                "Acquisition timeout while waiting for new connection"))));
        assertTrue(DatabaseFailures.isUnavailable(new IllegalStateException(new ConnectException("refused"))));
        assertTrue(DatabaseFailures.isUnavailable(new JDBCConnectionException()));
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertFalse(DatabaseFailures.isUnavailable(wrapped(new SQLException("duplicate key", "23505"))));
        assertFalse(DatabaseFailures.isUnavailable(wrapped(new SQLException("syntax error", "42601"))));
        assertFalse(DatabaseFailures.isUnavailable(new IllegalArgumentException("no")));
    }

    /** Hibernate's exception is known by its name only (common has no ORM). */
    private static final class JDBCConnectionException extends RuntimeException {
    }

    /** As the ORM hands it up: a runtime exception wrapping a persistence exception wrapping the driver's. */
    private static RuntimeException wrapped(SQLException e) {
        return new IllegalStateException("request failed", new RuntimeException("could not execute statement", e));
    }
}
