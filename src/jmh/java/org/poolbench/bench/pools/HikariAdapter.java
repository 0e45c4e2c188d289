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
        Properties props = new Properties();
        props.putAll(settings(spec));
        HikariConfig config = new HikariConfig(props);
        config.setPoolName(name);
        config.setDataSource(source);
        this.pool = new HikariDataSource(config);
    }

    /**
     * The properties set. Validation stays at HikariCP's default, which is already its cheapest safe one:
     * {@code Connection.isValid} on borrow only when the connection sat idle for more than 500 ms.
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
