package org.poolbench.bench.pools;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.mchange.v2.c3p0.DataSources;
import com.mchange.v2.c3p0.PooledDataSource;

/** c3p0, pooling the benchmark's connection source, configured from a {@link PoolSpec} by property name. */
public final class C3p0Adapter implements PoolUnderTest {

    private final PooledDataSource pool;

    /**
     * Builds the pool over {@code source}; it opens connections lazily or as its library does, and is filled by the
     * benchmark fixture, not here.
     *
     * @param spec   the settings every pool under test shares
     * @param source where the pool opens its physical connections
     * @param name   a name unique within the JVM, used as the pool's name
     * @throws SQLException if c3p0 rejects the settings
     */
    public C3p0Adapter(PoolSpec spec, DataSource source, String name) throws SQLException {
        Map<String, Object> overrides = new LinkedHashMap<>(settings(spec));
        overrides.put("dataSourceName", name);
        this.pool = (PooledDataSource) DataSources.pooledDataSource(source, overrides);
    }

    /**
     * The properties set. c3p0 tests nothing on checkout or check-in by default (its cheapest setting) and caches
     * no statements by default ({@code maxStatements=0}); both stay unless the spec asks for a statement cache, which
     * is set as {@code maxStatementsPerConnection} (c3p0's per-connection limit, the spec's unit).
     *
     * <p>{@code forceSynchronousCheckins} is the one deliberate departure from a default that is not in the spec:
     * by default c3p0 hands every returned connection to a helper thread, so a borrower waits for a thread
     * handoff that no other pool here makes (they all take a connection back on the returning thread). c3p0's
     * documentation names this setting as the one that can improve performance; we measure c3p0 with it.
     *
     * <p>The spec's reaper interval: c3p0 runs its idle and age checks on its manager's timer, first after its
     * smallest limit ({@code maxIdleTime}, {@code maxConnectionAge}, {@code maxIdleTimeExcessConnections}), then every
     * quarter of it (between 1 s and 15 min) unless {@code propertyCycle} (whole seconds) sets the period. A timed
     * reaper sets {@code propertyCycle} to the interval in whole seconds, at least 1 (so 10 ms runs at 1 s, c3p0's
     * closest), and {@code maxIdleTimeExcessConnections} to 1 s, so the first check comes after 1 s rather than the
     * spec's 10 min; that limit closes only idle connections above {@code minPoolSize}, which is the size, so the
     * checks close nothing healthy. Off sets every limit to 0, so c3p0 schedules no checks.
     *
     * @return the settings by c3p0's property names
     */
    public static Map<String, String> settings(PoolSpec spec) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("maxPoolSize", Integer.toString(spec.size()));
        s.put("minPoolSize", Integer.toString(spec.minIdle()));
        // What it opens at start: the minimum it keeps (the size everywhere but in a lazy spec, PoolSpec.withMinIdle).
        s.put("initialPoolSize", Integer.toString(spec.minIdle()));
        s.put("checkoutTimeout", Long.toString(spec.acquireTimeout().toMillis()));
        s.put("maxConnectionAge", Long.toString(spec.reaperOff() ? 0 : spec.maxLifetime().toSeconds()));
        s.put("maxIdleTime", Long.toString(spec.reaperOff() ? 0 : spec.maxIdleTime().toSeconds()));
        if (spec.reaperTimed()) {
            s.put("maxIdleTimeExcessConnections", "1");
            s.put("propertyCycle", Long.toString(propertyCycleFor(spec.reaperInterval())));
        }
        s.put("forceSynchronousCheckins", "true");
        if (spec.statementCacheSize() > 0) {
            s.put("maxStatementsPerConnection", Integer.toString(spec.statementCacheSize()));
        }
        return s;
    }

    /** c3p0's {@code propertyCycle} for a check every {@code interval}: whole seconds, rounded up, at least 1. */
    static long propertyCycleFor(Duration interval) {
        return Math.max(1, (interval.toMillis() + 999) / 1000);
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public int open() {
        try {
            return pool.getNumConnectionsDefaultUser();
        } catch (SQLException e) {
            return UNKNOWN;
        }
    }

    @Override
    public int idle() {
        try {
            return pool.getNumIdleConnectionsDefaultUser();
        } catch (SQLException e) {
            return UNKNOWN;
        }
    }

    @Override
    public int inUse() {
        try {
            return pool.getNumBusyConnectionsDefaultUser();
        } catch (SQLException e) {
            return UNKNOWN;
        }
    }

    @Override
    public void close() throws SQLException {
        pool.close();
    }
}
