package org.poolbench.bench.pools;

import java.time.Duration;

/**
 * The one description every pool under test is built from, so that all of them get the same size, the same
 * acquire timeout and the same lifetimes. Each adapter translates it into its own pool's settings; what each
 * translation sets is listed in the README's fairness table and recorded in every run's {@code run.json}.
 *
 * @param size           connections the pool may hold, and how many it holds before measurement starts
 *                       (the pools are pre-filled, so no benchmark measures the first connects)
 * @param minIdle        idle connections a pool keeps ready and opens when it starts (pools that have the
 *                       notion); equal to {@code size} in every benchmark but one, so a pool never shrinks below its
 *                       pre-filled state. 0 asks for a pool that opens connections only as borrowers need them, as
 *                       Go's does: {@code TenantRoutingBenchmark}'s pools per tenant, which are not pre-filled
 * @param acquireTimeout how long a borrower waits for a connection before the pool gives up
 * @param maxLifetime    a connection's maximum age (long enough that no benchmark iteration sees it expire)
 * @param maxIdleTime    how long a connection may sit idle (idem, except in {@code IdleBurstBenchmark}, whose 1 s
 *                       idle time is shorter than the gap between its bursts: {@link #withMaxIdleTime})
 * @param resetStatement the statement a pool that resets sessions on return runs on every return, the backend's
 *                       ({@code DISCARD ALL} on PostgreSQL), or null for none. Only the kinds that measure it
 *                       apply it ({@code poolbench_reset}); the others ignore it, since HikariCP has no such
 *                       setting and c3p0's and Vibur's hooks are code a user writes, not a setting (README).
 * @param reaperInterval how often the pool's background reaper runs ({@code CleanerBenchmark}): null (every other
 *                       benchmark) leaves each pool's reaper as the other settings make it; zero switches it off
 *                       where the pool can; a positive interval runs it that often where the pool allows, else at
 *                       the pool's closest. Each adapter's javadoc says how it translates this and where it cannot.
 *                       The lifetimes above stay in force, so healthy idle connections are not closed by it.
 * @param statementCacheSize prepared statements a pool with a statement cache keeps per connection, 0 for none (the
 *                       default of every pool that has one). c3p0 ({@code maxStatementsPerConnection}) and Vibur
 *                       ({@code statementCacheMaxSize}, one pool-wide map, so {@code size} times this) translate it;
 *                       our pool and HikariCP have no statement cache and ignore it (ours reuses statements through
 *                       {@code Pool.prepare}, HikariCP leaves caching to the driver by design).
 */
public record PoolSpec(int size, int minIdle, Duration acquireTimeout, Duration maxLifetime, Duration maxIdleTime,
                       String resetStatement, Duration reaperInterval, int statementCacheSize) {

    /** 5 s: far beyond any healthy wait in these benchmarks, short enough that a stuck pool fails the run soon. */
    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(5);
    /** HikariCP's defaults (30 min, 10 min), applied to every pool that has the setting. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(30);
    /** See {@link #MAX_LIFETIME}. */
    static final Duration MAX_IDLE_TIME = Duration.ofMinutes(10);

    /** Checks that the spec describes a pool that can exist: at least one connection, min idle within size. */
    public PoolSpec {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, was " + size);
        }
        if (minIdle < 0 || minIdle > size) {
            throw new IllegalArgumentException("minIdle must be between 0 and size (" + size + "), was " + minIdle);
        }
        if (reaperInterval != null && reaperInterval.isNegative()) {
            throw new IllegalArgumentException("reaperInterval must be null, zero or positive, was " + reaperInterval);
        }
        if (statementCacheSize < 0) {
            throw new IllegalArgumentException("statementCacheSize must be >= 0 (0 = no cache), was "
                    + statementCacheSize);
        }
    }

    /** A spec that leaves every reaper as the other settings make it and caches no statements. */
    public PoolSpec(int size, int minIdle, Duration acquireTimeout, Duration maxLifetime, Duration maxIdleTime,
                    String resetStatement) {
        this(size, minIdle, acquireTimeout, maxLifetime, maxIdleTime, resetStatement, null, 0);
    }

    /** Whether the reaper is to be switched off (where the pool can). */
    public boolean reaperOff() {
        return reaperInterval != null && reaperInterval.isZero();
    }

    /** Whether the reaper is to run at {@link #reaperInterval()} (or the pool's closest). */
    public boolean reaperTimed() {
        return reaperInterval != null && !reaperInterval.isZero();
    }

    /** The spec every benchmark uses: {@code size} connections, all kept idle, the shared timeouts. */
    public static PoolSpec ofSize(int size) {
        return new PoolSpec(size, size, ACQUIRE_TIMEOUT, MAX_LIFETIME, MAX_IDLE_TIME, null);
    }

    /**
     * This spec with {@code minIdle} idle connections kept ready. 0 asks for a pool that opens connections only when
     * borrowers need them and is not pre-filled, as Go's {@code database/sql} pool, which has no minimum idle.
     */
    public PoolSpec withMinIdle(int minIdle) {
        return new PoolSpec(size, minIdle, acquireTimeout, maxLifetime, maxIdleTime, resetStatement, reaperInterval,
                statementCacheSize);
    }

    /**
     * This spec with {@code idleTime} as the idle time (zero: no limit): {@code IdleBurstBenchmark}'s 1 s, shorter
     * than the gap between its bursts. Each adapter's javadoc says how it translates this, and its floor.
     */
    public PoolSpec withMaxIdleTime(Duration idleTime) {
        return new PoolSpec(size, minIdle, acquireTimeout, maxLifetime, idleTime, resetStatement, reaperInterval,
                statementCacheSize);
    }

    /** This spec with {@code statement} as the reset statement (null for none). */
    public PoolSpec withResetStatement(String statement) {
        return new PoolSpec(size, minIdle, acquireTimeout, maxLifetime, maxIdleTime, statement, reaperInterval,
                statementCacheSize);
    }

    /** This spec with its reaper at {@code interval} (null: as the other settings make it; zero: off). */
    public PoolSpec withReaperInterval(Duration interval) {
        return new PoolSpec(size, minIdle, acquireTimeout, maxLifetime, maxIdleTime, resetStatement, interval,
                statementCacheSize);
    }

    /** This spec with {@code perConnection} prepared statements cached per connection by pools that cache them. */
    public PoolSpec withStatementCacheSize(int perConnection) {
        return new PoolSpec(size, minIdle, acquireTimeout, maxLifetime, maxIdleTime, resetStatement, reaperInterval,
                perConnection);
    }
}
