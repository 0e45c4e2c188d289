package org.poolbench.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** The suite's plain request: borrow a connection, run a one-row query, read its first column, give it back. */
final class SelectOne {

    /** What {@link #request} returns when the borrow failed (a timeout or a refused connect). */
    static final int NO_CONNECTION = Integer.MIN_VALUE;

    private SelectOne() {
    }

    /**
     * Runs one request.
     *
     * @return the first column of the query's row, or {@link #NO_CONNECTION} if no connection was had, which the
     *         benchmark counts instead of throwing
     * @throws SQLException          if the query fails on a connection it got: a benchmark error, which fails the run
     * @throws IllegalStateException if the query returned no row
     */
    static int request(DataSource dataSource, String sql) throws SQLException {
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
