package org.poolbench.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, at the driver, the {@code prepareStatement}/{@code prepareCall} calls made on physical connections and the
 * prepared statements still open on them, whichever pool (or pool's statement cache) made them: the count of
 * {@code StatementReuseBenchmark}, the same for every pool and backend.
 *
 * <p>It wraps each physical connection, and each prepared statement made on one, in a {@link Proxy} that delegates
 * every call. Price: one reflective dispatch per call on the connection or the statement (tens of nanoseconds; a
 * fraction of a stub statement's cost, a negligible one of an H2 or PostgreSQL round trip) and a counter
 * increment. Every pool reaches the driver through it, but not with the same number of calls: a pool that calls
 * more connection methods per borrow and return pays more dispatches, so {@link #wrappedCalls()} counts them for the
 * benchmark to report beside the prepares. Only the benchmark that reports prepares turns it on
 * ({@link CountingDataSource}), so no other benchmark pays it. Plain {@code createStatement} statements are not
 * wrapped: they prepare nothing.
 *
 * <p>The proxies compare and hash by identity, as the drivers' own objects do, so a pool that keys a map by the
 * physical connection (Vibur's statement cache) sees one key per connection.
 */
final class StatementCounter {

    private final LongAdder prepares = new LongAdder();
    private final LongAdder open = new LongAdder();
    private final LongAdder calls = new LongAdder();

    /** {@code prepareStatement} and {@code prepareCall} calls that returned a statement, on every connection. */
    long prepares() {
        return prepares.sum();
    }

    /** Prepared statements made and not yet closed, by their own close or their connection's. */
    long openStatements() {
        return open.sum();
    }

    /**
     * Calls that went through the wrappers (connection and statement methods, {@code Object}'s excepted): what the
     * counting cost each pool, which differs by how many connection calls a pool makes per borrow and return.
     */
    long wrappedCalls() {
        return calls.sum();
    }

    /** {@code raw}, wrapped so that what is prepared on it is counted. */
    Connection wrap(Connection raw) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(raw));
    }

    /** Calls {@code method} on {@code target}, rethrowing what it threw rather than the reflection's wrapper. */
    private static Object delegate(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Identity semantics for the {@link Object} methods a map calls; null for every other method. */
    private static Object identity(Object proxy, Method method, Object[] args, Object target) {
        return switch (method.getName()) {
            case "equals" -> method.getParameterCount() == 1 ? proxy == args[0] : null;
            case "hashCode" -> method.getParameterCount() == 0 ? System.identityHashCode(proxy) : null;
            case "toString" -> method.getParameterCount() == 0 ? "Counted[" + target + "]" : null;
            default -> null;
        };
    }

    private final class ConnectionHandler implements InvocationHandler {
        private final Connection raw;
        /** This connection's open prepared statements, subtracted from the total when the connection closes. */
        private final LongAdder mine = new LongAdder();
        private final AtomicBoolean closed = new AtomicBoolean();

        ConnectionHandler(Connection raw) {
            this.raw = raw;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return identity(proxy, method, args, raw);
            }
            calls.increment();
            Object result = delegate(raw, method, args);
            String name = method.getName();
            if (result instanceof PreparedStatement ps && (name.equals("prepareStatement")
                    || name.equals("prepareCall"))) {
                prepares.increment();
                open.increment();
                mine.increment();
                Class<?> face = ps instanceof CallableStatement ? CallableStatement.class : PreparedStatement.class;
                return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {face},
                        new StatementHandler(ps, this));
            }
            if (name.equals("close") && method.getParameterCount() == 0 && closed.compareAndSet(false, true)) {
                // JDBC closes a connection's statements with it; their count goes with it
                open.add(-mine.sumThenReset());
            }
            return result;
        }

        /** One of this connection's statements was closed by its own close. */
        void statementClosed() {
            if (!closed.get()) {
                mine.decrement();
                open.decrement();
            }
        }
    }

    private final class StatementHandler implements InvocationHandler {
        private final PreparedStatement raw;
        private final ConnectionHandler owner;
        private final AtomicBoolean closed = new AtomicBoolean();

        StatementHandler(PreparedStatement raw, ConnectionHandler owner) {
            this.raw = raw;
            this.owner = owner;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return identity(proxy, method, args, raw);
            }
            calls.increment();
            Object result = delegate(raw, method, args);
            if (method.getName().equals("close") && method.getParameterCount() == 0
                    && closed.compareAndSet(false, true)) {
                owner.statementClosed();
            }
            return result;
        }
    }
}
