package org.poolbench.pool;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a call's arguments to a statement's parameters and maps a result's rows, the two steps that
 * {@link Pool#exec}, {@link Pool#query}, {@link Stmt} and {@link Tx} share.
 */
final class BindAndMap {
    private BindAndMap() {
    }

    /** Binds {@code args} to parameters 1..n with {@code setObject}; null binds SQL NULL. */
    static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    /** Maps every row, closing the result set. */
    static <T> List<T> mapAll(ResultSet rs, RowMapper<T> mapper) throws SQLException {
        try (rs) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        }
    }
}
