package org.poolbench.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * A transaction pinned to one connection (Go's {@code sql.Tx}), started by {@link Pool#begin()}. Everything run
 * through it runs on that connection until {@link #commit()} or {@link #rollback()} returns the connection to the
 * pool. Closing it without committing rolls back, so the safe pattern is:
 *
 * <pre>{@code
 * try (Tx tx = pool.begin()) {
 *     tx.exec("update account set balance = balance - ? where id = ?", 10, 1);
 *     tx.exec("update account set balance = balance + ? where id = ?", 10, 2);
 *     tx.commit();
 * } // an exception before commit() rolls back here
 * }</pre>
 *
 * <p>After it ends, every method but {@link #close()} throws {@link SQLException}, as Go's {@code ErrTxDone}.
 * Unlike Go's, a {@code Tx} is meant for one thread at a time, like the JDBC connection beneath it. Statements
 * are not retried inside a transaction: a failure is the caller's to handle, usually by rolling back. A caller who
 * catches a failure and commits anyway gets an exception and a rollback, not a commit (see {@link #commit()}).
 */
public final class Tx implements AutoCloseable {
    private final ProxyConnection conn;
    private boolean done;

    Tx(ProxyConnection conn) {
        this.conn = conn;
    }

    /**
     * The transaction's connection, for plain JDBC. Do not close it, commit it or change its auto-commit mode:
     * end the transaction through this object.
     */
    public Connection connection() throws SQLException {
        checkActive();
        return conn;
    }

    /** Executes an update on the transaction's connection; returns the update count. */
    public int exec(String sql, Object... args) throws SQLException {
        checkActive();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            BindAndMap.bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** Executes a query on the transaction's connection; returns one mapped value per row. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        Objects.requireNonNull(mapper, "mapper");
        checkActive();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            BindAndMap.bind(ps, args);
            return BindAndMap.mapAll(ps.executeQuery(), mapper);
        }
    }

    /**
     * Runs a pool-level statement on this transaction's connection (Go's {@code tx.Stmt(s).Exec}). The physical
     * statement it prepares there belongs to {@code stmt} and outlives the transaction, as in Go since 1.19.
     */
    public int exec(Stmt stmt, Object... args) throws SQLException {
        checkActive();
        checkSamePool(stmt);
        conn.enterExecution(); // counted in flight: the lease cannot end under it (see ProxyConnection)
        try {
            return stmt.execOn(conn.entry, args);
        } catch (SQLException e) {
            throw conn.failExecution(e);
        } finally {
            conn.exit();
        }
    }

    /**
     * Runs a pool-level query on this transaction's connection (Go's {@code tx.Stmt(s).Query}). The rows are mapped
     * after the execution has left the connection, as {@link #query(String, RowMapper, Object...)} maps them: the
     * mapper is the caller's code and may use this transaction itself, which a call in flight would refuse.
     */
    public <T> List<T> query(Stmt stmt, RowMapper<T> mapper, Object... args) throws SQLException {
        Objects.requireNonNull(mapper, "mapper");
        checkActive();
        checkSamePool(stmt);
        ResultSet rows;
        conn.enterExecution(); // counted in flight: the lease cannot end under it (see ProxyConnection)
        try {
            rows = stmt.executeQueryOn(conn.entry, args);
        } catch (SQLException e) {
            throw conn.failExecution(e);
        } finally {
            conn.exit();
        }
        // Read through the lease's checks, as any result set of the borrower's is.
        return BindAndMap.mapAll(new ProxyResultSet(conn, null, rows), mapper);
    }

    /**
     * Commits and returns the connection to the pool. If the commit fails, the work is rolled back.
     *
     * <p>If a statement run in this transaction failed, even one whose exception the caller caught, this rolls
     * back instead and throws an {@link SQLException} (SQLState 40000, the first failure as its cause): PostgreSQL
     * has aborted the transaction and would answer COMMIT with ROLLBACK, which pgjdbc does not report, and on every
     * database the work is not what the caller wrote. To go on after a failure, roll back to a savepoint set before
     * it ({@code tx.connection().rollback(savepoint)}); that clears it.
     */
    public void commit() throws SQLException {
        checkActive();
        done = true;
        try {
            SQLException failure = conn.entry.txFailure;
            if (failure != null) {
                throw rollBackAfter(failure);
            }
            conn.commit();
        } finally {
            conn.close(); // after a failed commit the pool still sees unfinished work and rolls it back
        }
    }

    /** Rolls back for {@link #commit()} after a failed statement; returns the error saying so. */
    private SQLException rollBackAfter(SQLException failure) {
        // The driver's message stays in the cause only, as the pool's other errors quote none of it unmasked.
        SQLException refused = new SQLException("transaction of pool '" + conn.core.name + "' was rolled back, not "
                + "committed: a statement in it failed (SQLState " + failure.getSQLState() + "); roll back to a "
                + "savepoint set before the failure to go on after one", "40000", failure);
        try {
            rollBackOnConnection();
        } catch (SQLException e) {
            refused.addSuppressed(e); // the return rolls back again, or discards a connection that cannot
        }
        return refused;
    }

    /**
     * Rolls back and returns the connection to the pool. After a connection error (the server ended the session,
     * the network failed) this succeeds without asking the driver: see {@link #rollBackOnConnection()}.
     */
    public void rollback() throws SQLException {
        checkActive();
        done = true;
        try {
            rollBackOnConnection();
        } finally {
            conn.close();
        }
    }

    /**
     * The driver's rollback, unless a connection error has marked the connection broken. Then the return discards
     * the connection, and a server ends a session's transaction uncommitted when its connection goes (PostgreSQL's
     * 57P01 says it already has): the outcome a rollback asks for holds, while the driver would only refuse the
     * call on a connection it has closed itself (pgjdbc does, with 08003).
     */
    private void rollBackOnConnection() throws SQLException {
        if (!conn.entry.broken) {
            conn.rollback();
        }
    }

    /** Whether the transaction has not been committed or rolled back yet. */
    public boolean isActive() {
        return !done;
    }

    /**
     * Rolls back unless already committed or rolled back; otherwise does nothing. If the borrower closed the
     * transaction's connection directly, the pool has already rolled the work back, and this only ends the
     * transaction: a try-with-resources block must not fail for it.
     */
    @Override
    public void close() throws SQLException {
        if (done) {
            return;
        }
        if (conn.closed()) {
            done = true;
            return;
        }
        rollback();
    }

    /** As Go: a statement's physical copies are tracked by its own pool, so another pool's connection must not get one. */
    private void checkSamePool(Stmt stmt) throws SQLException {
        if (stmt.core != conn.core) {
            throw new SQLException("statement was prepared by pool '" + stmt.core.name + "', not by this transaction's "
                    + "pool '" + conn.core.name + "'");
        }
    }

    private void checkActive() throws SQLException {
        if (done) {
            throw new SQLException("transaction has already been committed or rolled back");
        }
        if (conn.closed()) {
            // The borrower closed the connection itself; the pool rolled the work back when it came back.
            done = true;
            throw new SQLException("transaction's connection was closed directly; its work was rolled back");
        }
    }

    @Override
    public String toString() {
        return "Tx{" + conn.entry + (done ? ", done" : ", active") + "}";
    }
}
