package org.poolbench.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.*;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link Connection} a borrower holds: one per borrow, so that a handle kept after {@link #close()} cannot
 * reach the next borrower's lease. Every method first checks this handle is still open, then delegates to the
 * physical connection; a connection-class failure marks the connection broken, and it is discarded on return.
 * The plain delegation is generated into {@link ConnectionDelegation}; this class holds what is special.
 *
 * <p>Setters of the settings the pool puts back ({@link SessionSetting}) tell the entry's {@link SessionReset} what
 * they change, so that the return can put exactly that back. Statements opened here are wrapped too, so that
 * {@code getConnection()} leads back to this handle and statements left open are closed on return.
 *
 * <p><b>Calls in flight.</b> Like a JDBC connection, it is meant for one thread at a time, but one borrower's
 * misuse (a second thread using the handle, or a {@link Tx} on it, at the same time as its owner, even while the
 * owner closes it) must never reach the next borrower. So, as Go's {@code database/sql} guards each connection with
 * a lock, every call that reaches the physical connection or the lease's bookkeeping (the methods of this class,
 * statement creation and execution, statement close, metadata queries, a result set's row updates) enters with
 * {@link #enter()} and leaves with {@link #exit()}, and these calls run one at a time: a call that finds another
 * one in flight fails at once with an {@link SQLException} naming the misuse (SQLState HY010), so two threads can
 * never interleave their changes to the statement list, the session settings the pool puts back, or the pool-level
 * statements of the entry, which all outlive the lease. A call that finds the lease ended fails with 08003.
 * {@link Statement#cancel()}, {@link #isClosed()} and {@link #isValid(int)}, which JDBC lets another thread call
 * while a statement runs, and a statement's {@code close()} beside another thread's call, count themselves in
 * flight as shared calls instead: they change nothing the next borrower would see. {@link #close()} ends the lease
 * first, so no new call can enter, then waits for the calls in flight to leave before it resets the session and
 * gives the connection back: a call that entered in time finishes on this lease, and anything it opened is closed
 * by the reset. A result set's reads and cursor moves only check the lease, without counting: they work on a
 * cursor of one of this lease's statements or metadata queries, which the reset closes before the connection goes
 * to anyone else (both are tracked, see {@link #track}), and the pool relies on the driver ordering a cursor call
 * against that close on its own connection. This keeps the hot path at one
 * uncontended compare-and-set per guarded call on the way in and a plain release store on the way out, and
 * allocation-free.
 */
final class ProxyConnection extends ConnectionDelegation {
    // The lease's life, in the two low bits of `lease`: OPEN until close() or abort() takes it. close() passes
    // through RETURNING while it waits for calls in flight and resets the session, so that abort(), JDBC's one
    // method meant for another thread, can still reach a close() stuck in that reset (a rollback on a dead network)
    // without ever touching a connection lent to someone else. The bits above count the calls in flight.
    private static final int OPEN = 0;
    private static final int RETURNING = 1;
    private static final int RETURNED = 2;
    private static final int ABORTED = 3;
    private static final int STATE = 3;
    /** One shared call in flight (cancel, isClosed, isValid, a statement's close beside a call), above the state. */
    private static final int SHARED = 4;
    private static final VarHandle LEASE;
    private static final VarHandle BUSY;

    static {
        try {
            LEASE = MethodHandles.lookup().findVarHandle(ProxyConnection.class, "lease", int.class);
            BUSY = MethodHandles.lookup().findVarHandle(ProxyConnection.class, "busy", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final PoolCore core;
    final PoolEntry entry;
    /**
     * The state (OPEN, RETURNING, RETURNED or ABORTED) plus {@link #SHARED} per shared call in flight; moved only by
     * atomic operations, so that exactly one caller returns the connection and no shared call enters after the
     * lease ends.
     */
    private volatile int lease;
    /**
     * 1 while one of the borrower's calls is in flight, else 0. Taken by compare-and-set, so that two calls never
     * overlap, and given back by a plain release store, which is all the hot path pays on the way out. The
     * compare-and-set is a full fence, and so is the one that ends the lease in {@link #close()}: whichever comes
     * first is seen by the other (a call sees the lease ended and backs out, or close() sees the call and waits).
     */
    private volatile int busy;

    ProxyConnection(PoolCore core, PoolEntry entry) {
        super(entry.raw);
        this.core = core;
        this.entry = entry;
    }

    /** Whether the borrower's lease has ended (or is ending): the handle must not touch the entry any more. */
    boolean closed() {
        return (lease & STATE) != OPEN;
    }

    /** Ends the lease without returning anything, for a handle whose connection the caller gives back itself. */
    void disown() {
        lease = RETURNED;
    }

    void checkOpen() throws SQLException {
        if ((lease & STATE) != OPEN) {
            throw closedError();
        }
    }

    @Override
    void checkLease() throws SQLException {
        checkOpen();
    }

    private SQLException closedError() {
        return new SQLException("connection is closed: it was returned to pool '" + core.name + "'", "08003");
    }

    private SQLException concurrentUseError() {
        return new SQLException("connection of pool '" + core.name + "' is in use by another thread: a borrowed"
                + " Connection or Tx is for one thread at a time", "HY010");
    }

    /**
     * Enters a call if the lease is open and no other call is in flight; returns null then, which must be paired
     * with {@link #exit()}, else the error to throw (nothing entered). Allocates only on refusal.
     */
    SQLException enterOrRefusal() {
        if (!BUSY.compareAndSet(this, 0, 1)) {
            return (lease & STATE) != OPEN ? closedError() : concurrentUseError();
        }
        if ((lease & STATE) != OPEN) {
            BUSY.setRelease(this, 0);
            return closedError();
        }
        return null;
    }

    /** Enters a call, or throws if the lease has ended or another call is in flight. Pair with {@link #exit()}. */
    @Override
    void enter() throws SQLException {
        SQLException refused = enterOrRefusal();
        if (refused != null) {
            throw refused;
        }
    }

    @Override
    void enterExecution() throws SQLException {
        enter();
        markExecuted();
    }

    /** The call entered by {@link #enter()} has left. A close() waiting for it polls, so nothing here wakes it. */
    @Override
    void exit() {
        BUSY.setRelease(this, 0);
    }

    /**
     * Counts a shared call in flight if the lease is open, whatever else is in flight; returns false, counting
     * nothing, if it has ended. A true return must be paired with {@link #exitShared()}.
     */
    boolean tryEnterShared() {
        while (true) {
            int current = lease;
            if ((current & STATE) != OPEN) {
                return false;
            }
            if (LEASE.compareAndSet(this, current, current + SHARED)) {
                return true;
            }
        }
    }

    /** As {@link #tryEnterShared()}, throwing if the lease has ended. */
    void enterShared() throws SQLException {
        if (!tryEnterShared()) {
            throw closedError();
        }
    }

    /** The shared call counted by {@link #tryEnterShared()} has left. */
    void exitShared() {
        LEASE.getAndAdd(this, -SHARED);
    }

    /** Notes a connection-class failure (only while this handle is the live lease) and returns {@code e}. */
    @Override
    SQLException fail(SQLException e) {
        if ((lease & STATE) == OPEN && RetryRule.isConnectionError(e)) {
            entry.broken = true;
        }
        return e;
    }

    /**
     * As {@link #fail}, for a failed statement execution: outside auto-commit the transaction remembers its first
     * one, so that {@link Tx#commit()} can refuse to report a commit that did not happen (PostgreSQL aborts the
     * whole transaction on any error and answers a later COMMIT with ROLLBACK, which pgjdbc does not raise).
     */
    @Override
    SQLException failExecution(SQLException e) {
        if ((lease & STATE) == OPEN && !entry.autoCommit && entry.txFailure == null) {
            entry.txFailure = e;
        }
        return fail(e);
    }

    /** Called by statements before each execution: work outside auto-commit must be rolled back if left unfinished. */
    void markExecuted() {
        if ((lease & STATE) == OPEN && !entry.autoCommit) {
            entry.txDirty = true;
        }
    }

    /** Registers what a call in flight opened, so that the return closes it if the borrower does not. */
    <T extends PoolEntry.Tracked> T track(T opened) {
        entry.trackOpen(opened);
        return opened;
    }

    /**
     * Closes something the lease tracks on the borrower's behalf. Alone on a live lease it also leaves the
     * connection's list. Beside another thread's call (a close from a watchdog thread, say) it closes the driver's
     * object as a shared call and leaves the list to the reset on return. Once the lease is ending it touches
     * nothing: the return closes the driver's object, and must not skip it for a close that has not happened yet.
     */
    void closeTracked(PoolEntry.Tracked opened) throws SQLException {
        if (closed()) {
            return;
        }
        boolean alone = enterOrRefusal() == null;
        boolean shared = !alone && tryEnterShared();
        if (!alone && !shared) {
            return;
        }
        try {
            if (alone) {
                entry.untrack(opened);
            }
            opened.closePhysical();
        } catch (SQLException e) {
            throw fail(e);
        } finally {
            if (alone) {
                exit();
            } else {
                exitShared();
            }
        }
    }

    @Override
    Statement wrap(Statement physical) {
        return track(new ProxyStatement(this, physical));
    }

    @Override
    PreparedStatement wrap(PreparedStatement physical) {
        return track(new ProxyPreparedStatement(this, physical));
    }

    @Override
    CallableStatement wrap(CallableStatement physical) {
        return track(new ProxyCallableStatement(this, physical));
    }

    @Override
    DatabaseMetaData wrap(DatabaseMetaData physical) {
        return new ProxyDatabaseMetaData(this, physical);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Returns the connection to the pool, once calls still in flight on it have left; a second call does nothing. */
    @Override
    public void close() {
        if (LEASE.compareAndSet(this, OPEN, RETURNING)) {
            if (busy != 0) {
                awaitCallsInFlight();
            }
        } else if (!endLeaseWithCallsInFlight()) {
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

    /**
     * The slow path of {@link #close()}: a shared call is in flight, or the lease has ended. Ends the lease so that
     * no new call enters, then waits for the calls in flight to leave. Returns false if the lease had already ended.
     */
    private boolean endLeaseWithCallsInFlight() {
        while (true) {
            int current = lease;
            if ((current & STATE) != OPEN) {
                return false;
            }
            if (LEASE.compareAndSet(this, current, current | RETURNING)) {
                break;
            }
        }
        awaitCallsInFlight();
        return true;
    }

    /**
     * Waits, once the lease is ending, until no call is in flight on it. Only another thread's call can be (a
     * misuse, but one that must not reach the next borrower), so this is off the hot path: it polls with a growing
     * pause rather than asking every call's exit to check for a waiting closer, which would cost the hot path a
     * full fence on the way out.
     */
    private void awaitCallsInFlight() {
        boolean interrupted = false;
        long pauseNanos = 1_000;
        while (busy != 0 || lease >= SHARED) {
            LockSupport.parkNanos(this, pauseNanos);
            pauseNanos = Math.min(pauseNanos * 2, 1_000_000);
            interrupted |= Thread.interrupted(); // park returns at once while the flag is set: keep it for later
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        if (!tryEnterShared()) {
            return true;
        }
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw fail(e);
        } finally {
            exitShared();
        }
    }

    /** A failing check marks the connection broken, so it is discarded on return. */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (!tryEnterShared()) {
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
        } finally {
            exitShared();
        }
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort needs an executor, but was given null");
        }
        while (true) {
            int current = lease;
            int state = current & STATE;
            if (state == OPEN) {
                // Win the lease first: a holder closing at the same moment then returns nothing. Calls in flight
                // (another thread's) fail with the aborted session; the connection is discarded, never lent again.
                if (LEASE.compareAndSet(this, current, current | ABORTED)) {
                    entry.broken = true;
                    try {
                        delegate.abort(executor);
                    } finally {
                        core.release(entry); // broken: discarded, not reset
                    }
                    return;
                }
            } else if (state == RETURNING) {
                // The holder is inside close(), waiting for calls in flight or resetting; the entry is still this
                // lease's. Abort the session so that both fail fast; close() sees ABORTED and discards the connection.
                if (LEASE.compareAndSet(this, current, current - RETURNING + ABORTED)) {
                    delegate.abort(executor);
                    return;
                }
            } else {
                return; // returned already: the connection may be someone else's now
            }
        }
    }

    // ---------------------------------------------------------------- transactions

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        enter();
        try {
            entry.session.willChange(SessionSetting.AUTO_COMMIT);
            delegate.setAutoCommit(autoCommit);
            if (autoCommit) {
                entry.txDirty = false; // switching auto-commit on commits the open transaction (JDBC 4.3, 10.1.1)
                entry.txFailure = null; // ... so it has ended, whatever the server made of it
            }
            entry.autoCommit = autoCommit;
        } catch (SQLException e) {
            throw fail(e);
        } finally {
            exit();
        }
    }

    @Override
    public void commit() throws SQLException {
        enter();
        try {
            delegate.commit();
            entry.txDirty = false;
            entry.txFailure = null;
        } catch (SQLException e) {
            throw fail(e);
        } finally {
            exit();
        }
    }

    @Override
    public void rollback() throws SQLException {
        enter();
        try {
            delegate.rollback();
            entry.txDirty = false;
            entry.txFailure = null;
        } catch (SQLException e) {
            throw fail(e);
        } finally {
            exit();
        }
    }

    /**
     * Rolling back to a savepoint is how a caller takes charge of a failure and goes on (PostgreSQL's transaction
     * is usable again after it): the failure no longer stops {@link Tx#commit()}. A savepoint set after the failure
     * clears it too; on PostgreSQL setting one fails in an aborted transaction, so only a database that did not
     * abort can get that far.
     */
    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        enter();
        try {
            delegate.rollback(savepoint);
            entry.txFailure = null;
        } catch (SQLException e) {
            throw fail(e);
        } finally {
            exit();
        }
    }

    // ---------------------------------------------------------------- session state the pool puts back

    /** A call on the physical connection that may throw; setters pass one to {@link #change}. */
    @FunctionalInterface
    private interface Change<E extends SQLException> {
        void run() throws E;
    }

    /**
     * Runs a setter of one of the settings the pool puts back, as one call in flight: the session first notes the
     * setting's original value (read lazily, so only settings a borrower changes cost a driver call), then the
     * driver changes it. Setters are off the hot path, so the lambda each one passes costs nothing that matters.
     */
    private void change(SessionSetting setting, Change<SQLException> setter) throws SQLException {
        enter();
        try {
            entry.session.willChange(setting);
            setter.run();
        } catch (SQLException e) {
            throw fail(e);
        } finally {
            exit();
        }
    }

    /** {@link #change} for client info, whose setters may only throw {@link SQLClientInfoException}. */
    private void changeClientInfo(Change<SQLClientInfoException> setter) throws SQLClientInfoException {
        SQLException refused = enterOrRefusal();
        if (refused != null) {
            throw new SQLClientInfoException(refused.getMessage(), refused.getSQLState(), 0, null, refused);
        }
        try {
            try {
                entry.session.willChange(SessionSetting.CLIENT_INFO);
            } catch (SQLException e) {
                throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), e.getErrorCode(), null, e);
            }
            setter.run();
        } catch (SQLClientInfoException e) {
            fail(e);
            throw e;
        } finally {
            exit();
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        change(SessionSetting.READ_ONLY, () -> delegate.setReadOnly(readOnly));
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        change(SessionSetting.ISOLATION, () -> delegate.setTransactionIsolation(level));
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        change(SessionSetting.CATALOG, () -> delegate.setCatalog(catalog));
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        change(SessionSetting.SCHEMA, () -> delegate.setSchema(schema));
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        change(SessionSetting.NETWORK_TIMEOUT, () -> delegate.setNetworkTimeout(executor, milliseconds));
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        changeClientInfo(() -> delegate.setClientInfo(name, value));
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        changeClientInfo(() -> delegate.setClientInfo(properties));
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        change(SessionSetting.HOLDABILITY, () -> delegate.setHoldability(holdability));
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        change(SessionSetting.TYPE_MAP, () -> delegate.setTypeMap(map));
    }

    /**
     * A copy of the driver's type map: drivers such as pgjdbc return the map they hold, and a borrower who changed
     * it in place (JDBC's own idiom before {@code setTypeMap}) would change the session behind the pool's back,
     * before the pool had read the original. The copy is mutable, as the idiom needs.
     */
    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return SessionSetting.copyOf(super.getTypeMap());
    }

    /** A copy of the driver's client info, for the reason {@link #getTypeMap()} gives (pgjdbc returns its own). */
    @Override
    public Properties getClientInfo() throws SQLException {
        return SessionSetting.copyOf(super.getClientInfo());
    }

    @Override
    public String toString() {
        return "ProxyConnection{pool=" + core.name + ", " + entry + (closed() ? ", closed" : "") + "}";
    }
}
