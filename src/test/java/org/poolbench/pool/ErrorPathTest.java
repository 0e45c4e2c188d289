package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.PASS;
import static org.poolbench.pool.PoolFixtures.dataSource;
import static org.poolbench.pool.PoolFixtures.intercept;
import static org.poolbench.pool.PoolFixtures.invoke;
import static org.poolbench.pool.PoolFixtures.uniqueName;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * The pool's bookkeeping survives whatever a driver or a clock throws, Errors included: no slot is lost, no
 * connection is left open behind the pool's back, and the cleaner goes on. Also the watchdog's
 * {@code abort()} against a {@code close()} stuck in its reset.
 */
@ExtendWith(PoolCheck.class)
class ErrorPathTest {

    /** Stub connections whose calls go through {@code hook} first. */
    private static DataSource hooked(String url, PoolFixtures.Hook hook) {
        PoolCheck.watchUrl(url); // a data source names no server: say which one must end with nothing live
        return dataSource(() -> intercept(Connection.class, DriverManager.getConnection(url), hook));
    }

    // ---------------------------------------------------------------- errors from a driver's close

    @Test
    void deferredStatementClose_throwingAnError_doesNotLoseTheConnection() throws SQLException {
        String name = uniqueName("err-deferred");
        StubDriver.server(name);
        AtomicBoolean failCloses = new AtomicBoolean();
        DataSource ds = hooked("jdbc:stub:" + name, (target, m, args) -> {
            if (m.getName().equals("prepareStatement")) {
                PreparedStatement ps = (PreparedStatement) invoke(m, target, args);
                return intercept(PreparedStatement.class, ps, (t, m2, a2) -> {
                    if (m2.getName().equals("close") && failCloses.get()) {
                        throw new AssertionError("driver bug in close");
                    }
                    return PASS;
                });
            }
            return PASS;
        });
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(ds).maxOpen(1))) {
            Stmt stmt = pool.prepare("update t set x = ?");
            try (Tx tx = pool.begin()) {
                tx.exec(stmt, 1);
                failCloses.set(true);
                stmt.close(); // the connection is lent out: its physical statement closes on return
                tx.commit();
            }
            PoolStats s = pool.stats();
            assertEquals(0, s.inUse(), "the connection came back");
            assertEquals(1, s.idle());
            try (Connection c = pool.getConnection(Duration.ofSeconds(1))) {
                assertFalse(c.isClosed());
            }
        }
    }

    @Test
    @PoolCheck.LeavesLiveConnections(value = 1, because = "the driver threw from close() before closing it")
    void physicalClose_throwingAnError_stillClosesTheOthersAndFreesEverySlot() throws SQLException {
        String name = uniqueName("err-close");
        StubServer server = StubDriver.server(name);
        AtomicInteger closes = new AtomicInteger();
        DataSource ds = hooked("jdbc:stub:" + name, (target, m, args) -> {
            if (m.getName().equals("close") && closes.incrementAndGet() == 1) {
                throw new NoClassDefFoundError("driver bug in close");
            }
            return PASS;
        });
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(ds).maxOpen(2).maxIdle(2))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            a.close();
            b.close();
            assertEquals(2, pool.stats().idle());

            pool.setMaxIdle(0); // closes both: the first close throws, the second must still happen

            assertEquals(2, closes.get(), "both physical closes were attempted");
            assertEquals(1, server.live(), "only the one whose close failed is still open at the server");
            PoolStats s = pool.stats();
            assertEquals(0, s.open());
            assertEquals(2, s.closed());
        }
    }

    // ---------------------------------------------------------------- the cleaner

    @Test
    @PoolCheck.LeavesLiveConnections(value = 1, because = "the driver threw from close() before closing it")
    void cleaner_survivesAnErrorInASweep_andGoesOnEnforcingLimits() throws Exception {
        String name = uniqueName("err-cleaner");
        StubServer server = StubDriver.server(name);
        ManualClock clock = new ManualClock();
        AtomicInteger closes = new AtomicInteger();
        DataSource ds = hooked("jdbc:stub:" + name, (target, m, args) -> {
            if (m.getName().equals("close") && closes.incrementAndGet() == 1) {
                throw new StackOverflowError("simulated");
            }
            return PASS;
        });
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(ds).name(name).maxOpen(2).maxIdle(2).clock(clock)
                .maxIdleTime(Duration.ofSeconds(1)))) {
            pool.getConnection().close();
            clock.awaitParked("cleaner");
            Thread cleaner = pool.cleanerThread();
            clock.advance(Duration.ofSeconds(1)); // sweep 1: its close throws
            clock.awaitParked("cleaner");
            assertEquals(1, pool.stats().maxIdleTimeClosed());

            pool.getConnection().close();
            clock.advance(Duration.ofSeconds(1)); // sweep 2, by the same cleaner
            clock.awaitParked("cleaner");
            assertEquals(2, pool.stats().maxIdleTimeClosed());
            assertEquals(cleaner, pool.cleanerThread(), "the cleaner lived through the error");
            assertEquals(1, server.live(), "only the connection whose close threw is left at the server");
        }
    }

    // ---------------------------------------------------------------- a clock that throws

    @Test
    void waiter_whoseWaitThrows_leavesTheQueueAndLosesNothing() throws SQLException {
        String name = uniqueName("err-await");
        StubDriver.server(name);
        AtomicBoolean blowUp = new AtomicBoolean(true);
        PoolClock clock = new PoolClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void parkNanos(Object blocker, long nanos) {
                if (blowUp.getAndSet(false)) {
                    throw new StackOverflowError("simulated: the caller was near its stack limit");
                }
                PoolClock.system().parkNanos(blocker, nanos);
            }
        };
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + name).maxOpen(1).clock(clock))) {
            Connection held = pool.getConnection();
            assertThrows(StackOverflowError.class, () -> pool.getConnection(Duration.ofSeconds(1)));
            assertEquals(0, pool.stats().waiting(), "the failed waiter left the queue");
            held.close(); // must become idle, not go to the waiter that is gone
            assertEquals(1, pool.stats().idle());
            try (Connection c = pool.getConnection(Duration.ofSeconds(1))) {
                assertFalse(c.isClosed());
            }
        }
    }

    // ---------------------------------------------------------------- abort against a hung close

    @Test
    void abort_whileCloseIsStuckResetting_abortsTheSessionAndTheConnectionIsDiscarded() throws Exception {
        String name = uniqueName("err-abort");
        StubServer server = StubDriver.server(name);
        CountDownLatch inRollback = new CountDownLatch(1);
        CountDownLatch network = new CountDownLatch(1);
        AtomicInteger physicalAborts = new AtomicInteger();
        DataSource ds = hooked("jdbc:stub:" + name, (target, m, args) -> {
            if (m.getName().equals("rollback") && args == null) {
                inRollback.countDown();
                if (!network.await(10, TimeUnit.SECONDS)) { // a dead network: only an abort frees it
                    throw new SQLException("test: rollback was never released");
                }
            } else if (m.getName().equals("abort")) {
                physicalAborts.incrementAndGet();
                network.countDown();
            }
            return PASS;
        });
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(ds).maxOpen(1))) {
            Connection c = pool.getConnection();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("update t set x = 1"); // unfinished work: close() will roll it back
            }
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
                try {
                    c.close();
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }, r -> new Thread(r, "holder").start());
            assertTrue(inRollback.await(10, TimeUnit.SECONDS));

            c.abort(Runnable::run); // the watchdog

            assertEquals(1, physicalAborts.get(), "the abort reached the session");
            holder.get(10, TimeUnit.SECONDS); // and unblocked the holder
            PoolStats s = pool.stats();
            assertEquals(0, s.open(), "an aborted connection is discarded, not pooled");
            assertEquals(1, server.closed());
            c.abort(Runnable::run); // after the lease ended: nothing happens
            assertEquals(1, physicalAborts.get());
        }
    }

    @Test
    void abort_withoutAnExecutor_isRefusedAndTheConnectionStaysLent() throws SQLException {
        String name = uniqueName("err-abort-null");
        StubDriver.server(name);
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + name))) {
            Connection c = pool.getConnection();
            SQLException e = assertThrows(SQLException.class, () -> c.abort(null));
            assertNotNull(e.getMessage());
            assertFalse(c.isClosed());
            assertEquals(1, pool.stats().inUse());
            c.close();
        }
    }
}
