package org.poolbench.pool;

import java.sql.CallableStatement;

/**
 * A borrower's {@link CallableStatement}; see {@link ProxyStatement}. Nothing is special here: the delegation is
 * generated into {@link CallableStatementDelegation}.
 */
final class ProxyCallableStatement extends CallableStatementDelegation {
    ProxyCallableStatement(ProxyConnection conn, CallableStatement delegate) {
        super(conn, delegate);
    }
}
