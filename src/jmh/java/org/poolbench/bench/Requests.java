package org.poolbench.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * The suite's plain requests, each benchmark's failed borrows counted by the caller (a timeout or a refused connect
 * is reported, not thrown): borrow and give back, and borrow, run a one-row query, read it, give back.
 */
final class Requests {

    /** What {@link #selectOne} returns when the borrow failed. */
    static final int NO_CONNECTION = Integer.MIN_VALUE;

    private Requests() {
    }

    /**
     * Borrows a connection and gives it back at once.
     *
     * @return the (closed) lease, so the JIT cannot drop the borrow; returning it also means no pool's wrapper can be
     *         scalar-replaced, so alloc B/op counts every pool's per-borrow wrapper, as a caller that keeps the
     *         reference for a request gets; null when the borrow failed
     */
    static Connection borrowAndReturn(DataSource dataSource) throws SQLException {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            return null;
        }
        connection.close();
        return connection;
    }

    /**
     * Runs one request.
     *
     * @return the first column of the query's row, or {@link #NO_CONNECTION} if no connection was had, which the
     *         benchmark counts instead of throwing
     * @throws SQLException          if the query fails on a connection it got: a benchmark error, which fails the run
     * @throws IllegalStateException if the query returned no row
     */
    static int selectOne(DataSource dataSource, String sql) throws SQLException {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            return NO_CONNECTION;
        }
        try (connection; Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException(sql + " returned no row");
            }
            return rows.getInt(1);
        }
    }
}
