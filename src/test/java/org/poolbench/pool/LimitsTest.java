package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.TEST_THREADS;
import static org.poolbench.pool.PoolFixtures.assertConsistent;
import static org.poolbench.pool.PoolFixtures.assertRejected;
import static org.poolbench.pool.PoolFixtures.await;
import static org.poolbench.pool.PoolFixtures.borrowAsync;
import static org.poolbench.pool.PoolFixtures.dataSource;
import static org.poolbench.pool.PoolFixtures.namedStubConfig;
import static org.poolbench.pool.PoolFixtures.onClose;
import static org.poolbench.pool.PoolFixtures.physical;
import static org.poolbench.pool.PoolFixtures.uniqueName;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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
 * Limits adjustable while running: max open (zero or less unlimited), max idle (zero or less keeps
 * none, surplus closed at once), max lifetime and max idle time (zero forever), and the checks on values set at
 * runtime. Lowering max open never closes a connection in use.
 */
@ExtendWith(PoolCheck.class)
class LimitsTest {

    private static void selectOne(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
            assertTrue(rs.next());
        }
    }

    // ---------------------------------------------------------------- max idle

    @Test
    void setMaxIdle_lowered_closesSurplusIdleAtOnceOldestFirst() throws Exception {
        StubServer server = StubDriver.server("limits-idle-lower");
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-idle-lower", new ManualClock()).maxIdle(4))) {
            List<Connection> held = new ArrayList<>();
            List<StubConnection> raw = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(pool.getConnection());
                raw.add(physical(held.get(i)));
            }
            for (Connection c : held) {
                c.close(); // returned oldest to newest
            }
            assertEquals(4, pool.stats().idle());

            pool.setMaxIdle(1);
            assertEquals(1, pool.getMaxIdle());
            PoolStats s = pool.stats();
            assertEquals(1, s.idle());
            assertEquals(1, s.open());
            assertEquals(3, s.maxIdleClosed());
            assertEquals(3, s.closed());
            assertEquals(1, server.live(), "closed at once, not on the next borrow");
            assertTrue(raw.get(0).isClosed() && raw.get(1).isClosed() && raw.get(2).isClosed());
            assertFalse(raw.get(3).isClosed(), "the most recently returned one is kept");
            try (Connection c = pool.getConnection()) {
                assertEquals(raw.get(3).id(), physical(c).id());
            }
        }
    }

    @Test
    void setMaxIdle_raised_opensNothing() throws Exception {
        StubServer server = StubDriver.server("limits-idle-raise");
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-idle-raise", new ManualClock()).maxIdle(1))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            a.close();
            b.close(); // over max idle: closed
            assertEquals(1, pool.stats().maxIdleClosed());
            pool.setMaxIdle(10);
            assertEquals(10, pool.getMaxIdle());
            assertEquals(2, server.opened(), "raising max idle does not open connections");
            assertEquals(1, pool.stats().idle());
        }
    }

    @Test
    void maxIdleZero_keepsNothingIdle() throws Exception {
        StubServer server = StubDriver.server("limits-idle-zero");
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-idle-zero", new ManualClock()).maxIdle(0))) {
            pool.getConnection().close();
            PoolStats s = pool.stats();
            assertEquals(0, s.idle());
            assertEquals(0, s.open());
            assertEquals(1, s.maxIdleClosed());
            assertEquals(0, server.live());
            pool.getConnection().close();
            assertEquals(2, server.opened(), "every borrow opens a new connection");
        }
    }

    @Test
    void setMaxIdle_negative_keepsNoneAndClosesIdle() throws Exception {
        StubServer server = StubDriver.server("limits-idle-negative");
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-idle-negative", new ManualClock()))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            a.close();
            b.close();
            assertEquals(2, pool.stats().idle());
            pool.setMaxIdle(-1);
            assertEquals(0, pool.stats().idle());
            assertEquals(0, server.live());
            assertTrue(pool.getMaxIdle() <= 0, "reported as keeping none: " + pool.getMaxIdle());
        }
    }

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

    // ---------------------------------------------------------------- max open

    @Test
    void setMaxOpen_lowered_neverClosesInUseButClosesSurplusAsItReturns() throws Exception {
        ManualClock clock = new ManualClock();
        StubServer server = StubDriver.server("limits-open-lower");
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-open-lower", clock).maxOpen(3).maxIdle(1))) {
            Connection c1 = pool.getConnection();
            Connection c2 = pool.getConnection();
            Connection c3 = pool.getConnection();
            long id3 = physical(c3).id();

            pool.setMaxOpen(1);
            assertEquals(1, pool.getMaxOpen());
            assertEquals(3, server.live(), "no connection in use is closed");
            assertEquals(3, pool.stats().inUse());
            selectOne(c1);
            selectOne(c2);
            selectOne(c3);

            CompletableFuture<Connection> waiter = borrowAsync("limits-open-lower-waiter", pool::getConnection);
            clock.awaitParkedCount(1); // open (3) is above max open (1): the borrower waits

            c1.close();
            assertEquals(2, pool.stats().open(), "the surplus is closed as it comes back");
            assertEquals(2, server.live());
            c2.close();
            assertEquals(1, pool.stats().open());
            assertEquals(1, server.live());
            assertFalse(waiter.isDone(), "still at max open");
            assertEquals(1, pool.stats().waiting());

            c3.close(); // back within the limit: handed to the waiter
            Connection got = await(waiter);
            assertEquals(id3, physical(got).id());
            PoolStats s = pool.stats();
            assertEquals(1, s.open());
            assertEquals(1, s.inUse());
            assertEquals(0, s.waiting());
            assertConsistent(s);
            got.close();
            assertEquals(1, pool.stats().idle());
        }
    }

    @Test
    void setMaxOpen_raised_letsWaitersOpenConnections() throws Exception {
        ManualClock clock = new ManualClock();
        StubServer server = StubDriver.server("limits-open-raise");
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-open-raise", clock).maxOpen(1).maxIdle(1))) {
            Connection held = pool.getConnection();
            CompletableFuture<Connection> w1 = borrowAsync("limits-open-raise-1", pool::getConnection);
            clock.awaitParkedCount(1);
            CompletableFuture<Connection> w2 = borrowAsync("limits-open-raise-2", pool::getConnection);
            clock.awaitParkedCount(2);

            pool.setMaxOpen(3);
            Connection c1 = await(w1);
            Connection c2 = await(w2);
            Set<Long> ids = new HashSet<>(List.of(physical(held).id(), physical(c1).id(), physical(c2).id()));
            assertEquals(3, ids.size(), "each waiter opened its own connection");
            assertEquals(3, server.opened());
            PoolStats s = pool.stats();
            assertEquals(3, s.open());
            assertEquals(0, s.waiting());
            held.close();
            c1.close();
            c2.close();
        }
    }

    @Test
    void maxOpenZeroOrLess_isUnlimited() throws Exception {
        StubServer server = StubDriver.server("limits-open-unlimited");
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-open-unlimited", new ManualClock()).maxOpen(0))) {
            assertEquals(0, pool.getMaxOpen());
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                held.add(pool.getConnection()); // would park forever on the manual clock if it had to wait
            }
            assertEquals(50, server.live());
            assertEquals(0, pool.stats().waitCount());
            pool.setMaxOpen(-7);
            assertEquals(0, pool.getMaxOpen(), "negative is reported as unlimited");
            assertEquals(0, pool.stats().maxOpen());
            held.add(pool.getConnection());
            assertEquals(51, pool.stats().open());
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void setMaxOpen_toUnlimited_letsWaitersProceed() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-open-to-unlimited", clock).maxOpen(1).maxIdle(1))) {
            Connection held = pool.getConnection();
            CompletableFuture<Connection> waiter = borrowAsync("limits-open-to-unlimited-waiter", pool::getConnection);
            clock.awaitParkedCount(1);
            pool.setMaxOpen(0);
            Connection got = await(waiter);
            assertNotEquals(physical(held).id(), physical(got).id());
            assertEquals(2, pool.stats().open());
            held.close();
            got.close();
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
        PoolCheck.watchUrl(url);
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(ds).maxOpen(1).clock(clock))) {
            Connection first = pool.getConnection();
            CompletableFuture<Connection> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.getConnection();
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }, TEST_THREADS);
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
            }, TEST_THREADS);
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
        PoolCheck.watchUrl(url);
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(ds).maxOpen(3).maxIdle(3))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            Connection c = pool.getConnection();
            pool.setMaxOpen(1);

            // a and b are surplus: each is closed on return, and their closes hang for now.
            CompletableFuture<Void> returnA = CompletableFuture.runAsync(() -> closeUnchecked(a), TEST_THREADS);
            ManualClock.awaitTrue(() -> closesStarted.get() == 1, "a's close to start");
            CompletableFuture<Void> returnB = CompletableFuture.runAsync(() -> closeUnchecked(b), TEST_THREADS);
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

    // ---------------------------------------------------------------- lifetime and idle time

    @Test
    void setMaxLifetime_atRuntime_appliesToConnectionAlreadyOpen() throws Exception {
        ManualClock clock = new ManualClock();
        StubServer server = StubDriver.server("limits-lifetime");
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-lifetime", clock))) {
            Connection c = pool.getConnection();
            assertNull(pool.cleanerThread(), "no limit yet, no cleaner");

            pool.setMaxLifetime(Duration.ofSeconds(10));
            assertEquals(Duration.ofSeconds(10), pool.getMaxLifetime());
            Thread cleaner = pool.cleanerThread();
            assertNotNull(cleaner);
            assertEquals("limits-lifetime-cleaner", cleaner.getName());
            assertEquals(Duration.ofSeconds(10), pool.cleanerInterval());
            clock.awaitParked("limits-lifetime-cleaner");

            clock.advance(Duration.ofSeconds(10));
            c.close(); // expired while in use: closed on return
            PoolStats s = pool.stats();
            assertEquals(1, s.maxLifetimeClosed());
            assertEquals(0, s.open());
            assertEquals(0, server.live());
        }
    }

    @Test
    void setMaxIdleTime_atRuntime_cleanerClosesIdleConnection() throws Exception {
        ManualClock clock = new ManualClock();
        StubServer server = StubDriver.server("limits-idle-time");
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-idle-time", clock))) {
            pool.getConnection().close();
            pool.setMaxIdleTime(Duration.ofSeconds(5));
            assertEquals(Duration.ofSeconds(5), pool.getMaxIdleTime());
            assertEquals(Duration.ofSeconds(5), pool.cleanerInterval());
            clock.awaitParked("limits-idle-time-cleaner");

            clock.advance(Duration.ofSeconds(5));
            clock.awaitParked("limits-idle-time-cleaner"); // the sweep is done
            PoolStats s = pool.stats();
            assertEquals(1, s.maxIdleTimeClosed());
            assertEquals(0, s.idle());
            assertEquals(0, server.live());
        }
    }

    @Test
    void setLimitsToZero_meansForeverAndStopsCleaner() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-forever", clock)
                .maxLifetime(Duration.ofSeconds(10)).maxIdleTime(Duration.ofSeconds(3)))) {
            Thread cleaner = pool.cleanerThread();
            assertNotNull(cleaner);
            assertEquals(Duration.ofSeconds(3), pool.cleanerInterval(), "the smaller limit");

            pool.setMaxIdleTime(Duration.ZERO);
            assertEquals(Duration.ZERO, pool.getMaxIdleTime());
            assertEquals(Duration.ofSeconds(10), pool.cleanerInterval(), "re-armed on the remaining limit");

            pool.setMaxLifetime(Duration.ZERO);
            assertEquals(Duration.ZERO, pool.getMaxLifetime());
            assertEquals(Duration.ZERO, pool.cleanerInterval());
            cleaner.join(10_000);
            assertFalse(cleaner.isAlive(), "no limit left: the cleaner exits");
            assertNull(pool.cleanerThread());

            pool.getConnection().close();
            clock.advance(Duration.ofDays(365));
            assertEquals(1, pool.stats().idle(), "zero means forever");
            pool.getConnection().close();
            assertEquals(0, pool.stats().maxLifetimeClosed() + pool.stats().maxIdleTimeClosed());
        }
    }

    // ---------------------------------------------------------------- values rejected at runtime

    @Test
    void runtimeSetters_impossibleValues_rejectedAndLimitsUnchanged() {
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-bad-values", new ManualClock())
                .maxLifetime(Duration.ofMinutes(30)).maxIdleTime(Duration.ofMinutes(5)))) {
            assertRejected(() -> pool.setMaxLifetime(Duration.ofSeconds(-1)),
                    "maxLifetime", "PT-1S", "zero (no limit) or positive");
            assertRejected(() -> pool.setMaxLifetime(null), "maxLifetime", "null");
            assertRejected(() -> pool.setMaxIdleTime(Duration.ofMinutes(-2)),
                    "maxIdleTime", "PT-2M", "zero (no limit) or positive");
            assertRejected(() -> pool.setMaxIdleTime(null), "maxIdleTime", "null");
            assertRejected(() -> pool.setAcquireTimeout(Duration.ZERO), "acquireTimeout", "PT0S", "positive");
            assertRejected(() -> pool.setAcquireTimeout(null), "acquireTimeout", "null", "positive");
            assertRejected(() -> pool.setLoginTimeout(-1), "loginTimeout", "-1");

            assertEquals(Duration.ofMinutes(30), pool.getMaxLifetime());
            assertEquals(Duration.ofMinutes(5), pool.getMaxIdleTime());
            assertEquals(Duration.ofSeconds(30), pool.getAcquireTimeout());
            assertEquals(Duration.ofMinutes(5), pool.cleanerInterval());
        }
    }

    @Test
    void setAcquireTimeout_atRuntime_appliesToNextBorrow() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("limits-acquire-timeout", clock).maxOpen(1).maxIdle(1))) {
            pool.setAcquireTimeout(Duration.ofSeconds(7));
            assertEquals(Duration.ofSeconds(7), pool.getAcquireTimeout());
            assertEquals(7, pool.getLoginTimeout());

            Connection held = pool.getConnection();
            CompletableFuture<Connection> waiter = borrowAsync("limits-acquire-timeout-waiter", pool::getConnection);
            clock.awaitParkedCount(1);
            clock.advance(Duration.ofSeconds(7));
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiter.get(10, TimeUnit.SECONDS));
            assertInstanceOf(SQLTransientConnectionException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("7000 ms"), e.getCause().getMessage());
            held.close();

            pool.setLoginTimeout(0);
            assertEquals(Duration.ofSeconds(30), pool.getAcquireTimeout(), "zero restores the default");
        }
    }
}
