package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * The cleaner: one cleaner thread per pool, named {@code <pool name>-cleaner}, running only while a lifetime or
 * idle-time limit is set, sweeping every {@code max(smaller positive limit, floor)}, re-armed when limits change and
 * stopped by close; a sweep closes the expired connections and keeps the rest.
 *
 * <p>Sweeps are driven by the manual clock: wait until the cleaner parks (its deadline is then now plus its
 * interval), advance to the deadline, and wait until it parks again, which it does only after sweeping. After a
 * limit shortens the interval, the cleaner must first wake and re-read it; {@link #awaitCleanerParkedFor} waits for
 * exactly that, so that no test moves time while the cleaner still holds its old deadline. A longer interval
 * keeps the sweep already due (frequent re-arming must not starve sweeps) and applies from the sweep after it.
 */
@ExtendWith(PoolCheck.class)
class CleanerTest {
    private final DeadlineClock clock = new DeadlineClock();
    private final String name;
    private final StubServer server;

    CleanerTest(TestInfo info) {
        name = "cleaner-" + info.getTestMethod().orElseThrow().getName();
        server = StubDriver.server(name);
        server.reset();
    }

    private Pool open(UnaryOperator<PoolConfig> settings) {
        return PoolCheck.open(settings.apply(PoolConfig.forUrl("jdbc:stub:" + name).name(name).clock(clock)));
    }

    private String cleanerName() {
        return name + "-cleaner";
    }

    /** Live threads carrying this pool's cleaner name. */
    private long liveCleaners() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(cleanerName()) && t.isAlive())
                .count();
    }

    /** Waits until the pool's cleaner is parked on the clock until exactly now plus {@code interval}. */
    private void awaitCleanerParkedFor(Pool pool, Duration interval) {
        Thread cleaner = pool.cleanerThread();
        assertNotNull(cleaner, "a cleaner should be running");
        long deadline = clock.nanoTime() + interval.toNanos();
        ManualClock.awaitTrue(() -> clock.deadlineOf(cleaner) == deadline,
                "the cleaner to park for " + interval);
        clock.manual.awaitParked(cleanerName());
    }

    private void sweepAfter(Duration d) {
        clock.manual.advance(d);
        clock.manual.awaitParked(cleanerName());
    }

    private static StubConnection physical(Connection c) throws SQLException {
        return c.unwrap(StubConnection.class);
    }

    // ---------------------------------------------------------------- when it runs

    @Test
    void open_withoutLimitsStartsNoCleaner() throws SQLException {
        try (Pool pool = open(c -> c)) {
            pool.getConnection().close();
            assertNull(pool.cleanerThread());
            assertEquals(Duration.ZERO, pool.cleanerInterval());
            assertEquals(0, liveCleaners());
        }
    }

    @Test
    void open_withLimitStartsCleanerAtOnce() {
        try (Pool pool = open(c -> c.maxIdleTime(Duration.ofSeconds(30)))) {
            Thread cleaner = pool.cleanerThread();
            assertNotNull(cleaner);
            assertEquals(cleanerName(), cleaner.getName());
            assertTrue(cleaner.isDaemon(), "the cleaner must not keep the JVM alive");
            assertTrue(cleaner.isAlive());
            assertEquals(1, liveCleaners());
        }
    }

    @Test
    void setMaxLifetime_startsOneDaemonCleanerNamedAfterPool() {
        try (Pool pool = open(c -> c)) {
            pool.setMaxLifetime(Duration.ofMinutes(1));
            Thread cleaner = pool.cleanerThread();
            assertNotNull(cleaner);
            assertEquals(cleanerName(), cleaner.getName());
            assertTrue(cleaner.isDaemon());
            assertEquals(1, liveCleaners());

            pool.setMaxIdleTime(Duration.ofSeconds(30));
            assertSame(cleaner, pool.cleanerThread(), "a second limit re-arms the running cleaner");
            assertEquals(1, liveCleaners());
        }
    }

    // ---------------------------------------------------------------- interval

    @Test
    void cleanerInterval_isSmallerPositiveLimit() {
        try (Pool pool = open(c -> c.maxLifetime(Duration.ofSeconds(30)))) {
            assertEquals(Duration.ofSeconds(30), pool.cleanerInterval());
            awaitCleanerParkedFor(pool, Duration.ofSeconds(30));

            pool.setMaxIdleTime(Duration.ofSeconds(10));
            assertEquals(Duration.ofSeconds(10), pool.cleanerInterval());
            awaitCleanerParkedFor(pool, Duration.ofSeconds(10));

            pool.setMaxLifetime(Duration.ofSeconds(5));
            assertEquals(Duration.ofSeconds(5), pool.cleanerInterval());
            awaitCleanerParkedFor(pool, Duration.ofSeconds(5));

            pool.setMaxLifetime(Duration.ZERO);
            assertEquals(Duration.ofSeconds(10), pool.cleanerInterval(), "zero is no limit, not the smallest one");
            sweepAfter(Duration.ofSeconds(5)); // a longer interval applies from the sweep already due
            awaitCleanerParkedFor(pool, Duration.ofSeconds(10));
        }
    }

    @Test
    void cleanerInterval_flooredAtOneSecondByDefault() {
        try (Pool pool = open(c -> c.maxIdleTime(Duration.ofMillis(100)))) {
            assertEquals(Duration.ofSeconds(1), pool.cleanerInterval());
            awaitCleanerParkedFor(pool, Duration.ofSeconds(1));
        }
    }

    @Test
    void cleanerInterval_flooredAtConfiguredFloor() {
        try (Pool pool = open(c -> c.cleanerFloor(Duration.ofMillis(50)).maxIdleTime(Duration.ofMillis(10)))) {
            assertEquals(Duration.ofMillis(50), pool.cleanerInterval());
            awaitCleanerParkedFor(pool, Duration.ofMillis(50));

            pool.setMaxIdleTime(Duration.ofMillis(200));
            assertEquals(Duration.ofMillis(200), pool.cleanerInterval(), "a limit above the floor is used as is");
            sweepAfter(Duration.ofMillis(50));
            awaitCleanerParkedFor(pool, Duration.ofMillis(200));
        }
    }

    @Test
    void cleanerInterval_fixedOverridesLimitsAndFloorAndSweepsKeepHealthyConnections() throws SQLException {
        try (Pool pool = open(c -> c.cleanerInterval(Duration.ofMillis(10)).maxIdleTime(Duration.ofMinutes(10)))) {
            assertEquals(Duration.ofMillis(10), pool.cleanerInterval(), "neither the 10 min limit nor the 1 s floor");
            awaitCleanerParkedFor(pool, Duration.ofMillis(10));
            Connection c = pool.getConnection();
            StubConnection p = physical(c);
            c.close();

            sweepAfter(Duration.ofMillis(10));
            sweepAfter(Duration.ofMillis(10));
            assertFalse(p.isClosed(), "a sweep closes only what passed its limit");
            assertEquals(2, pool.stats().sweeps());
            assertEquals(0, pool.stats().maxIdleTimeClosed());
        }
    }

    @Test
    void cleanerInterval_runsNoCleanerWithoutALimit() {
        try (Pool pool = open(c -> c.cleanerInterval(Duration.ofMillis(10)))) {
            assertNull(pool.cleanerThread());
            assertEquals(Duration.ZERO, pool.cleanerInterval());
        }
    }

    @Test
    void stats_countEachSweepAndItsRealTime() throws SQLException {
        try (Pool pool = open(c -> c.maxIdleTime(Duration.ofSeconds(1)))) {
            awaitCleanerParkedFor(pool, Duration.ofSeconds(1));
            assertEquals(0, pool.stats().sweeps());
            assertEquals(Duration.ZERO, pool.stats().sweepTime());
            pool.getConnection().close();

            sweepAfter(Duration.ofSeconds(1));
            assertEquals(1, pool.stats().sweeps());
            assertEquals(1, pool.stats().maxIdleTimeClosed());
            // The manual clock did not move during the sweep, so a positive time can only come from the real clock.
            assertTrue(pool.stats().sweepTime().toNanos() > 0, "sweep time " + pool.stats().sweepTime());

            sweepAfter(Duration.ofSeconds(1));
            assertEquals(2, pool.stats().sweeps());
        }
    }

    @Test
    void sweep_runsAtFlooredIntervalNotAtShorterLimit() throws SQLException {
        try (Pool pool = open(c -> c.maxIdleTime(Duration.ofMillis(100)))) {
            awaitCleanerParkedFor(pool, Duration.ofSeconds(1));
            Connection c = pool.getConnection();
            StubConnection p = physical(c);
            c.close();

            sweepAfter(Duration.ofMillis(100));
            assertFalse(p.isClosed(), "no sweep before the 1 s floor");
            assertEquals(0, pool.stats().maxIdleTimeClosed());

            sweepAfter(Duration.ofMillis(900));
            assertTrue(p.isClosed());
            assertEquals(1, pool.stats().maxIdleTimeClosed());
        }
    }

    // ---------------------------------------------------------------- re-arming

    @Test
    void setMaxIdleTime_rearmsRunningCleanerWithNewInterval() throws SQLException {
        try (Pool pool = open(c -> c.maxLifetime(Duration.ofMinutes(1)))) {
            awaitCleanerParkedFor(pool, Duration.ofMinutes(1));
            Thread cleaner = pool.cleanerThread();
            Connection c = pool.getConnection();
            StubConnection p = physical(c);
            c.close();

            pool.setMaxIdleTime(Duration.ofSeconds(10));
            assertSame(cleaner, pool.cleanerThread());
            awaitCleanerParkedFor(pool, Duration.ofSeconds(10));
            sweepAfter(Duration.ofSeconds(10)); // long before the old 1 min deadline
            assertTrue(p.isClosed());
            assertEquals(1, pool.stats().maxIdleTimeClosed());

            pool.setMaxIdleTime(Duration.ZERO);
            assertSame(cleaner, pool.cleanerThread());
            sweepAfter(Duration.ofSeconds(10)); // the sweep already due keeps its time; the next one is 1 min later
            awaitCleanerParkedFor(pool, Duration.ofMinutes(1));
        }
    }

    @Test
    void setMaxIdleTime_repeatedMoreOftenThanIntervalDoesNotPostponeSweep() throws SQLException {
        try (Pool pool = open(c -> c.maxIdleTime(Duration.ofSeconds(10)))) {
            awaitCleanerParkedFor(pool, Duration.ofSeconds(10));
            Connection c = pool.getConnection();
            StubConnection p = physical(c);
            c.close();

            for (int i = 0; i < 4; i++) { // re-armed every 3 s; the sweep due at 10 s must still run
                clock.manual.advance(Duration.ofSeconds(3));
                pool.setMaxIdleTime(Duration.ofSeconds(10));
            }
            clock.manual.awaitParked(cleanerName());
            assertTrue(p.isClosed());
            assertEquals(1, pool.stats().maxIdleTimeClosed());
        }
    }

    // ---------------------------------------------------------------- stopping

    @Test
    void setLimitsToZero_stopsCleaner() throws InterruptedException {
        try (Pool pool = open(c -> c.maxLifetime(Duration.ofMinutes(1)).maxIdleTime(Duration.ofSeconds(30)))) {
            Thread cleaner = pool.cleanerThread();
            pool.setMaxLifetime(Duration.ZERO);
            assertSame(cleaner, pool.cleanerThread(), "still needed for the idle-time limit");
            awaitCleanerParkedFor(pool, Duration.ofSeconds(30));

            pool.setMaxIdleTime(Duration.ZERO);
            cleaner.join(Duration.ofSeconds(10));
            assertFalse(cleaner.isAlive(), "the cleaner must exit when no limit needs it");
            assertNull(pool.cleanerThread());
            assertEquals(Duration.ZERO, pool.cleanerInterval());
        }
    }

    @Test
    void setLimit_afterCleanerStoppedStartsNewOne() throws InterruptedException {
        try (Pool pool = open(c -> c.maxLifetime(Duration.ofMinutes(1)))) {
            Thread first = pool.cleanerThread();
            pool.setMaxLifetime(Duration.ZERO);
            first.join(Duration.ofSeconds(10));
            assertFalse(first.isAlive());

            pool.setMaxIdleTime(Duration.ofSeconds(10));
            Thread second = pool.cleanerThread();
            assertNotNull(second);
            assertNotSame(first, second);
            assertTrue(second.isAlive());
            assertEquals(1, liveCleaners());
        }
    }

    @Test
    void setLimits_offAndOnRepeatedlyLeavesExactlyOneWorkingCleaner() throws SQLException {
        try (Pool pool = open(c -> c)) {
            for (int i = 0; i < 200; i++) {
                pool.setMaxLifetime(Duration.ofMinutes(1));
                pool.setMaxLifetime(Duration.ZERO);
            }
            pool.setMaxLifetime(Duration.ofMinutes(1));
            ManualClock.awaitTrue(() -> liveCleaners() == 1, "exactly one cleaner to remain");
            Thread cleaner = pool.cleanerThread();
            assertNotNull(cleaner);
            assertTrue(cleaner.isAlive());

            Connection c = pool.getConnection();
            StubConnection p = physical(c);
            c.close();
            awaitCleanerParkedFor(pool, Duration.ofMinutes(1));
            sweepAfter(Duration.ofMinutes(1));
            assertTrue(p.isClosed(), "the remaining cleaner sweeps");
            assertEquals(1, pool.stats().maxLifetimeClosed());
        }
    }

    @Test
    void close_stopsCleaner() {
        Pool pool = open(c -> c.maxLifetime(Duration.ofMinutes(1)));
        Thread cleaner = pool.cleanerThread();
        assertNotNull(cleaner);
        pool.close();
        assertFalse(cleaner.isAlive(), "close() returns after the cleaner has stopped");
        assertNull(pool.cleanerThread());
        assertEquals(Duration.ZERO, pool.cleanerInterval());
    }

    @Test
    void setMaxLifetime_afterCloseStartsNoCleaner() {
        Pool pool = open(c -> c);
        pool.close();
        pool.setMaxLifetime(Duration.ofMinutes(1));
        pool.setMaxIdleTime(Duration.ofMinutes(1));
        assertNull(pool.cleanerThread());
        assertEquals(0, liveCleaners());
    }

    // ---------------------------------------------------------------- what a sweep closes

    @Test
    void sweep_closesOnlyIdleConnectionsPastMaxIdleTimeOldestReturnedFirst() throws SQLException {
        try (Pool pool = open(c -> c.maxIdle(10).maxIdleTime(Duration.ofSeconds(10)))) {
            awaitCleanerParkedFor(pool, Duration.ofSeconds(10));
            List<Connection> borrowed = new ArrayList<>();
            List<StubConnection> physical = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Connection c = pool.getConnection();
                borrowed.add(c);
                physical.add(physical(c));
            }
            // The last three created are the first returned: the idle order, not the creation order, must decide.
            for (int i = 7; i < 10; i++) {
                borrowed.get(i).close();
            }
            clock.manual.advance(Duration.ofSeconds(5));
            for (int i = 0; i < 7; i++) {
                borrowed.get(i).close();
            }

            sweepAfter(Duration.ofSeconds(5));
            for (int i = 0; i < 10; i++) {
                assertEquals(i >= 7, physical.get(i).isClosed(), "connection " + physical.get(i).id());
            }
            PoolStats s = pool.stats();
            assertEquals(3, s.maxIdleTimeClosed());
            assertEquals(7, s.idle());
            assertEquals(7, s.open());
            assertEquals(3, server.closed());

            sweepAfter(Duration.ofSeconds(10));
            assertEquals(10, pool.stats().maxIdleTimeClosed());
            assertEquals(0, pool.stats().open());
            assertEquals(0, server.live());
        }
    }

    @Test
    void sweep_closesPastMaxLifetimeByCreationTimeNotReturnTime() throws SQLException {
        try (Pool pool = open(c -> c.maxIdle(3).maxLifetime(Duration.ofSeconds(10)))) {
            awaitCleanerParkedFor(pool, Duration.ofSeconds(10));
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            clock.manual.advance(Duration.ofSeconds(5));
            Connection young = pool.getConnection();
            StubConnection pa = physical(a);
            StubConnection pb = physical(b);
            StubConnection pYoung = physical(young);
            young.close(); // oldest in the idle list, youngest in the open list
            a.close();
            b.close();

            sweepAfter(Duration.ofSeconds(5));
            assertTrue(pa.isClosed());
            assertTrue(pb.isClosed());
            assertFalse(pYoung.isClosed());
            assertEquals(2, pool.stats().maxLifetimeClosed());
            assertEquals(1, pool.stats().idle());
        }
    }

    /**
     * A {@link ManualClock} that also remembers until when each thread last parked, so that a test can tell that the
     * cleaner has read a changed interval (it then parks until now plus the new interval) before moving time.
     */
    private static final class DeadlineClock implements PoolClock {
        final ManualClock manual = new ManualClock();
        private final Map<Thread, Long> deadlines = new ConcurrentHashMap<>();

        @Override
        public long nanoTime() {
            return manual.nanoTime();
        }

        @Override
        public void parkNanos(Object blocker, long nanos) {
            if (nanos > 0) {
                // Recorded before parking: once a test sees it, the thread has left its previous park.
                deadlines.put(Thread.currentThread(), manual.nanoTime() + nanos);
            }
            manual.parkNanos(blocker, nanos);
        }

        long deadlineOf(Thread thread) {
            return deadlines.getOrDefault(thread, Long.MIN_VALUE);
        }
    }
}
