package org.poolbench.bench;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * Opens a stub database with no latency and no connection limit, for a benchmark whose pools hold more
     * connections than {@link #CLIENT_CONNECTION_SLOTS} ({@code CleanerBenchmark}'s 1,000 idle ones). It is not a
     * constant, so that every benchmark declaring {@code Backend}'s values keeps the limit.
     *
     * @param name a name unique within the JVM (letters, digits, '_' and '-')
     */
    static Database openStubWithoutLimit(String name) {
        return new StubEngine("0", false).open(name, Map.of(), null);
    }

    /** The URL {@link #openStubWithoutLimit} connects to, for the run metadata and tests. */
    static String stubWithoutLimitUrl(String name) {
        return new StubEngine("0", false).url(name);
    }

    /**
     * Opens the databases of {@code count} tenants for one trial of {@code TenantRoutingBenchmark}: a database of
     * each tenant's own ({@code shared} false), or one database holding every tenant as a schema ({@code shared}
     * true), each tenant's holding a one-row table {@code tenant_marker} whose value is the tenant's index + 1, so
     * a request can check that it reached its tenant.
     *
     * @param name a name unique within the JVM (letters, digits, '_' and '-')
     */
    public Tenancy openTenants(String name, int count, boolean shared) throws SQLException {
        if (count < 1) {
            throw new IllegalArgumentException("tenants must be >= 1, was " + count);
        }
        return engine.openTenants(name, count, shared);
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

    /**
     * The databases of one trial's tenants ({@link #openTenants}): what the pools connect to, the schema a request
     * sets in the shared layout, and the connections open on the server. It owns every tenant's data: the
     * {@link Database}s it hands out close nothing (a trial closing its pool and "its" database leaves the others'
     * data alone); {@link #close()} drops everything it created.
     */
    public abstract static class Tenancy implements AutoCloseable {
        /** The SQL every request runs: the tenant's marker, its index + 1. */
        public static final String MARKER_QUERY = "SELECT tenant FROM tenant_marker";

        private final List<Database> databases;
        private final List<String> schemas;
        private final boolean verifiesRouting;

        Tenancy(List<Database> databases, List<String> schemas, boolean verifiesRouting) {
            this.databases = List.copyOf(databases);
            this.schemas = List.copyOf(schemas);
            this.verifiesRouting = verifiesRouting;
        }

        /** One database per tenant, or the one shared database. */
        List<Database> databases() {
            return databases;
        }

        /** The schema (or catalog) a shared-pool request sets for {@code tenant}. */
        String schema(int tenant) {
            return schemas.get(tenant);
        }

        /**
         * Whether {@link #MARKER_QUERY} answers the tenant's own marker: true where the database runs SQL; the stub
         * answers 1 to every query, so routing cannot be checked there.
         */
        boolean verifiesRouting() {
            return verifiesRouting;
        }

        /**
         * Connections open now on the server(s) these tenants live on, read outside measurement: the stub's live
         * connections summed over the tenants' servers; on H2 its sessions summed over the databases; on PostgreSQL
         * the benchmark role's sessions on the database, read on a connection of its own (not counted), or the
         * role's {@link #CLIENT_CONNECTION_SLOTS} if the server refuses that connection for lack of a slot (it is
         * full, which is what the count would have said). PostgreSQL lists a session until its server process has
         * exited, so a connection closed a moment before the reading may still count.
         */
        abstract long serverConnections() throws SQLException;

        /** Drops what {@link #openTenants} created; the pools over these databases are closed by then. */
        @Override
        public abstract void close() throws SQLException;

        /** Work on the tenants' databases that may fail. */
        interface Filling {
            void run() throws SQLException;
        }

        /** Runs {@code fill}, creating the tenants' data; if it fails, drops what it made before throwing. */
        Tenancy filledBy(Filling fill) throws SQLException {
            try {
                fill.run();
                return this;
            } catch (SQLException | RuntimeException e) {
                try {
                    close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /**
         * Creates tenant {@code tenant}'s marker: the table {@code tenant_marker} ({@link #MARKER_QUERY} reads it) in
         * {@code schema}, or in the connection's default schema when {@code schema} is null, holding tenant + 1.
         */
        static void createMarker(Statement s, String schema, int tenant) throws SQLException {
            String table = (schema == null ? "" : schema + ".") + "tenant_marker";
            s.execute("CREATE TABLE " + table + " (tenant INT)");
            s.execute("INSERT INTO " + table + " VALUES (" + (tenant + 1) + ")");
        }
    }

    /** A database whose close leaves the data to its {@link Tenancy}. */
    private static Database tenantDatabase(CountingDataSource source) {
        return new Database(source) {
            @Override
            public void close() {
                // the tenancy drops every tenant's data at once
            }
        };
    }

    /** How one kind of database is reached: the part of a backend that differs from one constant to the next. */
    private interface Engine {
        /** The JDBC URL of database {@code name}. */
        String url(String name);

        /** Opens database {@code name} for one trial; see {@link Backend#open(String, Map, StatementCounter)}. */
        Database open(String name, Map<String, String> driverSettings, StatementCounter statements)
                throws SQLException;

        /** See {@link Backend#openTenants}. */
        Tenancy openTenants(String name, int count, boolean shared) throws SQLException;

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
        /** Whether connects beyond {@link #CLIENT_CONNECTION_SLOTS} live connections are refused, as the server does. */
        private final boolean limited;

        StubEngine(String connectLatency) {
            this(connectLatency, true);
        }

        StubEngine(String connectLatency, boolean limited) {
            this.connectLatency = connectLatency;
            this.limited = limited;
        }

        @Override
        public String url(String name) {
            return "jdbc:stub:" + name + ";connectLatency=" + connectLatency
                    + (limited ? ";maxConnections=" + CLIENT_CONNECTION_SLOTS : "");
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

        /**
         * A stub server per tenant (its own name, its own {@code maxConnections}: a database server per tenant), or
         * one server whose connections switch a schema that the stub only remembers (a local call).
         */
        @Override
        public Tenancy openTenants(String name, int count, boolean shared) {
            List<String> servers = new ArrayList<>();
            List<String> schemas = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                schemas.add("tenant_" + i);
                if (!shared) {
                    servers.add(name + "-t" + i);
                }
            }
            if (shared) {
                servers.add(name);
            }
            List<Database> dbs = servers.stream().map(server -> tenantDatabase(
                    new CountingDataSource(StubDriver.instance(), url(server), new Properties()))).toList();
            return new Tenancy(dbs, shared ? schemas : List.of(), false) {
                @Override
                long serverConnections() {
                    return servers.stream().mapToLong(server -> StubDriver.server(server).live()).sum();
                }

                @Override
                public void close() {
                    // nothing was stored
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

        /**
         * An in-memory database per tenant, or one holding a schema per tenant ({@code TENANT_<i>}): a pool reaches
         * one URL, so a shared pool's tenants must live in one database and be switched by schema.
         */
        @Override
        public Tenancy openTenants(String name, int count, boolean shared) throws SQLException {
            Driver driver = new org.h2.Driver();
            Properties props = new Properties();
            props.setProperty("user", "sa");
            List<String> urls = new ArrayList<>();
            List<String> schemas = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (shared) {
                    schemas.add("TENANT_" + i);
                } else {
                    urls.add(url(name + "-t" + i));
                }
            }
            if (shared) {
                urls.add(url(name));
            }
            Tenancy tenancy = new Tenancy(urls.stream().map(u -> tenantDatabase(new CountingDataSource(driver, u,
                    props))).toList(), schemas, true) {
                @Override
                long serverConnections() throws SQLException {
                    long sessions = 0;
                    for (String u : urls) {
                        try (Connection c = driver.connect(u, props); Statement s = c.createStatement();
                             ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
                            rows.next();
                            sessions += rows.getLong(1) - 1; // less this probe's own session
                        }
                    }
                    return sessions;
                }

                @Override
                public void close() throws SQLException {
                    for (String u : urls) {
                        try (Connection c = driver.connect(u, props); Statement s = c.createStatement()) {
                            s.execute("SHUTDOWN");
                        }
                    }
                }
            };
            return tenancy.filledBy(() -> {
                for (int i = 0; i < count; i++) {
                    try (Connection c = driver.connect(shared ? urls.get(0) : urls.get(i), props);
                         Statement s = c.createStatement()) {
                        if (shared) {
                            s.execute("CREATE SCHEMA " + schemas.get(i));
                        }
                        Tenancy.createMarker(s, shared ? schemas.get(i) : null, i);
                    }
                }
            });
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

        /**
         * A schema per tenant in the run's benchmark database (creating databases would need {@code CREATEDB}, which
         * the benchmark role lacks, and a given server must be left as found): per tenant, connections open in the
         * tenant's schema (pgjdbc's {@code currentSchema}, applied at connect, so a request switches nothing); shared,
         * connections open in the role's default {@code search_path} and requests call {@code setSchema}. Either way
         * every tenant lives on one server with one connection limit. The schemas are named after the trial and this
         * JVM's process id, created here and dropped by {@link Tenancy#close()}.
         */
        @Override
        public Tenancy openTenants(String name, int count, boolean shared) throws SQLException {
            PgServer server = PgServers.forThisJvm();
            Driver driver = new org.postgresql.Driver();
            String prefix = (name.replaceAll("[^A-Za-z0-9]", "_") + "_" + ProcessHandle.current().pid())
                    .toLowerCase(Locale.ROOT);
            List<String> schemas = new ArrayList<>();
            List<Database> dbs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String schema = prefix + "_t" + i;
                schemas.add(schema);
                if (!shared) {
                    Properties props = server.connectionProperties();
                    props.setProperty("currentSchema", schema);
                    dbs.add(tenantDatabase(new CountingDataSource(driver, server.url(), props)));
                }
            }
            if (shared) {
                dbs.add(tenantDatabase(new CountingDataSource(driver, server.url(), server.connectionProperties())));
            }
            Tenancy tenancy = new Tenancy(dbs, shared ? schemas : List.of(), true) {
                @Override
                long serverConnections() throws SQLException {
                    Connection probe;
                    try {
                        probe = driver.connect(server.url(), server.connectionProperties());
                    } catch (SQLException e) {
                        if (RequestFailures.TOO_MANY_CLIENTS_STATE.equals(e.getSQLState())) {
                            return CLIENT_CONNECTION_SLOTS;
                        }
                        throw e;
                    }
                    try (probe; Statement s = probe.createStatement();
                         ResultSet rows = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = "
                                 + "current_user AND datname = current_database() AND pid <> pg_backend_pid()")) {
                        rows.next();
                        return rows.getLong(1);
                    }
                }

                @Override
                public void close() throws SQLException {
                    try (Connection c = adminConnection(driver, server); Statement s = c.createStatement()) {
                        for (String schema : schemas) {
                            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                        }
                    }
                }
            };
            return tenancy.filledBy(() -> {
                try (Connection c = adminConnection(driver, server); Statement s = c.createStatement()) {
                    for (int i = 0; i < count; i++) {
                        s.execute("CREATE SCHEMA " + schemas.get(i));
                        Tenancy.createMarker(s, schemas.get(i), i);
                    }
                }
            });
        }

        /**
         * A connection for creating and dropping the tenants' schemas. PostgreSQL frees a slot only when the old
         * server process has exited, a moment after a closed pool's close returned, so a refusal for lack of a slot
         * (53300) is retried for up to 5 s, outside measurement.
         */
        private static Connection adminConnection(Driver driver, PgServer server) throws SQLException {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (true) {
                try {
                    return driver.connect(server.url(), server.connectionProperties());
                } catch (SQLException e) {
                    if (!RequestFailures.TOO_MANY_CLIENTS_STATE.equals(e.getSQLState())
                            || System.nanoTime() - deadline > 0) {
                        throw e;
                    }
                }
                try {
                    Thread.sleep(20); // outside measurement: waiting for the server to free a slot
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for a free connection slot", e);
                }
            }
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
