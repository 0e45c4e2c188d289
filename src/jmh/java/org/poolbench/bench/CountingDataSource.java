package org.poolbench.bench;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The physical connection source every pool under test is given: it calls the driver directly (no
 * {@code DriverManager} lookup on the connect path) and counts connects, so a benchmark can report physical
 * connects per request for every pool and backend in the same way.
 *
 * <p>All pools connect through this one class, which keeps the connect cost identical between them; the count
 * is one uncontended-in-practice atomic increment per connect, nothing per borrow.
 *
 * <p>Built with a {@link StatementCounter}, it also hands out its connections wrapped by that counter, so that
 * prepares are counted at the driver ({@code StatementReuseBenchmark}); without one (every other benchmark) the
 * driver's connections are handed out as they are.
 */
final class CountingDataSource implements DataSource {

    private final Driver driver;
    private final String url;
    private final Properties properties;
    private final AtomicLong connects = new AtomicLong();
    /** Null unless prepares are counted. */
    private final StatementCounter statements;
    /** Kept only to answer {@link #getLoginTimeout}: HikariCP sets it and waits that long for its adder to stop. */
    private volatile int loginTimeoutSeconds;

    CountingDataSource(Driver driver, String url, Properties properties) {
        this(driver, url, properties, null);
    }

    /** @param statements counts what is prepared on the connections handed out, or null to hand them out as they are */
    CountingDataSource(Driver driver, String url, Properties properties, StatementCounter statements) {
        this.driver = driver;
        this.url = url;
        this.properties = properties;
        this.statements = statements;
    }

    /** What is prepared on this source's connections, or null if it is not counted. */
    StatementCounter statements() {
        return statements;
    }

    /** Physical connections opened so far. */
    long connects() {
        return connects.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            // Driver.connect returns null for a URL it does not handle; say so instead of handing a pool a null.
            throw new SQLException("driver " + driver.getClass().getName() + " does not accept the benchmark's URL");
        }
        connects.incrementAndGet();
        return statements == null ? connection : statements.wrap(connection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the benchmark backends take their credentials from their URL");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Pools call this; there is nothing to log.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // Recorded, not applied: the embedded backends connect without a network.
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        // The backends' URLs hold no credentials, but the URL is still left out: it is not needed to identify
        // the source and a user-given URL (a later PostgreSQL backend) might hold one.
        return "CountingDataSource[" + driver.getClass().getSimpleName() + ", connects=" + connects.get() + "]";
    }
}
