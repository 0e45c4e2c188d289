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

import org.poolbench.bench.pg.PgServer;
import org.poolbench.bench.pg.PgServers;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubUrl;

/**
 * The databases a benchmark can run against, chosen by a {@code backend} {@code @Param}. Each opens a fresh,
 * uniquely named database per trial and hands every pool the same {@link CountingDataSource} over it.
 *
 * <p>What differs between backends is one {@link Engine} per constant: its URL, its driver, and how a trial's
 * database is opened and dropped. PostgreSQL's trials share the run's server and its benchmark database, which no
 * benchmark writes to; the server is started and stopped by the run, not by a trial.
 */
public enum Backend {

    /** The stub driver with no latency: what is left is the pool's own cost. */
    STUB(new StubEngine("0")),
    /** The stub driver spinning about 100 us per connect: a fast local database connect. */
    STUB_100US(new StubEngine("100us")),
    /** The stub driver sleeping about 1 ms per connect: a connect over a LAN with TLS and auth is slower still. */
    STUB_1MS(new StubEngine("1ms")),
    /** H2 in memory, embedded: a real JDBC driver, parser and session, without a network. */
    H2(new H2Engine()),
    /**
     * PostgreSQL over TCP on loopback with SCRAM password logins: a connect costs a handshake, authentication and a
     * server process, every statement a round trip. The server is the run's ({@link PgServers}).
     */
    PG(new PgEngine());

    /**
     * Connections a client role may hold on a server backend: PostgreSQL's {@code max_connections} of 20 less its 3
     * {@code superuser_reserved_connections} ({@code reserved_connections} is 0). Every stub backend refuses a connect
     * beyond this many live connections with SQLState 53300, as that server does, so {@code ConnectionLimitBenchmark}
     * runs the same scenario on both. No other benchmark holds this many connections on one trial's database.
     */
    public static final int CLIENT_CONNECTION_SLOTS = PgServer.CLIENT_CONNECTION_SLOTS;

    private final Engine engine;

    Backend(Engine engine) {
        this.engine = engine;
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

    /**
     * Whether a {@code backend} parameter value runs on the run's PostgreSQL server: {@code pg}, or a variant of it
     * named {@code pg_<variant>} (as {@code StatementReuseBenchmark}'s {@code pg_threshold0}), so that the runner
     * starts the server for those too.
     */
    public static boolean onPostgres(String paramValue) {
        return paramValue.equals(PG.paramValue()) || paramValue.startsWith(PG.paramValue() + "_");
    }

    /**
     * Opens a new database for one trial.
     *
     * @param name a name unique within the JVM (letters, digits, '_' and '-')
     */
    public Database open(String name) throws SQLException {
        return engine.open(name, Map.of(), null);
    }

    /**
     * Opens a new database for one trial with per-trial driver settings, its connections counting what is prepared
     * on them if {@code statements} is given. Only {@code StatementReuseBenchmark} uses this; other benchmarks get
     * the backend exactly as {@link #open(String)} opens it.
     *
     * @param driverSettings on the stub, URL keys ({@code prepareLatency=50us}); on PostgreSQL, pgjdbc properties
     *                       among {@link PgServer#CONNECTION_PROPERTIES} ({@code prepareThreshold=0}), replacing the
     *                       default; H2 takes none
     * @param statements     counts prepares on the trial's physical connections, or null
     * @throws IllegalArgumentException for a setting this backend does not take, naming it and what it takes
     */
    Database open(String name, Map<String, String> driverSettings, StatementCounter statements)
            throws SQLException {
        return engine.open(name, driverSettings, statements);
    }

    /** What run metadata records about this backend, without opening anything. */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("driver", engine.driver());
        d.put("driverVersion", engine.driverVersion());
        d.put("url", engine.url("<name>"));
        d.put("resetStatement", engine.resetStatement());
        return d;
    }

    /**
     * The statement a pool that resets sessions on return runs on this backend: PostgreSQL's {@code DISCARD ALL}
     * (PgBouncer's default {@code server_reset_query}, which ends everything a session set up in SQL); the same text
     * on the stub, which runs any statement as one call; on H2, which has no such statement, {@code SET SCHEMA
     * PUBLIC}, putting back the SQL-level setting an H2 borrower most often changes.
     */
    public String resetStatement() {
        return engine.resetStatement();
    }

    /**
     * {@code base} with {@code overrides} replacing some of {@link PgServer#CONNECTION_PROPERTIES}; any other key
     * is refused, so a typo cannot silently leave pgjdbc's default in place.
     */
    static Properties pgProperties(Properties base, Map<String, String> overrides) {
        Properties p = new Properties();
        p.putAll(base);
        overrides.forEach((key, value) -> {
            if (!PgServer.CONNECTION_PROPERTIES.containsKey(key)) {
                throw new IllegalArgumentException("the pg backend takes no per-trial setting '" + key
                        + "'; it takes " + PgServer.CONNECTION_PROPERTIES.keySet());
            }
            p.setProperty(key, value);
        });
        return p;
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

        /** Drops what the trial created; the pools over {@link #source()} are closed by then. */
        @Override
        public abstract void close() throws SQLException;
    }

    /** How one kind of database is reached: the part of a backend that differs from one constant to the next. */
    private interface Engine {
        /** The JDBC URL of database {@code name}. */
        String url(String name);

        /** Opens database {@code name} for one trial; see {@link Backend#open(String, Map, StatementCounter)}. */
        Database open(String name, Map<String, String> driverSettings, StatementCounter statements)
                throws SQLException;

        /** The driver's name, for the run metadata. */
        String driver();

        /** The driver's version, for the run metadata. */
        String driverVersion();

        /** See {@link Backend#resetStatement()}. */
        default String resetStatement() {
            return "DISCARD ALL";
        }
    }

    /** The stub driver with a fixed connect latency. */
    private static final class StubEngine implements Engine {
        /** The stub URL's {@code connectLatency}. */
        private final String connectLatency;

        StubEngine(String connectLatency) {
            this.connectLatency = connectLatency;
        }

        @Override
        public String url(String name) {
            return "jdbc:stub:" + name + ";connectLatency=" + connectLatency
                    + ";maxConnections=" + CLIENT_CONNECTION_SLOTS;
        }

        @Override
        public Database open(String name, Map<String, String> driverSettings, StatementCounter statements) {
            StringBuilder url = new StringBuilder(url(name));
            driverSettings.forEach((key, value) -> {
                if (!StubUrl.KEYS.contains(key) || key.equals("connectLatency") || key.equals("maxConnections")) {
                    throw new IllegalArgumentException("the stub backend takes no per-trial setting '" + key
                            + "'; it takes the stub URL's other keys: " + StubUrl.KEYS);
                }
                url.append(';').append(key).append('=').append(value);
            });
            return new Database(new CountingDataSource(StubDriver.instance(), url.toString(), new Properties(),
                    statements)) {
                @Override
                public void close() {
                    // Each trial uses a server name of its own; the stub keeps no data worth dropping.
                }
            };
        }

        @Override
        public String driver() {
            return "poolbench stub driver";
        }

        @Override
        public String driverVersion() {
            return StubDriver.instance().getMajorVersion() + "." + StubDriver.instance().getMinorVersion();
        }
    }

    /** H2 in memory, one database per trial, dropped when the trial ends. */
    private static final class H2Engine implements Engine {
        @Override
        public String url(String name) {
            // DB_CLOSE_DELAY=-1 keeps the in-memory database while no connection is open: unpooled closes its only
            // connection after every request, and the next request must find the same database.
            return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        }

        @Override
        public Database open(String name, Map<String, String> driverSettings, StatementCounter statements) {
            if (!driverSettings.isEmpty()) {
                throw new IllegalArgumentException("the h2 backend takes no per-trial driver settings, was given "
                        + driverSettings.keySet());
            }
            String url = url(name);
            Driver driver = new org.h2.Driver();
            Properties props = new Properties();
            props.setProperty("user", "sa");
            return new Database(new CountingDataSource(driver, url, props, statements)) {
                @Override
                public void close() throws SQLException {
                    try (Connection c = driver.connect(url, props); Statement s = c.createStatement()) {
                        s.execute("SHUTDOWN"); // frees the in-memory database; the trial is over
                    }
                }
            };
        }

        @Override
        public String driver() {
            return "H2";
        }

        @Override
        public String resetStatement() {
            return "SET SCHEMA PUBLIC";
        }

        @Override
        public String driverVersion() {
            return org.h2.engine.Constants.FULL_VERSION;
        }
    }

    /** The run's PostgreSQL server ({@link PgServers#forThisJvm()}); its benchmark database serves every trial. */
    private static final class PgEngine implements Engine {
        @Override
        public String url(String name) {
            return "jdbc:postgresql://<the run's server>/bench (see the postgres section)";
        }

        @Override
        public Database open(String name, Map<String, String> driverSettings, StatementCounter statements) {
            PgServer server = PgServers.forThisJvm();
            return new Database(new CountingDataSource(new org.postgresql.Driver(), server.url(),
                    pgProperties(server.connectionProperties(), driverSettings), statements)) {
                @Override
                public void close() {
                    // the trial created nothing on the server; the run stops the server
                }
            };
        }

        @Override
        public String driver() {
            return "PostgreSQL JDBC (pgjdbc)";
        }

        @Override
        public String driverVersion() {
            return org.postgresql.util.DriverInfo.DRIVER_VERSION;
        }
    }
}
