package org.poolbench.pool;

import java.sql.ResultSetMetaData;

/**
 * The borrower's {@link ResultSetMetaData}: every call is a call in flight on the lease (see {@link ProxyConnection}), since a
 * driver may query the catalog on the physical connection to answer it, so a kept one cannot reach the next
 * borrower. The delegation is generated into {@link ResultSetMetaDataDelegation}.
 */
final class ProxyResultSetMetaData extends ResultSetMetaDataDelegation {
    ProxyResultSetMetaData(ProxyConnection conn, ResultSetMetaData delegate) {
        super(conn, delegate);
    }
}
