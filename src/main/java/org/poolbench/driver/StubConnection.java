package org.poolbench.driver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A connection to a {@link StubServer}: no I/O, only state, counters and injected faults.
 *
 * <p><b>Session state</b> is stored and returned: auto-commit (default true), read-only (false), transaction
 * isolation ({@link Connection#TRANSACTION_READ_COMMITTED}), catalog (the server name), schema ({@code public}),
 * holdability ({@link ResultSet#CLOSE_CURSORS_AT_COMMIT}), network timeout (0), type map and client info.
 * {@code commit()} and {@code rollback()} are counted by the server and, like H2 and unlike pgjdbc, accepted silently
 * in auto-commit mode: pools call them defensively on return, and the stub should not punish that.
 *
 * <p><b>Operations.</b> Every method except {@code close}, {@code isClosed}, {@code isValid}, {@code abort},
 * {@code unwrap} and {@code isWrapperFor} is an operation: on a closed connection it throws
 * {@link SQLNonTransientConnectionException} with SQLState {@code 08003}; on a broken one it throws
 * {@link SQLNonTransientConnectionException} with the URL's {@code badState} (default {@code 08006}). Statement
 * execute* calls are operations of their connection too; statement setters and result-set reads are not (a real
 * driver does those on the client side).
 *
 * <p><b>Faults.</b> A connection breaks after {@code badAfterUses} execute* calls, after more than
 * {@code badAfterIdle} of server-clock time without an operation (noticed at the next operation or {@code isValid}),
 * or when the test calls {@link StubServer#breakAll()} or {@link StubServer#breakConnection(long)}. A broken connection
 * stays broken; only {@code close} helps.
 *
 * <p><b>Statements</b> are not kept in a list. A statement counts as closed when it was closed itself or its
 * connection was, which it checks with one extra volatile read; so closing a connection is O(1) whatever the number of
 * statements it ever made, and statement close needs no removal from a shared structure. {@link #openStatements()}
 * counts created minus closed statements with one atomic per create and close.
 *
 * <p>Thread-safety: like most drivers' connections it is meant for one thread at a time, but its state is
 * volatile or atomic, so a pool's housekeeping thread may close it, validate it or break it while another thread uses
 * it, and the server's counters stay exact.
 */
public final class StubConnection implements Connection {

    private static final VarHandle CLOSED;
    private static final VarHandle FAULT;
    private static final VarHandle USES;
    private static final VarHandle OPEN_STATEMENTS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOSED = lookup.findVarHandle(StubConnection.class, "closed", boolean.class);
            FAULT = lookup.findVarHandle(StubConnection.class, "fault", String.class);
            USES = lookup.findVarHandle(StubConnection.class, "uses", long.class);
            OPEN_STATEMENTS = lookup.findVarHandle(StubConnection.class, "openStatements", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StubServer server;
    private final StubServer.Generation generation;
    private final StubUrl settings;
    private final long id;

    private volatile boolean closed;
    /** Null while healthy; otherwise why it broke. The first fault wins. */
    private volatile String fault;
    /** Server-clock time of the last operation; maintained only when badAfterIdle is set. */
    private volatile long lastActiveNanos;
    /** execute* calls so far; maintained only when badAfterUses is set. */
    private volatile long uses;
    private volatile int openStatements;

    private volatile boolean autoCommit = true;
    private volatile boolean readOnly;
    private volatile int transactionIsolation = TRANSACTION_READ_COMMITTED;
    private volatile int holdability = ResultSet.CLOSE_CURSORS_AT_COMMIT;
    private volatile String catalog;
    private volatile String schema = "public";
    private volatile int networkTimeoutMillis;
    private volatile Map<String, Class<?>> typeMap = new HashMap<>();
    private final Properties clientInfo = new Properties();
    private volatile SQLWarning warnings;

    StubConnection(StubServer server, StubServer.Generation generation, StubUrl settings, long id, long nowNanos) {
        this.server = server;
        this.generation = generation;
        this.settings = settings;
        this.id = id;
        this.catalog = server.name();
        this.lastActiveNanos = nowNanos;
    }

    // ---------------------------------------------------------------- stub-specific API

    /** @return this connection's id: 1, 2, 3... in the order its server opened them since its last reset */
    public long id() {
        return id;
    }

    /** @return the server this connection belongs to */
    public StubServer server() {
        return server;
    }

    /** @return the parsed URL this connection was opened with */
    public StubUrl settings() {
        return settings;
    }

    /**
     * Tells whether a fault has broken this connection. Unlike {@link #isValid(int)} it does not evaluate
     * {@code badAfterIdle}, so it never changes the state it reports.
     *
     * @return true once a fault has broken this connection, even if it has since been closed
     */
    public boolean isBroken() {
        return fault != null;
    }

    /** @return the statements created on this connection and not yet closed; 0 once the connection is closed */
    public int openStatements() {
        return closed ? 0 : openStatements;
    }

    /**
     * Appends a warning to the chain {@link #getWarnings()} returns, as a server notice would. A test hook: the stub
     * never adds warnings on its own except when a statement asks for a result-set type or concurrency it lacks.
     *
     * @param message the warning's message
     */
    public void addWarning(String message) {
        addWarning(new SQLWarning(message, "01000"));
    }

    private synchronized void addWarning(SQLWarning warning) {
        SQLWarning head = warnings;
        if (head == null) {
            warnings = warning;
        } else {
            head.setNextWarning(warning);
        }
    }

    /** @return id, server and state, never credentials (the driver does not keep them) */
    @Override
    public String toString() {
        String state = closed ? "closed" : fault != null ? "broken (fault: " + fault + ")" : "open";
        return "StubConnection[" + id + " on " + server.name() + ", " + state + "]";
    }

    // ---------------------------------------------------------------- state checks (hot path)

    boolean closedFlag() {
        return closed;
    }

    /** The gate of every operation: closed, broken, or idle too long. */
    void checkUsable() throws SQLException {
        if (closed) {
            throw closedException();
        }
        if (fault != null) {
            throw brokenException();
        }
        if (settings.badAfterIdleNanos >= 0 && !touch()) {
            throw brokenException();
        }
    }

    /**
     * Records an operation for badAfterIdle, first breaking the connection if it has been idle too long.
     *
     * @return false if the connection is (now) broken
     */
    private boolean touch() {
        long now = server.nanoTime();
        long idle = now - lastActiveNanos;
        if (idle > settings.badAfterIdleNanos) {
            breakWith("badAfterIdle=" + StubUrl.formatNanos(settings.badAfterIdleNanos) + ", idle for "
                    + StubUrl.formatNanos(idle));
            return false;
        }
        lastActiveNanos = now;
        return true;
    }

    /** Called by statements at the start of every execute*: the gate, the latency, the counters, badAfterUses. */
    void execute() throws SQLException {
        checkUsable();
        if (settings.executeLatencyNanos > 0) {
            Latency.pause(settings.executeLatencyNanos, "executeLatency", server);
        }
        generation.executions.increment();
        if (settings.badAfterUses > 0 && (long) USES.getAndAdd(this, 1L) + 1 >= settings.badAfterUses) {
            // This use succeeded; the connection is broken from the next operation on.
            breakWith("badAfterUses=" + settings.badAfterUses);
        }
    }

    /** @return true if this call broke the connection, false if it was already broken */
    boolean breakWith(String why) {
        return FAULT.compareAndSet(this, (String) null, why);
    }

    void statementClosed() {
        // A statement closed after its connection decrements a count nobody reads any more: openStatements() is 0 then.
        OPEN_STATEMENTS.getAndAdd(this, -1);
    }

    SQLNonTransientConnectionException closedException() {
        return new SQLNonTransientConnectionException("stub connection " + id + " on server '" + server.name()
                + "': connection is closed", "08003");
    }

    private SQLNonTransientConnectionException brokenException() {
        return new SQLNonTransientConnectionException("stub connection " + id + " on server '" + server.name()
                + "' is broken (fault: " + fault + ")", settings.badState);
    }

    // ---------------------------------------------------------------- statements

    @Override
    public StubStatement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public StubStatement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement(resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public StubStatement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkUsable();
        checkResultSetOptions(resultSetType, resultSetConcurrency, resultSetHoldability);
        OPEN_STATEMENTS.getAndAdd(this, 1);
        return new StubStatement(this, resultSetHoldability);
    }

    @Override
    public StubPreparedStatement prepareStatement(String sql) throws SQLException {
        beginPrepare(sql);
        return new StubPreparedStatement(this, sql, holdability);
    }

    @Override
    public StubPreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepareStatement(sql, resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public StubPreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                                 int resultSetHoldability) throws SQLException {
        checkUsable();
        checkResultSetOptions(resultSetType, resultSetConcurrency, resultSetHoldability);
        beginPrepare(sql);
        return new StubPreparedStatement(this, sql, resultSetHoldability);
    }

    /** Accepted, and ignored: the stub has no generated keys to return. */
    @Override
    public StubPreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkUsable();
        if (autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS && autoGeneratedKeys != Statement.NO_GENERATED_KEYS) {
            throw Errors.invalidArgument("autoGeneratedKeys", autoGeneratedKeys,
                    "Statement.RETURN_GENERATED_KEYS (1) or Statement.NO_GENERATED_KEYS (2)");
        }
        return prepareStatement(sql);
    }

    /** Accepted, and ignored: the stub has no generated keys to return. */
    @Override
    public StubPreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepareStatement(sql);
    }

    /** Accepted, and ignored: the stub has no generated keys to return. */
    @Override
    public StubPreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public StubCallableStatement prepareCall(String sql) throws SQLException {
        beginPrepare(sql);
        return new StubCallableStatement(this, sql, holdability);
    }

    @Override
    public StubCallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepareCall(sql, resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public StubCallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                             int resultSetHoldability) throws SQLException {
        checkUsable();
        checkResultSetOptions(resultSetType, resultSetConcurrency, resultSetHoldability);
        beginPrepare(sql);
        return new StubCallableStatement(this, sql, resultSetHoldability);
    }

    /** The shared part of every prepareStatement/prepareCall: the gate, the latency, the counters. */
    private void beginPrepare(String sql) throws SQLException {
        checkUsable();
        if (sql == null) {
            throw new SQLException("SQL text is null; pass the statement to prepare", "42601");
        }
        if (settings.prepareLatencyNanos > 0) {
            Latency.pause(settings.prepareLatencyNanos, "prepareLatency", server);
        }
        generation.prepared.increment();
        OPEN_STATEMENTS.getAndAdd(this, 1);
    }

    /**
     * Rejects values that are not result-set constants at all; for valid ones the stub lacks (scrollable or
     * updatable) it does what JDBC asks of a driver: falls back to forward-only read-only and warns on the connection.
     */
    private void checkResultSetOptions(int type, int concurrency, int holdability) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY && type != ResultSet.TYPE_SCROLL_INSENSITIVE
                && type != ResultSet.TYPE_SCROLL_SENSITIVE) {
            throw Errors.invalidArgument("result set type", type,
                    "ResultSet.TYPE_FORWARD_ONLY, TYPE_SCROLL_INSENSITIVE or TYPE_SCROLL_SENSITIVE");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY && concurrency != ResultSet.CONCUR_UPDATABLE) {
            throw Errors.invalidArgument("result set concurrency", concurrency,
                    "ResultSet.CONCUR_READ_ONLY or CONCUR_UPDATABLE");
        }
        checkHoldability(holdability);
        if (type != ResultSet.TYPE_FORWARD_ONLY || concurrency != ResultSet.CONCUR_READ_ONLY) {
            addWarning(new SQLWarning("the stub driver has only TYPE_FORWARD_ONLY, CONCUR_READ_ONLY result sets;"
                    + " using those instead of type " + type + ", concurrency " + concurrency, "01000"));
        }
    }

    private static void checkHoldability(int holdability) throws SQLException {
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw Errors.invalidArgument("holdability", holdability,
                    "ResultSet.HOLD_CURSORS_OVER_COMMIT (1) or CLOSE_CURSORS_AT_COMMIT (2)");
        }
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkUsable();
        return sql;
    }

    // ---------------------------------------------------------------- transactions

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkUsable();
        this.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkUsable();
        return autoCommit;
    }

    /** Counted by {@link StubServer#commits()}; accepted in auto-commit mode too (H2's behaviour). */
    @Override
    public void commit() throws SQLException {
        checkUsable();
        generation.commits.increment();
    }

    /** Counted by {@link StubServer#rollbacks()}; accepted in auto-commit mode too (H2's behaviour). */
    @Override
    public void rollback() throws SQLException {
        checkUsable();
        generation.rollbacks.increment();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkUsable();
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED
                && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
            throw Errors.invalidArgument("transaction isolation", level,
                    "Connection.TRANSACTION_READ_UNCOMMITTED (1), TRANSACTION_READ_COMMITTED (2),"
                    + " TRANSACTION_REPEATABLE_READ (4) or TRANSACTION_SERIALIZABLE (8)");
        }
        this.transactionIsolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkUsable();
        return transactionIsolation;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkUsable();
        throw Errors.unsupported("Connection.setSavepoint()");
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkUsable();
        throw Errors.unsupported("Connection.setSavepoint(String)");
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkUsable();
        throw Errors.unsupported("Connection.rollback(Savepoint)");
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkUsable();
        throw Errors.unsupported("Connection.releaseSavepoint(Savepoint)");
    }

    // ---------------------------------------------------------------- session state

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkUsable();
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkUsable();
        return readOnly;
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkUsable();
        this.catalog = catalog;
    }

    @Override
    public String getCatalog() throws SQLException {
        checkUsable();
        return catalog;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkUsable();
        this.schema = schema;
    }

    @Override
    public String getSchema() throws SQLException {
        checkUsable();
        return schema;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkUsable();
        checkHoldability(holdability);
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkUsable();
        return holdability;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkUsable();
        if (executor == null) {
            throw Errors.invalidArgument("network timeout executor", null, "a non-null Executor (JDBC requires one)");
        }
        if (milliseconds < 0) {
            throw Errors.invalidArgument("network timeout", milliseconds + " ms", "0 (none) or more milliseconds");
        }
        this.networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkUsable();
        return networkTimeoutMillis;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkUsable();
        return typeMap;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkUsable();
        if (map == null) {
            throw Errors.invalidArgument("type map", null, "a map, possibly empty");
        }
        this.typeMap = map;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        checkUsableForClientInfo(Collections.singletonMap(name, ClientInfoStatus.REASON_UNKNOWN));
        if (name == null) {
            throw new SQLClientInfoException("client info property name is null", Errors.INVALID_PARAMETER,
                    Collections.singletonMap(null, ClientInfoStatus.REASON_UNKNOWN_PROPERTY));
        }
        // JDBC: a null value clears the property.
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        Map<String, ClientInfoStatus> failed = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            failed.put(name, ClientInfoStatus.REASON_UNKNOWN);
        }
        checkUsableForClientInfo(failed);
        // JDBC: the given properties replace the current ones.
        synchronized (clientInfo) {
            clientInfo.clear();
            for (String name : properties.stringPropertyNames()) {
                clientInfo.setProperty(name, properties.getProperty(name));
            }
        }
    }

    private void checkUsableForClientInfo(Map<String, ClientInfoStatus> failed) throws SQLClientInfoException {
        try {
            checkUsable();
        } catch (SQLException e) {
            // JDBC requires SQLClientInfoException from the client-info setters.
            throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), failed, e);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkUsable();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkUsable();
        Properties copy = new Properties();
        synchronized (clientInfo) {
            copy.putAll(clientInfo);
        }
        return copy;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkUsable();
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkUsable();
        synchronized (this) {
            warnings = null;
        }
    }

    /** @return a minimal metadata object: connection, URL, driver and product names, transaction support */
    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkUsable();
        return StubDatabaseMetaData.create(this);
    }

    // ---------------------------------------------------------------- life cycle

    /** Closes the connection; idempotent, and counted by the server once. Its statements count as closed too. */
    @Override
    public void close() {
        if (CLOSED.compareAndSet(this, false, true)) {
            server.closed(generation, this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Returns whether the connection is open and not broken. It counts as an operation for {@code badAfterIdle}:
     * if the connection has been idle too long it breaks now and this returns false, otherwise its idle time restarts
     * (a real validation query is traffic too). No latency is simulated.
     *
     * @param timeout seconds, ignored by the stub; must not be negative
     * @throws SQLException with SQLState {@code 22023} if {@code timeout} is negative
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw Errors.invalidArgument("isValid timeout", timeout + " s", "0 or more seconds");
        }
        if (closed || fault != null) {
            return false;
        }
        return settings.badAfterIdleNanos < 0 || touch();
    }

    /** Closes the connection at once; the stub has nothing to wait for, so the executor is not used. */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw Errors.invalidArgument("abort executor", null, "a non-null Executor (JDBC requires one)");
        }
        close();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface != null && iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw Errors.notWrapperFor(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface != null && iface.isInstance(this);
    }

    // ---------------------------------------------------------------- not supported

    @Override
    public Clob createClob() throws SQLException {
        checkUsable();
        throw Errors.unsupported("Connection.createClob()");
    }

    @Override
    public Blob createBlob() throws SQLException {
        checkUsable();
        throw Errors.unsupported("Connection.createBlob()");
    }

    @Override
    public NClob createNClob() throws SQLException {
        checkUsable();
        throw Errors.unsupported("Connection.createNClob()");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        checkUsable();
        throw Errors.unsupported("Connection.createSQLXML()");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        checkUsable();
        throw Errors.unsupported("Connection.createArrayOf(String, Object[])");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        checkUsable();
        throw Errors.unsupported("Connection.createStruct(String, Object[])");
    }
}
