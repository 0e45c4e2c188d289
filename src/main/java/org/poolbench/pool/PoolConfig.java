package org.poolbench.pool;

import java.sql.Driver;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Settings for a {@link Pool}: where connections come from, the limits, and the clock.
 *
 * <p>Every setter checks its value at once and throws {@link IllegalArgumentException} naming the setting, the
 * value and the rule, so an impossible configuration never reaches a running pool. The defaults are Go's:
 * unlimited open connections, two idle connections, no lifetime and no idle-time limit. Limits can be changed
 * later on the running pool ({@link Pool#setMaxOpen(int)} and friends).
 *
 * <p>A config is copied when the pool opens; changing it afterwards does not affect that pool. It is not
 * thread-safe. {@link #toString()} never shows a password, neither from the properties nor from the URL.
 */
public final class PoolConfig {
    /** Go's {@code defaultMaxIdleConns}. */
    public static final int DEFAULT_MAX_IDLE = 2;
    /** How long {@link Pool#getConnection()} waits for a connection unless told otherwise. */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    /** Go's floor for the cleaner interval ({@code minInterval} in {@code database/sql}). */
    public static final Duration DEFAULT_CLEANER_FLOOR = Duration.ofSeconds(1);
    /** How long a waiter may be overtaken by default: Go's {@code sync.Mutex} starvation threshold. */
    public static final Duration DEFAULT_BARGE_LIMIT = Duration.ofMillis(1);

    private String name;
    private String jmxName;
    private String url;
    private Driver driver;
    private DataSource dataSource;
    private final Properties properties = new Properties();
    private int maxOpen = 0;
    private int maxIdle = DEFAULT_MAX_IDLE;
    private boolean maxIdleChosen;
    private Duration maxLifetime = Duration.ZERO;
    private Duration maxIdleTime = Duration.ZERO;
    private Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;
    private Duration cleanerFloor = DEFAULT_CLEANER_FLOOR;
    /** Zero: the interval follows the limits (Go's rule). */
    private Duration cleanerInterval = Duration.ZERO;
    private Duration bargeLimit = DEFAULT_BARGE_LIMIT;
    private PoolClock clock = PoolClock.system();
    private String resetStatement;

    /** An empty config; set a {@link #url(String) URL}, a {@link #driver(Driver) driver} or a {@link #dataSource(DataSource) data source}. */
    public PoolConfig() {
    }

    /** A config that opens connections to {@code url} through {@link java.sql.DriverManager}'s drivers. */
    public static PoolConfig forUrl(String url) {
        return new PoolConfig().url(url);
    }

    /** Copy constructor, used when a pool opens. */
    PoolConfig(PoolConfig other) {
        name = other.name;
        jmxName = other.jmxName;
        url = other.url;
        driver = other.driver;
        dataSource = other.dataSource;
        properties.putAll(other.properties);
        maxOpen = other.maxOpen;
        maxIdle = other.maxIdle;
        maxIdleChosen = other.maxIdleChosen;
        maxLifetime = other.maxLifetime;
        maxIdleTime = other.maxIdleTime;
        acquireTimeout = other.acquireTimeout;
        cleanerFloor = other.cleanerFloor;
        cleanerInterval = other.cleanerInterval;
        bargeLimit = other.bargeLimit;
        clock = other.clock;
        resetStatement = other.resetStatement;
    }

    // ---------------------------------------------------------------- where connections come from

    /** The JDBC URL; connections are opened by the registered driver that accepts it, or by {@link #driver(Driver)}. */
    public PoolConfig url(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("url must start with \"jdbc:\", but was \"" + Redact.url(url) + "\"");
        }
        this.url = url;
        return this;
    }

    /** Opens connections with this driver instead of looking one up by URL; a {@link #url(String) URL} is still needed. */
    public PoolConfig driver(Driver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
        return this;
    }

    /** Opens connections with {@link DataSource#getConnection()}; URL, driver and properties are then not used. */
    public PoolConfig dataSource(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        return this;
    }

    /** A connection property passed to the driver, e.g. {@code user}; values of password-like keys are never shown. */
    public PoolConfig property(String key, String value) {
        Objects.requireNonNull(key, "property key");
        Objects.requireNonNull(value, () -> "value of property " + key);
        properties.setProperty(key, value);
        return this;
    }

    /**
     * All of {@code props} as connection properties, including its defaults.
     *
     * @throws IllegalArgumentException if a key or a value is not a {@link String} (a {@code char[]} password, a
     *         number): drivers read properties as strings and would silently miss it. The message names the key
     *         and the type found, never the value, which may be a secret.
     */
    public PoolConfig properties(Properties props) {
        Objects.requireNonNull(props, "properties");
        // Checked before anything is copied, so a rejected call leaves the config as it was.
        for (var entry : props.entrySet()) {
            Object key = entry.getKey();
            Object value = entry.getValue();
            if (!(key instanceof String)) {
                throw new IllegalArgumentException("property key " + key + " must be a String, but was of type "
                        + typeName(key) + ": drivers look properties up by String keys and would never see it");
            }
            if (!(value instanceof String)) {
                throw new IllegalArgumentException("value of property \"" + key + "\" must be a String, but was of "
                        + "type " + typeName(value) + " (value not shown): drivers read properties as Strings and "
                        + "would never see it");
            }
        }
        props.stringPropertyNames().forEach(k -> property(k, props.getProperty(k)));
        return this;
    }

    private static String typeName(Object o) {
        return o.getClass().getSimpleName();
    }

    /** Shorthand for {@code property("user", user)}. */
    public PoolConfig user(String user) {
        return property("user", user);
    }

    /** Shorthand for {@code property("password", password)}; the password never appears in any text the pool writes. */
    public PoolConfig password(String password) {
        return property("password", password);
    }

    // ---------------------------------------------------------------- identity

    /** The pool's name, used in its thread name, log lines and error messages. Default: {@code poolbench-N}. */
    public PoolConfig name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be a non-blank string, but was " + quote(name));
        }
        this.name = name;
        return this;
    }

    /**
     * Registers the pool's {@link PoolMXBean} under {@code org.poolbench:type=Pool,name=<jmxName>} while it is open.
     * Unset (the default) registers nothing.
     */
    public PoolConfig jmxName(String jmxName) {
        if (jmxName == null || jmxName.isBlank() || jmxName.matches(".*[,=:*?\"\n].*")) {
            throw new IllegalArgumentException(
                    "jmxName must be non-blank and free of , = : * ? \" and newlines, but was " + quote(jmxName));
        }
        this.jmxName = jmxName;
        return this;
    }

    // ---------------------------------------------------------------- limits

    /** Go's {@code SetMaxOpenConns}: the most connections open at once, in use or idle; zero or less means unlimited. */
    public PoolConfig maxOpen(int maxOpen) {
        this.maxOpen = maxOpen;
        return this;
    }

    /**
     * Go's {@code SetMaxIdleConns}: the most idle connections kept (default {@value #DEFAULT_MAX_IDLE}); zero or less
     * keeps none. Above a positive {@link #maxOpen(int) max open} it is lowered to match when the pool opens, with
     * a warning if it was set here (the default is lowered quietly).
     */
    public PoolConfig maxIdle(int maxIdle) {
        this.maxIdle = maxIdle;
        this.maxIdleChosen = true;
        return this;
    }

    /** Go's {@code SetConnMaxLifetime}: a connection older than this is closed; zero (the default) means forever. */
    public PoolConfig maxLifetime(Duration maxLifetime) {
        this.maxLifetime = checkLimit("maxLifetime", maxLifetime);
        return this;
    }

    /** Go's {@code SetConnMaxIdleTime}: an idle connection unused this long is closed; zero (the default) means forever. */
    public PoolConfig maxIdleTime(Duration maxIdleTime) {
        this.maxIdleTime = checkLimit("maxIdleTime", maxIdleTime);
        return this;
    }

    /** How long {@link Pool#getConnection()} waits for a free connection before it fails; must be positive. */
    public PoolConfig acquireTimeout(Duration acquireTimeout) {
        this.acquireTimeout = checkPositive("acquireTimeout", acquireTimeout);
        return this;
    }

    /**
     * The shortest interval between two cleaner sweeps (Go fixes it at one second). Lower it only for research on
     * the cleaner's cost; it must be positive.
     */
    public PoolConfig cleanerFloor(Duration cleanerFloor) {
        this.cleanerFloor = checkPositive("cleanerFloor", cleanerFloor);
        return this;
    }

    /**
     * Research only: sweep at exactly this interval, whatever the limits, instead of Go's rule (the smaller
     * positive limit, at least {@link #cleanerFloor}). The cleaner still runs only while a lifetime or idle-time
     * limit is set, and a sweep still closes only what has passed its limit, so a long limit with a short interval
     * sweeps often over healthy idle connections: what the cleaner's cost benchmark needs. Zero (the default)
     * restores Go's rule; negative is refused.
     */
    public PoolConfig cleanerInterval(Duration cleanerInterval) {
        if (cleanerInterval == null || cleanerInterval.isNegative()) {
            throw new IllegalArgumentException("cleanerInterval must be zero (Go's rule) or positive, but was "
                    + cleanerInterval);
        }
        this.cleanerInterval = cleanerInterval;
        return this;
    }

    /**
     * How long a thread waiting for a connection may be overtaken. A connection returned while threads wait is
     * free for whoever takes it first, a thread just arriving or the one that returned it included (barging), and
     * the longest waiter is woken to try too. Once a waiter has waited this long, the pool hands every returned
     * connection straight to the longest waiter instead, and new borrowers queue behind, until the waiter next in
     * line has waited less than this. Barging keeps a running thread running instead of parking it and waking
     * another for every connection returned, which under contention is most of what a borrow costs; the limit
     * bounds how long that can keep a waiter waiting. Zero is strict FIFO: a returned connection always goes to
     * the longest waiter (what this pool did before barging; Go's pool hands a returned connection to a waiting
     * request too, picked at random). Default {@link #DEFAULT_BARGE_LIMIT}, the threshold at which Go's
     * {@code sync.Mutex} switches from barging to hand-off. Negative is refused.
     */
    public PoolConfig bargeLimit(Duration bargeLimit) {
        if (bargeLimit == null || bargeLimit.isNegative()) {
            throw new IllegalArgumentException("bargeLimit must be zero (strict FIFO) or positive, but was "
                    + bargeLimit);
        }
        this.bargeLimit = bargeLimit;
        return this;
    }

    /** The clock the pool reads and waits on; tests pass a manual one. Default: {@link PoolClock#system()}. */
    public PoolConfig clock(PoolClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    // ---------------------------------------------------------------- session reset

    /**
     * A SQL statement the pool runs on every connection given back, after it has undone the JDBC settings and
     * rolled back unfinished work, before anyone else can borrow it: PgBouncer's {@code server_reset_query}. For
     * PostgreSQL, {@code DISCARD ALL} ends what a borrower changed with SQL and the pool cannot see ({@code SET},
     * temporary tables, {@code PREPARE}, {@code LISTEN}, advisory locks, {@code WITH HOLD} cursors). It runs with
     * auto-commit on, since such statements refuse to run inside a transaction. If it fails, the connection is
     * discarded. It costs a round trip on every return. Default: none.
     *
     * @throws IllegalArgumentException if {@code sql} is null or blank
     */
    public PoolConfig resetStatement(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("resetStatement must be a non-blank SQL statement, but was "
                    + quote(sql));
        }
        this.resetStatement = sql;
        return this;
    }

    // ---------------------------------------------------------------- checks shared with the running pool

    static Duration checkLimit(String setting, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(setting + " must be zero (no limit) or positive, but was " + value);
        }
        return value;
    }

    static Duration checkPositive(String setting, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, but was " + value);
        }
        return value;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    // ---------------------------------------------------------------- read by the pool

    String name() {
        return name;
    }

    String jmxName() {
        return jmxName;
    }

    String url() {
        return url;
    }

    Driver driver() {
        return driver;
    }

    DataSource dataSource() {
        return dataSource;
    }

    Properties properties() {
        return properties;
    }

    int maxOpen() {
        return maxOpen;
    }

    int maxIdle() {
        return maxIdle;
    }

    boolean maxIdleChosen() {
        return maxIdleChosen;
    }

    Duration maxLifetime() {
        return maxLifetime;
    }

    Duration maxIdleTime() {
        return maxIdleTime;
    }

    Duration acquireTimeout() {
        return acquireTimeout;
    }

    Duration cleanerFloor() {
        return cleanerFloor;
    }

    Duration cleanerInterval() {
        return cleanerInterval;
    }

    Duration bargeLimit() {
        return bargeLimit;
    }

    PoolClock clock() {
        return clock;
    }

    /** The statement run on return, or null for none. */
    String resetStatement() {
        return resetStatement;
    }

    /** Where connections come from, with secrets masked. */
    String describeSource() {
        if (dataSource != null) {
            return "dataSource=" + dataSource.getClass().getName();
        }
        StringBuilder sb = new StringBuilder("url=").append(Redact.url(url));
        if (driver != null) {
            sb.append(", driver=").append(driver.getClass().getName());
        }
        if (!properties.isEmpty()) {
            StringBuilder props = new StringBuilder();
            for (String key : new TreeSet<>(properties.stringPropertyNames())) {
                if (props.length() > 0) {
                    props.append(", ");
                }
                // Any value may quote a URL or an option line with a secret in it (url=..., options=-c password=...).
                props.append(key).append('=')
                        .append(Redact.isSecretKey(key) ? Redact.MASK : Redact.text(properties.getProperty(key)));
            }
            sb.append(", properties={").append(props).append('}');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "PoolConfig{name=" + name + ", " + describeSource() + ", maxOpen=" + maxOpen + ", maxIdle=" + maxIdle
                + ", maxLifetime=" + maxLifetime + ", maxIdleTime=" + maxIdleTime + ", acquireTimeout=" + acquireTimeout
                + ", cleanerFloor=" + cleanerFloor
                + (cleanerInterval.isZero() ? "" : ", cleanerInterval=" + cleanerInterval)
                + ", bargeLimit=" + bargeLimit + ", clock=" + clock
                + (jmxName == null ? "" : ", jmxName=" + jmxName)
                + (resetStatement == null ? "" : ", resetStatement=" + Redact.text(resetStatement)) + "}";
    }
}
