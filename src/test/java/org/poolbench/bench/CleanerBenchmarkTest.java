package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.poolbench.bench.pools.PoolSpec;

/**
 * The logic {@link CleanerBenchmark} rests on outside its benchmark methods: the {@code reaper} parameter, each
 * pool's effective interval, finding each pool's reaper thread by name, the stepped clock, and the stub database
 * without a connection limit.
 */
class CleanerBenchmarkTest {

    @Test
    void reaperInterval_parsesOffSecondsAndMillis() {
        assertEquals(Duration.ZERO, CleanerBenchmark.reaperInterval("off"));
        assertEquals(Duration.ofSeconds(1), CleanerBenchmark.reaperInterval("1s"));
        assertEquals(Duration.ofMillis(10), CleanerBenchmark.reaperInterval("10ms"));
    }

    @Test
    void reaperInterval_badValue_namesTheValueAndTheForms() {
        for (String bad : List.of("", "ms", "0ms", "-1s", "10", "1m", "fast")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CleanerBenchmark.reaperInterval(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("1s or 10ms"),
                    e.getMessage());
        }
    }

    @Test
    void effectiveInterval_appliesEachPoolsFloorAndUnit() {
        Duration tenMs = Duration.ofMillis(10);
        assertEquals(tenMs, CleanerBenchmark.effectiveInterval(PoolKind.POOLBENCH, tenMs));
        assertEquals(tenMs, CleanerBenchmark.effectiveInterval(PoolKind.HIKARI, tenMs));
        assertEquals(Duration.ofSeconds(1), CleanerBenchmark.effectiveInterval(PoolKind.C3P0, tenMs), "whole seconds");
        assertEquals(Duration.ofSeconds(1), CleanerBenchmark.effectiveInterval(PoolKind.VIBUR, tenMs), "whole seconds");
        assertEquals(Duration.ofSeconds(2), CleanerBenchmark.effectiveInterval(PoolKind.C3P0, Duration.ofMillis(1500)));
        assertEquals(Duration.ZERO, CleanerBenchmark.effectiveInterval(PoolKind.POOLBENCH, Duration.ZERO));
        assertEquals(Duration.ZERO, CleanerBenchmark.effectiveInterval(PoolKind.VIBUR, Duration.ZERO));
        assertEquals(Duration.ofSeconds(30), CleanerBenchmark.effectiveInterval(PoolKind.HIKARI, Duration.ZERO),
                "HikariCP's housekeeper cannot be switched off: its default period");
        assertThrows(IllegalArgumentException.class,
                () -> CleanerBenchmark.effectiveInterval(PoolKind.UNPOOLED, tenMs));
    }

    @Test
    void reaperName_matchesEachPoolsOwnReaperOnly() {
        Predicate<String> ours = ReaperThreads.reaperName(PoolKind.POOLBENCH, "cleaner-poolbench-1");
        assertTrue(ours.test("cleaner-poolbench-1-cleaner"));
        assertFalse(ours.test("cleaner-poolbench-12-cleaner"));
        Predicate<String> hikari = ReaperThreads.reaperName(PoolKind.HIKARI, "cleaner-hikari-2");
        assertTrue(hikari.test("cleaner-hikari-2:housekeeper"));
        assertFalse(hikari.test("cleaner-hikari-2:connection-adder"));
        Predicate<String> c3p0 = ReaperThreads.reaperName(PoolKind.C3P0, "cleaner-c3p0-3");
        assertTrue(c3p0.test("C3P0PooledConnectionPoolManager[identityToken->z8kf|6aa6, dataSourceName->cleaner-c3p0-3]"
                + "-AdminTaskTimer"));
        assertFalse(c3p0.test("C3P0PooledConnectionPoolManager[identityToken->z8kf|6aa6, dataSourceName->cleaner-c3p0-3]"
                + "-HelperThread-#0"));
        assertFalse(c3p0.test("C3P0PooledConnectionPoolManager[identityToken->z8kf|6aa6, dataSourceName->cleaner-c3p0-33]"
                + "-AdminTaskTimer"));
        Predicate<String> vibur = ReaperThreads.reaperName(PoolKind.VIBUR, "cleaner-vibur-4");
        assertTrue(vibur.test("PoolReducer for pool cleaner-vibur-4"));
        assertFalse(vibur.test("PoolReducer for pool cleaner-vibur-44"));
    }

    /** Each pool with a timed reaper starts a thread the benchmark finds, and its CPU time can be read. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void find_eachPoolsReaperThreadAppearsWithTheTrial() throws Exception {
        for (PoolKind kind : List.of(PoolKind.POOLBENCH, PoolKind.HIKARI, PoolKind.C3P0, PoolKind.VIBUR)) {
            Set<Long> before = ReaperThreads.liveThreadIds();
            try (Trial trial = Trial.openOnStubWithoutLimit("cleaner-test", kind,
                    PoolSpec.ofSize(2).withReaperInterval(Duration.ofSeconds(1)))) {
                ReaperThreads reapers = ReaperThreads.find(kind, trial.name, before);
                assertEquals(1, reapers.count(), kind + " reaper threads: " + reapers.names());
                assertTrue(reapers.cpuNanos() >= 0);
            }
        }
    }

    @Test
    void find_reaperOff_ourPoolStartsNoCleaner() throws Exception {
        Set<Long> before = ReaperThreads.liveThreadIds();
        try (Trial trial = Trial.openOnStubWithoutLimit("cleaner-test", PoolKind.POOLBENCH,
                PoolSpec.ofSize(2).withReaperInterval(Duration.ZERO))) {
            assertEquals(0, ReaperThreads.find(PoolKind.POOLBENCH, trial.name, before).count());
        }
    }

    @Test
    void cpuBetween_refusesAReaderGoingBack() {
        ReaperThreads none = ReaperThreads.find(PoolKind.POOLBENCH, "no-such-pool", Set.of());
        assertEquals(5, none.cpuBetween(10, 15));
        assertThrows(IllegalStateException.class, () -> none.cpuBetween(15, 10));
    }

    /** 1,000 connections: more than the benchmark backends' 17, which the Cleaner's stub database must not limit. */
    @Test
    void openStubWithoutLimit_holdsMoreThanTheServersSlots() throws Exception {
        String name = Trial.uniqueName("cleaner-test", "unlimited");
        assertFalse(Backend.stubWithoutLimitUrl(name).contains("maxConnections"));
        try (Backend.Database db = Backend.openStubWithoutLimit(name)) {
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    held.add(db.source().getConnection());
                }
                assertEquals(1000, db.source().connects());
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
        }
        assertTrue(Backend.STUB.describe().get("url").contains("maxConnections=17"), "the shared backends keep it");
    }

    @Test
    void steppedClock_movesOnlyWhenAdvancedAndWakesParkedThreads() throws Exception {
        SteppedClock clock = new SteppedClock();
        assertEquals(0, clock.nanoTime());
        clock.advance(5);
        assertEquals(5, clock.nanoTime());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));

        // A thread parked for a long time of the clock returns at once when the clock moves.
        Thread parked = new Thread(() -> clock.parkNanos(this, Long.MAX_VALUE / 2));
        parked.start();
        clock.advance(1);
        parked.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(parked.isAlive());
    }
}
