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
        Properties props = new Properties();
        props.putAll(settings);
        HikariConfig config = new HikariConfig(props);
        config.setPoolName(name);
        config.setDataSource(source);
        if (period == null || !spec.reaperTimed()) {
            this.pool = new HikariDataSource(config);
            return;
        }
        // HikariCP reads its housekeeping period from this system property as a pool starts (an instance field of
        // HikariPool); it is set only for this pool's construction and put back at once.
        String before = System.getProperty(HOUSEKEEPING_PERIOD);
        System.setProperty(HOUSEKEEPING_PERIOD, period);
        try {
            this.pool = new HikariDataSource(config);
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
     * The properties set. Validation stays at HikariCP's default, which is already its cheapest safe one:
     * {@code Connection.isValid} on borrow only when the connection sat idle for more than 500 ms.
     *
     * <p>The spec's reaper interval is the housekeeping period (whole milliseconds, at least 1; HikariCP sets no
     * floor of its own), recorded under the system property's name. The housekeeper cannot be switched off: for
     * off, the period stays at its 30 s default and is recorded as such. Its first run comes 100 ms after the pool
     * starts, before measurement.
     *
     * @return the settings by HikariCP's property names
     */
    public static Map<String, String> settings(PoolSpec spec) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("maximumPoolSize", Integer.toString(spec.size()));
        s.put("minimumIdle", Integer.toString(spec.minIdle()));
        s.put("connectionTimeout", Long.toString(spec.acquireTimeout().toMillis()));
        s.put("maxLifetime", Long.toString(spec.maxLifetime().toMillis()));
        s.put("idleTimeout", Long.toString(spec.maxIdleTime().toMillis()));
        if (spec.reaperTimed()) {
            s.put(HOUSEKEEPING_PERIOD, Long.toString(Math.max(1, spec.reaperInterval().toMillis())));
        } else if (spec.reaperOff()) {
            s.put(HOUSEKEEPING_PERIOD, Long.toString(DEFAULT_HOUSEKEEPING_MS));
        }
        return s;
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
