package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.assertConsistent;
import static org.poolbench.pool.PoolFixtures.borrowAsync;
import static org.poolbench.pool.PoolFixtures.namedStubConfig;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * Statistics: the immutable {@link PoolStats} snapshot with Go's {@code DBStats} fields plus opened
 * and closed totals, statement and retry counters, always consistent ({@code open == inUse + idle}); and the
 * {@link PoolMXBean} registered under {@code org.poolbench:type=Pool,name=<jmxName>} while the pool is open.
 */
@ExtendWith(PoolCheck.class)
class StatsTest {

    private static ObjectName objectName(String jmxName) throws Exception {
        return new ObjectName("org.poolbench:type=Pool,name=" + jmxName);
    }

    // ---------------------------------------------------------------- the snapshot

    @Test
    void stats_freshPool_allZeroButMaxOpen() {
        try (Pool pool = PoolCheck.open(namedStubConfig("stats-fresh", new ManualClock()).maxOpen(5))) {
            assertEquals(new PoolStats(5, 0, 0, 0, 0, 0, Duration.ZERO, 0, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO), pool.stats());
        }
    }

    @Test
    void stats_gaugesAndTotals_trackBorrowsReturnsAndCloses() throws Exception {
        StubServer server = StubDriver.server("stats-gauges");
        try (Pool pool = PoolCheck.open(namedStubConfig("stats-gauges", new ManualClock()).maxOpen(3).maxIdle(1))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            Connection c = pool.getConnection();
            PoolStats allOut = pool.stats();
            assertEquals(3, allOut.maxOpen());
            assertEquals(3, allOut.open());
            assertEquals(3, allOut.inUse());
            assertEquals(0, allOut.idle());
            assertEquals(3, allOut.opened());
            assertEquals(0, allOut.closed());
            assertConsistent(allOut);

            a.close();
            b.close(); // above max idle: closed
            PoolStats afterReturns = pool.stats();
            assertEquals(2, afterReturns.open());
            assertEquals(1, afterReturns.inUse());
            assertEquals(1, afterReturns.idle());
            assertEquals(1, afterReturns.maxIdleClosed());
            assertEquals(1, afterReturns.closed());
            assertConsistent(afterReturns);

            c.close(); // also above max idle
            PoolStats end = pool.stats();
            assertEquals(1, end.open());
            assertEquals(0, end.inUse());
            assertEquals(3, end.opened());
            assertEquals(2, end.closed());
            assertEquals(2, end.maxIdleClosed());
            assertEquals(end.opened() - end.closed(), end.open());
            assertEquals(server.opened(), end.opened(), "pool and driver agree");
            assertEquals(server.closed(), end.closed(), "pool and driver agree");
            assertConsistent(end);
        }
    }

    @Test
    void stats_waiting_countsThreadsWaitingNow() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("stats-waiting", clock).maxOpen(1).maxIdle(1))) {
            Connection held = pool.getConnection();
            CompletableFuture<Connection> waiter = borrowAsync("stats-waiting-waiter", pool::getConnection);
            clock.awaitParkedCount(1);

            PoolStats waiting = pool.stats();
            assertEquals(1, waiting.waiting());
            assertEquals(1, waiting.waitCount());
            assertConsistent(waiting);

            clock.advance(Duration.ofMillis(250));
            held.close();
            waiter.get(10, TimeUnit.SECONDS).close();
            PoolStats after = pool.stats();
            assertEquals(0, after.waiting());
            assertEquals(1, after.waitCount());
            assertEquals(Duration.ofMillis(250), after.waitDuration());
        }
    }

    @Test
    void stats_expiryCounters_countLifetimeAndIdleTimeClosures() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("stats-lifetime", clock).maxLifetime(Duration.ofSeconds(10)))) {
            Connection c = pool.getConnection();
            clock.awaitParked("stats-lifetime-cleaner");
            clock.advance(Duration.ofSeconds(10));
            c.close();
            PoolStats s = pool.stats();
            assertEquals(1, s.maxLifetimeClosed());
            assertEquals(0, s.maxIdleTimeClosed());
            assertEquals(1, s.closed());
        }
        try (Pool pool = PoolCheck.open(namedStubConfig("stats-idle-time", clock).maxIdleTime(Duration.ofSeconds(2)))) {
            pool.getConnection().close();
            clock.awaitParked("stats-idle-time-cleaner");
            clock.advance(Duration.ofSeconds(2));
            clock.awaitParked("stats-idle-time-cleaner");
            PoolStats s = pool.stats();
            assertEquals(1, s.maxIdleTimeClosed());
            assertEquals(0, s.maxLifetimeClosed());
            assertEquals(1, s.closed());
            assertEquals(0, s.open());
        }
    }

    @Test
    void stats_statementAndRetryCounters() throws Exception {
        StubServer server = StubDriver.server("stats-statements");
        try (Pool pool = PoolCheck.open(namedStubConfig("stats-statements", new ManualClock()))) {
            try (Stmt stmt = pool.prepare("select 1")) {
                assertEquals(1, pool.stats().prepares());
                assertEquals(List.of(1), stmt.query(rs -> rs.getInt(1)));
                assertEquals(1, pool.stats().prepares());
                assertEquals(1, pool.stats().reuses(), "same idle connection, same physical statement");
            }

            server.breakAll(); // the idle connection fails before the statement is sent: retried
            assertEquals(1, pool.exec("update t set x = 1"));
            assertEquals(1, pool.stats().badConnRetries());
        }
    }

    @Test
    void stats_snapshot_isImmutable() throws Exception {
        try (Pool pool = PoolCheck.open(namedStubConfig("stats-immutable", new ManualClock()))) {
            PoolStats before = pool.stats();
            PoolStats copy = new PoolStats(before.maxOpen(), before.open(), before.inUse(), before.idle(),
                    before.waiting(), before.waitCount(), before.waitDuration(), before.maxIdleClosed(),
                    before.maxIdleTimeClosed(), before.maxLifetimeClosed(), before.opened(), before.closed(),
                    before.prepares(), before.reuses(), before.badConnRetries(), before.sweeps(),
                    before.sweepTime());
            Connection c = pool.getConnection();
            pool.setMaxOpen(9);
            assertEquals(copy, before, "an earlier snapshot does not follow the pool");
            assertNotEquals(before, pool.stats());
            c.close();
            assertTrue(PoolStats.class.isRecord());
        }
    }

    // ---------------------------------------------------------------- JMX

    @Test
    void jmx_registeredWhileOpen_attributesReadableAndLimitsWritable() throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        ObjectName on = objectName("stats-jmx");
        Connection c;
        try (Pool pool = PoolCheck.open(
                namedStubConfig("stats-jmx", new ManualClock()).jmxName("stats-jmx").maxOpen(5))) {
            assertTrue(mbs.isRegistered(on));
            c = pool.getConnection();
            assertEquals("stats-jmx", mbs.getAttribute(on, "Name"));
            assertEquals(5, mbs.getAttribute(on, "MaxOpen"));
            assertEquals(1, mbs.getAttribute(on, "Open"));
            assertEquals(1, mbs.getAttribute(on, "InUse"));
            assertEquals(0, mbs.getAttribute(on, "Idle"));
            assertEquals(0, mbs.getAttribute(on, "Waiting"));
            assertEquals(1L, mbs.getAttribute(on, "Opened"));
            assertEquals(0L, mbs.getAttribute(on, "Closed"));
            assertEquals(0L, mbs.getAttribute(on, "WaitCount"));

            PoolMXBean proxy = JMX.newMXBeanProxy(mbs, on, PoolMXBean.class);
            c.close();
            assertEquals(1, proxy.getIdle());
            assertEquals(0, proxy.getInUse());
            proxy.setMaxOpen(7);
            assertEquals(7, pool.getMaxOpen());
            mbs.setAttribute(on, new Attribute("MaxIdle", 3));
            assertEquals(3, pool.getMaxIdle());
        }
        assertFalse(mbs.isRegistered(on), "unregistered on close");
    }

    @Test
    void jmx_duplicateNameWhileFirstOpen_rejected() throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        try (Pool first = PoolCheck.open(
                namedStubConfig("stats-jmx-dup-1", new ManualClock()).jmxName("stats-jmx-dup"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Pool.open(namedStubConfig("stats-jmx-dup-2", new ManualClock()).jmxName("stats-jmx-dup")
                            .maxIdleTime(Duration.ofMinutes(1))));
            assertTrue(e.getMessage().contains("jmxName") && e.getMessage().contains("stats-jmx-dup"), e.getMessage());
            assertEquals("stats-jmx-dup-1", mbs.getAttribute(objectName("stats-jmx-dup"), "Name"),
                    "the first pool keeps the name");
            assertFalse(Thread.getAllStackTraces().keySet().stream()
                            .anyMatch(t -> t.getName().equals("stats-jmx-dup-2-cleaner") && t.isAlive()),
                    "the pool that failed to open left no cleaner behind");
        }
        try (Pool again = PoolCheck.open(
                namedStubConfig("stats-jmx-dup-3", new ManualClock()).jmxName("stats-jmx-dup"))) {
            assertEquals("stats-jmx-dup-3", mbs.getAttribute(objectName("stats-jmx-dup"), "Name"),
                    "the name is free again once the first pool closed");
        }
    }

    @Test
    void jmx_noJmxName_registersNothing() throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        try (Pool pool = PoolCheck.open(namedStubConfig("stats-no-jmx", new ManualClock()))) {
            assertTrue(mbs.queryNames(new ObjectName("org.poolbench:type=Pool,*"), null).stream()
                    .noneMatch(n -> {
                        try {
                            return "stats-no-jmx".equals(mbs.getAttribute(n, "Name"));
                        } catch (Exception e) {
                            return false;
                        }
                    }));
            assertEquals("stats-no-jmx", pool.name());
        }
    }
}
