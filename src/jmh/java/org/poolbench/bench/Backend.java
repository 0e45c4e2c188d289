package org.poolbench.bench;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.poolbench.driver.StubDriver;

/**
 * The databases a benchmark can run against, chosen by a {@code backend} {@code @Param}. Each opens a fresh,
 * uniquely named database per trial and hands every pool the same {@link CountingDataSource} over it.
 *
 * <p>A server database (PostgreSQL, a later issue) fits here as one more constant whose {@link #open} starts or
 * connects to the server and whose {@link Database#close} stops it.
 */
public enum Backend {

    /** The stub driver with no latency: what is left is the pool's own cost. */
    STUB("0"),
    /** The stub driver spinning about 100 us per connect: a fast local database connect. */
    STUB_100US("100us"),
    /** The stub driver sleeping about 1 ms per connect: a connect over a LAN with TLS and auth is slower still. */
    STUB_1MS("1ms"),
    /** H2 in memory, embedded: a real JDBC driver, parser and session, without a network. */
    H2(null);

    /** The stub driver's connectLatency for the stub constants; null for H2. */
    private final String connectLatency;

    Backend(String connectLatency) {
        this.connectLatency = connectLatency;
    }

    /** The {@code @Param} value that selects this backend. */
    public String paramValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the backend for a {@code @Param} value.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones, if it names no backend
     */
    public static Backend of(String value) {
        for (Backend backend : values()) {
            if (backend.paramValue().equals(value)) {
                return backend;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + value + "'; expected one of "
                + Arrays.stream(values()).map(Backend::paramValue).collect(Collectors.joining(", ")));
    }

    /** The JDBC URL of database {@code name} on this backend. */
    private String url(String name) {
        // DB_CLOSE_DELAY=-1 keeps the in-memory database while no connection is open: unpooled closes its only
        // connection after every request, and the next request must find the same database.
        return this == H2
                ? "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1"
                : "jdbc:stub:" + name + ";connectLatency=" + connectLatency;
    }

    /**
     * Opens a new database for one trial.
     *
     * @param name a name unique within the JVM (letters, digits, '_' and '-')
     */
    public Database open(String name) throws SQLException {
        String url = url(name);
        if (this == H2) {
            Driver driver = new org.h2.Driver();
            Properties props = new Properties();
            props.setProperty("user", "sa");
            return new Database(new CountingDataSource(driver, url, props)) {
                @Override
                public void close() throws SQLException {
                    try (Connection c = driver.connect(url, props); Statement s = c.createStatement()) {
                        s.execute("SHUTDOWN"); // frees the in-memory database; the trial is over
                    }
                }
            };
        }
        return new Database(new CountingDataSource(StubDriver.instance(), url, new Properties())) {
            @Override
            public void close() {
                // Each trial uses a server name of its own; the stub keeps no data worth dropping.
            }
        };
    }

    /** What run metadata records about this backend, without opening anything. */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        if (this == H2) {
            d.put("driver", "H2");
            d.put("driverVersion", org.h2.engine.Constants.FULL_VERSION);
        } else {
            d.put("driver", "poolbench stub driver");
            d.put("driverVersion", StubDriver.instance().getMajorVersion() + "." + StubDriver.instance().getMinorVersion());
        }
        d.put("url", url("<name>"));
        return d;
    }

    /** One opened database: the connection source every pool of the trial uses, and how to drop it. */
    public abstract static class Database implements AutoCloseable {
        private final CountingDataSource source;

        Database(CountingDataSource source) {
            this.source = source;
        }

        /** The physical connection source, which counts connects. */
        CountingDataSource source() {
            return source;
        }

    @Override
        public abstract void close() throws SQLException;
    }
}
