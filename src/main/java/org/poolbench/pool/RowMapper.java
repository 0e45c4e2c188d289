package org.poolbench.pool;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Turns the current row of a result set into a value. Called once per row; the result set is valid only during
 * the call, so a mapper must not keep it (or anything reached from it).
 *
 * @param <T> the value of one row
 */
@FunctionalInterface
public interface RowMapper<T> {
    /** Maps the row the result set is on; must not move the cursor. */
    T map(ResultSet row) throws SQLException;
}
