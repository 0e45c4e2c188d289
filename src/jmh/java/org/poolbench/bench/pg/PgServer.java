package org.poolbench.bench.pg;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;

import org.poolbench.pool.Redact;

/**
 * The PostgreSQL server of a run: where it is, the login every pool uses, the settings that change results, and
 * how it stops. {@link #start(PgConfig)} provisions one the way {@link Provisioning} says, checks that it accepts the
 * login and reads its settings, so a wrong URL, a refused password or a server that cannot start stops the run before
 * any benchmark does.
 *
 * <p>A server this class starts gets every setting a benchmark depends on set explicitly ({@link #SERVER_SETTINGS}),
 * whatever the provider's defaults (zonky's builder, for one, turns off fsync and synchronous commit and allows 300
 * connections). A given server is used as it is, and its settings are read and recorded just the same.
 */
public abstract class PgServer implements AutoCloseable {

    /** Connections the server allows in all. Low on purpose: the connection-limit benchmark drives past it. */
    public static final int MAX_CONNECTIONS = 20;
    /** Slots kept for superusers (PostgreSQL's default); the runner's own set-up logs in as one. */
    public static final int SUPERUSER_RESERVED_CONNECTIONS = 3;
    /** Slots kept for roles with {@code pg_use_reserved_connections} (PostgreSQL 16+); none. */
    public static final int RESERVED_CONNECTIONS = 0;
    /** Connections the benchmark role may hold at once before the server refuses with SQLState 53300. */
    public static final int CLIENT_CONNECTION_SLOTS =
            MAX_CONNECTIONS - SUPERUSER_RESERVED_CONNECTIONS - RESERVED_CONNECTIONS;

    /**
     * The settings of a server this class starts, each chosen rather than inherited (README "PostgreSQL"):
     * the connection limit above; PostgreSQL's stock buffer size; and stock durability ({@code fsync} and
     * {@code synchronous_commit} on), as an application's server runs, although no benchmark writes yet; SCRAM
     * passwords; UTC.
     */
    public static final Map<String, String> SERVER_SETTINGS = orderedMap(
            "max_connections", String.valueOf(MAX_CONNECTIONS),
            "superuser_reserved_connections", String.valueOf(SUPERUSER_RESERVED_CONNECTIONS),
            "reserved_connections", String.valueOf(RESERVED_CONNECTIONS),
            "shared_buffers", "128MB",
            "synchronous_commit", "on",
            "fsync", "on",
            "password_encryption", "scram-sha-256",
            "timezone", "UTC");

    /** The server settings read back and recorded in {@code run.json}, on every server (started or given). */
    static final List<String> RECORDED_SETTINGS = List.of("server_version", "max_connections",
            "superuser_reserved_connections", "reserved_connections", "shared_buffers", "synchronous_commit",
            "fsync", "ssl", "listen_addresses", "timezone");

    /**
     * The pgjdbc properties every pool's connections get besides the login: pgjdbc's own defaults for server-side
     * prepare and its per-connection statement cache, set explicitly so that they are recorded and equal for all.
     */
    public static final Map<String, String> CONNECTION_PROPERTIES = orderedMap(
            "prepareThreshold", "5",
            "preparedStatementCacheQueries", "256",
            "preparedStatementCacheSizeMiB", "5",
            "ApplicationName", "poolbench");

    /** The database and role a started server creates for the benchmarks. */
    static final String BENCH_DATABASE = "bench";
    /** See {@link #BENCH_DATABASE}. */
    static final String BENCH_ROLE = "bench";

    private final Provisioning provisioning;
    private final String url;
    private final String user;
    private final String password;
    private final Map<String, String> extraProperties;
    private volatile Map<String, String> settings = Map.of();

    PgServer(Provisioning provisioning, String url, String user, String password,
             Map<String, String> extraProperties) {
        this.provisioning = provisioning;
        this.url = url;
        this.user = user;
        this.password = password;
        this.extraProperties = extraProperties;
    }

    /**
     * Provisions the server {@code config} asks for ({@link Provisioning#choose}), checks it and reads its settings.
     *
     * @throws IllegalStateException with a message naming the problem (never the password) if it cannot be used
     */
    public static PgServer start(PgConfig config) {
        return start(config, Provisioning.choose(config, Docker::answers));
    }

    /** Provisions the server the given way; see {@link #start(PgConfig)}. */
    public static PgServer start(PgConfig config, Provisioning provisioning) {
        PgServer server = switch (provisioning) {
            case URL -> new GivenServer(config);
            case TESTCONTAINERS -> ContainerServer.start();
            case EMBEDDED -> EmbeddedServer.start(config.port());
        };
        try {
            server.settings = server.readSettings();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** How this server was provisioned. */
    public Provisioning provisioning() {
        return provisioning;
    }

    /** The JDBC URL of the benchmark database. */
    public String url() {
        return url;
    }

    /** The login user, or null when the URL holds it. */
    public String user() {
        return user;
    }

    /** The login password, or null; never log or record it. */
    public String password() {
        return password;
    }

    /**
     * The properties every pool's physical connections are opened with: the login and
     * {@link #CONNECTION_PROPERTIES}, plus what this kind of server needs ({@code sslmode=disable} for a server
     * started without TLS).
     */
    public Properties connectionProperties() {
        Properties p = new Properties();
        publicConnectionProperties().forEach(p::setProperty);
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** {@link #connectionProperties()} without the login: what a record of the run may show. */
    public Map<String, String> publicConnectionProperties() {
        Map<String, String> p = new LinkedHashMap<>(CONNECTION_PROPERTIES);
        p.putAll(extraProperties);
        return p;
    }

    /**
     * What a record of the run says about the server: how it was provisioned, where (URL with secrets masked), the
     * user, the authentication method of the benchmark's login, the settings read back from it and the connection
     * properties.
     */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("provisioning", provisioning.label());
        d.put("url", Redact.url(url));
        d.put("user", user == null ? "(from the URL)" : user);
        d.putAll(settings);
        publicConnectionProperties().forEach((k, v) -> d.put("connection." + k, v));
        return Collections.unmodifiableMap(d);
    }

    /** The settings read back from the server when it was checked. */
    public Map<String, String> settings() {
        return settings;
    }

    /** The server process's id, where this JVM started it. */
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    /** False once a server this JVM started has stopped; a given server is assumed alive. */
    public abstract boolean isAlive();

    /** Stops a server this JVM started and waits until its processes are gone; nothing for a given server. */
    @Override
    public abstract void close();

    /** Opens a connection with the pools' login and properties. */
    Connection connect() throws SQLException {
        return new org.postgresql.Driver().connect(url, connectionProperties());
    }

    /**
     * Logs in as the pools will and reads {@link #RECORDED_SETTINGS} and the login's authentication method.
     *
     * @throws IllegalStateException naming the problem if the server cannot be reached or refuses the login
     */
    Map<String, String> readSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, current_setting(name, true) FROM unnest(?::text[]) WITH ORDINALITY AS t(name, i) "
                            + "ORDER BY i")) {
                ps.setArray(1, c.createArrayOf("text", RECORDED_SETTINGS.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        s.put(rs.getString(1), rs.getString(2) == null ? "(not on this server)" : rs.getString(2));
                    }
                }
            }
            // "login", not "authentication" or "password_encryption": a record of the run masks keys that sound
            // like secrets, and these two are not
            s.put("login", authentication(c) + " over TCP; passwords stored as "
                    + setting(c, "password_encryption"));
        } catch (SQLException e) {
            throw loginFailure(e);
        }
        return s;
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * The method that authenticated this session: PostgreSQL 16+ tells it as {@code SYSTEM_USER}
     * ({@code scram-sha-256:bench}), which is null under {@code trust}.
     */
    static String authentication(Connection c) throws SQLException {
        if (c.getMetaData().getDatabaseMajorVersion() < 16) {
            return "unknown (PostgreSQL before 16 does not tell)";
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT system_user")) {
            rs.next();
            String systemUser = rs.getString(1);
            return systemUser == null ? "trust" : systemUser.substring(0, systemUser.indexOf(':'));
        }
    }

    /** A failed check connect in words a user can act on, without the password. */
    IllegalStateException loginFailure(SQLException e) {
        String state = e.getSQLState() == null ? "none" : e.getSQLState();
        String where = "PostgreSQL at " + Redact.url(url);
        String detail = Redact.text(String.valueOf(e.getMessage()), password == null ? List.of() : List.of(password));
        String advice;
        if (state.startsWith("28")) {
            advice = "it refused the login of user '" + user + "'; set the user and password with PGUSER/PGPASSWORD "
                    + "or -D" + PgConfig.USER + "/-D" + PgConfig.PASSWORD;
        } else if (state.startsWith("08")) {
            advice = "it cannot be reached; is the server running, and are the host and port right?";
        } else if (state.equals("3D000")) {
            advice = "the database in the URL does not exist";
        } else if (state.equals("53300")) {
            advice = "it has no connection slot free";
        } else {
            advice = "the check connect failed";
        }
        IllegalStateException failure = new IllegalStateException(
                where + ": " + advice + " (SQLState " + state + ": " + detail + ")");
        failure.setStackTrace(e.getStackTrace()); // the cause itself is left out: its message may hold what we mask
        return failure;
    }

    /** A password for a server this class starts: 24 random bytes, base64url (nothing in it needs quoting in SQL). */
    static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** A server the user gave by URL: checked and used as it is, never started or stopped here. */
    static final class GivenServer extends PgServer {
        GivenServer(PgConfig config) {
            super(Provisioning.URL, config.url(), config.user(), config.password(), Map.of());
        }

        @Override
        public boolean isAlive() {
            return true;
        }

        @Override
        public void close() {
            // not ours to stop
        }
    }
}
