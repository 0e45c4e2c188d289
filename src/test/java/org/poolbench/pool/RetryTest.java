package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.TEST_THREADS;
import static org.poolbench.pool.PoolFixtures.h2Config;
import static org.poolbench.pool.PoolFixtures.invoke;
import static org.poolbench.pool.PoolFixtures.stubConfig;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;
import org.poolbench.pool.PoolFixtures.StubBackedDriver;

/**
 * Retry on a bad connection: one-shot operations and {@link Pool#ping} retry a connection-class failure twice on
 * pooled connections and then once on a new connection, but only while the statement cannot have run (a failure
 * before the execute call, or SQLState 08003 or 57P01-57P03 at it, or a connect that failed with a connection-class
 * error); other errors are never retried. See {@link RetryRule} for the rule.
 */
@ExtendWith(PoolCheck.class)
class RetryTest {
    private static final String UPDATE = "update item set x = 1";

    private static String uniqueName() {
        return PoolFixtures.uniqueName("retry");
    }

    /** Leaves {@code n} idle connections in the pool by borrowing them all at once and returning them. */
    private static void fillIdle(Pool pool, int n) throws SQLException {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            held.add(pool.getConnection());
        }
        for (Connection c : held) {
            c.close();
        }
        assertEquals(n, pool.stats().idle());
    }

    /** Every exception suppressed by {@code t}, depth first, so nested and flat suppression both count. */
    private static List<String> suppressedMessages(Throwable t) {
        List<String> messages = new ArrayList<>();
        for (Throwable s : t.getSuppressed()) {
            messages.add(s.getMessage());
            messages.addAll(suppressedMessages(s));
        }
        return messages;
    }

    // ---------------------------------------------------------------- bad pooled connections

    @Test
    void exec_retriesBadPooledConnectionsThenSucceeds() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";badState=08003").maxIdle(2))) {
            fillIdle(pool, 2);
            assertEquals(2, server.breakAll());
            assertEquals(1, pool.exec(UPDATE));
            PoolStats s = pool.stats();
            assertEquals(2, s.badConnRetries());
            assertEquals(3, server.opened());
            assertEquals(2, server.closed(), "both bad connections were discarded");
            assertEquals(1, s.idle());
            assertEquals(1, server.executions());
        }
    }

    @Test
    void exec_retriesOnceWhenOnlyIdleConnectionIsBad() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";badState=08003"))) {
            fillIdle(pool, 1);
            server.breakAll();
            assertEquals(1, pool.exec(UPDATE));
            assertEquals(1, pool.stats().badConnRetries());
            assertEquals(2, server.opened());
        }
    }

    @Test
    void exec_thirdAttemptUsesNewConnectionNotThirdIdleOne() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";badState=08003").maxIdle(3))) {
            fillIdle(pool, 3);
            assertEquals(3, server.breakAll());
            assertEquals(1, pool.exec(UPDATE));
            assertEquals(4, server.opened(), "exactly one new connection, for the third attempt");
            assertEquals(2, server.closed(), "two pooled attempts, the newest idle connections first");
            List<StubConnection> live = server.liveConnections();
            assertEquals(List.of(1L, 4L), live.stream().map(StubConnection::id).toList());
            assertTrue(live.get(0).isBroken(), "the oldest bad connection was never tried");
            assertEquals(2, pool.stats().badConnRetries());
            assertEquals(2, pool.stats().idle());
        }
    }

    @Test
    void exec_failsAfterThreeAttemptsWithEarlierFailuresSuppressed() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(driver).maxIdle(3))) {
            fillIdle(pool, 3);
            driver.prepare.failNext(10, "08006"); // before execute, so retried despite 08006
            SQLException e = assertThrows(SQLException.class, () -> pool.exec(UPDATE));
            assertEquals("injected prepare failure 3", e.getMessage());
            List<String> earlier = suppressedMessages(e);
            assertEquals(2, earlier.size(), earlier.toString());
            assertEquals(Set.of("injected prepare failure 1", "injected prepare failure 2"), Set.copyOf(earlier));
            assertEquals(3, driver.prepare.thrown());
            assertEquals(4, server.opened(), "2 pooled attempts and 1 on a new connection");
            PoolStats s = pool.stats();
            assertEquals(2, s.badConnRetries());
            assertEquals(1, s.idle(), "the three failed connections were discarded, the untried one kept");
            assertEquals(0, s.inUse());
            assertEquals(0, server.executions());
        }
    }

    // ---------------------------------------------------------------- whether the statement may have run

    @Test
    void exec_prepareFailureWith08006IsRetried() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";badState=08006"))) {
            fillIdle(pool, 2);
            server.breakAll(); // the stub fails prepareStatement on a broken connection: nothing was sent
            assertEquals(1, pool.exec(UPDATE));
            assertEquals(2, pool.stats().badConnRetries());
            assertEquals(1, server.executions());
        }
    }

    @Test
    void stmtExec_executeFailureWith08006IsNotRetried() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";badState=08006")); Stmt stmt = pool.prepare(UPDATE)) {
            server.breakAll(); // connection 1 already has the statement: the failure comes at execute
            SQLException e = assertThrows(SQLException.class, stmt::exec);
            assertEquals("08006", e.getSQLState());
            assertEquals(0, e.getSuppressed().length);
            PoolStats s = pool.stats();
            assertEquals(0, s.badConnRetries());
            assertEquals(0, s.open(), "the connection was discarded");
            assertEquals(1, server.closed());
            assertEquals(1, server.opened(), "no second attempt");
        }
    }

    @Test
    void stmtQuery_executeFailureWith08006IsNotRetried() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name)); Stmt stmt = pool.prepare("select 1")) {
            server.breakAll();
            SQLException e = assertThrows(SQLException.class, () -> stmt.query(rs -> rs.getInt(1)));
            assertEquals("08006", e.getSQLState());
            assertEquals(0, pool.stats().badConnRetries());
            assertEquals(1, server.opened());
            assertEquals(1, server.closed());
        }
    }

    @Test
    void stmtExec_executeFailureWith08003IsRetried() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";badState=08003")); Stmt stmt = pool.prepare(UPDATE)) {
            server.breakAll(); // 08003: the driver refused before sending
            assertEquals(1, stmt.exec());
            PoolStats s = pool.stats();
            assertEquals(1, s.badConnRetries());
            assertEquals(2, s.prepares(), "prepared again on the new connection");
            assertEquals(2, server.opened());
            assertEquals(1, server.executions());
        }
    }

    @Test
    void exec_executeFailureWith08006IsNotRetried() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(driver))) {
            fillIdle(pool, 2);
            driver.execute.failNext(1, "08006");
            SQLException e = assertThrows(SQLException.class, () -> pool.exec(UPDATE));
            assertEquals("injected execute failure 1", e.getMessage());
            assertEquals(0, pool.stats().badConnRetries());
            assertEquals(1, server.closed(), "the connection was discarded although not retried");
            assertEquals(1, pool.stats().idle());
            assertEquals(2, server.opened());
        }
    }

    @Test
    void exec_executeFailureWith08003IsRetried() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(driver))) {
            fillIdle(pool, 2);
            driver.execute.failNext(1, "08003");
            assertEquals(1, pool.exec(UPDATE));
            assertEquals(1, pool.stats().badConnRetries());
            assertEquals(1, server.closed());
            assertEquals(1, server.executions());
        }
    }

    // ---------------------------------------------------------------- the server ended the session (57P01-57P03)

    /**
     * PostgreSQL answers a statement on a session it has ended (terminated backend, shutdown, restart) with 57P01,
     * 57P02 or 57P03 in a plain {@link SQLException}, at the execute call. The server did not complete the statement,
     * so the one-shot operation is retried, and the connection is discarded.
     */
    @ParameterizedTest
    @ValueSource(strings = {"57P01", "57P02", "57P03"})
    void exec_executeFailureWithServerTerminationIsRetried(String sqlState) throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(driver))) {
            fillIdle(pool, 2);
            driver.execute.failNext(2, sqlState);
            assertEquals(1, pool.exec(UPDATE));
            PoolStats s = pool.stats();
            assertEquals(2, s.badConnRetries());
            assertEquals(2, server.closed(), "both connections that saw " + sqlState + " discarded");
            assertEquals(1, server.executions(), "only the third attempt reached the stub");
        }
    }

    @Test
    void query_executeFailureWith57P01IsRetried() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(driver))) {
            driver.execute.failNext(1, "57P01");
            assertEquals(List.of(1), pool.query("select 1", rs -> rs.getInt(1)));
            assertEquals(1, pool.stats().badConnRetries());
            assertEquals(1, StubDriver.server(name).closed());
        }
    }

    @Test
    void stmtExec_executeFailureWith57P01IsRetried() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(driver)); Stmt stmt = pool.prepare(UPDATE)) {
            driver.execute.failNext(1, "57P01");
            assertEquals(1, stmt.exec());
            assertEquals(1, pool.stats().badConnRetries());
            assertEquals(1, StubDriver.server(name).closed());
        }
    }

    @Test
    void txExec_executeFailureWith57P01IsNotRetriedAndDiscardsTheConnection() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(driver))) {
            fillIdle(pool, 1);
            try (Tx tx = pool.begin()) {
                driver.execute.failNext(1, "57P01");
                SQLException e = assertThrows(SQLException.class, () -> tx.exec(UPDATE));
                assertEquals("57P01", e.getSQLState());
            }
            assertEquals(0, pool.stats().badConnRetries());
            assertEquals(1, server.closed(), "the connection was discarded although not retried");
            assertEquals(0, pool.stats().idle());
        }
    }

    @Test
    void exec_staleConnectionsWithBadState57P01AreRetried() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";badState=57P01").maxIdle(3))) {
            fillIdle(pool, 3);
            assertEquals(3, server.breakAll());
            assertEquals(1, pool.exec(UPDATE));
            assertEquals(2, pool.stats().badConnRetries());
            assertEquals(2, server.closed());
        }
    }

    @Test
    void txExec_staleConnectionWithBadState57P01IsNotRetried() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";badState=57P01"))) {
            Tx tx = pool.begin();
            assertEquals(1, server.breakAll()); // the session ends after the transaction began
            SQLException e = assertThrows(SQLException.class, () -> tx.exec(UPDATE));
            assertEquals("57P01", e.getSQLState());
            // Closing ends the transaction without the driver's rollback, which the broken connection would
            // refuse: the connection is discarded, and the server ended the transaction with the session.
            tx.close();
            assertFalse(tx.isActive());
            assertEquals(0, pool.stats().badConnRetries(), "not retried inside a transaction");
            assertEquals(1, server.closed());
        }
    }

    @Test
    void isConnectionError_serverTerminationStates() {
        for (String state : List.of("57P01", "57P02", "57P03")) {
            assertTrue(RetryRule.isConnectionError(new SQLException("ended", state)), state);
            assertTrue(RetryRule.isConnectionError(new SQLException("wrapped", "XX000",
                    new SQLException("ended", state))), state + " as the cause");
        }
        // Other class-57 states are operator intervention, not a lost session: 57014 is a cancelled query.
        assertFalse(RetryRule.isConnectionError(new SQLException("canceling statement", "57014")));
    }

    @Test
    void query_executeFailureWith08006IsNotRetried() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(driver))) {
            driver.execute.failNext(1, "08006");
            assertThrows(SQLException.class, () -> pool.query("select 1", rs -> rs.getInt(1)));
            assertEquals(0, pool.stats().badConnRetries());
            assertEquals(1, StubDriver.server(name).closed());
        }
    }

    @Test
    void query_retriesBadPooledConnectionsThenSucceeds() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";badState=08003").maxIdle(3))) {
            fillIdle(pool, 3);
            server.breakAll();
            assertEquals(List.of(1), pool.query("select 1", rs -> rs.getInt(1)));
            assertEquals(2, pool.stats().badConnRetries());
            assertEquals(4, server.opened());
        }
    }

    @Test
    void query_failsAfterThreeAttempts() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(driver))) {
            driver.prepare.failNext(10, "08001");
            SQLException e = assertThrows(SQLException.class, () -> pool.query("select 1", rs -> rs.getInt(1)));
            assertEquals("injected prepare failure 3", e.getMessage());
            assertEquals(2, suppressedMessages(e).size());
            assertEquals(2, pool.stats().badConnRetries());
        }
    }

    @Test
    void retries_shareOneDeadline() throws Exception {
        String name = PoolFixtures.uniqueName("one-deadline");
        StubDriver.server(name);
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + name).maxOpen(1).clock(clock)
                .acquireTimeout(Duration.ofSeconds(5)))) {
            CountDownLatch inFirstAttempt = new CountDownLatch(1);
            CountDownLatch failFirstAttempt = new CountDownLatch(1);
            AtomicInteger attempts = new AtomicInteger();
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                try {
                    RetryRule.run(pool.core(), TimeUnit.SECONDS.toNanos(5), true, e -> {
                        if (attempts.incrementAndGet() == 1) {
                            inFirstAttempt.countDown();
                            try {
                                failFirstAttempt.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException ie) {
                                throw new SQLException(ie);
                            }
                            // A connection-class failure before anything was sent: retried.
                            throw new SQLException("connection does not exist", "08003");
                        }
                        return null;
                    });
                    return null;
                } catch (Exception e) {
                    return e;
                }
            }, TEST_THREADS);
            assertTrue(inFirstAttempt.await(10, TimeUnit.SECONDS));
            // Another borrower queues for the only slot, which the failing attempt will free.
            CompletableFuture<Connection> other = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.getConnection();
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }, TEST_THREADS);
            clock.awaitParkedCount(1);
            clock.advance(Duration.ofSeconds(3)); // the first attempt has used 3 of the 5 seconds
            failFirstAttempt.countDown();
            Connection otherConnection = other.get(10, TimeUnit.SECONDS); // it got the freed slot
            clock.awaitParkedCount(1); // the retry now waits behind it

            clock.advance(Duration.ofSeconds(2)); // 5 s in all: the retry must give up now, not 5 s from its start
            Throwable failure = run.get(10, TimeUnit.SECONDS);
            assertTrue(failure instanceof java.sql.SQLTransientConnectionException, String.valueOf(failure));
            assertTrue(failure.getMessage().contains("2000 ms"), failure.getMessage());
            assertEquals(1, failure.getSuppressed().length, "the first attempt's failure is attached");
            assertEquals(1, pool.stats().badConnRetries());
            otherConnection.close();
        }
    }

    // ---------------------------------------------------------------- never retried

    @Test
    void exec_syntaxErrorIsNotRetried() throws SQLException {
        try (Pool pool = PoolCheck.open(h2Config(uniqueName()))) {
            SQLException e = assertThrows(SQLException.class, () -> pool.exec("updat item set x = 1"));
            assertTrue(e.getSQLState().startsWith("42"), e.getSQLState());
            PoolStats s = pool.stats();
            assertEquals(0, s.badConnRetries());
            assertEquals(1, s.opened());
            assertEquals(0, s.closed(), "the connection is kept");
        }
    }

    @Test
    void exec_nonConnectionErrorBeforeExecuteIsNotRetried() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(driver))) {
            driver.prepare.failNext(10, "42601");
            SQLException e = assertThrows(SQLException.class, () -> pool.exec(UPDATE));
            assertEquals("42601", e.getSQLState());
            assertEquals(1, driver.prepare.thrown());
            assertEquals(0, pool.stats().badConnRetries());
            assertEquals(0, server.closed());
            assertEquals(1, pool.stats().idle());
        }
    }

    @Test
    void exec_connectFailingWithConnectionClassState_isRetried() throws SQLException {
        // Go retries driver.ErrBadConn from a connect like any bad connection: a failed connect sent nothing.
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";failConnect=1"))) {
            assertEquals(1, pool.exec(UPDATE), "the second attempt connects");
            assertEquals(2, server.connectAttempts());
            assertEquals(1, pool.stats().badConnRetries());
            assertEquals(1, pool.stats().open());
            assertEquals(1, pool.stats().idle());
        }
    }

    @Test
    void exec_connectFailingEveryTime_failsAfterThreeAttemptsWithEarlierFailuresAttached() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name))) {
            server.failConnects(true);
            SQLException e;
            try {
                e = assertThrows(SQLException.class, () -> pool.exec(UPDATE));
            } finally {
                server.failConnects(false);
            }
            assertEquals("08001", e.getSQLState());
            assertEquals(3, server.connectAttempts(), "two attempts, then one more on a new connection");
            assertEquals(2, suppressedMessages(e).size(), "the two earlier connect failures are attached");
            assertEquals(2, pool.stats().badConnRetries());
            assertEquals(0, pool.stats().open());
            assertEquals(1, pool.exec(UPDATE), "the next call connects again");
            assertEquals(4, server.connectAttempts());
        }
    }

    @Test
    void exec_connectFailingWithOtherState_isNotRetried() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";maxConnections=1"));
             Connection held = pool.getConnection()) {
            // "Too many clients" (53300) says nothing about whether a retry could help: it is not retried.
            SQLException e = assertThrows(SQLException.class, () -> pool.exec(UPDATE));
            assertEquals("53300", e.getSQLState());
            assertEquals(2, server.connectAttempts());
            assertEquals(0, pool.stats().badConnRetries());
            assertEquals(1, pool.stats().open());
        }
    }

    @Test
    void exec_connectFailures_retriedOnlyWithinTheOneAcquireTimeout() throws SQLException {
        ManualClock clock = new ManualClock();
        AtomicInteger connects = new AtomicInteger();
        StubBackedDriver slowAndFailing = new StubBackedDriver() {
            @Override
            public Connection connect(String url, Properties info) throws SQLException {
                connects.incrementAndGet();
                clock.advance(Duration.ofSeconds(3)); // each failed connect takes 3 s of the 5 s timeout
                throw new SQLException("connection refused", "08001");
            }
        };
        String name = uniqueName();
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(slowAndFailing).clock(clock)
                .acquireTimeout(Duration.ofSeconds(5)))) {
            SQLException e = assertThrows(SQLException.class, () -> pool.exec(UPDATE));
            assertEquals("08001", e.getSQLState());
            assertEquals(2, connects.get(), "at 3 s time is left for a retry; at 6 s the timeout has passed");
            assertEquals(1, suppressedMessages(e).size());
            assertEquals(0, pool.stats().open());
        }
    }

    @Test
    void exec_connectFailureForThirdAttemptEndsRetries() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";badState=08003"))) {
            fillIdle(pool, 2);
            server.breakAll();
            server.failConnects(true);
            long attemptsBefore = server.connectAttempts();
            SQLException e = assertThrows(SQLException.class, () -> pool.exec(UPDATE));
            assertEquals("08001", e.getSQLState());
            assertEquals(1, server.connectAttempts() - attemptsBefore);
            assertEquals(2, suppressedMessages(e).size(), "the two bad-connection failures are attached");
            assertEquals(2, pool.stats().badConnRetries());
            assertEquals(0, pool.stats().open());
        }
    }

    @Test
    void query_connectFailingWithConnectionClassState_isRetried() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ";failConnect=1"))) {
            assertEquals(List.of(1), pool.query("select 1", rs -> rs.getInt(1)));
            assertEquals(2, server.connectAttempts());
        }
    }

    // ---------------------------------------------------------------- ping

    @Test
    void ping_onFreshPoolOpensOneConnectionAndKeepsIt() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name))) {
            assertEquals(0, server.connectAttempts(), "opening a pool does no I/O");
            pool.ping(Duration.ofSeconds(1));
            assertEquals(1, server.opened());
            assertEquals(1, pool.stats().idle());
            pool.ping(Duration.ofSeconds(1));
            assertEquals(1, server.opened(), "the second ping reuses the idle connection");
        }
    }

    @Test
    void ping_retriesBadPooledConnectionsThenNew() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).maxIdle(3))) {
            fillIdle(pool, 3);
            server.breakAll();
            pool.ping(Duration.ofSeconds(1));
            assertEquals(2, pool.stats().badConnRetries());
            assertEquals(4, server.opened(), "third attempt on a new connection");
            assertEquals(2, server.closed());
        }
    }

    @Test
    void ping_failsAfterThreeAttemptsNamingPool() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(driver).name("inventory"))) {
            driver.invalid = true;
            SQLException e = assertThrows(SQLException.class, () -> pool.ping(Duration.ofSeconds(2)));
            assertTrue(e.getMessage().contains("'inventory'"), e.getMessage());
            assertTrue(e.getMessage().contains("ping failed"), e.getMessage());
            assertEquals(2, suppressedMessages(e).size());
            assertEquals(2, pool.stats().badConnRetries());
            assertEquals(3, server.opened());
            assertEquals(0, pool.stats().open(), "invalid connections are discarded");
        }
    }

    @Test
    void ping_connectFailingEveryTime_isRetriedThenFails() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name))) {
            server.failConnects(true);
            try {
                SQLException e = assertThrows(SQLException.class, () -> pool.ping(Duration.ofSeconds(1)));
                assertEquals("08001", e.getSQLState());
            } finally {
                server.failConnects(false);
            }
            assertEquals(3, server.connectAttempts());
            assertEquals(2, pool.stats().badConnRetries());
        }
    }

    @Test
    void ping_veryLongTimeout_saturatesTheDriversValidityTimeout() throws SQLException {
        String name = uniqueName();
        List<Integer> asked = new ArrayList<>(); // the seconds each isValid call was given
        StubBackedDriver recording = new StubBackedDriver() {
            @Override
            public Connection connect(String url, Properties info) throws SQLException {
                StubConnection raw = StubDriver.instance().connect(url, info);
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("isValid")) {
                                asked.add((Integer) args[0]);
                            }
                            return invoke(method, raw, args);
                        });
            }
        };
        try (Pool pool = PoolCheck.open(stubConfig(name).driver(recording))) {
            pool.ping(Duration.ofMillis(Long.MAX_VALUE)); // used to become isValid(1)
            pool.ping(Duration.ofSeconds(Long.MAX_VALUE)); // used to throw ArithmeticException
            pool.ping(Duration.ofMillis(1500));
            pool.ping(Duration.ofNanos(1));
            assertEquals(List.of(Integer.MAX_VALUE, Integer.MAX_VALUE, 2, 1), asked);
        }
    }

    @Test
    void ping_timesOutWhenNoConnectionFreesUp() throws Exception {
        String name = uniqueName();
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(stubConfig(name).name("busy").clock(clock).maxOpen(1).maxIdle(1));
             Connection held = pool.getConnection()) {
            CompletableFuture<Void> ping = CompletableFuture.runAsync(() -> {
                try {
                    pool.ping(Duration.ofSeconds(5));
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            clock.awaitParkedCount(1);
            clock.advance(Duration.ofSeconds(5));
            ExecutionException e = assertThrows(ExecutionException.class, ping::get);
            SQLTransientConnectionException timeout =
                    assertInstanceOf(SQLTransientConnectionException.class, e.getCause().getCause());
            assertTrue(timeout.getMessage().contains("'busy'"), timeout.getMessage());
            assertEquals(0, pool.stats().badConnRetries());
            assertTrue(held.isValid(1));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A fault injected at one point: the next {@code times} calls there throw, numbered from 1. */
    static final class Fault {
        private final String where;
        private final AtomicInteger left = new AtomicInteger();
        private final AtomicInteger thrown = new AtomicInteger();
        private volatile String sqlState;

        Fault(String where) {
            this.where = where;
        }

        void failNext(int times, String state) {
            sqlState = state;
            left.set(times);
        }

        int thrown() {
            return thrown.get();
        }

        void maybeThrow() throws SQLException {
            if (left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SQLException("injected " + where + " failure " + thrown.incrementAndGet(), sqlState);
            }
        }
    }

    /**
     * Hands out stub connections behind dynamic proxies that can fail {@code prepareStatement(String)}, fail the
     * execute calls of the statements it returns (before they reach the stub, so the stub connection stays healthy),
     * or make {@code isValid} report false. Every connection it opens shares these faults.
     */
    static final class FaultyDriver extends StubBackedDriver {
        final Fault prepare = new Fault("prepare");
        final Fault execute = new Fault("execute");
        volatile boolean invalid;

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            StubConnection stub = StubDriver.instance().connect(url, info);
            if (stub == null) {
                return null;
            }
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("isValid") && invalid) {
                            return false;
                        }
                        boolean prepareSql = method.getName().equals("prepareStatement") && method.getParameterCount() == 1;
                        if (prepareSql) {
                            prepare.maybeThrow();
                            return faultyStatement((PreparedStatement) invoke(method, stub, args));
                        }
                        return invoke(method, stub, args);
                    });
        }

        private PreparedStatement faultyStatement(PreparedStatement stub) {
            return PoolFixtures.intercept(PreparedStatement.class, stub, (real, method, args) -> {
                if (method.getName().startsWith("execute")) {
                    execute.maybeThrow();
                }
                return PoolFixtures.PASS;
            });
        }
    }
}
