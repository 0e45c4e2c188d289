package org.poolbench.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The session settings a borrower may change through {@link Connection}'s setters and the pool puts back before
 * lending the connection again: this list is the whole of it, and the README's list is {@link #readmeName()} of
 * each, in this order.
 *
 * <p>Each setting knows how to read its original value from the driver and how to restore it; {@link SessionReset}
 * decides when. The order of the constants is the order of restoring: auto-commit first, so that the restores after
 * it run in the session's original transaction mode.
 *
 * <p><b>Originals are the pool's own copies.</b> Drivers may hand out the very object they keep their state in
 * (pgjdbc's {@code getClientInfo()} returns the {@link Properties} each {@code setClientInfo} updates, and its
 * {@code getTypeMap()} the map it holds), and may keep the object a setter is given. So a mutable original is
 * copied when read, and a fresh copy is what a restore hands the driver: otherwise a borrower's change, or a change
 * made in place on the restored object, would rewrite the value every later return puts back.
 *
 * <p><b>The schema on PostgreSQL is a search path.</b> JDBC's {@code getSchema()} names one schema, but PostgreSQL
 * resolves names through {@code search_path}, a list, and pgjdbc's {@code setSchema(x)} replaces that whole list
 * with {@code x}. Putting back what {@code getSchema()} said would narrow the list to one entry: with the default
 * {@code "$user", public} and a schema named after the role, every later borrower would lose {@code public}. So on a
 * connection whose {@link java.sql.DatabaseMetaData#getDatabaseProductName()} is {@code PostgreSQL} the original is
 * the whole search path, read and restored in SQL through PostgreSQL's own {@code current_setting} and
 * {@code set_config}, the value bound as a parameter; on other databases, whose current schema is one name (Oracle,
 * H2, DB2) or which ignore the setting, {@code setSchema(getSchema())} puts back exactly what the session had. This
 * uses only JDBC's API and standard SQL functions of PostgreSQL, no driver class.
 */
enum SessionSetting {
    AUTO_COMMIT("auto-commit", Connection::getAutoCommit, (c, v) -> c.setAutoCommit((Boolean) v)),
    READ_ONLY("read-only", Connection::isReadOnly, (c, v) -> c.setReadOnly((Boolean) v)),
    ISOLATION("transaction isolation", Connection::getTransactionIsolation,
            (c, v) -> c.setTransactionIsolation((Integer) v)),
    CATALOG("catalog", Connection::getCatalog, (c, v) -> c.setCatalog((String) v)),
    SCHEMA("schema", SessionSetting::readSchema, SessionSetting::restoreSchema),
    NETWORK_TIMEOUT("network timeout", Connection::getNetworkTimeout,
            (c, v) -> c.setNetworkTimeout(Runnable::run, (Integer) v)),
    HOLDABILITY("holdability", Connection::getHoldability, (c, v) -> c.setHoldability((Integer) v)),
    TYPE_MAP("type map", c -> copyOf(c.getTypeMap()), SessionSetting::restoreTypeMap),
    CLIENT_INFO("client info", c -> copyOf(c.getClientInfo()), (c, v) -> c.setClientInfo(copyOf((Properties) v)));

    /** What {@link java.sql.DatabaseMetaData#getDatabaseProductName()} answers for PostgreSQL (pgjdbc's constant). */
    private static final String POSTGRESQL = "PostgreSQL";
    private static final String READ_SEARCH_PATH = "SELECT pg_catalog.current_setting('search_path')";
    // Qualified with pg_catalog, so that a function a borrower created in a schema of the path cannot stand in.
    private static final String RESTORE_SEARCH_PATH = "SELECT pg_catalog.set_config('search_path', ?, false)";

    /** A PostgreSQL session's original search path, the whole list, as {@code SHOW search_path} gives it. */
    private record SearchPath(String value) {
    }

    /** Every setting in restore order; a shared copy, because {@code values()} allocates a new array per call. */
    static final SessionSetting[] ALL = values();

    /** Reads a setting's current value from a connection. */
    @FunctionalInterface
    private interface Reader {
        Object read(Connection c) throws SQLException;
    }

    /** Puts a value a {@link Reader} returned back on a connection. */
    @FunctionalInterface
    private interface Restorer {
        void restore(Connection c, Object original) throws SQLException;
    }

    /** This setting's bit in {@link SessionReset}'s masks. */
    final int bit = 1 << ordinal();
    private final String readmeName;
    private final Reader reader;
    private final Restorer restorer;

    SessionSetting(String readmeName, Reader reader, Restorer restorer) {
        this.readmeName = readmeName;
        this.reader = reader;
        this.restorer = restorer;
    }

    /** How the README names this setting in its list of what a return undoes. */
    String readmeName() {
        return readmeName;
    }

    /** The setting's current value on {@code c}; may cost a round trip, so it is read only when first changed. */
    Object read(Connection c) throws SQLException {
        return reader.read(c);
    }

    /**
     * Puts {@code original}, a value {@link #read} returned, back on {@code c}. A network timeout is put back with
     * an executor that runs in the calling thread.
     */
    void restore(Connection c, Object original) throws SQLException {
        restorer.restore(c, original);
    }

    @SuppressWarnings("unchecked") // read() stored a copy of what getTypeMap() returned
    private static void restoreTypeMap(Connection c, Object original) throws SQLException {
        c.setTypeMap(copyOf((Map<String, Class<?>>) original));
    }

    /**
     * A mutable copy of a type map (JDBC's idiom changes the map {@code getTypeMap()} returns in place before setting
     * it), so that neither the driver nor a borrower holds the object the pool keeps; null stays null.
     */
    static Map<String, Class<?>> copyOf(Map<String, Class<?>> typeMap) {
        return typeMap == null ? null : new HashMap<>(typeMap);
    }

    /** A copy of client info, with any defaults the driver's {@link Properties} had folded in; null stays null. */
    static Properties copyOf(Properties clientInfo) {
        if (clientInfo == null) {
            return null;
        }
        Properties copy = new Properties();
        for (String name : clientInfo.stringPropertyNames()) {
            copy.setProperty(name, clientInfo.getProperty(name));
        }
        return copy;
    }

    /** The whole search path on PostgreSQL, else {@code getSchema()}; see the class comment. */
    private static Object readSchema(Connection c) throws SQLException {
        if (!POSTGRESQL.equals(c.getMetaData().getDatabaseProductName())) {
            return c.getSchema();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(READ_SEARCH_PATH)) {
            rs.next(); // current_setting of a built-in setting always gives one row; the driver reports it if not
            return new SearchPath(rs.getString(1));
        }
    }

    private static void restoreSchema(Connection c, Object original) throws SQLException {
        if (!(original instanceof SearchPath path)) {
            c.setSchema((String) original);
            return;
        }
        // A session-level set_config still belongs to the transaction it runs in and is undone if that rolls back.
        // Outside auto-commit, so that it lasts and the reset leaves no transaction open, it runs in a transaction
        // of its own: rolled back first (a reset keeps no unfinished work; pgjdbc's setSchema may itself have opened
        // one), committed after.
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
            c.rollback();
        }
        try (PreparedStatement ps = c.prepareStatement(RESTORE_SEARCH_PATH)) {
            ps.setString(1, path.value());
            ps.executeQuery().close();
        }
        if (!autoCommit) {
            c.commit();
        }
    }
}
