package io.satchel.common.rest;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells "the database cannot be reached" apart from other database errors, by the cause chain alone (common has no
 * JDBC driver or ORM): SQLState class 08 (connection exception), 57P01–57P03 (server shutting down or starting),
 * a pool that could not get a connection, a refused socket, Hibernate's JDBCConnectionException.
 */
public final class DatabaseFailures {

    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException
                    || t.getClass().getSimpleName().equals("JDBCConnectionException")) {
                return true;
            }
            if (t instanceof SQLException sql && unavailableState(sql)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message, for one log line instead of a stack trace per request during an outage. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static boolean unavailableState(SQLException e) {
        String state = e.getSQLState();
        if (state != null) {
            return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
        }
        // the pool (Agroal) timing out while no new connection can be made
        String message = e.getMessage();
        return message != null && message.contains("Acquisition timeout");
    }

    private DatabaseFailures() {
    }
}
