package org.poolbench.pool;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Opens the pool's physical connections, from whichever source the {@link PoolConfig} names: a
 * {@link DataSource}, an explicit {@link Driver} and URL, or the {@link DriverManager} driver that accepts the URL.
 *
 * <p>Every path fails the same way when its source gives no connection: an {@link SQLException} with SQLState
 * 08001 ("unable to establish connection") naming the source, never a bare {@link NullPointerException}. The
 * state is connection-class, so the {@link RetryRule} treats it as any failed connect. Messages name a data
 * source or driver by its class and a URL only with its secrets masked ({@link Redact#url}); the connection
 * properties, which may hold a password, are never shown.
 *
 * <p>{@link #forConfig} does no I/O: a URL's driver is looked up (which connects to nothing), connections are
 * opened only by {@link #connect()}. A factory is called by many threads at once and keeps no mutable state.
 */
@FunctionalInterface
interface ConnectionFactory {
    /** Opens one physical connection; never returns null. */
    Connection connect() throws SQLException;

    /**
     * The factory for {@code config}'s connection source.
     *
     * @throws IllegalArgumentException if the config names no source, or no registered driver accepts its URL
     */
    static ConnectionFactory forConfig(PoolConfig config) {
        if (config.dataSource() != null) {
            return fromDataSource(config.dataSource());
        }
        String url = config.url();
        if (url == null) {
            throw new IllegalArgumentException(
                    "url or dataSource must be set: a pool needs somewhere to get connections from");
        }
        Driver driver = config.driver();
        if (driver == null) {
            try {
                driver = DriverManager.getDriver(url); // finds the driver class; connects to nothing
            } catch (SQLException e) {
                throw new IllegalArgumentException("url " + Redact.url(url) + " is not accepted by any registered "
                        + "JDBC driver: put the driver's jar on the class path or pass it with PoolConfig.driver()");
            }
        }
        Properties props = new Properties();
        props.putAll(config.properties());
        return fromDriver(driver, url, props);
    }

    /** Connections from {@code dataSource.getConnection()}. */
    private static ConnectionFactory fromDataSource(DataSource dataSource) {
        return () -> {
            Connection c = dataSource.getConnection();
            if (c == null) {
                // The class names the source; its toString() might carry a URL with a password.
                throw new SQLException("data source " + dataSource.getClass().getName()
                        + " returned null from getConnection() instead of a connection", "08001");
            }
            return c;
        };
    }

    /** Connections from {@code driver.connect(url, props)}; a driver answers null for a URL it does not accept. */
    private static ConnectionFactory fromDriver(Driver driver, String url, Properties props) {
        return () -> {
            Connection c = driver.connect(url, props);
            if (c == null) {
                throw new SQLException("driver " + driver.getClass().getName() + " does not accept url "
                        + Redact.url(url), "08001");
            }
            return c;
        };
    }
}
