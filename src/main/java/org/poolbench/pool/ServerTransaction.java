package org.poolbench.pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Ends a transaction that a borrower opened in SQL and left open, for drivers that report the server session's
 * transaction state without a round trip.
 *
 * <p><b>Why</b>: a borrower who runs {@code BEGIN} under auto-commit opens a server transaction the JDBC driver does
 * not count as one, so neither the driver's auto-commit mode nor the pool's own record of executions outside
 * auto-commit shows it. Lent on as it is, the next borrower's auto-commit statements run inside it and are lost
 * when the connection closes (or fail with 25P02 if it had failed). The server does say: PostgreSQL ends every
 * response with its transaction status, and pgjdbc keeps it, as {@code BaseConnection#getTransactionState()}
 * ({@code IDLE}, {@code OPEN} or {@code FAILED}), a local read.
 *
 * <p><b>How</b>: the pool core depends on nothing beyond the JDK, so it finds that method by reflection on the
 * physical connection's public class (a public, argument-less {@code getTransactionState()} returning an enum with an
 * {@code IDLE} constant), once per connection class, and keeps the handle in each {@link PoolEntry}. On return, a
 * state other than {@code IDLE} is ended with a {@code ROLLBACK} statement (under auto-commit the driver's own
 * {@code rollback()} refuses) and checked again; a session still inside a transaction fails the reset, and the
 * connection is discarded. A driver without such a method (or whose connection class is not public) is not
 * checked: there, a transaction opened in SQL and left open reaches the next borrower.
 */
final class ServerTransaction {
    /** The state method of each physical connection class, or null where there is none; looked up once per class. */
    private static final ClassValue<MethodHandle> STATE = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            return find(type);
        }
    };

    private ServerTransaction() {
    }

    /** The handle reading {@code raw}'s server transaction state, or null if its driver does not expose one. */
    static MethodHandle stateOf(Connection raw) {
        return STATE.get(raw.getClass());
    }

    private static MethodHandle find(Class<?> type) {
        try {
            Method method = type.getMethod("getTransactionState");
            Class<?> result = method.getReturnType();
            if (!result.isEnum() || !hasIdle(result)) {
                return null; // not the shape pgjdbc's is: reading it could not tell "no transaction" apart
            }
            return MethodHandles.publicLookup().unreflect(method)
                    .asType(MethodType.methodType(Object.class, Connection.class));
        } catch (NoSuchMethodException | IllegalAccessException | SecurityException e) {
            return null; // not exposed to us: the connection is returned unchecked, as the README says
        }
    }

    private static boolean hasIdle(Class<?> enumType) {
        for (Object constant : enumType.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals("IDLE")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends the server transaction {@code raw}'s session is in, if {@code state} says it is in one; the caller has
     * already rolled back what the pool knew of. Throws if the session is still in a transaction afterwards (or
     * the state cannot be read), so that the caller discards the connection.
     */
    static void end(MethodHandle state, Connection raw, boolean autoCommit) throws SQLException {
        if (isIdle(state, raw)) {
            return;
        }
        if (autoCommit) {
            try (Statement rollback = raw.createStatement()) {
                rollback.execute("ROLLBACK");
            }
        } else {
            raw.rollback();
        }
        if (!isIdle(state, raw)) {
            throw new SQLException("the server session is still inside a transaction after ROLLBACK");
        }
    }

    private static boolean isIdle(MethodHandle state, Connection raw) throws SQLException {
        Object current;
        try {
            current = (Object) state.invokeExact(raw);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // getTransactionState() declares no checked exception; anything else is the driver's surprise.
            throw new SQLException("could not read the server transaction state", e);
        }
        return current != null && ((Enum<?>) current).name().equals("IDLE");
    }
}
