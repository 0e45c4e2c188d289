package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.function.Executable;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;

/**
 * Fixtures that several pool tests need in the same form, kept here once instead of copied into each test class.
 * What a single test customises (which faults a driver injects, what a data source counts) stays in that test.
 *
 * <ul>
 *   <li>Names and configs: {@link #uniqueName(String)} for stub servers and H2 databases no other test uses;
 *       {@link #stubConfig(String, String)}, {@link #namedStubConfig(String, ManualClock)} and
 *       {@link #h2Config(String)} for the usual pools.</li>
 *   <li>JDBC stand-ins: {@link StubBackedDriver}, which answers everything but {@code connect} as the stub driver
 *       does; {@link #dataSource(SqlSupplier)}, a data source over a connection supplier; {@link #invoke}, the
 *       forwarding call of a dynamic proxy, {@link #intercept}, a proxy whose calls a test sees first, and
 *       {@link #onClose}, a connection whose close a test sees first.</li>
 *   <li>Borrowing on another thread: {@link #TEST_THREADS} for {@link CompletableFuture}s,
 *       {@link #borrowAsync(String, SqlSupplier)}, then {@link #await} or
 *       {@link #awaitFailure}, each bounded at {@value #AWAIT_SECONDS} seconds so a lost wake-up fails the test
 *       instead of hanging the build.</li>
 *   <li>Checks: {@link #physical(Connection)}, {@link #assertConsistent(PoolStats)},
 *       {@link #assertRejected(Executable, String...)}.</li>
 * </ul>
 * Pools are opened with {@link PoolCheck#open(PoolConfig)} and its overloads, so that the {@link PoolCheck}
 * extension checks their invariants, closes them and checks for leaked connections after each test.
 */
final class PoolFixtures {
    /** How long a test waits for another thread's borrow before it fails. */
    static final int AWAIT_SECONDS = 10;

    /** One counter for every test class: a name is unique in the JVM, whatever its prefix. */
    private static final AtomicInteger SEQ = new AtomicInteger();

    private PoolFixtures() {
    }

    /** Something that yields a value or fails with an {@link SQLException}, as opening a connection does. */
    @FunctionalInterface
    interface SqlSupplier<T> {
        /** @return the value */
        T get() throws SQLException;
    }

    // ---------------------------------------------------------------- names and configs

    /** @return {@code prefix-n}, a name no other call returns: stub servers and H2 databases are global to the JVM */
    static String uniqueName(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    /**
     * A config for a pool on stub server {@code server} whose URL carries {@code params} (";key=value", or "").
     * Creates the server first, which also registers the stub driver before the pool looks it up.
     */
    static PoolConfig stubConfig(String server, String params) {
        StubDriver.server(server);
        return PoolConfig.forUrl("jdbc:stub:" + server + params);
    }

    /** {@link #stubConfig(String, String)} without URL parameters. */
    static PoolConfig stubConfig(String server) {
        return stubConfig(server, "");
    }

    /** A config for a pool on stub server {@code server}, named after it (so messages and threads carry it). */
    static PoolConfig namedStubConfig(String server, ManualClock clock) {
        return PoolConfig.forUrl("jdbc:stub:" + server).name(server).clock(clock);
    }

    /** @return the URL of H2 in-memory database {@code db}, kept until the JVM exits rather than its last close */
    static String h2Url(String db) {
        return "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1";
    }

    /** A config for a pool on H2 in-memory database {@code db}. */
    static PoolConfig h2Config(String db) {
        return PoolConfig.forUrl(h2Url(db));
    }

    // ---------------------------------------------------------------- JDBC stand-ins

    /**
     * A {@link Driver} that answers everything but {@link #connect} as {@link StubDriver#instance()} does, so that a
     * test's driver states only how it connects (usually by wrapping or counting the stub connection it opens). The
     * pool calls nothing but {@code connect}; the rest is here because the interface requires it.
     */
    abstract static class StubBackedDriver implements Driver {
        @Override
        public boolean acceptsURL(String url) throws SQLException {
            return StubDriver.instance().acceptsURL(url);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return StubDriver.instance().getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return StubDriver.instance().getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return StubDriver.instance().getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return StubDriver.instance().jdbcCompliant();
        }

        @Override
        public Logger getParentLogger() {
            return StubDriver.instance().getParentLogger();
        }
    }

    /**
     * A {@link DataSource} whose {@code getConnection()} returns what {@code open} returns; the other methods are
     * inert. Asking it for other credentials fails: a pool must only ever use the data source's own.
     */
    static DataSource dataSource(SqlSupplier<Connection> open) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return open.get();
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                throw new SQLFeatureNotSupportedException("the pool must not ask for other credentials");
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }

    /**
     * Forwards a dynamic proxy's call to {@code target}. Throws what the method threw, not the reflective
     * {@link InvocationTargetException} around it, so the pool sees the driver's {@link SQLException} itself.
     */
    static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A call on an intercepted JDBC object, seen first by a test; return {@link #PASS} to let it through. */
    @FunctionalInterface
    interface Hook {
        Object call(Object target, Method method, Object[] args) throws Throwable;
    }

    /** What a {@link Hook} returns to forward the call to the real object unchanged. */
    static final Object PASS = new Object();

    /** {@code target} behind a dynamic proxy of {@code type} whose calls go through {@code hook} first. */
    static <T> T intercept(Class<T> type, T target, Hook hook) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Object answer = hook.call(target, method, args);
                    return answer != PASS ? answer : invoke(method, target, args);
                }));
    }

    /** Wraps {@code target} so that {@code close()} runs {@code beforeClose} first (to hold or observe a close). */
    static Connection onClose(Connection target, Runnable beforeClose) {
        return intercept(Connection.class, target, (real, method, args) -> {
            if (method.getName().equals("close")) {
                beforeClose.run();
            }
            return PASS;
        });
    }

    // ---------------------------------------------------------------- borrowing on another thread

    /**
     * Threads for tests that run pool calls concurrently through {@link CompletableFuture}: the common fork-join
     * pool has a single thread on a 2-core machine, too few for a test that blocks one call while another runs.
     */
    static final ExecutorService TEST_THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pool-test");
        t.setDaemon(true);
        return t;
    });

    /**
     * Runs {@code borrow} on a new platform daemon thread named {@code threadName} (so that
     * {@link ManualClock#awaitParked(String)} can find it); the future completes with the connection or the failure.
     */
    static CompletableFuture<Connection> borrowAsync(String threadName, SqlSupplier<Connection> borrow) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(borrow.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** @return what {@code f} completes with, waiting at most {@value #AWAIT_SECONDS} seconds */
    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(AWAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** @return what {@code f} failed with; fails the test unless it fails within {@value #AWAIT_SECONDS} seconds */
    static Throwable awaitFailure(CompletableFuture<?> f) {
        return assertThrows(ExecutionException.class, () -> f.get(AWAIT_SECONDS, TimeUnit.SECONDS)).getCause();
    }

    // ---------------------------------------------------------------- checks

    /** @return the stub connection behind a borrowed handle */
    static StubConnection physical(Connection c) throws SQLException {
        return c.unwrap(StubConnection.class);
    }

    /** Checks the invariant every snapshot must keep: {@code open == inUse + idle}. */
    static void assertConsistent(PoolStats s) {
        assertEquals(s.open(), s.inUse() + s.idle(), "open == inUse + idle in " + s);
    }

    /** Checks that {@code setter} is rejected at once with a message containing every one of {@code fragments}. */
    static void assertRejected(Executable setter, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, setter);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        }
    }
}
