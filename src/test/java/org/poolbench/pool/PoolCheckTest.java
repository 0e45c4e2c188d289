package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.namedStubConfig;
import static org.poolbench.pool.PoolFixtures.stubConfig;
import static org.poolbench.pool.PoolFixtures.uniqueName;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * The {@link PoolCheck} extension, driven by hand around a pretend test (this class does not register it, so the
 * pretend test's registry is the only one): it closes what a test left open, passes a tidy test, and fails a test
 * that leaks a connection or breaks a pool's invariants, unless the test declares exactly what it leaves. A source
 * scan keeps every pool test class under the check.
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
        Field tableCount = PoolCore.class.getDeclaredField("tableCount");
        tableCount.setAccessible(true);
        tableCount.setInt(PoolCheck.core(pool), 2);
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(context));
            assertTrue(e.getMessage().contains("pool '" + server + "' as the test left it: tableCount is 2 but the "
                    + "table holds 1"), e.getMessage());
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

    // ---------------------------------------------------------------- every pool test is checked

    /** Test classes that open pools but are not under the check, and why. */
    private static final Map<String, String> UNCHECKED_BY_DESIGN = Map.of(
            "PoolInvariantsTest.java", "corrupts its pools on purpose and checks them itself",
            "PoolCheckTest.java", "drives the extension by hand");

    /** Test classes that call {@code Pool.open} themselves and hand the pool to {@link PoolCheck#track}, and why. */
    private static final Map<String, String> OPEN_THEN_TRACK = Map.of(
            "ReadmeExampleTest.java", "runs the README's example as written");

    /** {@code Pool.open(} other than as the expression a test expects to throw, or handed straight to track. */
    private static final Pattern UNTRACKED_OPEN =
            Pattern.compile("(?<!-> )(?<!PoolCheck\\.track\\()\\bPool\\.open\\(");

    @Test
    void poolTestSources_openPoolsThroughPoolCheckAndRegisterIt() throws IOException {
        Path dir = Path.of("src/test/java/org/poolbench/pool");
        assertTrue(Files.isDirectory(dir), "run from the project root; not found: " + dir.toAbsolutePath());
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(p -> p.getFileName().toString().endsWith("Test.java")).sorted().toList();
        }
        assertTrue(sources.size() > 10, "the scan sees the pool tests: " + sources);
        List<String> problems = new ArrayList<>();
        for (Path source : sources) {
            String file = source.getFileName().toString();
            if (UNCHECKED_BY_DESIGN.containsKey(file)) {
                continue;
            }
            String code = PoolStressTest.codeOnly(Files.readString(source));
            boolean opensPools = code.contains("PoolCheck.open(") || code.contains("Pool.open(");
            if (opensPools && !code.contains("@ExtendWith(PoolCheck.class)")) {
                problems.add(file + " opens pools but lacks @ExtendWith(PoolCheck.class)");
            }
            var m = UNTRACKED_OPEN.matcher(code);
            while (!OPEN_THEN_TRACK.containsKey(file) && m.find()) {
                int line = (int) code.substring(0, m.start()).chars().filter(ch -> ch == '\n').count() + 1;
                problems.add(file + ":" + line + " calls Pool.open directly; use PoolCheck.open so the pool is "
                        + "checked and closed after the test");
            }
        }
        assertEquals(List.of(), problems);
    }
}
