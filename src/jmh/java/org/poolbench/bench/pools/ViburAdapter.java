package org.poolbench.bench.pools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import org.vibur.dbcp.ViburDBCPDataSource;

/** Vibur DBCP, configured from a {@link PoolSpec} through its property names, then started. */
public final class ViburAdapter implements PoolUnderTest {

    /** Vibur rejects a larger {@code statementCacheMaxSize}. */
    static final int MAX_STATEMENT_CACHE = 2000;

    private final ViburDBCPDataSource pool;

    /**
     * Builds the pool over {@code source}; it opens connections lazily or as its library does, and is filled by the
     * benchmark fixture, not here.
     *
     * @param spec   the settings every pool under test shares
     * @param source where the pool opens its physical connections
     * @param name   a name unique within the JVM, used as the pool's name
     */
    public ViburAdapter(PoolSpec spec, DataSource source, String name) {
        Properties props = new Properties();
        props.putAll(settings(spec));
        props.setProperty("name", name);
        this.pool = new ViburDBCPDataSource(props);
        pool.setExternalDataSource(source);
        pool.start();
    }

    /**
     * The properties set. The initial size must be set with the maximum: its default (5 in 26.0) above a smaller
     * maximum is rejected. Validation stays at Vibur's default, {@code isValid} on borrow after 5 s idle, its
     * cheapest safe setting; the statement cache is off by default ({@code statementCacheMaxSize=0}) and set only
     * when the spec asks for one: Vibur keeps one pool-wide map keyed by raw connection and SQL text with one
     * maximum for all connections, so the spec's per-connection size becomes {@code size} times that, capped at
     * Vibur's limit of {@value #MAX_STATEMENT_CACHE} (its least-recently-used entries go first, whichever connection
     * they belong to, so one busy connection can hold more than its share). Vibur has
     * no maximum lifetime, and its idle reducer never goes below the initial size, so neither is set.
     *
     * <p>Vibur's diagnostic timers are switched off: by default it times every borrow and every query and counts
     * result-set rows, to log slow or large ones. No other pool here does per-call timing, and they are opt-in
     * diagnostics, like HikariCP's leak detection (off by default), not part of pooling.
     *
     * <p>The spec's reaper interval is {@code reducerTimeIntervalInSeconds}, whole seconds, so anything below 1 s
     * (10 ms) runs at 1 s, Vibur's closest; off is 0, which starts no reducer. The reducer never goes below the
     * initial size, which is the size here, so it closes nothing healthy.
     *
     * @return the settings by Vibur's property names
     */
    public static Map<String, String> settings(PoolSpec spec) {
        Map<String, String> s = new LinkedHashMap<>();
        // What it opens at start and never reduces below: the spec's minimum idle (its size but in a lazy spec).
        s.put("poolInitialSize", Integer.toString(spec.minIdle()));
        s.put("poolMaxSize", Integer.toString(spec.size()));
        s.put("connectionTimeoutInMs", Long.toString(spec.acquireTimeout().toMillis()));
        s.put("logConnectionLongerThanMs", "-1");
        s.put("logQueryExecutionLongerThanMs", "-1");
        s.put("logLargeResultSet", "-1");
        if (spec.reaperTimed()) {
            long seconds = (spec.reaperInterval().toMillis() + 999) / 1000; // whole seconds, rounded up
            s.put("reducerTimeIntervalInSeconds", Long.toString(Math.max(1, seconds)));
        } else if (spec.reaperOff()) {
            s.put("reducerTimeIntervalInSeconds", "0");
        }
        if (spec.statementCacheSize() > 0) {
            s.put("statementCacheMaxSize", Integer.toString(
                    (int) Math.min(MAX_STATEMENT_CACHE, (long) spec.statementCacheSize() * spec.size())));
        }
        return s;
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public int open() {
        return pool.getPool().createdTotal();
    }

    @Override
    public int idle() {
        return pool.getPool().remainingCreated();
    }

    @Override
    public int inUse() {
        return pool.getPool().taken();
    }

    @Override
    public void close() {
        pool.close();
    }
}
