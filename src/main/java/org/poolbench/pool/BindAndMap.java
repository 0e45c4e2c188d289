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

    /**
     * Maps the rows of a one-shot query, run on a connection the pool holds for that call alone, through a lease of
     * their own: the mapper, the caller's code, sees a wrapped result set whose {@code getStatement()} leads nowhere,
     * and one it keeps refuses every call once the mapping is over, so it cannot reach the connection after the pool
     * has lent it to someone else.
     */
    static <T> List<T> mapOnLease(PoolCore core, PoolEntry e, ResultSet physical, RowMapper<T> mapper)
            throws SQLException {
        ProxyConnection lease = new ProxyConnection(core, e);
        try {
            return mapAll(new ProxyResultSet(lease, null, physical), mapper);
        } finally {
            lease.disown(); // ends the lease without returning the connection: the caller's retry rule does that
        }
    }
}
