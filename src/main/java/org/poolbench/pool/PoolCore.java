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
import java.util.Arrays;
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
 * Every open connection sits in a table (an array, one slot each), and its {@link PoolEntry#state} says who may use
 * it. Borrowing and returning an idle connection take no lock: ownership moves by one compare-and-set on the
 * entry. A {@link ReentrantLock} guards the rest (opening, closing, the waiter queue, the limits, the cleaner)
 * and the counters; on those paths a critical section is a few field writes or a walk of the table: no driver
 * call, no allocation in steady state, no logging (a limit setter logs its correction, and a pool-level statement
 * closed while its connection is idle is closed at once, as Go does; see {@link #dropStatement}).
 * <ul>
 *   <li><b>Borrow.</b> First the connections this thread returned, newest first (each thread keeps the table
 *       slots of its last {@value #RECENT} returns), then the table from a slot of the thread's own, taking the
 *       first idle connection whose compare-and-set succeeds; then, under the lock, the same again; then, if under
 *       max open, reserve a slot ({@code open++}) and open a connection outside the lock; else wait in the FIFO
 *       queue. So one thread always gets back its most recently returned connection first (Go's LIFO reuse, which
 *       lets the least recently used connections age out), and threads that do not outnumber the connections
 *       each keep to their own, writing no memory that another thread reads. A connection past its lifetime is
 *       closed instead of lent.</li>
 *   <li><b>Return.</b> The borrower first resets the connection outside the lock (and runs the configured reset
 *       statement, if any; a failure of either marks the connection broken). Then, on the fast path, it publishes
 *       the connection IDLE with one volatile store. The fast path is open while the pool is open and no more
 *       connections are open than max idle allows to be idle (so the idle limit cannot be passed), and the
 *       connection is healthy, within its lifetime and has no statement closes pending. Otherwise the return takes
 *       the lock, where a broken or expired connection, or one over a lowered max open or over max idle, is closed,
 *       and a healthy one is handed to a waiter or kept idle.</li>
 *   <li><b>Waiting and fairness.</b> A connection returned while threads wait is, by default, free for whoever
 *       takes it first (barging), and the longest waiter is woken to try; only one waiter is awake at a time, so a
 *       burst of returns costs one wake-up, not one per return. A waiter that has waited {@link
 *       PoolConfig#bargeLimit} or longer puts the pool in <em>hand-off</em> mode: every return goes straight to
 *       the longest waiter, never becoming idle, and new borrowers queue behind, until the next waiter in line has
 *       waited less than the limit (the scheme of Go's {@code sync.Mutex}, whose starvation mode starts after
 *       1 ms). A bound of zero is strict FIFO: always hand-off. Barging lets a running thread reuse the connection
 *       it just returned instead of parking and waking a thread for every return, which on an oversubscribed
 *       machine is what a borrow costs; the bound keeps the longest wait near the bound plus one pass of the
 *       queue.</li>
 *   <li><b>Capacity.</b> A closed connection's slot is freed once its physical close has returned (as Go does,
 *       so the database never sees more than max open connections). If threads wait, the first is given the slot
 *       instead of a connection and opens one itself.</li>
 * </ul>
 *
 * <h2>Why the lock-free steps are safe</h2>
 * Three pairs of threads decide without a common lock, each by writing one volatile and then reading another, so
 * that at least one of the two sees the other (every volatile access is sequentially consistent):
 * <ul>
 *   <li>a returner publishes IDLE, then reads {@link #waiting}; a waiter raises {@code waiting} under the lock,
 *       then looks at the table again. So a connection published as a thread starts to wait is either seen by
 *       that thread or causes a wake-up.</li>
 *   <li>a returner publishes IDLE, then reads {@link #fastReturn}; whoever closes that gate (the pool's close, a
 *       lower max idle, a connect that takes {@code open} above max idle) writes it under the lock, then counts or
 *       closes what is idle. So no connection becomes idle unseen past the gate: a returner that finds the gate
 *       shut after publishing takes its connection back and places it under the lock.</li>
 *   <li>a returner publishes IDLE, then reads {@link #awake}; a woken waiter clears {@code awake}, then looks at
 *       the table. So a returner skips the wake-up only while a waiter is sure to look after its publish.</li>
 * </ul>
 * The same holds for {@link PoolEntry#deferredCloses} against {@link #dropStatement}. A connection is lent at most
 * once at a time because only the compare-and-set from IDLE, or an owner's direct hand-off under the lock, makes
 * a thread its owner.
 *
 * <p>Invariants, under the lock: {@code open >= tableCount + closing}, where a connection being opened or closed
 * counts as open; every entry in the table is IDLE or IN_USE and knows its slot; the idle count (the IDLE
 * entries, counted on read) is at most {@code max(maxIdle, 0)}; {@code open <= maxOpen} when positive, except
 * after max open was lowered (the surplus is closed as it comes back); {@code waiting} is the queue's length;
 * nobody waits while the pool could open a connection. Stats derive in-use as open minus idle, so
 * {@code open == inUse + idle} in every snapshot.
 *
 * <h2>Failures</h2>
 * Whatever a driver or the clock throws, Errors included, the accounting stays right. Closing a physical
 * connection or statement the pool has given up is best effort and swallows everything; a borrower whose wait
 * throws leaves the queue and gives back what it was handed meanwhile; a reset that throws marks the connection
 * broken and the Error is rethrown only after the connection is placed; a failed sweep is logged and the cleaner
 * goes on.
 *
 * <h2>Cleaner cost</h2>
 * A sweep walks the table once under the lock, reading each connection's state and times: a few nanoseconds per
 * open connection, and borrowers and returners on the fast path never wait for it. It closes idle connections past
 * their idle time and idle connections past their lifetime (one in use past its lifetime is closed when it comes
 * back). The stats count the sweeps and their real time ({@link PoolStats#sweeps()}, {@link PoolStats#sweepTime()}),
 * so this can be measured; {@link PoolConfig#cleanerInterval} lets research sweep often over healthy connections
 * without shortening any limit.
 *
 * <h2>Allocation</h2>
 * Borrowing an idle connection and returning it allocate nothing here; the caller allocates the one wrapper that
 * makes a stale handle harmless. Waiting reuses a node per thread; opening allocates the entry, and a thread's
 * first borrow its small per-thread record.
 */
final class PoolCore {
    private static final System.Logger LOG = System.getLogger("org.poolbench.pool");
    /** How many of its latest returns a thread remembers, to borrow them back newest first. */
    static final int RECENT = 16;

    final String name;
    final PoolClock clock;
    private final ConnectionFactory factory;
    private final long cleanerFloorNanos;
    /** {@link PoolConfig#cleanerInterval}: a fixed interval for research, or zero for Go's rule. */
    private final long cleanerFixedNanos;
    /** {@link PoolConfig#resetStatement}: run on every return after the session reset; null for none. */
    private final String resetStatement;
    /** {@link PoolConfig#bargeLimit}: how long a waiter may be overtaken; zero is strict FIFO. */
    private final long bargeLimitNanos;
    final ReentrantLock lock = new ReentrantLock();
    /** Each thread's recent returns and its reusable waiter node. Holds no reference to this pool. */
    private final ThreadLocal<Local> locals = ThreadLocal.withInitial(Local::new);

    // ---------------------------------------------------------------- written under the lock
    private int maxOpen;
    private int maxIdle;
    /** Whether the user chose max idle; Go's default of 2 under a max open of 1 is lowered without a warning. */
    private boolean maxIdleChosen;
    /** Volatile: the lock-free paths decide with it whether they need the clock. */
    private volatile long maxLifetimeNanos;
    private volatile long maxIdleTimeNanos;
    private int open;
    /** Of {@code open}: connections forgotten by the pool whose physical close has not returned yet. */
    private int closing;
    /**
     * Every open connection that is lent out or idle, at {@link PoolEntry#slot}; free slots are null. Replaced by a
     * larger copy when full. Read without the lock by the fast borrow path: a slot seen stale is harmless, since
     * only a successful compare-and-set on the entry lends it, and the locked path looks again.
     */
    private volatile PoolEntry[] table = new PoolEntry[8];
    private int tableCount;
    /** Queued waiters; volatile because returners read it without the lock (see the class comment). */
    private volatile int waiting;
    private Waiter firstWaiter;
    private Waiter lastWaiter;
    /** The waiter woken to look for an idle connection and not yet looking; null if none. */
    private volatile Waiter awake;
    /** Hand-off mode: a waiter has waited {@link #bargeLimitNanos} or longer; returns go to the longest waiter. */
    private volatile boolean starving;
    private volatile boolean closed;
    /**
     * Whether a healthy connection may become idle without the lock: the pool is open and {@code open <= maxIdle},
     * so that the idle count cannot pass max idle (idle connections are some of the open ones). Written under the
     * lock by {@link #updateGateLocked()} whenever one of these changes.
     */
    private volatile boolean fastReturn;
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

    /**
     * A thread's own record: the table slots of its latest returns (a stack, newest on top, the oldest dropped when
     * full) and the node it waits with, reused so that waiting allocates nothing. Only its thread touches it, except
     * the waiter node, whose outcome fields are written under the lock while it is queued.
     */
    static final class Local {
        final Thread thread = Thread.currentThread();
        final int[] recent = new int[RECENT];
        int top;
        /** Where this thread's table scans start, so that threads spread over the connections. */
        final int start = (int) (Thread.currentThread().threadId() * 0x9E3779B9L >>> 8) & 0x7fffffff;
        Waiter waiter;

        void push(int slot) {
            if (top == RECENT) {
                System.arraycopy(recent, 1, recent, 0, RECENT - 1);
                top--;
            }
            recent[top++] = slot;
        }
    }

    /** A thread waiting for a connection. Its outcome fields are written under the lock before {@link #done}. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        Waiter next;
        Waiter prev;
        /** When it joined the queue (clock nanos). */
        long since;
        /** A connection handed over directly. */
        PoolEntry entry;
        /** A slot reserved for this waiter: it opens a connection itself. */
        boolean mayOpen;
        /** The pool closed while waiting. */
        SQLException failure;
        /** Whether it is in the queue; under the lock. */
        boolean queued;
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
        this.bargeLimitNanos = saturatedNanos(config.bargeLimit());
        this.maxOpen = config.maxOpen();
        this.maxIdle = config.maxIdle();
        this.maxIdleChosen = config.maxIdleChosen();
        this.maxLifetimeNanos = saturatedNanos(config.maxLifetime());
        this.maxIdleTimeNanos = saturatedNanos(config.maxIdleTime());
        this.acquireTimeoutNanos = saturatedNanos(config.acquireTimeout());
        lock.lock();
        try {
            clampMaxIdleLocked("maxIdle");
            updateGateLocked();
            rearmCleanerLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Whether returns go straight to the longest waiter now (strict FIFO, or a waiter has waited too long). */
    private boolean handOffMode() {
        return bargeLimitNanos == 0 || starving;
    }

    // ================================================================ borrow

    /**
     * Lends a connection: the newest idle one, a new one, or the next one returned, waiting up to
     * {@code timeoutNanos}. With {@code alwaysNew} idle connections are skipped (Go's {@code alwaysNewConn}); at
     * max open it still waits, and may then be handed a pooled connection, as in Go.
     */
    PoolEntry acquire(long timeoutNanos, boolean alwaysNew) throws SQLException {
        while (true) {
            // Read the clock only when a lifetime is set: the common case stays free of it. Read before taking
            // anything, so that a clock that throws leaves nothing taken; the lifetime is read once, so that the
            // reading and the limit it is compared with belong together.
            long lifetime = maxLifetimeNanos;
            long now = lifetime > 0 ? clock.nanoTime() : 0;
            PoolEntry e = alwaysNew ? null : takeIdleFast();
            if (e == null) {
                e = acquireLocked(timeoutNanos, alwaysNew);
                if (lifetime > 0) {
                    try {
                        now = clock.nanoTime(); // again: it may have waited
                    } catch (Throwable t) {
                        release(e);
                        throw t;
                    }
                }
            }
            if (lifetime <= 0 || now - e.createdAt < lifetime) {
                return e;
            }
            discard(e, true); // Go checks on borrow too: a connection past its lifetime is never lent
        }
    }

    /**
     * The lock-free borrow: this thread's recent returns, newest first, then the table. Null if nothing idle was
     * taken, or if the pool is closed or in hand-off mode with waiters (then the caller queues behind them).
     */
    private PoolEntry takeIdleFast() {
        if (closed || (waiting != 0 && handOffMode())) {
            return null;
        }
        return takeIdle(locals.get());
    }

    /** Takes an idle connection: the thread's recent returns first, then any in the table. Null if none. */
    private PoolEntry takeIdle(Local l) {
        PoolEntry[] t = table;
        while (l.top > 0) {
            int s = l.recent[--l.top];
            PoolEntry e = s < t.length ? t[s] : null;
            if (e != null && e.tryTake()) {
                e.taker = l;
                return e;
            }
        }
        int n = t.length;
        int first = l.start % n;
        for (int i = 0; i < n; i++) {
            int s = first + i;
            PoolEntry e = t[s < n ? s : s - n];
            if (e != null && e.tryTake()) {
                e.taker = l;
                return e;
            }
        }
        return null;
    }

    /**
     * The calling thread's record: the one that took {@code e}, when this thread took it (the usual case, which
     * spares a thread-local lookup on the return), else looked up.
     */
    private Local localFor(PoolEntry e) {
        Local l = e.taker;
        return l != null && l.thread == Thread.currentThread() ? l : locals.get();
    }

    /** Closes a connection taken from the pool instead of lending it, and frees its slot. */
    private void discard(PoolEntry e, boolean lifetime) {
        lock.lock();
        try {
            forgetLocked(e);
            if (lifetime) {
                maxLifetimeClosed++;
            }
        } finally {
            lock.unlock();
        }
        closeQuietly(e.raw);
        freeSlots(1);
    }

    /** The borrow under the lock: an idle connection, a reserved slot, or a place in the queue. */
    private PoolEntry acquireLocked(long timeoutNanos, boolean alwaysNew) throws SQLException {
        Local l = locals.get();
        while (true) {
            PoolEntry found = null;
            PoolEntry victim = null;
            Waiter waiter = null;
            Thread wake = null;
            boolean reserved = false;
            lock.lock();
            try {
                if (closed) {
                    throw closedError();
                }
                if (!alwaysNew) {
                    if (firstWaiter == null || !handOffMode()) {
                        found = takeIdle(l);
                    }
                } else if (maxOpen > 0 && open >= maxOpen) {
                    // A new connection is wanted but the pool is full: give up the least recently used idle one
                    // for it. Queueing instead would leave a waiter beside idle connections, which nothing wakes.
                    victim = takeOldestIdleLocked();
                }
                if (found == null && victim == null) {
                    if (maxOpen <= 0 || open < maxOpen) {
                        open++; // the connect happens outside the lock
                        updateGateLocked();
                        reserved = true;
                    } else {
                        waiter = enqueueLocked(l);
                        // A returner that published just before `waiting` rose may not have seen us: look again.
                        PoolEntry late = takeIdle(l);
                        if (late != null) {
                            if (alwaysNew) {
                                unlinkWaiterLocked(waiter);
                                waiter = null;
                                victim = late;
                            } else if (firstWaiter == waiter || !handOffMode()) {
                                unlinkWaiterLocked(waiter);
                                waiter = null;
                                found = late;
                            } else {
                                wake = handOffLocked(late); // it is the longest waiter's; we stay queued
                            }
                        }
                    }
                }
                if (victim != null) {
                    forgetLocked(victim);
                }
            } finally {
                lock.unlock();
            }
            if (wake != null) {
                LockSupport.unpark(wake);
            }
            if (victim != null) {
                closeQuietly(victim.raw); // never throws: a connection's close is best effort
                freeSlots(1);
                continue; // decide again now that its slot is free
            }
            if (found != null) {
                return found;
            }
            if (reserved) {
                return openReserved();
            }
            return await(waiter, timeoutNanos);
        }
    }

    /** Takes the idle connection returned longest ago, or null. Caller holds the lock. */
    private PoolEntry takeOldestIdleLocked() {
        while (true) {
            PoolEntry oldest = null;
            for (PoolEntry e : table) {
                if (e != null && e.state == PoolEntry.State.IDLE
                        && (oldest == null || e.returnedAt - oldest.returnedAt < 0)) {
                    oldest = e;
                }
            }
            if (oldest == null || oldest.tryTake()) {
                return oldest;
            }
            // a fast-path borrower took it meanwhile: look again
        }
    }

    /**
     * Parks until the waiter is served, the timeout passes, or the thread is interrupted. While the pool barges,
     * the longest waiter is woken to look for an idle connection itself, and every waiter wakes once its wait
     * reaches the barge limit, to switch the pool to hand-off mode if it still has nothing.
     */
    private PoolEntry await(Waiter w, long timeoutNanos) throws SQLException {
        long start = w.since;
        long deadline = start + timeoutNanos;
        boolean interrupted = false;
        int[] counts = null;
        SQLException lastFailure = null;
        PoolEntry taken = null;
        try {
            try {
                while (!w.done) {
                    if (Thread.interrupted()) {
                        interrupted = true;
                        break;
                    }
                    long now = clock.nanoTime();
                    long left = deadline - now;
                    if (left <= 0) {
                        break;
                    }
                    boolean barging = bargeLimitNanos > 0;
                    if (barging && !starving) {
                        long toLimit = start + bargeLimitNanos - now;
                        if (toLimit > 0 && toLimit < left) {
                            left = toLimit;
                        }
                    }
                    clock.parkNanos(this, left);
                    if (!w.done && barging && (taken = lookAgain(w)) != null) {
                        break;
                    }
                }
            } catch (Throwable t) {
                abandon(w); // e.g. a clock that throws, or a stack overflow while parking
                throw t;
            }
            if (taken == null && !w.done) {
                lock.lock();
                try {
                    // Re-check under the lock: a hand-off may have raced with the timeout, and then we take it.
                    if (!w.done) {
                        unlinkWaiterLocked(w);
                        int idle = idleCountLocked();
                        counts = new int[] {open, open - idle, idle, waiting, maxOpen};
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
        if (taken != null) {
            return taken;
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

    /**
     * A barging waiter's look at the table after a wake-up: takes an idle connection and leaves the queue, or, if
     * none and it has waited the barge limit, switches the pool to hand-off mode. Returns the connection or null.
     */
    private PoolEntry lookAgain(Waiter w) {
        Thread wake = null;
        PoolEntry e = null;
        lock.lock();
        try {
            if (w.done) {
                return null; // served meanwhile; the caller's loop sees it
            }
            if (awake == w) {
                awake = null; // before looking: a return after this point wakes someone (see the class comment)
            }
            if (firstWaiter == w || !handOffMode()) {
                e = takeIdle(locals.get());
            }
            if (e != null) {
                unlinkWaiterLocked(w);
                wake = wakeIfIdleLocked(); // more may be idle for the next in line
            } else if (!starving && clock.nanoTime() - w.since >= bargeLimitNanos) {
                starving = true;
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
        return e;
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
                updateGateLocked();
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
     * Takes a connection back from its holder: resets it (outside the lock), then keeps it idle, hands it to a
     * waiter, or closes it.
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

    /**
     * The second half of {@link #release}: keeps the connection idle without the lock when it can (see the class
     * comment), else places it under the lock.
     */
    void place(PoolEntry e) {
        if (!e.broken && fastReturn && e.deferredCloses == null && (waiting == 0 || !handOffMode())) {
            long lifetime = maxLifetimeNanos;
            long now = clock.nanoTime(); // always, as Go does: a limit set later needs the return time
            if (lifetime <= 0 || now - e.createdAt < lifetime) {
                e.returnedAt = now;
                localFor(e).push(e.slot);
                e.publishIdle();
                // Each read below comes after the publish (a full fence); see the class comment for the pairs.
                if (!fastReturn || e.deferredCloses != null) {
                    if (e.tryTake()) {
                        placeLocked(e); // the gate shut or a statement close arrived: decide under the lock
                    }
                    // else someone took it: now it is theirs to return
                } else if (waiting != 0) {
                    signal(e);
                }
                return;
            }
        }
        placeLocked(e);
    }

    /**
     * A connection was just published idle while threads wait. While the pool barges: wake the longest waiter to
     * come and take it, unless one is already awake and sure to look. In hand-off mode: take it back and hand it
     * to the longest waiter, unless someone took it first.
     */
    private void signal(PoolEntry e) {
        if (!handOffMode() && awake != null) {
            return;
        }
        Thread wake = null;
        lock.lock();
        try {
            if (firstWaiter != null) {
                if (handOffMode()) {
                    if (e.tryTake()) {
                        wake = handOffLocked(e);
                    }
                } else {
                    wake = wakeIfIdleLocked();
                }
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
    }

    /** The return under the lock: closes the connection, hands it to a waiter, or keeps it idle. */
    private void placeLocked(PoolEntry e) {
        long now = clock.nanoTime();
        Thread wake = null;
        boolean close = false;
        lock.lock();
        try {
            ArrayList<Stmt> stale;
            while ((stale = e.deferredCloses) != null) {
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
            } else if (firstWaiter != null && (handOffMode() || idleFullLocked())) {
                // Stays IN_USE: it goes from one holder to the next without being idle. Also while barging when
                // max idle would close it: as in Go, max idle applies only when nobody waits.
                wake = handOffLocked(e);
            } else if (firstWaiter == null && idleFullLocked()) { // (with a waiter it was found not full above)
                maxIdleClosed++;
                close = true;
            } else {
                e.returnedAt = now;
                localFor(e).push(e.slot);
                e.publishIdle();
                wake = wakeIfIdleLocked();
            }
            if (close) {
                forgetLocked(e);
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
        if (close) {
            closeQuietly(e.raw);
            freeSlots(1);
        }
    }

    /**
     * Gives {@code e}, owned by the caller, to the longest waiter; the pool leaves hand-off mode when the next
     * waiter in line has waited less than the barge limit. Returns the thread to unpark once the lock is released.
     */
    private Thread handOffLocked(PoolEntry e) {
        Waiter w = firstWaiter;
        unlinkWaiterLocked(w); // leaves hand-off mode if the next in line is young
        w.entry = e;
        w.done = true;
        return w.thread;
    }

    /**
     * While the pool barges and a connection is idle: marks the longest waiter awake, if none is, and returns its
     * thread to unpark once the lock is released; else null.
     */
    private Thread wakeIfIdleLocked() {
        Waiter w = firstWaiter;
        if (w == null || awake != null || handOffMode() || !anyIdleLocked()) {
            return null;
        }
        awake = w;
        return w.thread;
    }

    /** Whether any connection is idle right now. */
    private boolean anyIdleLocked() {
        for (PoolEntry e : table) {
            if (e != null && e.state == PoolEntry.State.IDLE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lets a connection owned by the pool (not a borrower's return: the cleaner's or a statement close's) be idle
     * again: hands it to the longest waiter in hand-off mode, else publishes it and wakes a waiter if none is awake.
     * Unparks under the lock: these paths are rare, may keep several connections in one pass (each possibly for a
     * different waiter), and unpark does not block.
     */
    private void keepLocked(PoolEntry e) {
        Thread wake;
        if (firstWaiter != null && handOffMode()) {
            wake = handOffLocked(e);
        } else {
            e.publishIdle();
            wake = wakeIfIdleLocked();
        }
        if (wake != null) {
            LockSupport.unpark(wake);
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
     * Closes idle connections past their idle time and idle connections past their lifetime. Runs on the cleaner
     * thread; see the class comment for its cost.
     */
    void sweep() {
        ArrayList<PoolEntry> expired = null;
        long now = clock.nanoTime();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long idleTime = maxIdleTimeNanos;
            long lifetime = maxLifetimeNanos;
            for (PoolEntry e : table) {
                if (e == null || e.state != PoolEntry.State.IDLE
                        || !(expiredIdle(e, now, idleTime) || expiredLife(e, now, lifetime))) {
                    continue;
                }
                if (!e.tryTake()) {
                    continue; // borrowed meanwhile: not idle any more
                }
                // Owned now, so its return time is stable: decide again (it may have been lent and returned
                // between the first look and the compare-and-set).
                if (expiredIdle(e, now, idleTime)) {
                    maxIdleTimeClosed++;
                } else if (expiredLife(e, now, lifetime)) {
                    maxLifetimeClosed++;
                } else {
                    keepLocked(e);
                    continue;
                }
                expired = add(expired, e);
                forgetLocked(e);
            }
        } finally {
            lock.unlock();
        }
        closeAndFree(expired);
    }

    private static boolean expiredIdle(PoolEntry e, long now, long idleTime) {
        return idleTime > 0 && now - e.returnedAt >= idleTime;
    }

    private static boolean expiredLife(PoolEntry e, long now, long lifetime) {
        return lifetime > 0 && now - e.createdAt >= lifetime;
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
     * naming what changed), updates the fast-return gate, then takes the idle connections above the limit, least
     * recently returned first. Go keeps its oldest idle connections and drops the newest; we drop the oldest, which
     * the cleaner would close first anyway.
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
        updateGateLocked(); // before counting: a returner that missed the shut gate is counted (class comment)
        ArrayList<PoolEntry> surplus = null;
        while (idleCountLocked() > maxIdle) {
            PoolEntry e = takeOldestIdleLocked();
            if (e == null) {
                break; // borrowed meanwhile
            }
            surplus = add(surplus, e);
            forgetLocked(e);
            maxIdleClosed++;
        }
        return surplus;
    }

    // ================================================================ pool-level statements

    /**
     * Closes {@code stmt}'s physical statements: at once on idle connections (taken for the moment, so that nobody
     * borrows the connection meanwhile, as Go does under its lock; closing a prepared statement is local or
     * deferred in common drivers), and when a lent-out connection comes back otherwise.
     */
    void dropStatement(Stmt stmt) {
        lock.lock();
        try {
            for (PoolEntry e : table) {
                if (e == null) {
                    continue;
                }
                ArrayList<Stmt> pending = e.deferredCloses;
                ArrayList<Stmt> more = pending == null ? new ArrayList<>(2) : new ArrayList<>(pending);
                more.add(stmt);
                e.deferredCloses = more; // then read the state: see the class comment
                if (e.tryTake()) {
                    // Idle: ours for a moment. Close everything pending here, then let it be idle again.
                    e.deferredCloses = null;
                    for (Stmt s : more) {
                        e.closeStatement(s);
                    }
                    keepLocked(e);
                }
                // else lent out: its holder's return sees the pending closes and handles them under the lock
            }
        } finally {
            lock.unlock();
        }
    }

    // ================================================================ stats and close

    PoolStats stats() {
        lock.lock();
        try {
            int idle = idleCountLocked();
            return new PoolStats(Math.max(maxOpen, 0), open, open - idle, idle, waiting, waitCount,
                    Duration.ofNanos(waitNanos.sum()), maxIdleClosed, maxIdleTimeClosed, maxLifetimeClosed, opened,
                    closedTotal, prepares.sum(), reuses.sum(), badConnRetries.sum(), sweeps,
                    Duration.ofNanos(sweepNanos));
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
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
            updateGateLocked(); // before taking the idle ones: a returner that missed it takes its own back
            for (PoolEntry e : table) {
                if (e != null && e.tryTake()) {
                    idle = add(idle, e);
                    forgetLocked(e);
                }
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

    // ================================================================ table, queue and counters (lock held)

    /** Recomputes {@link #fastReturn}; call under the lock after changing closed, open or max idle. */
    private void updateGateLocked() {
        boolean gate = !closed && open <= maxIdle;
        if (fastReturn != gate) {
            fastReturn = gate;
        }
    }

    /** Whether one more idle connection would pass max idle (with open <= maxIdle it cannot: the caller's is not idle). */
    private boolean idleFullLocked() {
        return open > maxIdle && idleCountLocked() >= maxIdle;
    }

    /** The idle connections, counted. Exact under the lock when the gate is shut; otherwise a moment's view. */
    private int idleCountLocked() {
        int n = 0;
        for (PoolEntry e : table) {
            if (e != null && e.state == PoolEntry.State.IDLE) {
                n++;
            }
        }
        return n;
    }

    private Waiter enqueueLocked(Local l) {
        Waiter w = l.waiter;
        if (w == null) {
            w = new Waiter();
            l.waiter = w;
        }
        w.entry = null;
        w.mayOpen = false;
        w.failure = null;
        w.done = false;
        w.since = clock.nanoTime();
        w.queued = true;
        w.next = null;
        w.prev = lastWaiter;
        if (lastWaiter == null) {
            firstWaiter = w;
        } else {
            lastWaiter.next = w;
        }
        lastWaiter = w;
        waitCount++;
        waiting++; // a volatile write, after which the caller looks at the table again
        return w;
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
        w.queued = false;
        waiting--;
        if (awake == w) {
            // It was woken to look for an idle connection and leaves without having looked (served, granted a slot,
            // timed out, interrupted). Returners skipped their wake-up because it was awake, so the next in line
            // must look in its place, or it could wait beside an idle connection.
            awake = null;
            passWakeLocked();
        }
        if (starving && (firstWaiter == null || clock.nanoTime() - firstWaiter.since < bargeLimitNanos)) {
            starving = false; // the waiter that waited too long has gone; the next in line has not (yet)
        }
    }

    /**
     * If a connection is idle, marks the first waiter awake and unparks it (under the lock: a rare path, and unpark
     * does not block). In hand-off mode too, where the first waiter is the one that may take it.
     */
    private void passWakeLocked() {
        Waiter next = firstWaiter;
        if (next != null && !closed && anyIdleLocked()) {
            awake = next;
            LockSupport.unpark(next.thread);
        }
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
        updateGateLocked();
    }

    /** Puts a new entry in the table, growing it when full. */
    private void linkOpenLocked(PoolEntry e) {
        PoolEntry[] t = table;
        int slot = -1;
        if (tableCount < t.length) {
            for (int i = 0; i < t.length; i++) {
                if (t[i] == null) {
                    slot = i;
                    break;
                }
            }
        } else {
            slot = t.length;
            t = Arrays.copyOf(t, t.length * 2);
            table = t;
        }
        e.slot = slot;
        t[slot] = e;
        tableCount++;
    }

    /**
     * Drops an entry, owned by the caller, from the table. Its slot stays counted in {@code open} until the caller
     * has closed the physical connection outside the lock and called {@link #freeSlots(int)}: as in Go, the pool
     * never has more than max open physical connections, even for a moment, so a database whose own connection
     * limit equals max open never refuses it.
     */
    private void forgetLocked(PoolEntry e) {
        table[e.slot] = null;
        e.slot = -1;
        tableCount--;
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
     * Walks, under the lock, the table and the waiter queue, and compares them with each other and with the
     * counters. It allocates and walks everything, so it is for tests, never for the borrow path.
     *
     * <p>Always checked: every entry in the table sits at its own slot, once, and is IDLE or IN_USE, with an id
     * already handed out; {@code tableCount} is the number of entries; the waiter queue's forward and backward
     * links agree and end where its head and tail fields say, with no cycle; {@code waiting} is its length; a
     * queued waiter has been given nothing yet; the awake waiter, if any, is queued; hand-off mode only while
     * someone waits; {@code 0 <= closing <= open}; {@code open} covers the table, the connections being closed and
     * those being opened ({@code open >= tableCount + closing}, {@code open >= opened - closed}); the idle count is
     * at most {@code maxIdle}, and {@code maxIdle <= maxOpen} when max open is positive; the fast-return gate
     * matches the state it summarises; nobody waits while the pool could open a connection
     * ({@code maxOpen > 0}, {@code open >= maxOpen}); a closed pool has no idle connection and no waiter.
     *
     * <p>Not checked while threads run: that nobody waits beside an idle connection, and that an idle connection
     * has no statement closes pending. Both hold between operations, but a return publishes a connection before it
     * looks at the waiters and the pending closes (see the class comment), so both can be seen for a moment.
     * {@code open <= maxOpen} is not checked while connections may be lent out: after max open is lowered the
     * surplus legitimately stays open until it comes back.
     *
     * <p>With {@code quiescent} (no thread borrowing, returning, connecting, closing or waiting, as after a test or
     * a stress run), the counters must also match exactly: nothing is closing or waiting, {@code open} is the
     * table's count and equals {@code opened - closed}, no idle connection has closes pending,
     * {@code open <= maxOpen} when positive and nothing is in use, and a closed pool's cleaner has stopped.
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
            Set<PoolEntry> listed = Collections.newSetFromMap(new IdentityHashMap<>());
            int idleCount = 0;
            int lentOut = 0;
            int pendingIdle = 0;
            PoolEntry[] t = table;
            for (int i = 0; i < t.length; i++) {
                PoolEntry e = t[i];
                if (e == null) {
                    continue;
                }
                if (!listed.add(e)) {
                    broken.add("table: entry " + e.id + " is in it twice (again at slot " + i + ")");
                    continue;
                }
                if (e.slot != i) {
                    broken.add("table: entry " + e.id + " sits at slot " + i + " but says its slot is " + e.slot);
                }
                PoolEntry.State state = e.state;
                if (state == PoolEntry.State.CLOSED) {
                    broken.add("table: entry " + e.id + " is in it but CLOSED");
                } else if (state == PoolEntry.State.IDLE) {
                    idleCount++;
                    if (e.deferredCloses != null) {
                        pendingIdle++;
                    }
                } else {
                    lentOut++;
                }
                if (e.id >= nextId) {
                    broken.add("table: entry " + e.id + " has an id not yet handed out (next " + nextId + ")");
                }
            }
            if (listed.size() != tableCount) {
                broken.add("tableCount is " + tableCount + " but the table holds " + listed.size());
            }

            Set<Waiter> queued = Collections.newSetFromMap(new IdentityHashMap<>());
            Waiter before = null;
            boolean cycle = false;
            for (Waiter w = firstWaiter; w != null; before = w, w = w.next) {
                if (!queued.add(w)) {
                    broken.add("waiter queue: a cycle returns to waiter " + w.thread.getName());
                    cycle = true;
                    break;
                }
                if (w.prev != before) {
                    broken.add("waiter queue: waiter " + w.thread.getName() + " links back to the wrong waiter");
                }
                if (w.done || w.entry != null || w.mayOpen || w.failure != null || !w.queued) {
                    broken.add("waiter queue: waiter " + w.thread.getName() + " is queued but was already served");
                }
            }
            if (!cycle && lastWaiter != before) {
                broken.add("waiter queue: its last waiter is not where the walk ends");
            }
            if (queued.size() != waiting) {
                broken.add("waiting is " + waiting + " but the waiter queue holds " + queued.size());
            }
            Waiter up = awake;
            if (up != null && !queued.contains(up)) {
                broken.add("the awake waiter " + up.thread.getName() + " is not in the queue");
            }
            if (starving && firstWaiter == null) {
                broken.add("hand-off mode with nobody waiting");
            }

            if (open < 0 || closing < 0 || closing > open) {
                broken.add("0 <= closing <= open does not hold: open " + open + ", closing " + closing);
            }
            if (open < listed.size() + closing) {
                broken.add("open " + open + " is less than the table (" + listed.size() + ") plus closing ("
                        + closing + ")");
            }
            if (open < opened - closedTotal) {
                broken.add("open " + open + " is less than opened - closed (" + opened + " - " + closedTotal + ")");
            }
            if (maxIdle < 0 || idleCount > maxIdle) {
                broken.add("0 <= idle <= maxIdle does not hold: idle " + idleCount + ", maxIdle " + maxIdle);
            }
            if (maxOpen > 0 && maxIdle > maxOpen) {
                broken.add("maxIdle " + maxIdle + " is above maxOpen " + maxOpen);
            }
            if (fastReturn != (!closed && open <= maxIdle)) {
                broken.add("the fast-return gate is " + (fastReturn ? "open" : "shut") + " with open " + open
                        + ", maxIdle " + maxIdle + (closed ? ", closed" : ""));
            }
            if (firstWaiter != null && (closed || maxOpen <= 0 || open < maxOpen)) {
                broken.add("threads wait (" + waiting + ") although the pool could open a connection (open " + open
                        + ", maxOpen " + maxOpen + (closed ? ", closed" : "") + ")");
            }
            if (closed && idleCount != 0) {
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
                    broken.add("quiescent, yet open is " + open + " while the table holds " + listed.size());
                }
                if (open != opened - closedTotal) {
                    broken.add("quiescent, yet open " + open + " is not opened - closed (" + opened + " - "
                            + closedTotal + ")");
                }
                if (pendingIdle != 0) {
                    broken.add("quiescent, yet " + pendingIdle + " idle connection(s) have statement closes pending");
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
}
