package org.poolbench.pool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.management.ObjectName;
import javax.sql.DataSource;

/**
 * A JDBC connection pool that behaves like Go's {@code database/sql} {@code DB}, offered as a {@link DataSource}.
 *
 * <pre>{@code
 * try (Pool pool = Pool.open(PoolConfig.forUrl("jdbc:h2:mem:app").maxOpen(10).maxLifetime(Duration.ofMinutes(30)))) {
 *     pool.exec("insert into item(name) values (?)", "pen");
 *     List<String> names = pool.query("select name from item", rs -> rs.getString(1));
 * }
 * }</pre>
 *
 * <p><b>Opening</b> does no I/O, as {@code sql.Open}: connections are made on demand. {@link #ping(Duration)} checks
 * the database is reachable. <b>Limits</b> follow Go's defaults and setters: unlimited open connections, two idle
 * ones, no lifetime or idle-time limit, all adjustable while running. <b>Borrowing</b> reuses the most recently
 * returned idle connection (the calling thread's own first), else opens one while under max open, else waits in a
 * FIFO queue up to the acquire timeout. A connection returned while threads wait is free for whoever takes it
 * first and wakes the longest waiter to try; once a waiter has waited {@link PoolConfig#bargeLimit} it goes
 * straight to the longest waiter instead (zero: always; Go hands it to a waiting request picked at random).
 *
 * <p>Ways to run SQL, from most to least managed:
 * <ul>
 *   <li>{@link #exec}, {@link #query}: one-shot, on any connection, retried on a bad connection (below);</li>
 *   <li>{@link #prepare(String)}: a {@link Stmt} prepared once per connection it lands on (Go's {@code Stmt});</li>
 *   <li>{@link #begin()}, {@link #inTransaction}: a {@link Tx} pinned to one connection (Go's {@code Tx});</li>
 *   <li>{@link #getConnection()}: a plain JDBC {@link Connection} whose {@code close()} returns it (Go's
 *       {@code Conn}); the pool undoes what the borrower changed before lending it again.</li>
 * </ul>
 *
 * <p><b>Retry rule.</b> Go retries an operation that failed with {@code driver.ErrBadConn}, which a Go driver
 * returns only when it knows the request was not sent, and that includes a connect that failed: twice on a pooled
 * connection ({@code maxBadConnRetries}), then once on a new one ({@code alwaysNewConn}). JDBC has no such signal,
 * so here an attempt is retried only when it failed with a connection-class error (SQLState class 08, or 57P01,
 * 57P02, 57P03: the server ended the session; {@code SQLNonTransientConnectionException},
 * {@code SQLRecoverableException}) <em>and</em> the statement cannot have run: opening the connection failed, or
 * the failure came before the execute call (while preparing or binding), or the execute failed with SQLState 08003
 * (connection does not exist) or with the server ending the session, which completes no statement and so commits
 * nothing of a one-shot operation. Any other connection failure during or after the execute call is never retried,
 * because the database may have done the work; nor is any statement inside a transaction. Attempts: at
 * most two on pooled connections, then one on a new connection; three in all, within one acquire timeout. The
 * exception thrown at the end carries the previous attempt's failure as a suppressed exception, which carries the
 * one before it. {@link #getConnection()} is not retried. The rule's one home is {@code RetryRule}.
 *
 * <p><b>Borrowing does not validate.</b> A connection is lent without asking the driver whether it still works.
 * Go does the same only for a driver that implements neither {@code driver.SessionResetter} nor
 * {@code driver.Validator}; with either, Go asks the driver before it reuses a pooled connection (what that costs
 * is up to the driver). A stale connection fails on use, and the retry rule above takes over for the operations
 * it covers.
 *
 * <p>All methods are thread-safe. {@link #close()} refuses new borrowers, fails waiting ones, closes idle
 * connections now and lent-out ones when they come back.
 */
public final class Pool implements DataSource, AutoCloseable {
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final PoolCore core;
    private final String name;
    private final String source;
    private final ObjectName mbeanName;
    private volatile PrintWriter logWriter;

    private Pool(PoolConfig config) {
        this.name = config.name() != null ? config.name() : "poolbench-" + POOL_NUMBER.incrementAndGet();
        this.source = config.describeSource();
        this.core = new PoolCore(config, name, ConnectionFactory.forConfig(config));
        try {
            this.mbeanName = PoolJmx.register(this, config.jmxName());
        } catch (IllegalArgumentException e) {
            core.close(); // stops the cleaner the core may have started
            throw e;
        }
    }

    // ================================================================ opening

    /** Opens a pool with these settings. Does no I/O; see {@link #ping(Duration)}. */
    public static Pool open(PoolConfig config) {
        Objects.requireNonNull(config, "config");
        return new Pool(new PoolConfig(config));
    }

    /** Opens a pool on {@code url} with the given connection properties (user, password, ...) and Go's defaults. */
    public static Pool open(String url, Properties properties) {
        return open(PoolConfig.forUrl(url).properties(properties));
    }

    /** Opens a pool whose connections come from {@code driver.connect(url, properties)}. */
    public static Pool open(Driver driver, String url, Properties properties) {
        return open(PoolConfig.forUrl(url).driver(driver).properties(properties));
    }

    /** Opens a pool whose connections come from {@code dataSource.getConnection()}. */
    public static Pool open(DataSource dataSource) {
        return open(new PoolConfig().dataSource(dataSource));
    }

    // ================================================================ borrowing

    /** Borrows a connection, waiting up to the pool's acquire timeout; {@code close()} returns it. */
    @Override
    public Connection getConnection() throws SQLException {
        return new ProxyConnection(core, core.acquire(core.acquireTimeoutNanos(), false));
    }

    /** Borrows a connection, waiting up to {@code timeout} instead of the pool's acquire timeout. */
    public Connection getConnection(Duration timeout) throws SQLException {
        PoolConfig.checkPositive("timeout", timeout);
        return new ProxyConnection(core, core.acquire(PoolCore.saturatedNanos(timeout), false));
    }

    /**
     * Not supported: every connection of a pool is opened with the pool's own credentials.
     *
     * @throws SQLFeatureNotSupportedException always
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("pool '" + name + "' opens every connection with its configured "
                + "credentials; use getConnection() or open another pool for other credentials");
    }

    /**
     * Checks the database is reachable: borrows a connection (opening one if none is idle) and asks the driver
     * whether it is valid, within {@code timeout}. Retried on bad connections as {@link #exec} is.
     */
    public void ping(Duration timeout) throws SQLException {
        PoolConfig.checkPositive("timeout", timeout);
        int seconds = validitySeconds(timeout);
        RetryRule.run(core, PoolCore.saturatedNanos(timeout), true, e -> {
            if (!e.raw.isValid(seconds)) {
                throw new SQLException("pool '" + name + "': ping failed: the driver reports " + e
                        + " is not valid (checked within " + seconds + " s)", "08006");
            }
            return null;
        });
    }

    /**
     * {@code timeout} in whole seconds for {@link Connection#isValid(int)}: its whole milliseconds rounded up to
     * seconds, at least 1 (0 would mean no limit), at most {@link Integer#MAX_VALUE} however long the timeout, as
     * {@link #getConnection(Duration)} saturates its wait. Computed without {@code toMillis()}, which overflows.
     */
    static int validitySeconds(Duration timeout) {
        long seconds = timeout.getSeconds();
        if (timeout.getNano() >= 1_000_000 && seconds < Long.MAX_VALUE) {
            seconds++; // a part-second of at least one millisecond rounds up; less than that never counted
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }

    // ================================================================ one-shot operations

    /** Executes an update with {@code args} bound to its parameters, on any connection; returns the update count. */
    public int exec(String sql, Object... args) throws SQLException {
        Objects.requireNonNull(sql, "sql");
        return RetryRule.run(core, core.acquireTimeoutNanos(), true, e -> {
            int count;
            try (PreparedStatement ps = e.raw.prepareStatement(sql)) {
                BindAndMap.bind(ps, args);
                RetryRule.markSent(e);
                count = ps.executeUpdate();
            }
            RetryRule.finishOneShot(e);
            return count;
        });
    }

    /** Executes a query with {@code args} bound to its parameters, on any connection; one mapped value per row. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(mapper, "mapper");
        return RetryRule.run(core, core.acquireTimeoutNanos(), true, e -> {
            List<T> rows;
            try (PreparedStatement ps = e.raw.prepareStatement(sql)) {
                BindAndMap.bind(ps, args);
                RetryRule.markSent(e);
                rows = BindAndMap.mapOnLease(core, e, ps.executeQuery(), mapper);
            }
            RetryRule.finishOneShot(e);
            return rows;
        });
    }

    /**
     * Prepares {@code sql} on one connection now, so that a mistake in it fails here, and returns a statement that
     * can run on any connection (Go's {@code DB.Prepare}). Close it when done: until then it keeps a physical
     * statement on every connection it has run on (see {@link Stmt}).
     */
    public Stmt prepare(String sql) throws SQLException {
        Stmt stmt = new Stmt(core, sql);
        RetryRule.run(core, core.acquireTimeoutNanos(), true, e -> stmt.physical(e));
        return stmt;
    }

    /** The core this pool fronts; for the package's tests, which check its invariants and drive its rules. */
    PoolCore core() {
        return core;
    }

    // ================================================================ transactions

    /** Starts a transaction at the driver's default isolation; see {@link Tx} for the pattern that rolls back. */
    public Tx begin() throws SQLException {
        return begin(TxOptions.DEFAULT);
    }

    /**
     * Starts a transaction with these options. Starting is retried on bad connections as {@link #exec} is, since
     * nothing has run yet.
     */
    public Tx begin(TxOptions options) throws SQLException {
        Objects.requireNonNull(options, "options");
        return RetryRule.run(core, core.acquireTimeoutNanos(), false, e -> {
            ProxyConnection conn = new ProxyConnection(core, e);
            try {
                if (options.isolation() != TxOptions.Isolation.DEFAULT) {
                    conn.setTransactionIsolation(options.isolation().jdbcLevel);
                }
                if (options.readOnly()) {
                    conn.setReadOnly(true);
                }
                conn.setAutoCommit(false);
            } catch (SQLException ex) {
                conn.disown(); // run() returns the connection; this handle must not
                throw ex;
            }
            return new Tx(conn);
        });
    }

    /** Runs {@code work} in a transaction: commits if it returns, rolls back if it throws anything. */
    public <T> T inTransaction(TxFunction<T> work) throws SQLException {
        return inTransaction(TxOptions.DEFAULT, work);
    }

    /** Runs {@code work} in a transaction with these options: commits if it returns, rolls back if it throws. */
    public <T> T inTransaction(TxOptions options, TxFunction<T> work) throws SQLException {
        Objects.requireNonNull(work, "work");
        try (Tx tx = begin(options)) {
            T result = work.apply(tx);
            tx.commit();
            return result;
        }
    }

    // ================================================================ limits, adjustable while running

    /** Go's {@code SetMaxOpenConns}; zero or less means unlimited. Never closes a connection in use. */
    public void setMaxOpen(int maxOpen) {
        core.setMaxOpen(maxOpen);
    }

    /** Go's {@code SetMaxIdleConns}; zero or less keeps none. Surplus idle connections are closed at once. */
    public void setMaxIdle(int maxIdle) {
        core.setMaxIdle(maxIdle);
    }

    /** Go's {@code SetConnMaxLifetime}; zero means forever. */
    public void setMaxLifetime(Duration maxLifetime) {
        core.setMaxLifetime(PoolConfig.checkLimit("maxLifetime", maxLifetime));
    }

    /** Go's {@code SetConnMaxIdleTime}; zero means forever. */
    public void setMaxIdleTime(Duration maxIdleTime) {
        core.setMaxIdleTime(PoolConfig.checkLimit("maxIdleTime", maxIdleTime));
    }

    /** How long borrowers wait by default; must be positive. */
    public void setAcquireTimeout(Duration acquireTimeout) {
        core.setAcquireTimeout(PoolConfig.checkPositive("acquireTimeout", acquireTimeout));
    }

    /** The max-open limit; zero means unlimited. */
    public int getMaxOpen() {
        return Math.max(core.maxOpen(), 0);
    }

    /** The max-idle limit. */
    public int getMaxIdle() {
        return core.maxIdle();
    }

    /** The lifetime limit; zero means forever. */
    public Duration getMaxLifetime() {
        return core.maxLifetime();
    }

    /** The idle-time limit; zero means forever. */
    public Duration getMaxIdleTime() {
        return core.maxIdleTime();
    }

    /** How long borrowers wait by default. */
    public Duration getAcquireTimeout() {
        return Duration.ofNanos(core.acquireTimeoutNanos());
    }

    // ================================================================ state

    /** A consistent snapshot of the pool's gauges and counters (Go's {@code DB.Stats}). */
    public PoolStats stats() {
        return core.stats();
    }

    /** The pool's name. */
    public String name() {
        return name;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return core.isClosed();
    }

    /**
     * Closes the pool: new borrowers get an error naming it, waiting ones are woken with that error, idle
     * connections close now and lent-out ones when returned, the cleaner stops. Idempotent.
     */
    @Override
    public void close() {
        core.close();
        PoolJmx.unregister(mbeanName);
    }

    /** The cleaner thread while one runs; for tests. */
    Thread cleanerThread() {
        return core.cleanerThread();
    }

    /** The cleaner's current interval, zero when none runs; for tests. */
    Duration cleanerInterval() {
        return core.cleanerInterval();
    }

    @Override
    public String toString() {
        PoolStats s = core.stats();
        return "Pool{name=" + name + ", " + source + ", maxOpen=" + s.maxOpen() + ", open=" + s.open() + ", inUse="
                + s.inUse() + ", idle=" + s.idle() + (core.isClosed() ? ", closed" : "") + "}";
    }

    // ================================================================ DataSource plumbing

    /** The log writer set by {@link #setLogWriter}; the pool itself logs through {@link System.Logger}. */
    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Kept for callers that expect it; the pool logs through {@link System.Logger} named {@code org.poolbench.pool}. */
    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Sets the acquire timeout in whole seconds; zero restores the default of 30 seconds. */
    @Override
    public void setLoginTimeout(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("loginTimeout must be zero (default) or positive seconds, but was " + seconds);
        }
        setAcquireTimeout(seconds == 0 ? PoolConfig.DEFAULT_ACQUIRE_TIMEOUT : Duration.ofSeconds(seconds));
    }

    /** The acquire timeout in seconds, rounded up. */
    @Override
    public int getLoginTimeout() {
        long nanos = core.acquireTimeoutNanos();
        return (int) Math.min(Integer.MAX_VALUE, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * Not supported: the pool logs through {@link System.Logger}.
     *
     * @throws SQLFeatureNotSupportedException always
     */
    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("pool '" + name + "' logs through System.Logger 'org.poolbench.pool'");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("pool '" + name + "' is not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
