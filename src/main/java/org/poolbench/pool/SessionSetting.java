package org.poolbench.pool;

import java.sql.Connection;
import java.sql.SQLException;
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
 */
enum SessionSetting {
    AUTO_COMMIT("auto-commit", Connection::getAutoCommit, (c, v) -> c.setAutoCommit((Boolean) v)),
    READ_ONLY("read-only", Connection::isReadOnly, (c, v) -> c.setReadOnly((Boolean) v)),
    ISOLATION("transaction isolation", Connection::getTransactionIsolation,
            (c, v) -> c.setTransactionIsolation((Integer) v)),
    CATALOG("catalog", Connection::getCatalog, (c, v) -> c.setCatalog((String) v)),
    SCHEMA("schema", Connection::getSchema, (c, v) -> c.setSchema((String) v)),
    NETWORK_TIMEOUT("network timeout", Connection::getNetworkTimeout,
            (c, v) -> c.setNetworkTimeout(Runnable::run, (Integer) v)),
    HOLDABILITY("holdability", Connection::getHoldability, (c, v) -> c.setHoldability((Integer) v)),
    TYPE_MAP("type map", Connection::getTypeMap, SessionSetting::restoreTypeMap),
    CLIENT_INFO("client info", Connection::getClientInfo, (c, v) -> c.setClientInfo((Properties) v));

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

    @SuppressWarnings("unchecked") // read() stored what getTypeMap() returned
    private static void restoreTypeMap(Connection c, Object original) throws SQLException {
        c.setTypeMap((Map<String, Class<?>>) original);
    }
}
