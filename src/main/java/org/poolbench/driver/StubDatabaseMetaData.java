package org.poolbench.driver;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;

/**
 * A minimal {@link DatabaseMetaData} for stub connections: the few answers pools and tools ask for (connection, URL,
 * driver and product names and versions, transaction and result-set support); any other method throws
 * {@link java.sql.SQLFeatureNotSupportedException} naming it.
 *
 * <p>A {@link Proxy} because the interface has some 180 methods and this object is never on a benchmark's hot path;
 * the hot-path objects (connections, statements, result sets) are plain classes.
 */
final class StubDatabaseMetaData implements InvocationHandler {

    static final String PRODUCT_NAME = "poolbench stub server";
    static final String DRIVER_NAME = "poolbench stub driver";

    private final StubConnection connection;

    private StubDatabaseMetaData(StubConnection connection) {
        this.connection = connection;
    }

    static DatabaseMetaData create(StubConnection connection) {
        return (DatabaseMetaData) Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, new StubDatabaseMetaData(connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        return switch (method.getName()) {
            case "getConnection" -> connection;
            case "getURL" -> connection.settings().url();
            // The driver never keeps credentials, so it cannot say who connected.
            case "getUserName" -> null;
            case "getDriverName" -> DRIVER_NAME;
            case "getDriverVersion", "getDatabaseProductVersion" -> StubDriver.VERSION;
            case "getDriverMajorVersion", "getDatabaseMajorVersion" -> StubDriver.MAJOR_VERSION;
            case "getDriverMinorVersion", "getDatabaseMinorVersion" -> StubDriver.MINOR_VERSION;
            case "getDatabaseProductName" -> PRODUCT_NAME;
            case "getJDBCMajorVersion" -> 4;
            case "getJDBCMinorVersion" -> 3;
            case "getSQLStateType" -> DatabaseMetaData.sqlStateSQL;
            case "isReadOnly" -> connection.isReadOnly();
            case "supportsTransactions", "supportsBatchUpdates" -> true;
            case "supportsSavepoints", "supportsGetGeneratedKeys", "supportsStoredProcedures" -> false;
            case "getDefaultTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
            case "supportsTransactionIsolationLevel" -> isolationLevel((Integer) args[0]);
            case "supportsResultSetType" -> (Integer) args[0] == ResultSet.TYPE_FORWARD_ONLY;
            case "supportsResultSetConcurrency" -> (Integer) args[0] == ResultSet.TYPE_FORWARD_ONLY
                    && (Integer) args[1] == ResultSet.CONCUR_READ_ONLY;
            case "supportsResultSetHoldability" -> (Integer) args[0] == ResultSet.HOLD_CURSORS_OVER_COMMIT
                    || (Integer) args[0] == ResultSet.CLOSE_CURSORS_AT_COMMIT;
            case "getResultSetHoldability" -> ResultSet.CLOSE_CURSORS_AT_COMMIT;
            case "isWrapperFor" -> args[0] != null && ((Class<?>) args[0]).isInstance(proxy);
            case "unwrap" -> {
                if (args[0] != null && ((Class<?>) args[0]).isInstance(proxy)) {
                    yield proxy;
                }
                throw Errors.notWrapperFor(this, (Class<?>) args[0]);
            }
            case "toString" -> "StubDatabaseMetaData[" + connection + "]";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw Errors.unsupported("DatabaseMetaData." + method.getName() + "()");
        };
    }

    private static boolean isolationLevel(int level) {
        return level == Connection.TRANSACTION_READ_UNCOMMITTED || level == Connection.TRANSACTION_READ_COMMITTED
                || level == Connection.TRANSACTION_REPEATABLE_READ || level == Connection.TRANSACTION_SERIALIZABLE;
    }
}
