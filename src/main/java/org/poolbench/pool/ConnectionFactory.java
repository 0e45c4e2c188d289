package org.poolbench.pool;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
     * A connect failure's text, fit to quote in the pool's own messages: {@link Redact#text(String)}'s rules, and
     * for a factory made by {@link #forConfig} also every literal occurrence of a secret it was configured with
     * (the password and other secret-keyed properties, and the URL's own secrets), since a driver may name them in
     * words no rule recognises ("password tried: x"). Only called on failure paths (a failed connect, an acquire
     * timeout), never on a successful borrow.
     */
    default String redactQuoted(String driverText) {
        return Redact.text(driverText);
    }

    /**
     * The factory for {@code config}'s connection source.
     *
     * @throws IllegalArgumentException if the config names no source, or no registered driver accepts its URL
     */
    static ConnectionFactory forConfig(PoolConfig config) {
        ConnectionFactory source = sourceFor(config);
        List<String> secrets = knownSecrets(config);
        if (secrets.isEmpty()) {
            return source;
        }
        return new ConnectionFactory() {
            @Override
            public Connection connect() throws SQLException {
                return source.connect();
            }

            @Override
            public String redactQuoted(String driverText) {
                return Redact.text(driverText, secrets);
            }
        };
    }

    /** The secrets in {@code config}: values of secret-keyed properties and what the rules find in the URL. */
    private static List<String> knownSecrets(PoolConfig config) {
        List<String> secrets = new ArrayList<>(Redact.secretsIn(config.url()));
        Properties props = config.properties();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key);
            if (Redact.isSecretKey(key)) {
                secrets.add(value);
            } else {
                secrets.addAll(Redact.secretsIn(value)); // a url=... or options=... property may carry one
            }
        }
        return List.copyOf(secrets);
    }

    /** The factory for the source itself, without the secrets this pool knows. */
    private static ConnectionFactory sourceFor(PoolConfig config) {
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
