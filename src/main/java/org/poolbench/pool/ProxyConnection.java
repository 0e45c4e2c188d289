package org.poolbench.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.*;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The {@link Connection} a borrower holds: one per borrow, so that a handle kept after {@link #close()} cannot
 * reach the next borrower's lease. Every method first checks this handle is still open, then delegates to the
 * physical connection; a connection-class failure marks the connection broken, and it is discarded on return.
 *
 * <p>Setters of session state (auto-commit, read-only, isolation, catalog, schema, network timeout) record what
 * they changed so that {@link PoolEntry#resetForReuse()} can put exactly that back. Statements opened here are
 * wrapped too, so that {@code getConnection()} leads back to this handle and statements left open are closed on
 * return.
 *
 * <p>Like a JDBC connection, it is meant for one thread at a time. The plain delegation methods below the
 * marker were generated from {@link Connection}; the ones above it are written by hand.
 */
final class ProxyConnection implements Connection {
    // The lease's life: OPEN until close() or abort() takes it. close() passes through RETURNING while it resets
    // the session, so that abort(), JDBC's one method meant for another thread, can still reach a close() stuck
    // in that reset (a rollback on a dead network) without ever touching a connection lent to someone else.
    private static final int OPEN = 0;
    private static final int RETURNING = 1;
    private static final int RETURNED = 2;
    private static final int ABORTED = 3;
    private static final VarHandle LEASE;

    static {
        try {
            LEASE = MethodHandles.lookup().findVarHandle(ProxyConnection.class, "lease", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final PoolCore core;
    final PoolEntry entry;
    private final Connection delegate;
    /** OPEN, RETURNING, RETURNED or ABORTED; moved only by compare-and-set, so exactly one caller returns it. */
    private volatile int lease;

    ProxyConnection(PoolCore core, PoolEntry entry) {
        this.core = core;
        this.entry = entry;
        this.delegate = entry.raw;
    }

    /** Whether the borrower's lease has ended (or is ending): the handle must not touch the entry any more. */
    boolean closed() {
        return lease != OPEN;
    }

    /** Ends the lease without returning anything, for a handle whose connection the caller gives back itself. */
    void disown() {
        lease = RETURNED;
    }

    void checkOpen() throws SQLException {
        if (lease != OPEN) {
            throw new SQLException("connection is closed: it was returned to pool '" + core.name + "'", "08003");
        }
    }

    /** Notes a connection-class failure (only while this handle is the live lease) and returns {@code e}. */
    SQLException fail(SQLException e) {
        if (lease == OPEN && PoolCore.isConnectionError(e)) {
            entry.broken = true;
        }
        return e;
    }

    /** Called by statements before each execution: work outside auto-commit must be rolled back if left unfinished. */
    void markExecuted() {
        if (lease == OPEN && !entry.autoCommit) {
            entry.txDirty = true;
        }
    }

    private <S extends ProxyStatement> S track(S statement) {
        entry.trackOpen(statement);
        return statement;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Returns the connection to the pool; a second call does nothing. */
    @Override
    public void close() {
        if (!LEASE.compareAndSet(this, OPEN, RETURNING)) {
            return;
        }
        Error fatal = core.reset(entry);
        if (!LEASE.compareAndSet(this, RETURNING, RETURNED)) {
            entry.broken = true; // aborted during the reset: the driver may have torn the session down
        }
        core.place(entry);
        if (fatal != null) {
            throw fatal;
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        if (lease != OPEN) {
            return true;
        }
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /** A failing check marks the connection broken, so it is discarded on return. */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (lease != OPEN) {
            return false;
        }
        try {
            boolean valid = delegate.isValid(timeout);
            if (!valid) {
                entry.broken = true;
            }
            return valid;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort needs an executor, but was given null");
        }
        while (true) {
            int state = lease;
            if (state == OPEN) {
                // Win the lease first: a holder closing at the same moment then returns nothing.
                if (LEASE.compareAndSet(this, OPEN, ABORTED)) {
                    entry.broken = true;
                    try {
                        delegate.abort(executor);
                    } finally {
                        core.release(entry); // broken: discarded, not reset
                    }
                    return;
                }
            } else if (state == RETURNING) {
                // The holder is inside close(), resetting; the entry is still this lease's. Abort the session so
                // that the reset fails fast; close() sees ABORTED and discards the connection.
                if (LEASE.compareAndSet(this, RETURNING, ABORTED)) {
                    delegate.abort(executor);
                    return;
                }
            } else {
                return; // returned already: the connection may be someone else's now
            }
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        checkOpen();
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
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        checkOpen();
        if (iface.isInstance(this) || iface.isInstance(delegate)) {
            return true;
        }
        try {
            return delegate.isWrapperFor(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---------------------------------------------------------------- transactions

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        try {
            entry.session.willChange(SessionSetting.AUTO_COMMIT);
            delegate.setAutoCommit(autoCommit);
            if (autoCommit) {
                entry.txDirty = false; // switching auto-commit on commits the open transaction (JDBC 4.3, 10.1.1)
            }
            entry.autoCommit = autoCommit;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        try {
            delegate.commit();
            entry.txDirty = false;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        try {
            delegate.rollback();
            entry.txDirty = false;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /** Undoes part of the transaction; it stays open, so it still needs ending before the connection is reused. */
    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        try {
            delegate.rollback(savepoint);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkOpen();
        markExecuted();
        try {
            return delegate.setSavepoint();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkOpen();
        markExecuted();
        try {
            return delegate.setSavepoint(name);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---------------------------------------------------------------- session state the pool puts back

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        try {
            entry.session.willChange(SessionSetting.READ_ONLY);
            delegate.setReadOnly(readOnly);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        try {
            entry.session.willChange(SessionSetting.ISOLATION);
            delegate.setTransactionIsolation(level);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        try {
            entry.session.willChange(SessionSetting.CATALOG);
            delegate.setCatalog(catalog);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        try {
            entry.session.willChange(SessionSetting.SCHEMA);
            delegate.setSchema(schema);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        try {
            entry.session.willChange(SessionSetting.NETWORK_TIMEOUT);
            delegate.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---------------------------------------------------------------- statements and metadata, wrapped

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        try {
            return track(new ProxyStatement(this, delegate.createStatement()));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyStatement(this, delegate.createStatement(resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkOpen();
        try {
            return track(new ProxyStatement(this,
                    delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this, delegate.prepareStatement(sql)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this, delegate.prepareStatement(sql, autoGeneratedKeys)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this, delegate.prepareStatement(sql, columnIndexes)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this, delegate.prepareStatement(sql, columnNames)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this,
                    delegate.prepareStatement(sql, resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this,
                    delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyCallableStatement(this, delegate.prepareCall(sql)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyCallableStatement(this, delegate.prepareCall(sql, resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyCallableStatement(this,
                    delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /** Metadata queries run inside the current transaction in some drivers, so outside auto-commit they count as work. */
    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        markExecuted();
        try {
            return new ProxyDatabaseMetaData(this, delegate.getMetaData());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String toString() {
        return "ProxyConnection{pool=" + core.name + ", " + entry + (lease != OPEN ? ", closed" : "") + "}";
    }

    // ---------------------------------------------------------------- generated delegation

    @Override
    public void beginRequest() throws SQLException {
        checkOpen();
        try {
            delegate.beginRequest();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        try {
            delegate.clearWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Array createArrayOf(String p1, Object[] p2) throws SQLException {
        checkOpen();
        try {
            return delegate.createArrayOf(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Blob createBlob() throws SQLException {
        checkOpen();
        try {
            return delegate.createBlob();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Clob createClob() throws SQLException {
        checkOpen();
        try {
            return delegate.createClob();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public NClob createNClob() throws SQLException {
        checkOpen();
        try {
            return delegate.createNClob();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        checkOpen();
        try {
            return delegate.createSQLXML();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Struct createStruct(String p1, Object[] p2) throws SQLException {
        checkOpen();
        try {
            return delegate.createStruct(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void endRequest() throws SQLException {
        checkOpen();
        try {
            delegate.endRequest();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        try {
            return delegate.getAutoCommit();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        try {
            return delegate.getCatalog();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        try {
            return delegate.getClientInfo();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getClientInfo(String p1) throws SQLException {
        checkOpen();
        try {
            return delegate.getClientInfo(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        try {
            return delegate.getHoldability();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        try {
            return delegate.getNetworkTimeout();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        try {
            return delegate.getSchema();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        try {
            return delegate.getTransactionIsolation();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        try {
            return delegate.getTypeMap();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        try {
            return delegate.getWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        try {
            return delegate.isReadOnly();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String nativeSQL(String p1) throws SQLException {
        checkOpen();
        try {
            return delegate.nativeSQL(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void releaseSavepoint(Savepoint p1) throws SQLException {
        checkOpen();
        try {
            delegate.releaseSavepoint(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClientInfo(String p1, String p2) throws SQLClientInfoException {
        if (lease != OPEN) {
            throw new SQLClientInfoException("connection is closed: it was returned to pool '" + core.name + "'", null);
        }
        try {
            try {
                entry.session.willChange(SessionSetting.CLIENT_INFO);
            } catch (SQLException e) {
                throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), e.getErrorCode(), null, e);
            }
            delegate.setClientInfo(p1, p2);
        } catch (SQLClientInfoException e) {
            fail(e);
            throw e;
        }
    }

    @Override
    public void setClientInfo(Properties p1) throws SQLClientInfoException {
        if (lease != OPEN) {
            throw new SQLClientInfoException("connection is closed: it was returned to pool '" + core.name + "'", null);
        }
        try {
            try {
                entry.session.willChange(SessionSetting.CLIENT_INFO);
            } catch (SQLException e) {
                throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), e.getErrorCode(), null, e);
            }
            delegate.setClientInfo(p1);
        } catch (SQLClientInfoException e) {
            fail(e);
            throw e;
        }
    }

    @Override
    public void setHoldability(int p1) throws SQLException {
        checkOpen();
        try {
            entry.session.willChange(SessionSetting.HOLDABILITY);
            delegate.setHoldability(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setShardingKey(ShardingKey p1, ShardingKey p2) throws SQLException {
        checkOpen();
        try {
            delegate.setShardingKey(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setShardingKey(ShardingKey p1) throws SQLException {
        checkOpen();
        try {
            delegate.setShardingKey(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey p1, int p2) throws SQLException {
        checkOpen();
        try {
            return delegate.setShardingKeyIfValid(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey p1, ShardingKey p2, int p3) throws SQLException {
        checkOpen();
        try {
            return delegate.setShardingKeyIfValid(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> p1) throws SQLException {
        checkOpen();
        try {
            entry.session.willChange(SessionSetting.TYPE_MAP);
            delegate.setTypeMap(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

}
