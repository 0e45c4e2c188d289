package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.awaitFailure;
import static org.poolbench.pool.PoolFixtures.borrowAsync;
import static org.poolbench.pool.PoolFixtures.namedStubConfig;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;
import org.poolbench.pool.PoolFixtures.StubBackedDriver;

/**
 * Closing the pool: new borrowers are refused with an error naming the pool, idle connections close at
 * once and lent-out ones when they come back, waiting threads are woken with the error, the cleaner stops, and a
 * second close does nothing. At the end the stub server has no live connection left.
 */
@ExtendWith(PoolCheck.class)
class CloseTest {

    private static void assertClosedError(String poolName, Executable call) {
        SQLException e = assertThrows(SQLException.class, call);
        assertTrue(e.getMessage().contains("'" + poolName + "'") && e.getMessage().contains("closed"),
                "names the pool and says it is closed: " + e.getMessage());
    }

    // ---------------------------------------------------------------- refusing new work

    @Test
    void close_refusesNewAcquiresNamingPool() {
        Pool pool = PoolCheck.open(namedStubConfig("close-refuse", new ManualClock()));
        pool.close(); // everything below runs on the closed pool
        assertTrue(pool.isClosed());
        assertClosedError("close-refuse", pool::getConnection);
        assertClosedError("close-refuse", () -> pool.getConnection(Duration.ofSeconds(1)));
        assertClosedError("close-refuse", () -> pool.exec("update t set x = 1"));
        assertClosedError("close-refuse", () -> pool.query("select 1", rs -> rs.getInt(1)));
        assertClosedError("close-refuse", pool::begin);
        assertClosedError("close-refuse", () -> pool.prepare("select 1"));
        assertClosedError("close-refuse", () -> pool.ping(Duration.ofSeconds(1)));
        assertEquals(0, StubDriver.server("close-refuse").connectAttempts());
        assertTrue(pool.toString().contains("closed"), pool.toString());
    }

    // ---------------------------------------------------------------- closing connections

    @Test
    void close_closesIdleAtOnceAndInUseWhenReturned() throws Exception {
        StubServer server = StubDriver.server("close-in-use");
        Pool pool = PoolCheck.open(namedStubConfig("close-in-use", new ManualClock()).maxIdle(2));
        try {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            Connection inUse = pool.getConnection();
            StubConnection rawInUse = inUse.unwrap(StubConnection.class);
            a.close();
            b.close();
            assertEquals(3, server.live());

            pool.close();
            assertEquals(1, server.live(), "the two idle connections closed at once");
            PoolStats s = pool.stats();
            assertEquals(1, s.open());
            assertEquals(1, s.inUse());
            assertEquals(0, s.idle());
            assertFalse(rawInUse.isClosed(), "a connection in use is not pulled from under its borrower");
            try (Statement st = inUse.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
                assertTrue(rs.next(), "the borrower can finish its work");
            }

            inUse.close();
            assertTrue(rawInUse.isClosed(), "closed when it came back");
            assertEquals(0, server.live());
            PoolStats after = pool.stats();
            assertEquals(0, after.open());
            assertEquals(3, after.closed());
            assertDoesNotThrow(inUse::close, "a second close of the handle does nothing");
        } finally {
            pool.close();
        }
    }

    @Test
    void close_wakesWaitersWithClosedError() throws Exception {
        ManualClock clock = new ManualClock();
        StubServer server = StubDriver.server("close-waiters");
        Pool pool = PoolCheck.open(namedStubConfig("close-waiters", clock).maxOpen(1).maxIdle(1));
        try {
            Connection held = pool.getConnection();
            CompletableFuture<Connection> w1 = borrowAsync("close-waiters-1", pool::getConnection);
            clock.awaitParkedCount(1);
            CompletableFuture<Connection> w2 = borrowAsync("close-waiters-2", pool::getConnection);
            clock.awaitParkedCount(2);

            pool.close(); // no clock advance: the waiters are woken by close itself
            for (CompletableFuture<Connection> w : List.of(w1, w2)) {
                SQLException e = assertInstanceOf(SQLException.class, awaitFailure(w));
                assertTrue(e.getMessage().contains("'close-waiters'") && e.getMessage().contains("closed"),
                        e.getMessage());
            }
            assertEquals(0, pool.stats().waiting());

            held.close();
            assertEquals(0, server.live());
            assertEquals(0, pool.stats().open());
        } finally {
            pool.close();
        }
    }

    /** A driver whose connect waits until the test lets it finish, to close the pool while a connect runs. */
    private static final class GatedDriver extends StubBackedDriver {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            entered.countDown();
            try {
                if (!proceed.await(10, TimeUnit.SECONDS)) {
                    throw new SQLException("test gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException(e);
            }
            return StubDriver.instance().connect(url, info);
        }
    }

    @Test
    void close_whileConnecting_newConnectionClosedAndBorrowerFails() throws Exception {
        GatedDriver driver = new GatedDriver();
        StubServer server = StubDriver.server("close-connecting");
        Pool pool = PoolCheck.open(
                PoolConfig.forUrl("jdbc:stub:close-connecting").driver(driver).name("close-connecting"));
        try {
            CompletableFuture<Connection> borrower = borrowAsync("close-connecting-borrower", pool::getConnection);
            assertTrue(driver.entered.await(10, TimeUnit.SECONDS));
            pool.close();
            driver.proceed.countDown();

            SQLException e = assertInstanceOf(SQLException.class, awaitFailure(borrower));
            assertTrue(e.getMessage().contains("'close-connecting'") && e.getMessage().contains("closed"),
                    e.getMessage());
            assertEquals(1, server.opened());
            assertEquals(0, server.live(), "the connection that arrived after close was closed");
            PoolStats s = pool.stats();
            assertEquals(0, s.open());
            assertEquals(1, s.opened());
            assertEquals(1, s.closed());
        } finally {
            driver.proceed.countDown();
            pool.close();
        }
    }

    // ---------------------------------------------------------------- the cleaner and idempotence

    @Test
    void close_stopsCleaner() throws Exception {
        ManualClock clock = new ManualClock();
        Pool pool = PoolCheck.open(namedStubConfig("close-cleaner", clock).maxIdleTime(Duration.ofMinutes(1)));
        try {
            Thread cleaner = pool.cleanerThread();
            assertNotNull(cleaner);
            clock.awaitParked("close-cleaner-cleaner");
            pool.close();
            cleaner.join(10_000);
            assertFalse(cleaner.isAlive());
            assertNull(pool.cleanerThread());
            assertEquals(Duration.ZERO, pool.cleanerInterval());
        } finally {
            pool.close();
        }
    }

    @Test
    void close_isIdempotent() throws Exception {
        StubServer server = StubDriver.server("close-twice");
        Pool pool = PoolCheck.open(namedStubConfig("close-twice", new ManualClock()).jmxName("close-twice"));
        try {
            pool.getConnection().close();
            pool.close();
            PoolStats first = pool.stats();
            assertDoesNotThrow(pool::close);
            assertDoesNotThrow(pool::close);
            assertEquals(first, pool.stats(), "a second close changes nothing");
            assertTrue(pool.isClosed());
            assertEquals(0, server.live());
            assertEquals(1, first.closed());
        } finally {
            pool.close();
        }
    }

    @Test
    void close_withTryWithResources_leavesNoLiveConnection() throws Exception {
        StubServer server = StubDriver.server("close-live");
        Connection leftOpen;
        try (Pool pool = PoolCheck.open(namedStubConfig("close-live", new ManualClock()).maxIdle(3))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            leftOpen = pool.getConnection();
            a.close();
            b.close();
            pool.exec("update t set x = 1");
        }
        assertEquals(1, server.live(), "only the connection still borrowed");
        leftOpen.close();
        assertEquals(0, server.live());
        assertEquals(server.opened(), server.closed());
    }
}
