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
class ProxyStatement extends StatementDelegation {
    private boolean closed;

    ProxyStatement(ProxyConnection conn, Statement delegate) {
        super(conn, delegate);
    }

    @Override
    final ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new ProxyResultSet(conn, this, rs);
    }

    /** Closes the physical statement when the connection goes back; the pool clears its list afterwards. */
    final void closeForReturn() throws SQLException {
        if (!closed) {
            closed = true;
            delegate.close();
        }
    }

    /**
     * Closes the physical statement. While the lease is live it also leaves the connection's list of open
     * statements, as a call in flight, so that it cannot touch that list once the connection is someone else's.
     */
    @Override
    public final void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        // Alone on a live lease, it also leaves the connection's list of open statements. Beside another thread's
        // call (a close from a watchdog thread, say) it closes the physical statement as a shared call and leaves
        // the list to the reset on return; after the lease it touches nothing but its own physical statement.
        boolean alone = conn.enterOrRefusal() == null;
        boolean shared = !alone && conn.tryEnterShared();
        try {
            if (alone) {
                conn.entry.untrack(this);
            }
            delegate.close();
        } catch (SQLException e) {
            throw fail(e);
        } finally {
            if (alone) {
                conn.exit();
            } else if (shared) {
                conn.exitShared();
            }
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
