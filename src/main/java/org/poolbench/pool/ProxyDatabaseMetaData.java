package org.poolbench.pool;

import java.sql.*;

/**
 * {@link DatabaseMetaData} whose {@code getConnection()} returns the borrower's handle, not the physical
 * connection, and whose result sets are wrapped so that they do not lead to it either ({@code getStatement()}
 * answers null, which JDBC allows for metadata result sets). Every query counts itself in flight on the lease (see
 * {@link ProxyConnection}), and {@code unwrap} checks the lease too, so a kept metadata object cannot reach the next
 * borrower's session. The delegation is generated into {@link DatabaseMetaDataDelegation}.
 */
final class ProxyDatabaseMetaData extends DatabaseMetaDataDelegation {

    ProxyDatabaseMetaData(ProxyConnection conn, DatabaseMetaData delegate) {
        super(conn, delegate);
    }

    @Override
    ResultSet wrap(ResultSet rs) {
        return rs == null ? null : conn.track(new ProxyMetaDataResultSet(conn, rs));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return conn; // harmless when stale: the handle itself refuses every call once closed
    }
}
