package org.poolbench.pool;

import java.sql.*;

/**
 * A borrower's {@link Statement}: {@code getConnection()} leads back to the borrower's handle, result sets lead
 * back here, executions tell the connection that work happened (so an unfinished transaction is rolled back on
 * return), and connection-class failures mark the connection broken. Closed by the pool if still open when the
 * connection is returned. Every method checks the connection's lease; executions, {@code cancel()} and
 * {@code close()} count themselves in flight on it (see {@link ProxyConnection}). The plain delegation is
 * generated into {@link StatementDelegation}.
 */
class ProxyStatement extends StatementDelegation implements PoolEntry.Tracked {
    private boolean closed;

    ProxyStatement(ProxyConnection conn, Statement delegate) {
        super(conn, delegate);
    }

    @Override
    final ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new ProxyResultSet(conn, this, rs);
    }

    @Override
    final ResultSetMetaData wrap(ResultSetMetaData metaData) {
        return metaData == null ? null : new ProxyResultSetMetaData(conn, metaData);
    }

    @Override
    final ParameterMetaData wrap(ParameterMetaData metaData) {
        return metaData == null ? null : new ProxyParameterMetaData(conn, metaData);
    }

    /** Closes the physical statement, once: the borrower's close, or the return's if the borrower left it open. */
    @Override
    public final void closePhysical() throws SQLException {
        if (!closed) {
            closed = true;
            delegate.close();
        }
    }

    /** Closes the physical statement and leaves the connection's list; see {@link ProxyConnection#closeTracked}. */
    @Override
    public final void close() throws SQLException {
        if (!closed) {
            conn.closeTracked(this);
        }
    }

    /** Meant for another thread while this statement runs (JDBC's use of it): a shared call, never after the lease. */
    @Override
    public final void cancel() throws SQLException {
        conn.enterShared();
        try {
            delegate.cancel();
        } catch (SQLException e) {
            throw fail(e);
        } finally {
            conn.exitShared();
        }
    }

    @Override
    public final Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("statement is closed", "HY010");
        }
        return conn;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + conn.entry + (closed ? ", closed" : "") + "}";
    }
}
