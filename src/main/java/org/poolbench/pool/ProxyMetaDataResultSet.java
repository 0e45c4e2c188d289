package org.poolbench.pool;

import java.sql.*;

/**
 * A result set of a {@link DatabaseMetaData} query. Unlike a statement's result set, which the return closes with
 * its statement, nothing else would close it, so the lease tracks it as it tracks statements: left open, it is
 * closed on return, before the connection goes to anyone else, which is also what makes a kept one's cursor calls
 * safe (see {@link ProxyConnection}). {@code getStatement()} answers null, as JDBC allows for metadata result sets,
 * so it leads nowhere near the physical connection.
 */
final class ProxyMetaDataResultSet extends ResultSetDelegation implements PoolEntry.Tracked {
    private boolean closed;

    ProxyMetaDataResultSet(ProxyConnection conn, ResultSet delegate) {
        super(conn, delegate);
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkLease();
        return null;
    }

    @Override
    public void closePhysical() throws SQLException {
        if (!closed) {
            closed = true;
            delegate.close();
        }
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            conn.closeTracked(this);
        }
    }

    @Override
    ResultSetMetaData wrap(ResultSetMetaData metaData) {
        return metaData == null ? null : new ProxyResultSetMetaData(conn, metaData);
    }
}
