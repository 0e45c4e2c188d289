package org.poolbench.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.Executor;

/**
 * One physical connection and everything the pool knows about it.
 *
 * <p>Two kinds of field live here, guarded differently:
 * <ul>
 *   <li><b>Pool structure</b> ({@link #state}, the list links, {@link #returnedAt}, {@link #deferredCloses}) is
 *       read and written only under {@link PoolCore}'s lock.</li>
 *   <li><b>Lease state</b> (everything else that is mutable) belongs to whichever thread holds the connection.
 *       The pool's lock hands it from one holder to the next, which is what makes plain fields safe: the
 *       releasing thread writes them before it takes the lock, the next borrower reads them after it takes it.</li>
 * </ul>
 * Keeping the lease state here rather than in the per-borrow {@link ProxyConnection} keeps that wrapper, the
 * one object allocated per borrow, down to three fields.
 */
final class PoolEntry {
    enum State {
        /** In the idle list, ready to lend. */
        IDLE,
        /** Lent to a borrower, or handed to a waiter on its way to one. */
        IN_USE,
        /** No longer counted by the pool; the physical connection is closed or about to be. */
        CLOSED
    }

    // Bits of dirtyBits: a setting the borrower changed and the pool must put back.
    static final int AUTO_COMMIT = 1;
    static final int READ_ONLY = 1 << 1;
    static final int ISOLATION = 1 << 2;
    static final int CATALOG = 1 << 3;
    static final int SCHEMA = 1 << 4;
    static final int NETWORK_TIMEOUT = 1 << 5;
    static final int HOLDABILITY = 1 << 6;
    static final int TYPE_MAP = 1 << 7;
    static final int CLIENT_INFO = 1 << 8;

    /** Runs the task in the calling thread; only used to put a network timeout back. */
    private static final Executor DIRECT = Runnable::run;

    final Connection raw;
    final long id;
    /** When the connection was linked into the pool (clock nanos); the open list is in this order. */
    final long createdAt;

    // ---------------------------------------------------------------- guarded by the pool lock
    State state = State.IN_USE;
    /** When it last became idle; non-decreasing along the idle list (see PoolCore#pushIdle). */
    long returnedAt;
    /** The idle list runs from the oldest-returned entry to the newest; borrowers take the newest. */
    PoolEntry idleOlder;
    PoolEntry idleNewer;
    /** The open list holds every open connection in creation order; the lifetime sweep walks it from the oldest. */
    PoolEntry openOlder;
    PoolEntry openNewer;
    /** Pool statements closed while this connection was lent out; their physical statements close on return. */
    ArrayList<Stmt> deferredCloses;

    // ---------------------------------------------------------------- lease state, owned by the holder
    /** Set when the connection threw a connection-class error or failed isValid: discard it on return. */
    boolean broken;
    /** Set by the one-shot paths once the statement may have reached the database: no retry after that. */
    boolean sent;
    /** The physical connection's auto-commit mode, tracked so that returning it needs no driver call to ask. */
    boolean autoCommit;
    /** Work was done outside auto-commit since the last commit or rollback: roll back on return. */
    boolean txDirty;
    /** Settings the borrower changed (the bits above); the reset puts back exactly these. */
    int dirtyBits;
    /** Settings whose original value has been read (the bits above); read lazily, as asking may cost a round trip. */
    private int knownBits;
    private final boolean initialAutoCommit;
    private boolean initialReadOnly;
    private int initialIsolation;
    private String initialCatalog;
    private String initialSchema;
    private int initialNetworkTimeout;
    private int initialHoldability;
    private java.util.Map<String, Class<?>> initialTypeMap;
    private java.util.Properties initialClientInfo;
    /**
     * The thread inside {@link ProxyConnection#close()} waiting for another thread's calls in flight to leave, or
     * null; the last call out unparks it. Only set on that slow path, so the usual close writes nothing here.
     */
    volatile Thread closer;
    /**
     * Statements the borrower opened through the wrapper and has not closed yet; closed on return. Changed only by
     * calls counted in flight on the lease ({@link ProxyConnection#enter()}), which the lease's end waits for: so a
     * handle kept by another thread cannot change it once the connection is lent to someone else.
     */
    private final ArrayList<ProxyStatement> openStatements = new ArrayList<>(4);
    /** Physical statements of pool-level {@link Stmt}s prepared on this connection; created on first use. */
    private HashMap<Stmt, PreparedStatement> statements;

    PoolEntry(Connection raw, long id, long createdAt, boolean autoCommit) {
        this.raw = raw;
        this.id = id;
        this.createdAt = createdAt;
        this.autoCommit = autoCommit;
        this.initialAutoCommit = autoCommit;
        this.knownBits = AUTO_COMMIT;
    }

    // ---------------------------------------------------------------- settings the borrower may change

    /**
     * Records that the borrower is about to change {@code bit}, reading the original value first if this is the
     * first change in the connection's life.
     */
    void willChange(int bit) throws SQLException {
        if ((knownBits & bit) == 0) {
            switch (bit) {
                case READ_ONLY -> initialReadOnly = raw.isReadOnly();
                case ISOLATION -> initialIsolation = raw.getTransactionIsolation();
                case CATALOG -> initialCatalog = raw.getCatalog();
                case SCHEMA -> initialSchema = raw.getSchema();
                case NETWORK_TIMEOUT -> initialNetworkTimeout = raw.getNetworkTimeout();
                case HOLDABILITY -> initialHoldability = raw.getHoldability();
                case TYPE_MAP -> initialTypeMap = raw.getTypeMap();
                case CLIENT_INFO -> initialClientInfo = raw.getClientInfo();
                default -> throw new AssertionError(bit);
            }
            knownBits |= bit;
        }
        dirtyBits |= bit;
    }

    void trackOpen(ProxyStatement statement) {
        openStatements.add(statement);
    }

    void untrack(ProxyStatement statement) {
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
     * Puts the connection back the way the pool lent it: closes statements left open, rolls back an unfinished
     * transaction, restores changed settings, clears warnings. Costs one driver call ({@code clearWarnings}) when
     * the borrower changed nothing. Any failure here means the state is unknown, so the caller discards the
     * connection.
     */
    void resetForReuse() throws SQLException {
        if (!openStatements.isEmpty()) {
            // Newest first; closeForReturn() does not untrack, the list is cleared once all are closed.
            for (int i = openStatements.size() - 1; i >= 0; i--) {
                openStatements.get(i).closeForReturn();
            }
            openStatements.clear();
        }
        if (txDirty) {
            // Before auto-commit goes back on: switching it on would commit the borrower's unfinished work.
            raw.rollback();
            txDirty = false;
        }
        if (dirtyBits != 0) {
            if ((dirtyBits & AUTO_COMMIT) != 0 && autoCommit != initialAutoCommit) {
                raw.setAutoCommit(initialAutoCommit);
                autoCommit = initialAutoCommit;
            }
            if ((dirtyBits & READ_ONLY) != 0) {
                raw.setReadOnly(initialReadOnly);
            }
            if ((dirtyBits & ISOLATION) != 0) {
                raw.setTransactionIsolation(initialIsolation);
            }
            if ((dirtyBits & CATALOG) != 0 && initialCatalog != null) {
                raw.setCatalog(initialCatalog);
            }
            if ((dirtyBits & SCHEMA) != 0 && initialSchema != null) {
                raw.setSchema(initialSchema);
            }
            if ((dirtyBits & NETWORK_TIMEOUT) != 0) {
                raw.setNetworkTimeout(DIRECT, initialNetworkTimeout);
            }
            if ((dirtyBits & HOLDABILITY) != 0) {
                raw.setHoldability(initialHoldability);
            }
            if ((dirtyBits & TYPE_MAP) != 0 && initialTypeMap != null) {
                raw.setTypeMap(initialTypeMap);
            }
            if ((dirtyBits & CLIENT_INFO) != 0 && initialClientInfo != null) {
                raw.setClientInfo(initialClientInfo);
            }
            dirtyBits = 0;
        }
        raw.clearWarnings();
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

    @Override
    public String toString() {
        return "connection " + id;
    }
}
