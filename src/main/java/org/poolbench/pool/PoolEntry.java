package org.poolbench.pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * One physical connection and everything the pool knows about it.
 *
 * <p>Two kinds of field live here, guarded differently:
 * <ul>
 *   <li><b>Pool structure</b> ({@link #state}, {@link #slot}, {@link #returnedAt}, {@link #deferredCloses}): see
 *       each field.</li>
 *   <li><b>Lease state</b> (everything else that is mutable) belongs to whichever thread owns the connection.
 *       {@link #state} hands it from one owner to the next, which is what makes plain fields safe: the owner
 *       writes them before its volatile store of IDLE, the next owner reads them after its compare-and-set from
 *       IDLE (or, for a direct hand-off, both sides pass through the pool's lock).</li>
 * </ul>
 * Keeping the lease state here rather than in the per-borrow {@link ProxyConnection} keeps that wrapper, the
 * one object allocated per borrow, down to three fields.
 */
final class PoolEntry {
    enum State {
        /** Ready to lend: whoever takes it first ({@link #tryTake()}) owns it. */
        IDLE,
        /** Owned: lent to a borrower, handed to a waiter on its way to one, or held by the pool for a moment. */
        IN_USE,
        /** No longer counted by the pool; the physical connection is closed or about to be. */
        CLOSED
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PoolEntry.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Connection raw;
    /** Reads the server session's transaction state where the driver exposes it, else null ({@link ServerTransaction}). */
    final MethodHandle serverTransactionState;
    final long id;
    /** When the connection was linked into the pool (clock nanos); the open list is in this order. */
    final long createdAt;

    // ---------------------------------------------------------------- pool structure
    /**
     * Who may use the connection. Moved from IDLE to IN_USE only by {@link #tryTake()}, a compare-and-set, so that
     * of all the threads that find it idle (borrowers on the fast path, the cleaner, a waiter) exactly one gets it;
     * set to IDLE only by its owner, with a volatile store that publishes the owner's writes to the next taker; set
     * to CLOSED only under the pool's lock, by the owner.
     */
    volatile State state = State.IN_USE;
    /** Its index in the pool's table while it is open, else -1; written under the pool's lock. */
    int slot = -1;
    /** When it last became idle (clock nanos), written by its owner before it publishes IDLE. */
    long returnedAt;
    /**
     * The per-thread record of the thread that last took it from the idle connections, written by that thread once
     * it owns it; the return reuses it when the same thread returns (see {@code PoolCore#localFor}).
     */
    PoolCore.Local taker;
    /**
     * Pool statements closed while this connection was lent out; their physical statements close when it next
     * passes through the pool's lock. Replaced (never changed in place) under the pool's lock; volatile because
     * the fast return path checks it, after publishing IDLE, without the lock.
     */
    volatile ArrayList<Stmt> deferredCloses;

    // ---------------------------------------------------------------- lease state, owned by the holder
    /** Set when the connection threw a connection-class error or failed isValid: discard it on return. */
    boolean broken;
    /** Set by {@link RetryRule#markSent} once the statement may have reached the database: no retry after that. */
    boolean sent;
    /** The physical connection's auto-commit mode, tracked so that returning it needs no driver call to ask. */
    boolean autoCommit;
    /** Work was done outside auto-commit since the last commit or rollback: roll back on return. */
    boolean txDirty;
    /**
     * The first execution that failed outside auto-commit since the transaction began (or since the last rollback
     * to a savepoint), else null: {@link Tx#commit()} rolls back instead of committing while it is set. Cleared
     * when the transaction ends and on return.
     */
    SQLException txFailure;
    /** What the borrower changed in the session, and how it is undone on return. */
    final SessionReset session;
    /**
     * What the borrower opened through the wrappers and has not closed yet (statements, metadata result sets);
     * closed on return. Changed only by calls in flight on the lease ({@link ProxyConnection#enter()}), which run
     * one at a time and which the lease's end waits for: so a handle kept by another thread cannot change it once
     * the connection is lent to someone else.
     */
    private final ArrayList<Tracked> openStatements = new ArrayList<>(4);
    /** Physical statements of pool-level {@link Stmt}s prepared on this connection; created on first use. */
    private HashMap<Stmt, PreparedStatement> statements;

    PoolEntry(Connection raw, long id, long createdAt, boolean autoCommit) {
        this.raw = raw;
        this.serverTransactionState = ServerTransaction.stateOf(raw);
        this.id = id;
        this.createdAt = createdAt;
        this.autoCommit = autoCommit;
        this.session = new SessionReset(raw, autoCommit);
    }

    /**
     * Something a borrower opened on the connection that must not outlive the lease: the return closes it if the
     * borrower did not.
     */
    interface Tracked {
        /** Closes the driver's object, once; later calls do nothing. */
        void closePhysical() throws SQLException;
    }

    void trackOpen(Tracked statement) {
        openStatements.add(statement);
    }

    void untrack(Tracked statement) {
        // Statements are usually closed in reverse order of opening, so search from the end.
        for (int i = openStatements.size() - 1; i >= 0; i--) {
            if (openStatements.get(i) == statement) {
                openStatements.remove(i);
                return;
            }
        }
    }

    int openStatementCount() {
        return openStatements.size();
    }

    /**
     * Puts the connection back the way the pool lent it: closes statements left open, then lets {@link SessionReset}
     * roll back an unfinished transaction, restore changed settings and clear warnings, then ends a transaction the
     * borrower opened in SQL where the driver shows it ({@link ServerTransaction}). Costs one driver call
     * ({@code clearWarnings}) when the borrower changed nothing, plus, on pgjdbc, one local read of the session's
     * transaction state. Last, the pool's reset statement, if one is configured ({@link #runResetStatement}). Any
     * failure here means the state is unknown, so the caller discards the connection.
     *
     * @param resetStatement {@link PoolConfig#resetStatement}, or null for none
     */
    void resetForReuse(String resetStatement) throws SQLException {
        txFailure = null;
        if (!openStatements.isEmpty()) {
            // Newest first; closePhysical() does not untrack, the list is cleared once all are closed.
            for (int i = openStatements.size() - 1; i >= 0; i--) {
                openStatements.get(i).closePhysical();
            }
            openStatements.clear();
        }
        session.undo(this);
        if (serverTransactionState != null) {
            // After undo: a transaction the driver knew of is rolled back, and auto-commit is back as lent.
            ServerTransaction.end(serverTransactionState, raw, autoCommit);
        }
        if (resetStatement != null) {
            runResetStatement(resetStatement);
        }
    }

    /**
     * Runs the configured reset statement, once the borrower's settings and work have been undone. Statements made
     * for this (PostgreSQL's {@code DISCARD ALL}) refuse to run inside a transaction block, and on a manual-commit
     * session the driver would open one for it: such a session is switched to auto-commit for the statement and
     * back. A failure propagates, and the caller discards the connection.
     */
    private void runResetStatement(String resetStatement) throws SQLException {
        boolean manualCommit = !autoCommit;
        if (manualCommit) {
            raw.setAutoCommit(true); // commits nothing: the session reset has rolled back unfinished work
        }
        try (Statement st = raw.createStatement()) {
            st.execute(resetStatement);
        }
        if (manualCommit) {
            raw.setAutoCommit(false);
        }
    }

    // ---------------------------------------------------------------- pool-level statements

    PreparedStatement statement(Stmt stmt) {
        return statements == null ? null : statements.get(stmt);
    }

    void putStatement(Stmt stmt, PreparedStatement physical) {
        if (statements == null) {
            statements = new HashMap<>();
        }
        statements.put(stmt, physical);
    }

    /** Removes and closes {@code stmt}'s physical statement here, if there is one. Caller owns the entry. */
    void closeStatement(Stmt stmt) {
        PreparedStatement ps = statements == null ? null : statements.remove(stmt);
        if (ps != null) {
            try {
                ps.close();
            } catch (Throwable ignored) {
                // The statement dies with its connection at the latest, and the pool's bookkeeping around this
                // call must not be cut short by a driver's failure, even an Error.
            }
        }
    }

    // ---------------------------------------------------------------- ownership

    /** Takes the connection if it is idle; true means the caller owns it now. */
    boolean tryTake() {
        return state == State.IDLE && STATE.compareAndSet(this, State.IDLE, State.IN_USE);
    }

    /**
     * Makes the connection idle (its owner only). A volatile store, and so a full fence: whatever the caller reads
     * next (whether anyone waits, whether the pool closed) is read after every other thread can see it idle.
     */
    void publishIdle() {
        state = State.IDLE;
    }

    @Override
    public String toString() {
        return "connection " + id;
    }
}
