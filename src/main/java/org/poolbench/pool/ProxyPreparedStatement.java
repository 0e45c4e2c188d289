package org.poolbench.pool;

import java.sql.PreparedStatement;

/**
 * A borrower's {@link PreparedStatement}; see {@link ProxyStatement}. Nothing is special here: the delegation is
 * generated into {@link PreparedStatementDelegation}, and this class gives it a name that callable statements
 * extend.
 */
class ProxyPreparedStatement extends PreparedStatementDelegation {
    ProxyPreparedStatement(ProxyConnection conn, PreparedStatement delegate) {
        super(conn, delegate);
    }
}
