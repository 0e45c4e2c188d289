package org.poolbench.bench.pools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/** HikariCP, configured from a {@link PoolSpec} through its documented property names. */
public final class HikariAdapter implements PoolUnderTest {

    private final HikariDataSource pool;

    /**
     * Builds the pool over {@code source}; it opens connections lazily or as its library does, and is filled by the
     * benchmark fixture, not here.
     *
     * @param spec   the settings every pool under test shares
     * @param source where the pool opens its physical connections
     * @param name   a name unique within the JVM, used as the pool's name
     */
    public HikariAdapter(PoolSpec spec, DataSource source, String name) {
        Map<String, String> settings = settings(spec);
        String period = settings.remove(HOUSEKEEPING_PERIOD); // a system property, not a configuration property
        boolean idleAfterStart = settings.remove(IDLE_TIMEOUT_AFTER_START) != null;
        if (idleAfterStart) {
            // No idle limit while it starts, so validation has nothing to replace; the spec's is set just below.
            settings.put("idleTimeout", "0");
        }
        Properties props = new Properties();
        props.putAll(settings);
        HikariConfig config = new HikariConfig(props);
        config.setPoolName(name);
        config.setDataSource(source);
        this.pool = period == null || !spec.reaperTimed() ? new HikariDataSource(config) : startWithPeriod(config,
                period);
        if (idleAfterStart) {
            // The pool's configuration is the data source itself, and its housekeeper reads getIdleTimeout() on every
            // run; the setter (HikariConfigMXBean's) has no floor and works on a running pool.
            pool.setIdleTimeout(spec.maxIdleTime().toMillis());
        }
    }

    /**
     * Starts the pool with its housekeeper at {@code period} ms. HikariCP reads the period from this system property
     * as a pool starts (an instance field of HikariPool); it is set only for this pool's construction and put back
     * at once.
     */
    private static HikariDataSource startWithPeriod(HikariConfig config, String period) {
        String before = System.getProperty(HOUSEKEEPING_PERIOD);
        System.setProperty(HOUSEKEEPING_PERIOD, period);
        try {
            return new HikariDataSource(config);
        } finally {
            if (before == null) {
                System.clearProperty(HOUSEKEEPING_PERIOD);
            } else {
                System.setProperty(HOUSEKEEPING_PERIOD, before);
            }
        }
    }

    /** The system property HikariCP reads its housekeeper's period from (milliseconds, default 30 s). */
    public static final String HOUSEKEEPING_PERIOD = "com.zaxxer.hikari.housekeeping.periodMs";

    /** HikariCP's default housekeeping period, in milliseconds. */
    static final long DEFAULT_HOUSEKEEPING_MS = 30_000;

    /**
     * Recorded in the settings when the idle timeout is below {@link #IDLE_TIMEOUT_FLOOR_MS} and so is set on the
     * running pool ({@code HikariDataSource.setIdleTimeout}) rather than at start; not a HikariCP property.
     */
    public static final String IDLE_TIMEOUT_AFTER_START = "idleTimeoutSetAfterStart";

    /**
     * HikariCP's start-up floor for {@code idleTimeout}: its validation replaces a smaller positive value with its
     * 10 min default when {@code minimumIdle} is below {@code maximumPoolSize} (the only case where it applies).
     */
    static final long IDLE_TIMEOUT_FLOOR_MS = 10_000;

    /**
     * The properties set. Validation stays at HikariCP's default, which is already its cheapest safe one:
     * {@code Connection.isValid} on borrow only when the connection sat idle for more than 500 ms.
     *
     * <p>The spec's reaper interval is the housekeeping period (whole milliseconds, at least 1; HikariCP sets no
     * floor of its own), recorded under the system property's name. The housekeeper cannot be switched off: for
     * off, the period stays at its 30 s default and is recorded as such. Its first run comes 100 ms after the pool
     * starts, before measurement.
     *
     * <p>The spec's idle time is {@code idleTimeout}. HikariCP applies it only above {@code minimumIdle}, and at start
     * replaces a value below 10 s with its 10 min default (with a warning). Its runtime setter, the one its MXBean
     * exposes, takes any value, and the housekeeper reads it on every run (HikariCP 7.1's bytecode); so a shorter
     * idle time with a minimum below the size ({@code IdleBurstBenchmark}'s 1 s) starts the pool with none and sets
     * it on the running pool, recorded as {@value #IDLE_TIMEOUT_AFTER_START}: a deliberate step past HikariCP's own
     * floor, so that every pool closes after the same idle time.
     *
     * @return the settings by HikariCP's property names
     */
    public static Map<String, String> settings(PoolSpec spec) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("maximumPoolSize", Integer.toString(spec.size()));
        s.put("minimumIdle", Integer.toString(spec.minIdle()));
        s.put("connectionTimeout", Long.toString(spec.acquireTimeout().toMillis()));
        s.put("maxLifetime", Long.toString(spec.maxLifetime().toMillis()));
        long idleMs = spec.maxIdleTime().toMillis();
        s.put("idleTimeout", Long.toString(idleMs));
        if (idleMs > 0 && idleMs < IDLE_TIMEOUT_FLOOR_MS && spec.minIdle() < spec.size()) {
            s.put(IDLE_TIMEOUT_AFTER_START, "true");
        }
        if (spec.reaperTimed()) {
            s.put(HOUSEKEEPING_PERIOD, Long.toString(Math.max(1, spec.reaperInterval().toMillis())));
        } else if (spec.reaperOff()) {
            s.put(HOUSEKEEPING_PERIOD, Long.toString(DEFAULT_HOUSEKEEPING_MS));
        }
        return s;
    }

    /** The idle timeout the running pool's housekeeper reads, in milliseconds. */
    public long idleTimeoutMillis() {
        return pool.getIdleTimeout();
    }

    private HikariPoolMXBean bean() {
        return pool.getHikariPoolMXBean();
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public int open() {
        return bean().getTotalConnections();
    }

    @Override
    public int idle() {
        return bean().getIdleConnections();
    }

    @Override
    public int inUse() {
        return bean().getActiveConnections();
    }

    @Override
    public void close() {
        pool.close();
    }
}
