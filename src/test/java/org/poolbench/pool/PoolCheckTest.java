package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.namedStubConfig;
import static org.poolbench.pool.PoolFixtures.stubConfig;
import static org.poolbench.pool.PoolFixtures.uniqueName;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * The {@link PoolCheck} extension, driven by hand around a pretend test (this class does not register it, so the
 * pretend test's registry is the only one): it closes what a test left open, passes a tidy test, and fails a test
 * that leaks a connection or breaks a pool's invariants, unless the test declares exactly what it leaves.
 */
class PoolCheckTest {
    private final PoolCheck check = new PoolCheck();

    /** A pretend test method with nothing declared. */
    void tidyTest() {
    }

    /** A pretend test method that declares the one connection it leaves. */
    @PoolCheck.LeavesLiveConnections(value = 1, because = "the borrower never gives it back")
    void leavesOneConnection() {
    }

    /** An {@link ExtensionContext} that answers only what {@link PoolCheck} asks: the name and the test method. */
    private static ExtensionContext contextFor(String methodName) throws NoSuchMethodException {
        Method method = PoolCheckTest.class.getDeclaredMethod(methodName);
        return (ExtensionContext) java.lang.reflect.Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getDisplayName" -> methodName + "()";
                    case "getTestMethod" -> Optional.of(method);
                    case "getRequiredTestMethod" -> method;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void afterEach_tidyTestWithPoolLeftOpen_closesItAndPasses() throws Exception {
        ExtensionContext context = contextFor("tidyTest");
        String server = uniqueName("check-tidy");
        check.beforeEach(context);
        Pool pool = PoolCheck.open(stubConfig(server).maxIdle(2));
        pool.getConnection().close(); // one idle connection, left for the check to close
        check.afterEach(context);
        assertTrue(pool.isClosed());
        assertEquals(0, StubDriver.server(server).live());
    }

    @Test
    void afterEach_connectionNeverReturned_failsNamingTheServerAndCount() throws Exception {
        ExtensionContext context = contextFor("tidyTest");
        String server = uniqueName("check-leak");
        check.beforeEach(context);
        Pool pool = PoolCheck.open(stubConfig(server));
        Connection leaked = pool.getConnection();
        AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(context));
        assertTrue(e.getMessage().contains("stub servers have 1 live connection(s)"), e.getMessage());
        assertTrue(e.getMessage().contains(server + "=1"), e.getMessage());
        assertTrue(e.getMessage().contains("tidyTest()"), "names the test: " + e.getMessage());
        assertTrue(pool.isClosed(), "closed even though the check failed");
        leaked.close();
        assertEquals(0, StubDriver.server(server).live());
    }

    @Test
    void afterEach_declaredLeftoverConnection_passesWithExactlyThatMany() throws Exception {
        ExtensionContext context = contextFor("leavesOneConnection");
        String server = uniqueName("check-declared");
        check.beforeEach(context);
        Pool pool = PoolCheck.open(stubConfig(server));
        Connection leaked = pool.getConnection();
        check.afterEach(context);
        leaked.close();

        check.beforeEach(context);
        Pool other = PoolCheck.open(stubConfig(server));
        other.getConnection().close(); // leaves nothing, but one was declared: the declaration is exact
        AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(context));
        assertTrue(e.getMessage().contains("0 live connection(s) after the test's pools closed, expected 1 "
                + "(the borrower never gives it back)"), e.getMessage());
        assertTrue(pool.isClosed() && other.isClosed());
    }

    @Test
    void afterEach_brokenInvariant_failsNamingPoolAndInvariant() throws Exception {
        ExtensionContext context = contextFor("tidyTest");
        String server = uniqueName("check-broken");
        check.beforeEach(context);
        Pool pool = PoolCheck.open(namedStubConfig(server, new ManualClock()).maxIdle(2));
        pool.getConnection().close();
        Field idleCount = PoolCore.class.getDeclaredField("idleCount");
        idleCount.setAccessible(true);
        idleCount.setInt(PoolCheck.core(pool), 2);
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(context));
            assertTrue(e.getMessage().contains("pool '" + server + "' as the test left it: idleCount is 2 but the "
                    + "idle list holds 1"), e.getMessage());
            assertTrue(pool.isClosed(), "closed even though the check failed");
        } finally {
            pool.close();
        }
    }

    @Test
    void open_withoutTheExtension_failsSayingHowToRegisterIt() {
        String server = uniqueName("check-unregistered");
        StubServer stub = StubDriver.server(server);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PoolCheck.open(stubConfig(server)).close());
        assertTrue(e.getMessage().contains("@ExtendWith(PoolCheck.class)"), e.getMessage());
        assertEquals(0, stub.live());
    }
}
