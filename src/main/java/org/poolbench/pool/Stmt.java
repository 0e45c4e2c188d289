package org.poolbench.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * A pool-level prepared statement (Go's {@code sql.Stmt}), made by {@link Pool#prepare(String)}. Safe to use from
 * many threads at once.
 *
 * <p>Each execution borrows any pooled connection. If this statement was prepared on that connection before, the
 * physical {@link PreparedStatement} is reused; otherwise it is prepared there and remembered for next time
 * ({@link PoolStats#prepares()} and {@link PoolStats#reuses()} count both). The physical statements live with
 * their connections, so those of a closed connection go with it. {@link #close()} closes every physical statement:
 * on idle connections at once, on lent-out ones when they come back.
 *
 * <p><b>Close it when done.</b> An unclosed statement keeps its physical statement on every connection it has run on,
 * for as long as that connection lives: nothing else frees them (100,000 statements left unclosed retained about
 * 15 MiB). Go's {@code Stmt} needs closing for the same reason.
 *
 * <p>Executions retry on bad connections like {@link Pool#exec(String, Object...)}. Inside a transaction, use
 * {@link Tx#exec(Stmt, Object...)} and {@link Tx#query(Stmt, RowMapper, Object...)} (Go's {@code Tx.Stmt}): they run
 * on the transaction's connection and use this statement's physical statement there, preparing it if the connection
 * has none yet; it stays with this statement after the transaction ends. Go (since 1.19) does the same: the
 * statement prepared inside a transaction is added to the parent statement and kept after commit.
 */
public final class Stmt implements AutoCloseable {
    final PoolCore core;
    private static final VarHandle CLOSED;
    private static final VarHandle WIDEST_CALL;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(Stmt.class, "closed", boolean.class);
            WIDEST_CALL = MethodHandles.lookup().findVarHandle(Stmt.class, "widestCall", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String sql;
    private volatile boolean closed;
    /** The most arguments any execution has bound; only ever grows. */
    private volatile int widestCall;

    Stmt(PoolCore core, String sql) {
        this.core = core;
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    /** The SQL text. */
    public String sql() {
        return sql;
    }

    /** Executes an update with {@code args} bound to its parameters; returns the update count. */
    public int exec(Object... args) throws SQLException {
        checkOpen();
        return RetryRule.run(core, core.acquireTimeoutNanos(), true, e -> {
            int count = execOn(e, args);
            RetryRule.finishOneShot(e);
            return count;
        });
    }

    /** Executes a query with {@code args} bound to its parameters; returns one mapped value per row. */
    public <T> List<T> query(RowMapper<T> mapper, Object... args) throws SQLException {
        Objects.requireNonNull(mapper, "mapper");
        checkOpen();
        return RetryRule.run(core, core.acquireTimeoutNanos(), true, e -> {
            List<T> rows = BindAndMap.mapOnLease(core, e, executeQueryOn(e, args), mapper);
            RetryRule.finishOneShot(e);
            return rows;
        });
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Closes every physical statement of this statement; later executions fail. Idempotent. */
    @Override
    public void close() {
        if (CLOSED.compareAndSet(this, false, true)) {
            core.dropStatement(this);
        }
    }

    // ---------------------------------------------------------------- on a connection the caller holds

    int execOn(PoolEntry e, Object[] args) throws SQLException {
        PreparedStatement ps = bound(e, args);
        RetryRule.markSent(e);
        return ps.executeUpdate();
    }

    /** Runs the query on {@code e} and returns the driver's result set, for the caller to map and close. */
    ResultSet executeQueryOn(PoolEntry e, Object[] args) throws SQLException {
        PreparedStatement ps = bound(e, args);
        RetryRule.markSent(e);
        return ps.executeQuery();
    }

    /** This statement's physical statement on {@code e} with {@code args} bound, prepared there first if need be. */
    private PreparedStatement bound(PoolEntry e, Object[] args) throws SQLException {
        PreparedStatement ps = physical(e, args.length);
        BindAndMap.bind(ps, args);
        return ps;
    }

    /** This statement's physical statement on {@code e}, prepared there now if it is not yet. */
    PreparedStatement physical(PoolEntry e) throws SQLException {
        return physical(e, -1);
    }

    private PreparedStatement physical(PoolEntry e, int argCount) throws SQLException {
        // Checked after the connection was borrowed: close() publishes `closed` before it scans the connections,
        // so a connection borrowed after that scan sees it, and one borrowed before has its close deferred.
        checkOpen();
        int widest = widestCall;
        for (int w = widest; argCount > w; w = widestCall) {
            if (WIDEST_CALL.compareAndSet(this, w, argCount)) {
                break;
            }
        }
        PreparedStatement ps = e.statement(this);
        if (ps != null) {
            // Parameters stay bound between executions. A call binding fewer arguments than an earlier one would
            // silently run with that call's leftovers; clear them so it fails as on a fresh statement instead.
            if (argCount >= 0 && argCount < widest) {
                ps.clearParameters();
            }
            core.reuses.increment();
            return ps;
        }
        ps = e.raw.prepareStatement(sql);
        e.putStatement(this, ps);
        core.prepares.increment();
        return ps;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("statement is closed: " + sql);
        }
    }

    @Override
    public String toString() {
        return "Stmt{" + sql + (closed ? ", closed" : "") + "}";
    }
}
