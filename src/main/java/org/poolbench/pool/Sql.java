package org.poolbench.pool;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The small steps the one-shot, statement and transaction paths share. */
final class Sql {
    private Sql() {
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
     * Ends a one-shot operation's work on a connection whose driver default is manual commit: one-shot operations
     * mean "run it and be done", as Go's {@code DB.Exec} does on an auto-committing session.
     */
    static void finishOneShot(PoolEntry e) throws SQLException {
        if (!e.autoCommit) {
            e.raw.commit();
            e.txDirty = false;
        }
    }
}
