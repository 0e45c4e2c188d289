package org.poolbench.pool;

import java.sql.*;

/**
 * A {@link ResultSet} whose {@code getStatement()} leads back to the borrower's statement wrapper (or to nothing,
 * for metadata result sets) rather than to the physical statement and from there to the physical connection,
 * which a borrower could otherwise keep past {@code close()}. Every method but {@code close()} and
 * {@code isClosed()} first checks that the connection has not been returned: a result set does not outlive its
 * connection (JDBC closes it with the connection), and metadata result sets are not tracked otherwise. Only the
 * row updates count themselves in flight on the lease; why reads need not is said in {@link ProxyConnection}. The
 * delegation is generated into {@link ResultSetDelegation}.
 */
final class ProxyResultSet extends ResultSetDelegation {
    private final Statement statement;

    ProxyResultSet(ProxyConnection conn, Statement statement, ResultSet delegate) {
        super(conn, delegate);
        this.statement = statement;
    }

    @Override
    public Statement getStatement() throws SQLException {
        conn.checkOpen();
        return statement;
    }

    @Override
    ResultSetMetaData wrap(ResultSetMetaData metaData) {
        return metaData == null ? null : new ProxyResultSetMetaData(conn, metaData);
    }
}
