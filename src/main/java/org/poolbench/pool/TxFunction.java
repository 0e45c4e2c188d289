package org.poolbench.pool;

import java.sql.SQLException;

/**
 * Work done inside a transaction by {@link Pool#inTransaction(TxFunction)}: it returns normally to commit, or
 * throws to roll back.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface TxFunction<T> {
    /** Does the work on {@code tx}; must not commit or roll back itself. */
    T apply(Tx tx) throws SQLException;
}
