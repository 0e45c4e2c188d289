package org.poolbench.bench.pools;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.poolbench.pool.Pool;
import org.poolbench.pool.PoolConfig;
import org.poolbench.pool.PoolStats;

/** Our pool core, {@link Pool}, configured from a {@link PoolSpec}. */
public final class PoolbenchAdapter implements PoolUnderTest {

    private final Pool pool;

    /**
     * Builds the pool over {@code source}; it opens connections lazily or as its library does, and is filled by the
     * benchmark fixture, not here.
     *
     * @param spec   the settings every pool under test shares
     * @param source where the pool opens its physical connections
     * @param name   a name unique within the JVM, used as the pool's name
     * @param maxIdle idle connections the pool keeps (the spec's size, Go's default of 2, or 0)
     * @param resetStatement the statement run on every return ({@link PoolConfig#resetStatement}), or null for none
     */
    public PoolbenchAdapter(PoolSpec spec, DataSource source, String name, int maxIdle, String resetStatement) {
        this(spec, source, name, maxIdle, resetStatement, null);
    }

    /**
     * As {@link #PoolbenchAdapter(PoolSpec, DataSource, String, int, String)}, with a barge limit
     * ({@link PoolConfig#bargeLimit}): zero is strict FIFO hand-off; null keeps the pool's default.
     */
    public PoolbenchAdapter(PoolSpec spec, DataSource source, String name, int maxIdle, String resetStatement,
                            Duration bargeLimit) {
        PoolConfig config = new PoolConfig()
                .dataSource(source)
                .name(name)
                .maxOpen(spec.size())
                .maxIdle(maxIdle)
                .maxLifetime(spec.reaperOff() ? Duration.ZERO : spec.maxLifetime())
                .maxIdleTime(spec.reaperOff() ? Duration.ZERO : spec.maxIdleTime())
                .acquireTimeout(spec.acquireTimeout());
        if (needsCleanerInterval(spec)) {
            config.cleanerInterval(spec.reaperInterval());
        }
        if (resetStatement != null) {
            config.resetStatement(resetStatement);
        }
        if (bargeLimit != null) {
            config.bargeLimit(bargeLimit);
        }
        this.pool = Pool.open(config);
    }

    /**
     * What the constructor sets (keep the two in step). Go's pool has no minimum idle and does not validate on
     * borrow, so neither is set; max idle is the spec's size (keep every connection) unless a benchmark asks for
     * Go's default of 2 (or 0, closing every return). The reset statement is listed only where one is run.
     *
     * <p>The spec's reaper interval: our cleaner runs only while a limit is set, at the smaller limit's interval
     * (at least 1 s, Go's rule), so a timed reaper is the research setting {@code cleanerInterval} (any positive
     * interval, 10 ms included) with the limits kept; off is no lifetime and no idle time, so no cleaner thread. A
     * timed reaper that Go's rule already gives (a 1 s idle time and a 1 s interval, {@code IdleBurstBenchmark}) sets
     * nothing: the pool runs as an application's would, with no research setting.
     *
     * @param resetStatement the statement run on every return, or a description of it, or null for none
     * @return the settings by our pool's own names, in the order the constructor applies them
     */
    public static Map<String, String> settings(PoolSpec spec, int maxIdle, String resetStatement) {
        return settings(spec, maxIdle, resetStatement, null);
    }

    /** What the six-argument constructor sets; the barge limit is listed only where one is set. */
    public static Map<String, String> settings(PoolSpec spec, int maxIdle, String resetStatement,
                                               Duration bargeLimit) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("maxOpen", Integer.toString(spec.size()));
        s.put("maxIdle", Integer.toString(maxIdle));
        s.put("maxLifetime", (spec.reaperOff() ? Duration.ZERO : spec.maxLifetime()).toString());
        s.put("maxIdleTime", (spec.reaperOff() ? Duration.ZERO : spec.maxIdleTime()).toString());
        s.put("acquireTimeout", spec.acquireTimeout().toString());
        if (needsCleanerInterval(spec)) {
            s.put("cleanerInterval", spec.reaperInterval().toString());
        }
        if (resetStatement != null) {
            s.put("resetStatement", resetStatement);
        }
        if (bargeLimit != null) {
            s.put("bargeLimit", bargeLimit.toString());
        }
        return s;
    }

    /** Whether the spec's reaper interval needs the research setting: it is timed and not what Go's rule gives. */
    static boolean needsCleanerInterval(PoolSpec spec) {
        return spec.reaperTimed() && !spec.reaperInterval().equals(goRuleInterval(spec));
    }

    /**
     * The cleaner interval Go's rule gives for the spec's limits: the smaller positive one of lifetime and idle time,
     * at least {@link PoolConfig#DEFAULT_CLEANER_FLOOR}; zero when neither is set (no cleaner).
     */
    static Duration goRuleInterval(PoolSpec spec) {
        Duration lifetime = spec.maxLifetime();
        Duration idle = spec.maxIdleTime();
        Duration shortest;
        if (idle.isZero()) {
            shortest = lifetime;
        } else if (lifetime.isZero()) {
            shortest = idle;
        } else {
            shortest = lifetime.compareTo(idle) < 0 ? lifetime : idle;
        }
        if (shortest.isZero()) {
            return Duration.ZERO;
        }
        return shortest.compareTo(PoolConfig.DEFAULT_CLEANER_FLOOR) < 0 ? PoolConfig.DEFAULT_CLEANER_FLOOR : shortest;
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public int open() {
        return pool.stats().open();
    }

    @Override
    public int idle() {
        return pool.stats().idle();
    }

    @Override
    public int inUse() {
        return pool.stats().inUse();
    }

    @Override
    public long waitCount() {
        return pool.stats().waitCount();
    }

    /** The pool's own statistics (its cleaner's sweep count and time among them); read outside measured code. */
    public PoolStats stats() {
        return pool.stats();
    }

    @Override
    public void close() {
        pool.close();
    }
}
