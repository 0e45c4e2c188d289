package org.poolbench.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's engine: which connections exist, which are idle, who is waiting, and the cleaner.
 *
 * <h2>Algorithm</h2>
 * One {@link ReentrantLock} guards three intrusive doubly-linked lists and the counters. On the borrow and return
 * paths a critical section is a few pointer moves: no driver call, no allocation, no logging. (Rare paths bend
 * this: a limit setter logs its correction, and a pool-level statement closed while its connection is idle is
 * closed on the spot under the lock, as Go does; see {@link #dropStatement}.)
 * <ul>
 *   <li><b>Borrow.</b> Take the newest idle connection (LIFO, as Go does, so the least recently used ones age
 *       out), skipping any past its lifetime. Else, if under max open, reserve a slot ({@code open++}) and open
 *       a connection outside the lock. Else join the FIFO queue of waiters and park.</li>
 *   <li><b>Return.</b> The borrower first resets the connection outside the lock (and runs the configured reset
 *       statement, if any; a failure of either marks the connection broken). Then: a broken or expired
 *       connection, or one over a lowered max open, is closed; otherwise it goes straight to the first waiter
 *       (direct hand-off: it never becomes idle, so no barging thread can take it); otherwise it becomes the
 *       newest idle one if max idle allows, else it is closed.</li>
 *   <li><b>Capacity.</b> A closed connection's slot is freed once its physical close has returned (as Go does,
 *       so the database never sees more than max open connections). If threads wait, the first is given the slot
 *       instead of a connection and opens one itself.</li>
 * </ul>
 * Invariants, under the lock: {@code open == inUse + idleCount}, where a connection being opened or closed counts
 * as in use; {@code idleCount <= max(maxIdle, 0)};
 * {@code open <= maxOpen} when positive, except after max open was lowered (the surplus is closed as it comes
 * back); the waiter queue is empty whenever the idle list is not; each entry is in exactly one state and sits in
 * the idle list if and only if it is {@code IDLE}.
 *
 * <h2>Failures</h2>
 * Whatever a driver or the clock throws, Errors included, the accounting stays right. Closing a physical
 * connection or statement the pool has given up is best effort and swallows everything; a borrower whose wait
 * throws leaves the queue and gives back what it was handed meanwhile; a reset that throws marks the connection
 * broken and the Error is rethrown only after the connection is placed; a failed sweep is logged and the cleaner
 * goes on.
 *
 * <h2>Cleaner cost</h2>
 * The idle list is ordered by return time (oldest first) and the open list by creation time (oldest first), so a
 * sweep walks each from its old end and stops at the first connection that has not expired: it costs one step
 * per expired connection plus one, whatever the number of healthy idle connections. (An expired connection that
 * is in use stays in the open list until it comes back and is closed then, so it is stepped over by each sweep
 * until then.) The stats count the sweeps and their real time ({@link PoolStats#sweeps()},
 * {@link PoolStats#sweepTime()}), so this can be measured; {@link PoolConfig#cleanerInterval} lets research sweep
 * often over healthy connections without shortening any limit.
 *
 * <h2>Allocation</h2>
 * Borrowing an idle connection and returning it allocates nothing here; the caller allocates the one wrapper
 * that makes a stale handle harmless. Waiting allocates a waiter node; opening allocates the entry.
 */
final class PoolCore {
    private static final System.Logger LOG = System.getLogger("org.poolbench.pool");

    final String name;
    final PoolClock clock;
    private final ConnectionFactory factory;
    private final long cleanerFloorNanos;
    /** {@link PoolConfig#cleanerInterval}: a fixed interval for research, or zero for Go's rule. */
    private final long cleanerFixedNanos;
    /** {@link PoolConfig#resetStatement}: run on every return after the session reset; null for none. */
    private final String resetStatement;
    final ReentrantLock lock = new ReentrantLock();

    // ---------------------------------------------------------------- guarded by lock
    private int maxOpen;
    private int maxIdle;
    /** Whether the user chose max idle; Go's default of 2 under a max open of 1 is lowered without a warning. */
    private boolean maxIdleChosen;
    /** Written under the lock; volatile so a borrower can decide before locking whether it needs the clock. */
    private volatile long maxLifetimeNanos;
    private long maxIdleTimeNanos;
    private int open;
    /** Of {@code open}: connections forgotten by the pool whose physical close has not returned yet. */
    private int closing;
    private int idleCount;
    private int waiting;
    private PoolEntry idleOldest;
    private PoolEntry idleNewest;
    private PoolEntry openOldest;
    private PoolEntry openNewest;
    private Waiter firstWaiter;
    private Waiter lastWaiter;
    private boolean closed;
    private long nextId = 1;
    private long waitCount;
    private long maxIdleClosed;
    private long maxIdleTimeClosed;
    private long maxLifetimeClosed;
    private long opened;
    private long closedTotal;
    private SQLException lastConnectFailure;
    private Thread cleaner;
    /** Read on every borrow, so it is volatile instead of guarded. */
    private volatile long acquireTimeoutNanos;
    /** Bumped whenever the cleaner must re-read its interval (limits changed, pool closed). */
    private volatile int cleanerGeneration;

    // ---------------------------------------------------------------- outside the lock
    private final LongAdder waitNanos = new LongAdder();
    final LongAdder prepares = new LongAdder();
    final LongAdder reuses = new LongAdder();
    final LongAdder badConnRetries = new LongAdder();
    /** Written by the cleaner thread only; volatile so that stats read them without the lock. */
    private volatile long sweeps;
    private volatile long sweepNanos;

    /** A thread waiting for a connection. Its outcome fields are written under the lock before {@link #done}. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        Waiter next;
        Waiter prev;
        /** A connection handed over directly. */
        PoolEntry entry;
        /** A slot reserved for this waiter: it opens a connection itself. */
        boolean mayOpen;
        /** The pool closed while waiting. */
        SQLException failure;
        /** Written last (volatile), so the waiter can check it without the lock. */
        volatile boolean done;
    }

    PoolCore(PoolConfig config, String name, ConnectionFactory factory) {
        this.name = name;
        this.clock = config.clock();
        this.factory = factory;
        this.cleanerFloorNanos = saturatedNanos(config.cleanerFloor());
        this.cleanerFixedNanos = saturatedNanos(config.cleanerInterval());
        this.resetStatement = config.resetStatement();
        this.maxOpen = config.maxOpen();
        this.maxIdle = config.maxIdle();
        this.maxIdleChosen = config.maxIdleChosen();
        this.maxLifetimeNanos = saturatedNanos(config.maxLifetime());
        this.maxIdleTimeNanos = saturatedNanos(config.maxIdleTime());
        this.acquireTimeoutNanos = saturatedNanos(config.acquireTimeout());
        lock.lock();
        try {
            clampMaxIdleLocked("maxIdle");
            rearmCleanerLocked();
        } finally {
            lock.unlock();
        }
    }

    // ================================================================ borrow

    /**
     * Lends a connection: the newest idle one, a new one, or the next one returned, waiting up to
     * {@code timeoutNanos}. With {@code alwaysNew} the idle list is skipped (Go's {@code alwaysNewConn}); at max
     * open it still waits, and may then be handed a pooled connection, as in Go.
     */
    PoolEntry acquire(long timeoutNanos, boolean alwaysNew) throws SQLException {
        // Read the clock only when a lifetime is set, and before locking: the common case stays free of it. The
        // lifetime is read once, so that the clock reading and the limit it is compared with belong together.
        long lifetime = maxLifetimeNanos;
        long now = lifetime > 0 ? clock.nanoTime() : 0;
        while (true) {
            ArrayList<PoolEntry> expired = null;
            PoolEntry found = null;
            Waiter waiter = null;
            lock.lock();
            try {
                if (closed) {
                    throw closedError();
                }
                if (!alwaysNew) {
                    PoolEntry e;
                    while ((e = idleNewest) != null) {
                        if (lifetime > 0 && now - e.createdAt >= lifetime) {
                            // Allocate before unlinking: an unlinked, forgotten entry must reach closeAndFree.
                            expired = add(expired, e);
                            unlinkIdleLocked(e);
                            forgetLocked(e);
                            maxLifetimeClosed++;
                            continue;
                        }
                        unlinkIdleLocked(e);
                        found = e;
                        break;
                    }
                } else if (maxOpen > 0 && open >= maxOpen && idleOldest != null) {
                    // A new connection is wanted but the pool is full: give up the least recently used idle one
                    // for it. Queueing instead would leave a waiter beside idle connections, which nothing wakes.
                    PoolEntry e = idleOldest;
                    expired = add(expired, e);
                    unlinkIdleLocked(e);
                    forgetLocked(e);
                }
                // Reserve or queue only when nothing is being closed: the closed slots come free after the
                // physical close, and the next round of this loop decides with them counted right.
                if (found == null && expired == null) {
                    if (maxOpen <= 0 || open < maxOpen) {
                        open++; // the connect happens outside the lock
                    } else {
                        waiter = new Waiter();
                        enqueueLocked(waiter);
                    }
                }
            } finally {
                lock.unlock();
            }
            if (expired != null) {
                closeAndFree(expired); // never throws: a connection's close is best effort
                if (found == null) {
                    continue; // only expired ones were idle: decide again now that their slots are free
                }
            }
            if (found != null) {
                return found;
            }
            if (waiter == null) {
                return openReserved();
            }
            return await(waiter, timeoutNanos);
        }
    }

    /** Parks until the waiter is served, the timeout passes, or the thread is interrupted. */
    private PoolEntry await(Waiter w, long timeoutNanos) throws SQLException {
        long start = clock.nanoTime();
        long deadline = start + timeoutNanos;
        boolean interrupted = false;
        int[] counts = null;
        SQLException lastFailure = null;
        try {
            try {
                while (!w.done) {
                    if (Thread.interrupted()) {
                        interrupted = true;
                        break;
                    }
                    long left = deadline - clock.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    clock.parkNanos(this, left);
                }
            } catch (Throwable t) {
                abandon(w); // e.g. a clock that throws, or a stack overflow while parking
                throw t;
            }
            if (!w.done) {
                lock.lock();
                try {
                    // Re-check under the lock: a hand-off may have raced with the timeout, and then we take it.
                    if (!w.done) {
                        unlinkWaiterLocked(w);
                        counts = new int[] {open, open - idleCount, idleCount, waiting, maxOpen};
                        lastFailure = lastConnectFailure;
                    }
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            waitNanos.add(clock.nanoTime() - start);
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // keep the caller's interrupt status
        }
        if (counts != null) {
            if (interrupted) {
                SQLException e = new SQLException("pool '" + name + "': interrupted while waiting for a connection");
                e.initCause(new InterruptedException());
                throw e;
            }
            throw timeoutError(clock.nanoTime() - start, counts, lastFailure);
        }
        if (w.failure != null) {
            throw w.failure;
        }
        if (w.entry != null) {
            return w.entry;
        }
        return openReserved(); // w.mayOpen
    }

    /** Leaves the queue after an unexpected throwable, giving back whatever the waiter was handed meanwhile. */
    private void abandon(Waiter w) {
        boolean giveBack = false;
        lock.lock();
        try {
            if (!w.done) {
                unlinkWaiterLocked(w);
            } else if (w.mayOpen) {
                open--; // the reserved slot goes to the next waiter
                grantCapacityLocked();
            } else {
                giveBack = w.entry != null;
            }
        } finally {
            lock.unlock();
        }
        if (giveBack) {
            release(w.entry);
        }
    }

    private SQLTransientConnectionException timeoutError(long waitedNanos, int[] c, SQLException cause) {
        String message = "pool '" + name + "': no connection available after waiting "
                + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + " ms (open " + c[0] + ", in use " + c[1]
                + ", idle " + c[2] + ", waiting " + c[3] + ", max open " + (c[4] <= 0 ? "unlimited" : c[4]) + ")";
        if (cause != null) {
            // drivers quote URLs and may name the password in words: mask by rule and every secret the pool knows
            message += "; last connect failure: " + factory.redactQuoted(cause.getMessage());
        }
        return new SQLTransientConnectionException(message, null, cause);
    }

    /**
     * What a failed connect reaches the caller as: an exception naming the pool, as every error of the pool does,
     * quoting the driver's message with every secret the pool knows masked ({@link ConnectionFactory#redactQuoted};
     * the driver's own exception, the cause, is passed on unchanged). It keeps the driver's SQLState and vendor code
     * and, for the standard JDBC subclasses a connect failure comes in, its category, so that a caller catching by
     * type or state, and the {@link RetryRule}, see what the driver said.
     */
    private SQLException connectError(SQLException driver) {
        String quoted = driver.getMessage() == null ? driver.getClass().getName()
                : factory.redactQuoted(driver.getMessage());
        String message = "pool '" + name + "': cannot open a connection: " + quoted;
        String state = driver.getSQLState();
        int code = driver.getErrorCode();
        if (driver instanceof SQLInvalidAuthorizationSpecException) {
            return new SQLInvalidAuthorizationSpecException(message, state, code, driver);
        } else if (driver instanceof SQLNonTransientConnectionException) {
            return new SQLNonTransientConnectionException(message, state, code, driver);
        } else if (driver instanceof SQLTransientConnectionException) {
            return new SQLTransientConnectionException(message, state, code, driver);
        } else if (driver instanceof SQLRecoverableException) {
            return new SQLRecoverableException(message, state, code, driver);
        } else if (driver instanceof SQLTimeoutException) {
            return new SQLTimeoutException(message, state, code, driver);
        } else if (driver instanceof SQLNonTransientException) {
            return new SQLNonTransientException(message, state, code, driver);
        } else if (driver instanceof SQLTransientException) {
            return new SQLTransientException(message, state, code, driver);
        }
        return new SQLException(message, state, code, driver);
    }

    /** Opens a connection for a slot already counted in {@code open}. */
    private PoolEntry openReserved() throws SQLException {
        Connection raw = null;
        boolean autoCommit;
        try {
            raw = factory.connect();
            autoCommit = raw.getAutoCommit();
        } catch (SQLException | RuntimeException | Error e) {
            closeQuietly(raw);
            lock.lock();
            try {
                open--;
                if (e instanceof SQLException sql) {
                    lastConnectFailure = sql; // the driver's own: an acquire timeout quotes it under its own words
                }
                grantCapacityLocked();
            } finally {
                lock.unlock();
            }
            if (e instanceof SQLException sql) {
                throw connectError(sql);
            }
            throw e;
        }
        lock.lock();
        try {
            opened++;
            lastConnectFailure = null; // "last connect failure" only explains a timeout while connects are failing
            if (!closed) {
                // Timestamped under the lock so that the open list is in creation order.
                PoolEntry e = new PoolEntry(raw, nextId++, clock.nanoTime(), autoCommit);
                linkOpenLocked(e);
                return e;
            }
            closing++; // the pool closed while we connected: this one is closed below, and freed after that
        } finally {
            lock.unlock();
        }
        closeQuietly(raw);
        freeSlots(1);
        throw closedError();
    }

    // ================================================================ return

    /**
     * Takes a connection back from its holder: resets it (outside the lock), then hands it to a waiter, keeps it
     * idle, or closes it.
     */
    void release(PoolEntry e) {
        Error fatal = reset(e);
        place(e);
        if (fatal != null) {
            throw fatal; // only now that the connection is accounted for
        }
    }

    /**
     * The first half of {@link #release}: puts the session back as lent (outside the lock), or marks the
     * connection broken if that fails. Returns an Error to rethrow once the connection has been placed.
     */
    Error reset(PoolEntry e) {
        if (!e.broken) {
            try {
                e.resetForReuse(resetStatement);
            } catch (Exception ex) {
                e.broken = true; // the session's state is unknown now
            } catch (Error err) {
                e.broken = true;
                return err;
            }
        }
        return null;
    }

    /** The second half of {@link #release}: hands the connection to a waiter, keeps it idle, or closes it. */
    void place(PoolEntry e) {
        long now = clock.nanoTime();
        Waiter handedTo = null;
        boolean close = false;
        lock.lock();
        try {
            while (e.deferredCloses != null) {
                ArrayList<Stmt> stale = e.deferredCloses;
                e.deferredCloses = null;
                if (closed || e.broken) {
                    break; // the statements die with the connection
                }
                // Driver calls stay outside the lock; Stmt.close() may defer more meanwhile, hence the loop.
                lock.unlock();
                try {
                    for (Stmt s : stale) {
                        e.closeStatement(s);
                    }
                } finally {
                    lock.lock();
                }
            }
            if (closed || e.broken) {
                close = true;
            } else if (maxLifetimeNanos > 0 && now - e.createdAt >= maxLifetimeNanos) {
                maxLifetimeClosed++;
                close = true;
            } else if (maxOpen > 0 && open - closing > maxOpen) {
                // Max open was lowered: close the surplus as it comes back (Go does not count these anywhere).
                // Connections already closing are not surplus any more; counting them would close too many.
                close = true;
            } else if (firstWaiter != null) {
                handedTo = firstWaiter;
                unlinkWaiterLocked(handedTo);
                handedTo.entry = e; // stays IN_USE: it goes from one holder to the next without being idle
                handedTo.done = true;
            } else if (idleCount < maxIdle) {
                pushIdleLocked(e, now);
            } else {
                maxIdleClosed++;
                close = true;
            }
            if (close) {
                forgetLocked(e);
            }
        } finally {
            lock.unlock();
        }
        if (handedTo != null) {
            LockSupport.unpark(handedTo.thread);
        }
        if (close) {
            closeQuietly(e.raw);
            freeSlots(1);
        }
    }

    // ================================================================ the cleaner

    /** The cleaner's interval in nanos, or zero when no limit needs it. Caller holds the lock. */
    private long cleanerIntervalLocked() {
        long shortest;
        if (maxIdleTimeNanos <= 0) {
            shortest = maxLifetimeNanos;
        } else if (maxLifetimeNanos <= 0) {
            shortest = maxIdleTimeNanos;
        } else {
            shortest = Math.min(maxIdleTimeNanos, maxLifetimeNanos);
        }
        if (shortest <= 0 || closed) {
            return 0;
        }
        return cleanerFixedNanos > 0 ? cleanerFixedNanos : Math.max(shortest, cleanerFloorNanos);
    }

    /** Starts the cleaner if a limit needs it, or tells a running one to re-read its interval. */
    private void rearmCleanerLocked() {
        cleanerGeneration++;
        if (cleaner != null) {
            LockSupport.unpark(cleaner); // it re-reads the interval, and exits if none is needed
        } else if (cleanerIntervalLocked() > 0) {
            // Not inheriting thread locals or the context class loader of whichever thread set the limit.
            Thread t = new Thread(null, this::runCleaner, name + "-cleaner", 0, false);
            t.setDaemon(true);
            t.setContextClassLoader(PoolCore.class.getClassLoader());
            t.start(); // it blocks on the lock we hold until `cleaner` is set below
            cleaner = t;
        }
    }

    private void runCleaner() {
        Thread self = Thread.currentThread();
        try {
            cleanerLoop(self);
        } finally {
            // After an unexpected error, let the next limit change start a new cleaner.
            lock.lock();
            try {
                if (cleaner == self) {
                    cleaner = null;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void cleanerLoop(Thread self) {
        long deadline = Long.MAX_VALUE;
        boolean armed = false;
        while (true) {
            long interval;
            int generation;
            lock.lock();
            try {
                interval = cleanerIntervalLocked();
                generation = cleanerGeneration;
                if (interval == 0 || cleaner != self) {
                    // Cleared in the same critical section as the decision, so a limit set right after starts a
                    // new cleaner instead of waking this exiting one.
                    if (cleaner == self) {
                        cleaner = null;
                    }
                    return;
                }
            } finally {
                lock.unlock();
            }
            // A re-arm keeps an earlier deadline: setters called more often than the interval must not starve sweeps.
            long next = clock.nanoTime() + interval;
            deadline = armed && deadline - next < 0 ? deadline : next;
            armed = true;
            while (cleanerGeneration == generation) {
                long left = deadline - clock.nanoTime();
                if (left <= 0) {
                    // Real elapsed time, not the pool's clock: the cost of a sweep, which a manual clock would hide.
                    long started = System.nanoTime();
                    try {
                        sweep();
                    } catch (Throwable t) {
                        // Limits must go on being enforced: log, and keep the cleaner for the next sweep.
                        LOG.log(System.Logger.Level.WARNING, "pool '" + name + "': a cleaner sweep failed", t);
                    }
                    // Only this thread writes them, so a plain read-modify-write of the volatiles is safe.
                    sweepNanos += System.nanoTime() - started;
                    sweeps++;
                    armed = false;
                    break;
                }
                clock.parkNanos(this, left);
            }
        }
    }

    /**
     * Closes idle connections past their idle time and connections past their lifetime. Runs on the cleaner
     * thread; see the class comment for why it costs one step per expired connection.
     */
    void sweep() {
        ArrayList<PoolEntry> expired = null;
        long now = clock.nanoTime();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (maxIdleTimeNanos > 0) {
                PoolEntry e;
                while ((e = idleOldest) != null && now - e.returnedAt >= maxIdleTimeNanos) {
                    expired = add(expired, e);
                    unlinkIdleLocked(e);
                    forgetLocked(e);
                    maxIdleTimeClosed++;
                }
            }
            if (maxLifetimeNanos > 0) {
                PoolEntry e = openOldest;
                while (e != null && now - e.createdAt >= maxLifetimeNanos) {
                    PoolEntry newer = e.openNewer;
                    if (e.state == PoolEntry.State.IDLE) {
                        expired = add(expired, e);
                        unlinkIdleLocked(e);
                        forgetLocked(e);
                        maxLifetimeClosed++;
                    }
                    e = newer;
                }
            }
        } finally {
            lock.unlock();
        }
        closeAndFree(expired);
    }

    /** The running cleaner thread, or null; for tests. */
    Thread cleanerThread() {
        lock.lock();
        try {
            return cleaner;
        } finally {
            lock.unlock();
        }
    }

    /** The interval the cleaner uses now, or zero; for tests and {@code toString()}. */
    Duration cleanerInterval() {
        lock.lock();
        try {
            return Duration.ofNanos(cleanerIntervalLocked());
        } finally {
            lock.unlock();
        }
    }

    // ================================================================ limits

    int maxOpen() {
        lock.lock();
        try {
            return maxOpen;
        } finally {
            lock.unlock();
        }
    }

    int maxIdle() {
        lock.lock();
        try {
            return maxIdle;
        } finally {
            lock.unlock();
        }
    }

    long acquireTimeoutNanos() {
        return acquireTimeoutNanos;
    }

    Duration maxLifetime() {
        lock.lock();
        try {
            return Duration.ofNanos(maxLifetimeNanos);
        } finally {
            lock.unlock();
        }
    }

    Duration maxIdleTime() {
        lock.lock();
        try {
            return Duration.ofNanos(maxIdleTimeNanos);
        } finally {
            lock.unlock();
        }
    }

    /** Go's SetMaxOpenConns: never closes a connection in use; the surplus is closed as it comes back. */
    void setMaxOpen(int value) {
        ArrayList<PoolEntry> surplus;
        lock.lock();
        try {
            maxOpen = value;
            surplus = clampMaxIdleLocked("maxOpen");
            grantCapacityLocked(); // a raised limit lets waiters open connections
        } finally {
            lock.unlock();
        }
        closeAndFree(surplus);
    }

    /** Go's SetMaxIdleConns: surplus idle connections are closed at once, the least recently used first. */
    void setMaxIdle(int value) {
        ArrayList<PoolEntry> surplus;
        lock.lock();
        try {
            maxIdle = value;
            maxIdleChosen = true;
            surplus = clampMaxIdleLocked("maxIdle");
        } finally {
            lock.unlock();
        }
        closeAndFree(surplus);
    }

    void setMaxLifetime(Duration value) {
        lock.lock();
        try {
            maxLifetimeNanos = saturatedNanos(value);
            rearmCleanerLocked();
        } finally {
            lock.unlock();
        }
    }

    void setMaxIdleTime(Duration value) {
        lock.lock();
        try {
            maxIdleTimeNanos = saturatedNanos(value);
            rearmCleanerLocked();
        } finally {
            lock.unlock();
        }
    }

    void setAcquireTimeout(Duration value) {
        acquireTimeoutNanos = saturatedNanos(value);
    }

    /** Nanos of {@code d}, capped so that adding it to a clock reading cannot overflow. */
    static long saturatedNanos(Duration d) {
        long cap = Long.MAX_VALUE / 4; // about 73 years
        return d.compareTo(Duration.ofNanos(cap)) >= 0 ? cap : d.toNanos();
    }

    /**
     * Normalises max idle (zero or less keeps none; never above a positive max open, as Go does, with a warning
     * naming what changed) and unlinks the idle connections above it, oldest first. Go keeps its oldest idle
     * connections and drops the newest; we drop the oldest, which the cleaner would close first anyway.
     */
    private ArrayList<PoolEntry> clampMaxIdleLocked(String changed) {
        if (maxIdle < 0) {
            maxIdle = 0;
        }
        if (maxOpen > 0 && maxIdle > maxOpen) {
            if (maxIdleChosen) {
                LOG.log(System.Logger.Level.WARNING, "pool ''{0}'': maxIdle {1} is above maxOpen {2} (after {3} changed); "
                        + "lowered maxIdle to {2}, as Go''s database/sql does", name, maxIdle, maxOpen, changed);
            }
            maxIdle = maxOpen;
        }
        ArrayList<PoolEntry> surplus = null;
        while (idleCount > maxIdle) {
            PoolEntry e = idleOldest;
            surplus = add(surplus, e);
            unlinkIdleLocked(e);
            forgetLocked(e);
            maxIdleClosed++;
        }
        return surplus;
    }

    // ================================================================ pool-level statements

    /**
     * Closes {@code stmt}'s physical statements: at once on idle connections (under the lock, so that nobody
     * borrows the connection meanwhile, as Go does; closing a prepared statement is local or deferred in common
     * drivers), and when a lent-out connection comes back otherwise.
     */
    void dropStatement(Stmt stmt) {
        lock.lock();
        try {
            for (PoolEntry e = openOldest; e != null; e = e.openNewer) {
                if (e.state == PoolEntry.State.IDLE) {
                    e.closeStatement(stmt);
                } else {
                    if (e.deferredCloses == null) {
                        e.deferredCloses = new ArrayList<>(2);
                    }
                    e.deferredCloses.add(stmt);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ================================================================ stats and close

    PoolStats stats() {
        lock.lock();
        try {
            return new PoolStats(Math.max(maxOpen, 0), open, open - idleCount, idleCount, waiting, waitCount,
                    Duration.ofNanos(waitNanos.sum()), maxIdleClosed, maxIdleTimeClosed, maxLifetimeClosed, opened,
                    closedTotal, prepares.sum(), reuses.sum(), badConnRetries.sum(), sweeps,
                    Duration.ofNanos(sweepNanos));
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new borrowers, fails the waiting ones, closes idle connections now (in-use ones as they come back)
     * and stops the cleaner. Idempotent.
     */
    void close() {
        ArrayList<PoolEntry> idle = null;
        Thread cleanerToStop;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            while (idleOldest != null) {
                PoolEntry e = idleOldest;
                idle = add(idle, e);
                unlinkIdleLocked(e);
                forgetLocked(e);
            }
            while (firstWaiter != null) {
                Waiter w = firstWaiter;
                unlinkWaiterLocked(w);
                w.failure = closedError();
                w.done = true;
                LockSupport.unpark(w.thread);
            }
            cleanerToStop = cleaner;
            cleanerGeneration++;
        } finally {
            lock.unlock();
        }
        if (cleanerToStop != null) {
            LockSupport.unpark(cleanerToStop);
            if (cleanerToStop != Thread.currentThread()) {
                try {
                    // Bounded: a sweep closing a connection on a hung network must not hang close() forever.
                    cleanerToStop.join(Duration.ofSeconds(10));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        closeAndFree(idle);
    }

    SQLException closedError() {
        return new SQLException("pool '" + name + "' is closed");
    }

    // ================================================================ list and queue plumbing (lock held)

    private void enqueueLocked(Waiter w) {
        w.prev = lastWaiter;
        if (lastWaiter == null) {
            firstWaiter = w;
        } else {
            lastWaiter.next = w;
        }
        lastWaiter = w;
        waiting++;
        waitCount++;
    }

    private void unlinkWaiterLocked(Waiter w) {
        if (w.prev == null) {
            firstWaiter = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            lastWaiter = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.next = null;
        w.prev = null;
        waiting--;
    }

    /** Gives free slots (under a raised or freed max open) to waiters, first come first served. */
    private void grantCapacityLocked() {
        while (firstWaiter != null && !closed && (maxOpen <= 0 || open < maxOpen)) {
            Waiter w = firstWaiter;
            unlinkWaiterLocked(w);
            open++;
            w.mayOpen = true;
            w.done = true;
            LockSupport.unpark(w.thread);
        }
    }

    private void pushIdleLocked(PoolEntry e, long now) {
        // Two returners can read the clock in one order and take the lock in the other; keeping returnedAt
        // non-decreasing along the list is what lets the idle sweep stop at the first unexpired entry.
        e.returnedAt = idleNewest != null && idleNewest.returnedAt > now ? idleNewest.returnedAt : now;
        e.state = PoolEntry.State.IDLE;
        e.idleOlder = idleNewest;
        e.idleNewer = null;
        if (idleNewest == null) {
            idleOldest = e;
        } else {
            idleNewest.idleNewer = e;
        }
        idleNewest = e;
        idleCount++;
    }

    private void unlinkIdleLocked(PoolEntry e) {
        if (e.idleOlder == null) {
            idleOldest = e.idleNewer;
        } else {
            e.idleOlder.idleNewer = e.idleNewer;
        }
        if (e.idleNewer == null) {
            idleNewest = e.idleOlder;
        } else {
            e.idleNewer.idleOlder = e.idleOlder;
        }
        e.idleOlder = null;
        e.idleNewer = null;
        e.state = PoolEntry.State.IN_USE; // the caller lends it or forgets it
        idleCount--;
    }

    private void linkOpenLocked(PoolEntry e) {
        e.openOlder = openNewest;
        if (openNewest == null) {
            openOldest = e;
        } else {
            openNewest.openNewer = e;
        }
        openNewest = e;
    }

    /**
     * Drops an entry that is not idle from the open list. Its slot stays counted in {@code open} until the caller
     * has closed the physical connection outside the lock and called {@link #freeSlots(int)}: as in Go, the pool
     * never has more than max open physical connections, even for a moment, so a database whose own connection
     * limit equals max open never refuses it.
     */
    private void forgetLocked(PoolEntry e) {
        if (e.openOlder == null) {
            openOldest = e.openNewer;
        } else {
            e.openOlder.openNewer = e.openNewer;
        }
        if (e.openNewer == null) {
            openNewest = e.openOlder;
        } else {
            e.openNewer.openOlder = e.openOlder;
        }
        e.openOlder = null;
        e.openNewer = null;
        e.state = PoolEntry.State.CLOSED;
        closing++;
    }

    private static ArrayList<PoolEntry> add(ArrayList<PoolEntry> list, PoolEntry e) {
        if (list == null) {
            list = new ArrayList<>(4);
        }
        list.add(e);
        return list;
    }

    /** Closes forgotten entries' physical connections, then frees their slots. Call without the lock. */
    private void closeAndFree(ArrayList<PoolEntry> entries) {
        if (entries == null) {
            return;
        }
        for (PoolEntry e : entries) {
            closeQuietly(e.raw);
        }
        freeSlots(entries.size());
    }

    /** Gives back slots of connections now physically closed; every freed slot goes to the first waiter. */
    private void freeSlots(int n) {
        lock.lock();
        try {
            open -= n;
            closing -= n;
            closedTotal += n;
            grantCapacityLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes a physical connection the pool has given up, swallowing whatever the driver throws, Errors included:
     * the pool's accounting must not depend on a driver's close behaving, and there is nothing else to do with
     * a connection that would not close.
     */
    private void closeQuietly(Connection raw) {
        if (raw != null) {
            try {
                raw.close();
            } catch (Throwable ex) {
                // Named so that an operator with several pools knows whose database misbehaves; the name is the
                // pool's own label, never a URL or a property, so no secret reaches the log.
                LOG.log(ex instanceof Exception ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                        "pool '" + name + "': closing a physical connection failed", ex);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }

    // ================================================================ invariant check (tests)

    /**
     * Checks the invariants stated in the class comment and throws if any is broken; see
     * {@link #invariantViolations(boolean)} for what is checked. Tests call it after every pool test and while the
     * stress tests run.
     *
     * @param quiescent whether no thread is inside a call on this pool (see {@link #invariantViolations(boolean)})
     * @throws AssertionError naming every broken invariant and the values that break it
     */
    void checkInvariants(boolean quiescent) {
        List<String> broken = invariantViolations(quiescent);
        if (!broken.isEmpty()) {
            throw new AssertionError("pool '" + name + "' breaks " + broken.size() + " invariant(s):\n  "
                    + String.join("\n  ", broken));
        }
    }

    /**
     * Walks, under the lock, the idle list, the open list and the waiter queue, and compares them with each other
     * and with the counters. It allocates and walks every list, so it is for tests, never for the borrow path.
     *
     * <p>Always checked: each list's forward and backward links agree and end where its head and tail fields say,
     * with no cycle; the idle list is ordered by return time and the open list by creation (time and id), both
     * oldest first; an entry is in the idle list if and only if it is in the open list with state {@code IDLE},
     * and no entry in either list is {@code CLOSED}; an idle entry has no deferred statement closes;
     * {@code idleCount} and {@code waiting} are the lengths of their lists; {@code 0 <= closing <= open};
     * {@code open} covers the open list, the connections being closed and those being opened
     * ({@code open >= openList + closing}, {@code open >= opened - closed}); {@code 0 <= idleCount <= maxIdle},
     * and {@code maxIdle <= maxOpen} when max open is positive; a queued waiter has been given nothing yet; nobody
     * waits while a connection is idle, nor while the pool could open one ({@code maxOpen > 0},
     * {@code open >= maxOpen}); a closed pool has no idle connection and no waiter.
     *
     * <p>{@code open <= maxOpen} is not checked while connections may be lent out: after max open is lowered the
     * surplus legitimately stays open until it comes back.
     *
     * <p>With {@code quiescent} (no thread borrowing, returning, connecting, closing or waiting, as after a test or
     * a stress run), the counters must also match exactly: nothing is closing or waiting, {@code open} is the open
     * list's length and equals {@code opened - closed}, {@code open <= maxOpen} when positive and nothing is in use,
     * and a closed pool's cleaner has stopped.
     *
     * @param quiescent whether no thread is inside a call on this pool, so that no slot is reserved for a connect
     *                  in flight and no connection is half closed
     * @return one line per broken invariant, naming it and the values seen; empty when every invariant holds
     */
    List<String> invariantViolations(boolean quiescent) {
        List<String> broken = new ArrayList<>();
        lock.lock();
        try {
            // Identity sets, not equals(): what matters is which objects are linked, and a cycle must end the walk.
            Set<PoolEntry> idle = Collections.newSetFromMap(new IdentityHashMap<>());
            PoolEntry previous = null;
            boolean cycle = false;
            for (PoolEntry e = idleOldest; e != null; previous = e, e = e.idleNewer) {
                if (!idle.add(e)) {
                    broken.add("idle list: a cycle returns to entry " + e.id);
                    cycle = true;
                    break;
                }
                if (e.idleOlder != previous) {
                    broken.add("idle list: entry " + e.id + " links back to " + idOf(e.idleOlder) + ", not to "
                            + idOf(previous));
                }
                if (e.state != PoolEntry.State.IDLE) {
                    broken.add("idle list: entry " + e.id + " is in it but its state is " + e.state);
                }
                if (e.deferredCloses != null) {
                    broken.add("idle list: entry " + e.id + " still has deferred statement closes");
                }
                if (previous != null && e.returnedAt < previous.returnedAt) {
                    broken.add("idle list: not ordered by return time, entry " + e.id + " (" + e.returnedAt
                            + ") follows entry " + previous.id + " (" + previous.returnedAt + ")");
                }
            }
            if (!cycle && idleNewest != previous) {
                broken.add("idle list: its newest end is entry " + idOf(idleNewest) + " but the walk ends at entry "
                        + idOf(previous));
            }
            if (idle.size() != idleCount) {
                broken.add("idleCount is " + idleCount + " but the idle list holds " + idle.size());
            }

            Set<PoolEntry> listed = Collections.newSetFromMap(new IdentityHashMap<>());
            int lentOut = 0;
            previous = null;
            cycle = false;
            for (PoolEntry e = openOldest; e != null; previous = e, e = e.openNewer) {
                if (!listed.add(e)) {
                    broken.add("open list: a cycle returns to entry " + e.id);
                    cycle = true;
                    break;
                }
                if (e.openOlder != previous) {
                    broken.add("open list: entry " + e.id + " links back to " + idOf(e.openOlder) + ", not to "
                            + idOf(previous));
                }
                if (e.state == PoolEntry.State.CLOSED) {
                    broken.add("open list: entry " + e.id + " is in it but CLOSED");
                } else if (e.state == PoolEntry.State.IDLE && !idle.contains(e)) {
                    broken.add("entry " + e.id + " is IDLE but not in the idle list");
                } else if (e.state == PoolEntry.State.IN_USE) {
                    lentOut++;
                }
                if (previous != null && (e.id <= previous.id || e.createdAt < previous.createdAt)) {
                    broken.add("open list: not in creation order, entry " + e.id + " (created " + e.createdAt
                            + ") follows entry " + previous.id + " (created " + previous.createdAt + ")");
                }
                if (e.id >= nextId) {
                    broken.add("open list: entry " + e.id + " has an id not yet handed out (next " + nextId + ")");
                }
            }
            if (!cycle && openNewest != previous) {
                broken.add("open list: its newest end is entry " + idOf(openNewest) + " but the walk ends at entry "
                        + idOf(previous));
            }
            for (PoolEntry e : idle) {
                if (!listed.contains(e)) {
                    broken.add("entry " + e.id + " is in the idle list but not in the open list");
                }
            }

            Set<Waiter> queued = Collections.newSetFromMap(new IdentityHashMap<>());
            Waiter before = null;
            cycle = false;
            for (Waiter w = firstWaiter; w != null; before = w, w = w.next) {
                if (!queued.add(w)) {
                    broken.add("waiter queue: a cycle returns to waiter " + w.thread.getName());
                    cycle = true;
                    break;
                }
                if (w.prev != before) {
                    broken.add("waiter queue: waiter " + w.thread.getName() + " links back to the wrong waiter");
                }
                if (w.done || w.entry != null || w.mayOpen || w.failure != null) {
                    broken.add("waiter queue: waiter " + w.thread.getName() + " is queued but was already served");
                }
            }
            if (!cycle && lastWaiter != before) {
                broken.add("waiter queue: its last waiter is not where the walk ends");
            }
            if (queued.size() != waiting) {
                broken.add("waiting is " + waiting + " but the waiter queue holds " + queued.size());
            }

            if (open < 0 || closing < 0 || closing > open) {
                broken.add("0 <= closing <= open does not hold: open " + open + ", closing " + closing);
            }
            if (open < listed.size() + closing) {
                broken.add("open " + open + " is less than the open list (" + listed.size() + ") plus closing ("
                        + closing + ")");
            }
            if (open < opened - closedTotal) {
                broken.add("open " + open + " is less than opened - closed (" + opened + " - " + closedTotal + ")");
            }
            if (maxIdle < 0 || idleCount > maxIdle) {
                broken.add("0 <= idleCount <= maxIdle does not hold: idleCount " + idleCount + ", maxIdle " + maxIdle);
            }
            if (maxOpen > 0 && maxIdle > maxOpen) {
                broken.add("maxIdle " + maxIdle + " is above maxOpen " + maxOpen);
            }
            if (firstWaiter != null && idleOldest != null) {
                broken.add("threads wait (" + waiting + ") while connections are idle (" + idleCount + ")");
            }
            if (firstWaiter != null && (closed || maxOpen <= 0 || open < maxOpen)) {
                broken.add("threads wait (" + waiting + ") although the pool could open a connection (open " + open
                        + ", maxOpen " + maxOpen + (closed ? ", closed" : "") + ")");
            }
            if (closed && (idleOldest != null || idleCount != 0)) {
                broken.add("the pool is closed but keeps " + idleCount + " idle connection(s)");
            }

            if (quiescent) {
                if (closing != 0) {
                    broken.add("quiescent, yet " + closing + " connection(s) are closing");
                }
                if (waiting != 0) {
                    broken.add("quiescent, yet " + waiting + " thread(s) are waiting");
                }
                if (open != listed.size()) {
                    broken.add("quiescent, yet open is " + open + " while the open list holds " + listed.size());
                }
                if (open != opened - closedTotal) {
                    broken.add("quiescent, yet open " + open + " is not opened - closed (" + opened + " - "
                            + closedTotal + ")");
                }
                if (maxOpen > 0 && lentOut == 0 && open > maxOpen) {
                    broken.add("open " + open + " is above maxOpen " + maxOpen + " with nothing in use");
                }
                if (closed && cleaner != null) {
                    broken.add("the pool is closed but its cleaner " + cleaner.getName() + " is still registered");
                }
            }
        } finally {
            lock.unlock();
        }
        return broken;
    }

    private static String idOf(PoolEntry e) {
        return e == null ? "none" : Long.toString(e.id);
    }
}
