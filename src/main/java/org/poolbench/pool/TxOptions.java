package org.poolbench.pool;

import java.sql.Connection;
import java.util.Objects;

/**
 * Go's {@code sql.TxOptions}: the isolation level and read-only flag of a transaction started by
 * {@link Pool#begin(TxOptions)}. The connection's settings are put back when the transaction ends.
 *
 * @param isolation the isolation level, or {@link Isolation#DEFAULT} to keep the connection's
 * @param readOnly  whether to mark the connection read-only for the transaction
 */
public record TxOptions(Isolation isolation, boolean readOnly) {
    /** The driver's default isolation, read-write. */
    public static final TxOptions DEFAULT = new TxOptions(Isolation.DEFAULT, false);

    /** Checks the isolation is given. */
    public TxOptions {
        Objects.requireNonNull(isolation, "isolation");
    }

    /** Read-only at the connection's isolation level. */
    public static TxOptions readOnlyTx() {
        return new TxOptions(Isolation.DEFAULT, true);
    }

    /** Read-write at the given isolation level. */
    public static TxOptions of(Isolation isolation) {
        return new TxOptions(isolation, false);
    }

    /** Isolation levels, as JDBC names them. */
    public enum Isolation {
        /** Keep the connection's level. */
        DEFAULT(-1),
        /** {@link Connection#TRANSACTION_READ_UNCOMMITTED}. */
        READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
        /** {@link Connection#TRANSACTION_READ_COMMITTED}. */
        READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
        /** {@link Connection#TRANSACTION_REPEATABLE_READ}. */
        REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
        /** {@link Connection#TRANSACTION_SERIALIZABLE}. */
        SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

        final int jdbcLevel;

        Isolation(int jdbcLevel) {
            this.jdbcLevel = jdbcLevel;
        }
    }
}
