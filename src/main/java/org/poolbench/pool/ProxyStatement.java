package org.poolbench.pool;

import java.sql.*;

/**
 * A borrower's {@link Statement}: {@code getConnection()} leads back to the borrower's handle, result sets lead
 * back here, executions tell the connection that work happened (so an unfinished transaction is rolled back on
 * return), and connection-class failures mark the connection broken. Closed by the pool if still open when the
 * connection is returned. The plain delegation below the marker was generated from {@link Statement}.
 */
class ProxyStatement implements Statement {
    final ProxyConnection conn;
    private final Statement delegate;
    private boolean closed;

    ProxyStatement(ProxyConnection conn, Statement delegate) {
        this.conn = conn;
        this.delegate = delegate;
    }

    final SQLException fail(SQLException e) {
        return conn.fail(e);
    }

    final void markExecuted() {
        conn.markExecuted();
    }

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

    @Override
    public final void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (!conn.closed()) {
            conn.entry.untrack(this); // only while the lease is live: afterwards the entry is someone else's
        }
        try {
            delegate.close();
        } catch (SQLException e) {
            throw fail(e);
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
    public final ResultSet executeQuery(String sql) throws SQLException {
        markExecuted();
        try {
            return wrap(delegate.executeQuery(sql));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public final ResultSet getResultSet() throws SQLException {
        try {
            return wrap(delegate.getResultSet());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public final ResultSet getGeneratedKeys() throws SQLException {
        try {
            return wrap(delegate.getGeneratedKeys());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        try {
            return delegate.unwrap(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this) || iface.isInstance(delegate)) {
            return true;
        }
        try {
            return delegate.isWrapperFor(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + conn.entry + (closed ? ", closed" : "") + "}";
    }

    // ---------------------------------------------------------------- generated: executions

    @Override
    public boolean execute(String p1, int[] p2) throws SQLException {
        markExecuted();
        try {
            return delegate.execute(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean execute(String p1, String[] p2) throws SQLException {
        markExecuted();
        try {
            return delegate.execute(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean execute(String p1, int p2) throws SQLException {
        markExecuted();
        try {
            return delegate.execute(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean execute(String p1) throws SQLException {
        markExecuted();
        try {
            return delegate.execute(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        markExecuted();
        try {
            return delegate.executeBatch();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        markExecuted();
        try {
            return delegate.executeLargeBatch();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String p1, int[] p2) throws SQLException {
        markExecuted();
        try {
            return delegate.executeLargeUpdate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String p1, String[] p2) throws SQLException {
        markExecuted();
        try {
            return delegate.executeLargeUpdate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String p1, int p2) throws SQLException {
        markExecuted();
        try {
            return delegate.executeLargeUpdate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String p1) throws SQLException {
        markExecuted();
        try {
            return delegate.executeLargeUpdate(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate(String p1, int[] p2) throws SQLException {
        markExecuted();
        try {
            return delegate.executeUpdate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate(String p1, String[] p2) throws SQLException {
        markExecuted();
        try {
            return delegate.executeUpdate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate(String p1, int p2) throws SQLException {
        markExecuted();
        try {
            return delegate.executeUpdate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate(String p1) throws SQLException {
        markExecuted();
        try {
            return delegate.executeUpdate(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---------------------------------------------------------------- generated: delegation

    @Override
    public void addBatch(String p1) throws SQLException {
        try {
            delegate.addBatch(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void cancel() throws SQLException {
        try {
            delegate.cancel();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        try {
            delegate.clearBatch();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try {
            delegate.clearWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        try {
            delegate.closeOnCompletion();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String enquoteIdentifier(String p1, boolean p2) throws SQLException {
        try {
            return delegate.enquoteIdentifier(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String enquoteLiteral(String p1) throws SQLException {
        try {
            return delegate.enquoteLiteral(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String enquoteNCharLiteral(String p1) throws SQLException {
        try {
            return delegate.enquoteNCharLiteral(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        try {
            return delegate.getFetchDirection();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        try {
            return delegate.getFetchSize();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        try {
            return delegate.getLargeMaxRows();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        try {
            return delegate.getLargeUpdateCount();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        try {
            return delegate.getMaxFieldSize();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxRows() throws SQLException {
        try {
            return delegate.getMaxRows();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        try {
            return delegate.getMoreResults();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getMoreResults(int p1) throws SQLException {
        try {
            return delegate.getMoreResults(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        try {
            return delegate.getQueryTimeout();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        try {
            return delegate.getResultSetConcurrency();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        try {
            return delegate.getResultSetHoldability();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getResultSetType() throws SQLException {
        try {
            return delegate.getResultSetType();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getUpdateCount() throws SQLException {
        try {
            return delegate.getUpdateCount();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try {
            return delegate.getWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        try {
            return delegate.isCloseOnCompletion();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isPoolable() throws SQLException {
        try {
            return delegate.isPoolable();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isSimpleIdentifier(String p1) throws SQLException {
        try {
            return delegate.isSimpleIdentifier(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCursorName(String p1) throws SQLException {
        try {
            delegate.setCursorName(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setEscapeProcessing(boolean p1) throws SQLException {
        try {
            delegate.setEscapeProcessing(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setFetchDirection(int p1) throws SQLException {
        try {
            delegate.setFetchDirection(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setFetchSize(int p1) throws SQLException {
        try {
            delegate.setFetchSize(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setLargeMaxRows(long p1) throws SQLException {
        try {
            delegate.setLargeMaxRows(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setMaxFieldSize(int p1) throws SQLException {
        try {
            delegate.setMaxFieldSize(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setMaxRows(int p1) throws SQLException {
        try {
            delegate.setMaxRows(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setPoolable(boolean p1) throws SQLException {
        try {
            delegate.setPoolable(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setQueryTimeout(int p1) throws SQLException {
        try {
            delegate.setQueryTimeout(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

}
