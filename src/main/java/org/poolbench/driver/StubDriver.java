package org.poolbench.driver;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:stub:} URLs that does no I/O: its connections, statements and result sets only count,
 * wait the configured latencies and fail when told to. The pool's tests and the JMH benchmarks use it to measure and
 * exercise the pool without a database.
 *
 * <p>The URL grammar and its keys are described on {@link StubUrl}; each name in a URL is a {@link StubServer} whose
 * counters and faults a test reaches with {@link #server(String)}. The driver registers itself with
 * {@link DriverManager} when the class initialises, and {@code META-INF/services/java.sql.Driver} names it, so
 * {@code DriverManager.getConnection("jdbc:stub:bench")} works without a {@code Class.forName}.
 *
 * <p>Connection properties, {@code user} and {@code password} included, are accepted and ignored; the driver never
 * stores them, so they cannot appear in any message or {@code toString}.
 */
public final class StubDriver implements Driver {

    static final int MAJOR_VERSION = 0;
    static final int MINOR_VERSION = 1;
    static final String VERSION = MAJOR_VERSION + "." + MINOR_VERSION;

    /** Servers are never removed: tests keep references to them, and a removed one would silently stop counting. */
    private static final ConcurrentHashMap<String, StubServer> SERVERS = new ConcurrentHashMap<>();

    /**
     * Each distinct URL string parsed once, with its server resolved, so a connect costs one map lookup. Unbounded,
     * which is fine for the handful of URLs a test run or benchmark uses; URLs that fail to parse are not cached.
     */
    private static final ConcurrentHashMap<String, Target> TARGETS = new ConcurrentHashMap<>();

    private static final StubDriver INSTANCE = new StubDriver();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Target(StubUrl settings, StubServer server) {
    }

    /**
     * Creates a driver. All instances share the same servers; {@link #instance()} returns the one registered with
     * {@link DriverManager}. Public because {@link java.util.ServiceLoader} needs it.
     */
    public StubDriver() {
    }

    /** @return the instance registered with {@link DriverManager} */
    public static StubDriver instance() {
        return INSTANCE;
    }

    /**
     * Returns the simulated server with this name, creating it on first use. The same object is returned for the
     * name as long as the JVM lives.
     *
     * @param name a server name as it appears in {@code jdbc:stub:<name>}: letters, digits, '_', '-' or '.'
     * @return the server
     * @throws IllegalArgumentException if the name could not appear in a stub URL
     */
    public static StubServer server(String name) {
        Objects.requireNonNull(name, "server name");
        StubServer server = SERVERS.get(name);
        if (server != null) {
            return server;
        }
        // Validated with the URL parser so the two can never disagree on what a name is.
        StubUrl.parse(StubUrl.PREFIX + name);
        return SERVERS.computeIfAbsent(name, StubServer::new);
    }

    /** Calls {@link StubServer#reset()} on every server created so far. */
    public static void resetAll() {
        SERVERS.values().forEach(StubServer::reset);
    }

    /**
     * Opens a stub connection, or returns null if the URL is not a stub URL (the JDBC contract, so
     * {@link DriverManager} can try its other drivers).
     *
     * @param url a URL such as {@code jdbc:stub:bench;executeLatency=100us}
     * @param info ignored, {@code user} and {@code password} included
     * @return a new {@link StubConnection}, or null
     * @throws SQLException {@link SQLNonTransientException} with SQLState {@code 22023} if the URL is malformed (the
     *         message names the key, the value and what is accepted); {@code 08001} if a connect fault was injected
     *         ({@code failConnect}, {@code failConnectsFor}, {@link StubServer#failConnects(boolean)});
     *         {@code 53300} if {@code maxConnections} is reached
     */
    @Override
    public StubConnection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Target target = TARGETS.get(url);
        if (target == null) {
            StubUrl settings;
            try {
                settings = StubUrl.parse(url);
            } catch (IllegalArgumentException e) {
                throw new SQLNonTransientException(e.getMessage(), Errors.INVALID_PARAMETER, e);
            }
            // Two threads racing on a new URL both parse it; the first to publish wins, which is harmless.
            Target parsed = new Target(settings, server(settings.serverName()));
            Target raced = TARGETS.putIfAbsent(url, parsed);
            target = raced != null ? raced : parsed;
        }
        return target.server().connect(target.settings());
    }

    /**
     * @return whether the URL starts with {@code jdbc:stub:}; a malformed stub URL is accepted here and rejected by
     *         {@link #connect}, which says what is wrong with it
     * @throws SQLException if {@code url} is null, as JDBC requires
     */
    @Override
    public boolean acceptsURL(String url) throws SQLException {
        if (url == null) {
            throw new SQLException("JDBC URL is null; a stub URL looks like jdbc:stub:bench;executeLatency=100us",
                    "08001");
        }
        return url.startsWith(StubUrl.PREFIX);
    }

    /** @return no properties: the stub takes its settings from the URL (see {@link StubUrl}), never from properties */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return MAJOR_VERSION;
    }

    @Override
    public int getMinorVersion() {
        return MINOR_VERSION;
    }

    /** @return false: a stub that runs no SQL is not SQL-92 Entry Level compliant */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    /** @return the logger of this package; the driver itself never logs, its hot paths must not */
    @Override
    public Logger getParentLogger() {
        return Logger.getLogger(StubDriver.class.getPackageName());
    }
}
