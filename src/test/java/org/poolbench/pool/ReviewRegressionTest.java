package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.dataSource;
import static org.poolbench.pool.PoolFixtures.h2Config;
import static org.poolbench.pool.PoolFixtures.h2Url;
import static org.poolbench.pool.PoolFixtures.uniqueName;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * Regression tests for defects found by reviewing the core: each test fails on the code before its fix.
 */
@ExtendWith(PoolCheck.class)
class ReviewRegressionTest {
    /** Own threads: the common fork-join pool has a single thread on a 2-core machine, too few for these tests. */
    private static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "review-regression");
        t.setDaemon(true);
        return t;
    });

    /** Wraps {@code target} so that {@code close()} runs {@code beforeClose} first. */
    private static Connection onClose(Connection target, Runnable beforeClose) {
        return PoolFixtures.intercept(Connection.class, target, (real, method, args) -> {
            if (method.getName().equals("close")) {
                beforeClose.run();
            }
            return PoolFixtures.PASS;
        });
    }

    // ---------------------------------------------------------------- capacity

    @Test
    void alwaysNewAcquire_atMaxOpenWithAnIdleConnection_evictsItInsteadOfWaitingForever() throws Exception {
        String name = uniqueName("always-new");
        StubServer server = StubDriver.server(name);
        ManualClock clock = new ManualClock();
        PoolConfig config = PoolConfig.forUrl("jdbc:stub:" + name).maxOpen(2).maxIdle(2).clock(clock);
        PoolCore core = new PoolCore(config, name, () -> DriverManager.getConnection("jdbc:stub:" + name));
        try {
            PoolEntry held = core.acquire(TimeUnit.SECONDS.toNanos(1), false);
            PoolEntry idle = core.acquire(TimeUnit.SECONDS.toNanos(1), false);
            core.release(idle);
            assertEquals(1, core.stats().idle());

            // Go's third retry attempt: a new connection although the pool is full and one is idle.
            PoolEntry fresh = core.acquire(TimeUnit.SECONDS.toNanos(1), true);

            assertNotSame(idle, fresh);
            assertEquals(3, server.opened(), "a new physical connection was opened");
            assertEquals(1, server.closed(), "the idle one made room for it");
            PoolStats s = core.stats();
            assertEquals(2, s.open());
            assertEquals(0, s.idle());
            assertEquals(0, s.waiting());
            core.release(fresh);
            core.release(held);
        } finally {
            core.close();
        }
    }

    @Test
    void closedConnectionsSlot_isFreedOnlyAfterItsPhysicalCloseReturns() throws Exception {
        String name = uniqueName("slot-after-close");
        StubServer server = StubDriver.server(name);
        String url = "jdbc:stub:" + name + ";maxConnections=1"; // the database's limit equals max open
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch mayClose = new CountDownLatch(1);
        ManualClock clock = new ManualClock();
        DataSource ds = dataSource(() -> onClose(DriverManager.getConnection(url), () -> {
            closing.countDown();
            try {
                mayClose.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(ds).maxOpen(1).clock(clock))) {
            Connection first = pool.getConnection();
            CompletableFuture<Connection> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.getConnection();
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }, THREADS);
            clock.awaitParkedCount(1);

            // A broken connection is closed on return rather than handed to the waiter; its close blocks in the
            // "driver" until the test lets it finish.
            server.breakConnection(first.unwrap(StubConnection.class).id());
            assertFalse(first.isValid(1));
            CompletableFuture<Void> returning = CompletableFuture.runAsync(() -> {
                try {
                    first.close();
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }, THREADS);
            assertTrue(closing.await(10, TimeUnit.SECONDS));
            assertEquals(1, pool.stats().open(), "the closing connection still holds its slot");
            assertEquals(1, pool.stats().waiting(), "the waiter has not been given the slot yet");
            assertEquals(1, server.live());

            mayClose.countDown();
            returning.get(10, TimeUnit.SECONDS);
            try (Connection second = waiter.get(10, TimeUnit.SECONDS)) {
                assertFalse(second.isClosed());
            }
            assertEquals(2, server.opened(), "never refused: the second connect came after the first close");
            assertEquals(0, server.connectAttempts() - server.opened(), "no connect attempt was refused");
        }
    }

    @Test
    void loweredMaxOpen_closesOnlyTheSurplus_evenWhileEarlierClosesAreInFlight() throws Exception {
        String name = uniqueName("surplus");
        StubServer server = StubDriver.server(name);
        String url = "jdbc:stub:" + name;
        CountDownLatch mayClose = new CountDownLatch(1);
        AtomicInteger closesStarted = new AtomicInteger();
        DataSource ds = dataSource(() -> onClose(DriverManager.getConnection(url), () -> {
            closesStarted.incrementAndGet();
            try {
                mayClose.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(ds).maxOpen(3).maxIdle(3))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            Connection c = pool.getConnection();
            pool.setMaxOpen(1);

            // a and b are surplus: each is closed on return, and their closes hang for now.
            CompletableFuture<Void> returnA = CompletableFuture.runAsync(() -> closeUnchecked(a), THREADS);
            ManualClock.awaitTrue(() -> closesStarted.get() == 1, "a's close to start");
            CompletableFuture<Void> returnB = CompletableFuture.runAsync(() -> closeUnchecked(b), THREADS);
            ManualClock.awaitTrue(() -> closesStarted.get() == 2, "b's close to start");

            // Three still count as open, but two of them are on their way out: c is within the limit of one.
            c.close();
            assertEquals(1, pool.stats().idle(), "c was kept, not closed as surplus");

            mayClose.countDown();
            returnA.get(10, TimeUnit.SECONDS);
            returnB.get(10, TimeUnit.SECONDS);
            PoolStats s = pool.stats();
            assertEquals(1, s.open());
            assertEquals(1, s.idle());
            assertEquals(2, server.closed());
        }
    }

    private static void closeUnchecked(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            throw new RuntimeException(e);
        }
    }

    // ---------------------------------------------------------------- max idle clamp

    @Test
    void defaultMaxIdle_underMaxOpenOne_isLoweredWithoutWarning() {
        List<LogRecord> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger("org.poolbench.pool");
        jul.addHandler(handler);
        String name = uniqueName("quiet-clamp");
        StubDriver.server(name);
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + name).maxOpen(1))) {
            assertEquals(1, pool.getMaxIdle());
            assertTrue(warnings.isEmpty(), () -> "unexpected warning: " + warnings.get(0).getMessage());
        } finally {
            jul.removeHandler(handler);
        }
    }

    // ---------------------------------------------------------------- statements

    @Test
    void stmtFromAnotherPool_isRefusedInsideATransaction() throws SQLException {
        String a = uniqueName("pool-a");
        String b = uniqueName("pool-b");
        StubDriver.server(a);
        StubDriver.server(b);
        try (Pool poolA = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + a).name(a));
                Pool poolB = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + b).name(b));
                Stmt stmtOfA = poolA.prepare("update x set y = ?");
                Tx txOfB = poolB.begin()) {
            SQLException e = assertThrows(SQLException.class, () -> txOfB.exec(stmtOfA, 1));
            assertTrue(e.getMessage().contains("'" + a + "'") && e.getMessage().contains("'" + b + "'"), e.getMessage());
            assertThrows(SQLException.class, () -> txOfB.query(stmtOfA, rs -> rs.getInt(1)));
            assertEquals(0, poolB.stats().prepares(), "nothing was prepared on pool b's connection");
        }
    }

    @Test
    void reusedStmt_doesNotKeepAnotherCallsParameters() throws SQLException {
        try (Pool pool = PoolCheck.open(h2Config(uniqueName("params")))) {
            pool.exec("create table t(a int, b int)");
            try (Stmt insert = pool.prepare("insert into t values (?, ?)")) {
                assertEquals(1, insert.exec(1, 2));
                // One argument for two parameters: a fresh statement would refuse; a reused one must too.
                assertThrows(SQLException.class, () -> insert.exec(3));
                assertTrue(pool.stats().reuses() >= 1, "the second call reused the physical statement");
            }
            assertEquals(List.of(1), pool.query("select count(*) from t", rs -> rs.getInt(1)));
        }
    }

    // ---------------------------------------------------------------- one-shots on manual-commit sessions

    @Test
    void failedOneShot_onManualCommitSession_isRolledBackNotCommittedByTheNextOne() throws SQLException {
        String db = uniqueName("manual-commit");
        String url = h2Url(db);
        DataSource ds = dataSource(() -> {
            Connection c = DriverManager.getConnection(url);
            c.setAutoCommit(false); // as a DataSource configured for manual commit hands them out
            return c;
        });
        try (Connection admin = DriverManager.getConnection(url);
                Pool pool = PoolCheck.open(new PoolConfig().dataSource(ds).maxOpen(1))) {
            admin.createStatement().execute("create table t(id int primary key)");
            pool.exec("insert into t values (?)", 1);

            // The insert inside the query runs, then the mapper throws: the one-shot failed.
            assertThrows(IllegalStateException.class, () -> pool.query(
                    "select id from final table (insert into t values (2))", rs -> {
                        throw new IllegalStateException("mapper failed");
                    }));
            pool.exec("insert into t values (?)", 3); // same connection (max open 1); commits its own work only

            List<Integer> ids = new ArrayList<>();
            var rs = admin.createStatement().executeQuery("select id from t order by id");
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
            assertEquals(List.of(1, 3), ids, "the failed query's insert must not have been committed");
        }
    }

    // ---------------------------------------------------------------- abort

    @Test
    void abortThenClose_returnsTheConnectionOnce() throws SQLException {
        String name = uniqueName("abort-once");
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + name).maxOpen(2))) {
            Connection c = pool.getConnection();
            StubConnection physical = c.unwrap(StubConnection.class);
            c.abort(Runnable::run);
            c.close(); // the holder's close after a watchdog's abort must not return it a second time
            PoolStats s = pool.stats();
            assertEquals(0, s.open());
            assertEquals(0, s.inUse());
            assertEquals(1, s.closed());
            assertTrue(physical.isClosed());
            try (Connection next = pool.getConnection()) {
                assertSame(StubConnection.class, next.unwrap(StubConnection.class).getClass());
            }
            assertEquals(2, server.opened());
        }
    }

    @Test
    void retries_shareOneDeadline() throws Exception {
        String name = uniqueName("one-deadline");
        StubDriver.server(name);
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + name).maxOpen(1).clock(clock)
                .acquireTimeout(Duration.ofSeconds(5)))) {
            CountDownLatch inFirstAttempt = new CountDownLatch(1);
            CountDownLatch failFirstAttempt = new CountDownLatch(1);
            AtomicInteger attempts = new AtomicInteger();
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                try {
                    pool.run(TimeUnit.SECONDS.toNanos(5), true, e -> {
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
            }, THREADS);
            assertTrue(inFirstAttempt.await(10, TimeUnit.SECONDS));
            // Another borrower queues for the only slot, which the failing attempt will free.
            CompletableFuture<Connection> other = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.getConnection();
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }, THREADS);
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
}
