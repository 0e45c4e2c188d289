package org.poolbench.pool;

import java.sql.ParameterMetaData;

/**
 * The borrower's {@link ParameterMetaData}: every call is a call in flight on the lease (see {@link ProxyConnection}), since a
 * driver may query the catalog on the physical connection to answer it, so a kept one cannot reach the next
 * borrower. The delegation is generated into {@link ParameterMetaDataDelegation}.
 */
final class ProxyParameterMetaData extends ParameterMetaDataDelegation {
    ProxyParameterMetaData(ProxyConnection conn, ParameterMetaData delegate) {
        super(conn, delegate);
    }
}
