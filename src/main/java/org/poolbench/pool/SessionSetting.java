package org.poolbench.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

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
    AUTO_COMMIT("auto-commit") {
        @Override
        Object read(Connection c) throws SQLException {
            return c.getAutoCommit();
        }

        @Override
        void restore(Connection c, Object original) throws SQLException {
            c.setAutoCommit((Boolean) original);
        }
    },
    READ_ONLY("read-only") {
        @Override
        Object read(Connection c) throws SQLException {
            return c.isReadOnly();
        }

        @Override
        void restore(Connection c, Object original) throws SQLException {
            c.setReadOnly((Boolean) original);
        }
    },
    ISOLATION("transaction isolation") {
        @Override
        Object read(Connection c) throws SQLException {
            return c.getTransactionIsolation();
        }

        @Override
        void restore(Connection c, Object original) throws SQLException {
            c.setTransactionIsolation((Integer) original);
        }
    },
    CATALOG("catalog") {
        @Override
        Object read(Connection c) throws SQLException {
            return c.getCatalog();
        }

        @Override
        void restore(Connection c, Object original) throws SQLException {
            c.setCatalog((String) original);
        }
    },
    SCHEMA("schema") {
        @Override
        Object read(Connection c) throws SQLException {
            return c.getSchema();
        }

        @Override
        void restore(Connection c, Object original) throws SQLException {
            c.setSchema((String) original);
        }
    },
    NETWORK_TIMEOUT("network timeout") {
        @Override
        Object read(Connection c) throws SQLException {
            return c.getNetworkTimeout();
        }

        @Override
        void restore(Connection c, Object original) throws SQLException {
            c.setNetworkTimeout(DIRECT, (Integer) original);
        }
    },
    HOLDABILITY("holdability") {
        @Override
        Object read(Connection c) throws SQLException {
            return c.getHoldability();
        }

        @Override
        void restore(Connection c, Object original) throws SQLException {
            c.setHoldability((Integer) original);
        }
    },
    TYPE_MAP("type map") {
        @Override
        Object read(Connection c) throws SQLException {
            return c.getTypeMap();
        }

        @Override
        @SuppressWarnings("unchecked") // read() stored what getTypeMap() returned
        void restore(Connection c, Object original) throws SQLException {
            c.setTypeMap((Map<String, Class<?>>) original);
        }
    },
    CLIENT_INFO("client info") {
        @Override
        Object read(Connection c) throws SQLException {
            return c.getClientInfo();
        }

        @Override
        void restore(Connection c, Object original) throws SQLException {
            c.setClientInfo((Properties) original);
        }
    };

    /** Every setting in restore order; a shared copy, because {@code values()} allocates a new array per call. */
    static final SessionSetting[] ALL = values();

    /** Runs the task in the calling thread; only used to put a network timeout back. */
    private static final Executor DIRECT = Runnable::run;

    /** This setting's bit in {@link SessionReset}'s masks. */
    final int bit = 1 << ordinal();
    private final String readmeName;

    SessionSetting(String readmeName) {
        this.readmeName = readmeName;
    }

    /** How the README names this setting in its list of what a return undoes. */
    String readmeName() {
        return readmeName;
    }

    /** The setting's current value on {@code c}; may cost a round trip, so it is read only when first changed. */
    abstract Object read(Connection c) throws SQLException;

    /** Puts {@code original}, a value {@link #read} returned, back on {@code c}. */
    abstract void restore(Connection c, Object original) throws SQLException;
}
