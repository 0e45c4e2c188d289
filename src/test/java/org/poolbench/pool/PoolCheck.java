package org.poolbench.pool;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.poolbench.driver.StubDriver;

/**
 * The check every pool test ends with, as a JUnit 5 extension: register it with
 * {@code @ExtendWith(PoolCheck.class)} on a pool test class and open pools with {@link #open(PoolConfig)} (or hand
 * them to {@link #track(Pool)}). After each test, whether it passed or not, it:
 * <ol>
 *   <li>checks every tracked pool's invariants ({@link PoolCore#checkInvariants(boolean)}) as the test left it,
 *       quiescent: the test's threads are done, so nothing may be half opened, half closed or waiting;</li>
 *   <li>closes every tracked pool (a no-op for the ones the test closed) and checks the invariants again;</li>
 *   <li>checks that the stub servers those pools connect to have no live connection left: every physical
 *       connection the pool opened has been closed.</li>
 * </ol>
 * A test that deliberately leaves something behind says so on the test method, with the exact state it expects
 * and why: {@link LeavesLiveConnections} for connections the pool could not close (a driver's close failed, a
 * borrower never gave them back). Nothing turns the check off for a whole class or run.
 *
 * <p>Pools are tracked in one static registry, which holds because the pool tests run one at a time in a JVM
 * (JUnit's parallel execution is not enabled); the registry is static rather than thread-local because a test
 * body may run on a separate timeout thread and may open pools on threads of its own.
 */
final class PoolCheck implements BeforeEachCallback, AfterEachCallback {

    /**
     * The test leaves {@link #value()} physical connections open on the stub servers of its pools, in total, after
     * those pools are closed: connections the pool could not close, such as one whose driver's {@code close()}
     * threw before closing it, or one lent out and never given back (a closed pool closes it only when it comes
     * back). The check then asserts exactly that number, not zero, so an extra leak still fails.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface LeavesLiveConnections {
        /** @return how many stub connections stay live after the test's pools are closed */
        int value();

        /** @return why the test leaves them open */
        String because();
    }

    /** What the running test opened; {@code null} between tests. */
    private static volatile Tracked current;

    /** The pools and stub servers of one test. */
    private static final class Tracked {
        final String test;
        final List<Pool> pools = new CopyOnWriteArrayList<>();
        final Set<String> stubServers = new CopyOnWriteArraySet<>();

        Tracked(String test) {
            this.test = test;
        }
    }

    /**
     * Opens a pool that is checked and closed after the test; a {@code jdbc:stub:} URL's server is checked for
     * live connections too.
     *
     * @throws IllegalStateException if the test class does not register this extension
     */
    static Pool open(PoolConfig config) {
        Tracked tracked = registry(); // before opening, so that a missing registration leaks no pool
        Pool pool = Pool.open(config);
        tracked.pools.add(pool);
        watchUrl(config.url());
        return pool;
    }

    /** {@link Pool#open(String, Properties)}, checked and closed after the test as {@link #open(PoolConfig)} is. */
    static Pool open(String url, Properties properties) {
        Tracked tracked = registry();
        Pool pool = Pool.open(url, properties);
        tracked.pools.add(pool);
        watchUrl(url);
        return pool;
    }

    /** {@link Pool#open(Driver, String, Properties)}, checked and closed after the test. */
    static Pool open(Driver driver, String url, Properties properties) {
        Tracked tracked = registry();
        Pool pool = Pool.open(driver, url, properties);
        tracked.pools.add(pool);
        watchUrl(url);
        return pool;
    }

    /**
     * {@link Pool#open(DataSource)}, checked and closed after the test; a data source names no server, so a test
     * whose data source opens stub connections adds the server with {@link #watch(String)}.
     */
    static Pool open(DataSource dataSource) {
        Tracked tracked = registry();
        Pool pool = Pool.open(dataSource);
        tracked.pools.add(pool);
        return pool;
    }

    /** {@link #watch(String)} for the server of a {@code jdbc:stub:} URL; other URLs name no stub server. */
    static void watchUrl(String url) {
        if (url != null && url.startsWith("jdbc:stub:")) {
            int params = url.indexOf(';');
            watch(url.substring("jdbc:stub:".length(), params < 0 ? url.length() : params));
        }
    }

    /** Has {@code pool}, opened some other way, checked and closed after the test; returns it. */
    static Pool track(Pool pool) {
        registry().pools.add(pool);
        return pool;
    }

    /** Adds stub server {@code name} to those that must have no live connection once the test's pools close. */
    static void watch(String name) {
        registry().stubServers.add(name);
    }

    private static Tracked registry() {
        Tracked t = current;
        if (t == null) {
            throw new IllegalStateException("no test is running with the pool check: annotate the test class with "
                    + "@ExtendWith(PoolCheck.class)");
        }
        return t;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        current = new Tracked(context.getDisplayName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Tracked tracked = current;
        current = null;
        if (tracked == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (Pool pool : tracked.pools) {
            problems.addAll(prefixed("as the test left it", pool, core(pool).invariantViolations(true)));
        }
        for (Pool pool : tracked.pools) {
            try {
                pool.close();
            } catch (RuntimeException | Error e) {
                problems.add("pool '" + core(pool).name + "': close() threw " + e);
            }
            problems.addAll(prefixed("after close()", pool, core(pool).invariantViolations(true)));
        }
        LeavesLiveConnections leaves = context.getTestMethod()
                .map(m -> m.getAnnotation(LeavesLiveConnections.class)).orElse(null);
        int expected = leaves == null ? 0 : leaves.value();
        long live = 0;
        List<String> perServer = new ArrayList<>();
        for (String name : tracked.stubServers) {
            long n = StubDriver.server(name).live();
            live += n;
            perServer.add(name + "=" + n);
        }
        if (live != expected) {
            problems.add("stub servers have " + live + " live connection(s) after the test's pools closed, expected "
                    + expected + (leaves == null ? "" : " (" + leaves.because() + ")") + ": " + perServer);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(tracked.test + ": the pool check failed:\n  " + String.join("\n  ", problems));
        }
    }

    private static List<String> prefixed(String when, Pool pool, List<String> violations) {
        List<String> out = new ArrayList<>(violations.size());
        for (String v : violations) {
            out.add("pool '" + core(pool).name + "' " + when + ": " + v);
        }
        return out;
    }

    /** The core behind {@code pool}. */
    static PoolCore core(Pool pool) {
        return pool.core();
    }
}
