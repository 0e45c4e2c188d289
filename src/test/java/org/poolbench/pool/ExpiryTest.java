package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.physical;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * Connection lifetime and idle time: a connection past its lifetime is closed instead of being lent or kept, an
 * idle one past its idle time is closed by the cleaner, and all of it is decided by the injected clock.
 *
 * <p>The borrow and return tests set a one-hour cleaner floor so that no sweep can run while they move the clock
 * by seconds: whatever they see closed was closed by the borrow or return path. The sweep tests first wait for the
 * cleaner to park (its first deadline is then the pool's opening time plus the interval), advance the clock to that
 * deadline, and wait for the cleaner to park again, which it does only after its sweep.
 */
@ExtendWith(PoolCheck.class)
class ExpiryTest {
    private static final Duration LIFETIME = Duration.ofSeconds(10);
    private static final Duration NO_SWEEP_FLOOR = Duration.ofHours(1);

    private final ManualClock clock = new ManualClock();
    private final String name;
    private final StubServer server;

    ExpiryTest(TestInfo info) {
        name = "expiry-" + info.getTestMethod().orElseThrow().getName();
        server = StubDriver.server(name);
        server.reset();
    }

    private Pool open(UnaryOperator<PoolConfig> settings) {
        return PoolCheck.open(settings.apply(PoolConfig.forUrl("jdbc:stub:" + name).name(name).clock(clock)));
    }

    private void sweepAt(Duration fromLastPark) {
        clock.advance(fromLastPark);
        clock.awaitParked(name + "-cleaner");
    }

    // ---------------------------------------------------------------- lifetime on borrow

    @Test
    void borrow_idlePastMaxLifetimeOpensNewConnection() throws SQLException {
        try (Pool pool = open(c -> c.maxLifetime(LIFETIME).cleanerFloor(NO_SWEEP_FLOOR))) {
            StubConnection first;
            try (Connection c = pool.getConnection()) {
                first = physical(c);
            }
            clock.advance(LIFETIME);
            try (Connection c = pool.getConnection()) {
                assertNotSame(first, physical(c), "an expired idle connection must not be lent");
                assertTrue(first.isClosed(), "the expired connection is closed, not left open");
                assertEquals(2, server.opened());
                assertEquals(1, server.closed());
                PoolStats s = pool.stats();
                assertEquals(1, s.maxLifetimeClosed());
                assertEquals(1, s.open());
                assertEquals(1, s.closed());
            }
        }
    }

    @Test
    void borrow_idleJustUnderMaxLifetimeIsReused() throws SQLException {
        try (Pool pool = open(c -> c.maxLifetime(LIFETIME).cleanerFloor(NO_SWEEP_FLOOR))) {
            StubConnection first;
            try (Connection c = pool.getConnection()) {
                first = physical(c);
            }
            clock.advance(LIFETIME.minusNanos(1));
            try (Connection c = pool.getConnection()) {
                assertSame(first, physical(c));
            }
            assertEquals(0, pool.stats().maxLifetimeClosed());
            assertEquals(0, server.closed());
        }
    }

    @Test
    void borrow_closesExpiredNewestIdleAndTakesNextUnexpired() throws SQLException {
        try (Pool pool = open(c -> c.maxLifetime(LIFETIME).cleanerFloor(NO_SWEEP_FLOOR))) {
            Connection old = pool.getConnection();
            StubConnection oldPhysical = physical(old);
            clock.advance(Duration.ofSeconds(5));
            Connection young = pool.getConnection();
            StubConnection youngPhysical = physical(young);
            young.close();
            old.close(); // the expired one becomes the newest idle one, which borrowers look at first
            clock.advance(Duration.ofSeconds(5));

            try (Connection c = pool.getConnection()) {
                assertSame(youngPhysical, physical(c));
                assertTrue(oldPhysical.isClosed());
            }
            assertEquals(2, server.opened(), "no new connection is needed while an unexpired one is idle");
            assertEquals(1, pool.stats().maxLifetimeClosed());
            assertEquals(1, pool.stats().idle());
        }
    }

    @Test
    void borrow_closesEveryExpiredIdleConnectionBeforeOpening() throws SQLException {
        try (Pool pool = open(c -> c.maxIdle(3).maxLifetime(LIFETIME).cleanerFloor(NO_SWEEP_FLOOR))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            Connection c = pool.getConnection();
            a.close();
            b.close();
            c.close();
            clock.advance(LIFETIME.multipliedBy(3));

            try (Connection fresh = pool.getConnection()) {
                assertEquals(4, physical(fresh).id());
            }
            assertEquals(3, server.closed());
            assertEquals(3, pool.stats().maxLifetimeClosed());
            assertEquals(1, pool.stats().open());
        }
    }

    // ---------------------------------------------------------------- lifetime on return

    @Test
    void release_pastMaxLifetimeClosesInsteadOfPooling() throws SQLException {
        try (Pool pool = open(c -> c.maxLifetime(LIFETIME).cleanerFloor(NO_SWEEP_FLOOR))) {
            Connection c = pool.getConnection();
            StubConnection p = physical(c);
            clock.advance(LIFETIME);
            c.close();

            assertTrue(p.isClosed());
            PoolStats s = pool.stats();
            assertEquals(1, s.maxLifetimeClosed());
            assertEquals(0, s.open());
            assertEquals(0, s.idle());
            assertEquals(0, server.live());
        }
    }

    @Test
    void release_pastMaxLifetimeGivesWaiterANewConnection() throws Exception {
        try (Pool pool = open(c -> c.maxOpen(1).maxLifetime(LIFETIME).cleanerFloor(NO_SWEEP_FLOOR))) {
            Connection held = pool.getConnection();
            StubConnection expired = physical(held);
            clock.advance(LIFETIME);
            CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
                try (Connection c = pool.getConnection()) {
                    return physical(c).id();
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            });
            ManualClock.awaitTrue(() -> pool.stats().waiting() == 1, "the second borrower to wait");
            held.close();

            assertEquals(2, waiter.get(10, TimeUnit.SECONDS), "the waiter gets a new connection, not the expired one");
            assertTrue(expired.isClosed());
            assertEquals(1, pool.stats().maxLifetimeClosed());
        }
    }

    // ---------------------------------------------------------------- the cleaner's sweep

    @Test
    void sweep_closesIdlePastMaxIdleTimeAndKeepsFresherOnes() throws SQLException {
        try (Pool pool = open(c -> c.maxIdle(3).maxIdleTime(Duration.ofSeconds(10)))) {
            clock.awaitParked(name + "-cleaner");
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            Connection c = pool.getConnection();
            StubConnection pa = physical(a);
            StubConnection pb = physical(b);
            StubConnection pc = physical(c);
            a.close();
            clock.advance(Duration.ofSeconds(4));
            b.close();
            c.close();

            sweepAt(Duration.ofSeconds(6)); // a has been idle 10 s, b and c 6 s
            assertTrue(pa.isClosed());
            assertFalse(pb.isClosed());
            assertFalse(pc.isClosed());
            PoolStats s = pool.stats();
            assertEquals(1, s.maxIdleTimeClosed());
            assertEquals(0, s.maxLifetimeClosed());
            assertEquals(2, s.idle());
            assertEquals(1, server.closed());
        }
    }

    @Test
    void sweep_closesIdlePastMaxLifetime() throws SQLException {
        try (Pool pool = open(c -> c.maxLifetime(LIFETIME))) {
            clock.awaitParked(name + "-cleaner");
            Connection old = pool.getConnection();
            clock.advance(Duration.ofSeconds(5));
            Connection young = pool.getConnection();
            StubConnection pOld = physical(old);
            StubConnection pYoung = physical(young);
            old.close();
            young.close();

            sweepAt(Duration.ofSeconds(5)); // old is 10 s old, young 5 s
            assertTrue(pOld.isClosed());
            assertFalse(pYoung.isClosed());
            assertEquals(1, pool.stats().maxLifetimeClosed());
            assertEquals(1, pool.stats().idle());
            assertEquals(0, pool.stats().maxIdleTimeClosed());
        }
    }

    @Test
    void sweep_leavesExpiredConnectionInUseUntilItIsReturned() throws SQLException {
        try (Pool pool = open(c -> c.maxLifetime(LIFETIME))) {
            clock.awaitParked(name + "-cleaner");
            Connection held = pool.getConnection();
            StubConnection pHeld = physical(held);
            clock.advance(Duration.ofSeconds(1));
            Connection other = pool.getConnection();
            StubConnection pOther = physical(other);
            other.close();

            sweepAt(Duration.ofSeconds(9)); // held expired and in use; other 9 s old
            assertFalse(pHeld.isClosed(), "a sweep must not close a connection in use");
            assertEquals(0, pool.stats().maxLifetimeClosed());
            assertEquals(2, pool.stats().open());

            sweepAt(LIFETIME); // other expired too: the sweep steps over the in-use one to reach it
            assertFalse(pHeld.isClosed());
            assertTrue(pOther.isClosed());
            assertEquals(1, pool.stats().maxLifetimeClosed());
            assertEquals(1, pool.stats().inUse());

            held.close();
            assertTrue(pHeld.isClosed(), "closed when returned");
            assertEquals(2, pool.stats().maxLifetimeClosed());
            assertEquals(0, pool.stats().open());
            assertEquals(0, server.live());
        }
    }

    // ---------------------------------------------------------------- no limits

    @Test
    void noLimits_nothingExpiresHoweverFarTheClockMoves() throws SQLException {
        try (Pool pool = open(c -> c)) {
            assertNull(pool.cleanerThread());
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            Set<StubConnection> first = Set.of(physical(a), physical(b));
            a.close();
            clock.advance(Duration.ofDays(10_000));
            b.close(); // held across the jump

            clock.advance(Duration.ofDays(10_000));
            try (Connection c1 = pool.getConnection(); Connection c2 = pool.getConnection()) {
                assertEquals(first, Set.of(physical(c1), physical(c2)));
            }
            assertEquals(2, server.opened());
            assertEquals(0, server.closed());
            PoolStats s = pool.stats();
            assertEquals(0, s.maxLifetimeClosed());
            assertEquals(0, s.maxIdleTimeClosed());
            assertEquals(2, s.idle());
        }
    }
}
