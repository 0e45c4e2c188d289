package org.poolbench.bench.pg;

import java.util.Map;
import java.util.function.Function;

import org.poolbench.pool.Redact;

/**
 * What the user said about the PostgreSQL server, read from system properties and the environment:
 *
 * <ul>
 *   <li>{@value #URL}: a server to use as it is ({@code jdbc:postgresql://host:port/database}); none starts one;</li>
 *   <li>{@value #USER} (else {@code PGUSER}) and {@value #PASSWORD} (else {@code PGPASSWORD}): the login for that
 *       URL, unless the URL holds it;</li>
 *   <li>{@value #PORT}: the loopback port for an embedded server (default: a free one).</li>
 * </ul>
 * The runner also passes these to the benchmark JVMs it forks, so that they use the server it started.
 *
 * @param url      the given URL, or null
 * @param user     the given user, or null
 * @param password the given password, or null; never shown ({@link #toString()} masks it)
 * @param port     the given port for an embedded server, or null for any free one
 */
public record PgConfig(String url, String user, String password, Integer port) {

    /** System property: the JDBC URL of a server to use instead of starting one. */
    public static final String URL = "poolbench.pg.url";
    /** System property: the user for {@link #URL}; falls back to the environment's {@code PGUSER}. */
    public static final String USER = "poolbench.pg.user";
    /** System property: the password for {@link #URL}; falls back to the environment's {@code PGPASSWORD}. */
    public static final String PASSWORD = "poolbench.pg.password";
    /** System property: the loopback port an embedded server listens on. */
    public static final String PORT = "poolbench.pg.port";

    /**
     * Checks the settings as soon as they are read, so a typo stops the run before anything starts.
     *
     * @throws IllegalArgumentException naming the setting, its value (a URL with its secrets masked) and the rule
     */
    public PgConfig {
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(URL + " must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://host:5432/database, was '" + Redact.url(url) + "'");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException(PORT + " must be a TCP port between 1 and 65535, was " + port);
        }
    }

    /** The settings of this JVM: its system properties, then its environment. */
    public static PgConfig fromEnvironment() {
        return from(System::getProperty, System.getenv());
    }

    /**
     * The settings from {@code properties} (system property names) and {@code env} (environment variables).
     *
     * @throws IllegalArgumentException if a setting is invalid
     */
    static PgConfig from(Function<String, String> properties, Map<String, String> env) {
        String url = blankToNull(properties.apply(URL));
        String user = blankToNull(properties.apply(USER));
        if (user == null) {
            user = blankToNull(env.get("PGUSER"));
        }
        String password = properties.apply(PASSWORD);
        if (password == null) {
            password = env.get("PGPASSWORD");
        }
        String port = blankToNull(properties.apply(PORT));
        Integer portNumber = null;
        if (port != null) {
            try {
                portNumber = Integer.valueOf(port.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PORT + " must be a TCP port between 1 and 65535, was '" + port
                        + "'");
            }
        }
        return new PgConfig(url, user, password, portNumber);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The settings without the password. */
    @Override
    public String toString() {
        return "PgConfig[url=" + (url == null ? null : Redact.url(url)) + ", user=" + user + ", password="
                + (password == null ? null : Redact.MASK) + ", port=" + port + "]";
    }
}
