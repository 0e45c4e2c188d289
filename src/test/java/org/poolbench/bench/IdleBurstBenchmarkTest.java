package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.poolbench.bench.pools.HikariAdapter;
import org.poolbench.bench.pools.PoolSpec;

/**
 * The logic {@link IdleBurstBenchmark} rests on outside its benchmark method: the {@code gap} parameter, the gaps'
 * relation to the idle time and to every pool's reaper interval, and how each pool translates the burst's spec.
 */
class IdleBurstBenchmarkTest {

    @Test
    void gapMillis_longAndShort() {
        assertEquals(2500, IdleBurstBenchmark.gapMillis("long"));
        assertEquals(500, IdleBurstBenchmark.gapMillis("short"));
    }

    @Test
    void gapMillis_badValue_namesTheValueAndTheChoices() {
        for (String bad : List.of("", "Long", "2500ms", "medium")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IdleBurstBenchmark.gapMillis(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("long (2500 ms)"),
                    e.getMessage());
        }
    }

    /**
     * The question holds only if the long gap outlasts, for every pool, a connection returned just after a sweep:
     * its idle time, then up to one interval until the sweep that finds it expired; and the short one never reaches
     * the idle time.
     */
    @Test
    void gaps_longOutlastsIdleTimePlusEveryReaperInterval_shortStaysBelowTheIdleTime() {
        for (PoolKind kind : List.of(PoolKind.POOLBENCH, PoolKind.HIKARI, PoolKind.C3P0, PoolKind.VIBUR)) {
            Duration interval = CleanerBenchmark.effectiveInterval(kind, IdleBurstBenchmark.REAPER_INTERVAL);
            Duration worst = IdleBurstBenchmark.IDLE_TIME.plus(interval);
            assertTrue(Duration.ofMillis(IdleBurstBenchmark.gapMillis("long")).compareTo(worst.plusMillis(250)) >= 0,
                    kind + ": the long gap leaves less than 250 ms after " + worst);
        }
        assertTrue(Duration.ofMillis(IdleBurstBenchmark.gapMillis("short")).compareTo(IdleBurstBenchmark.IDLE_TIME)
                < 0);
    }

    @Test
    void spec_lazyWithOneSecondIdleTimeAndReaper_translatedPerPool() {
        PoolSpec spec = IdleBurstBenchmark.spec(8);
        assertEquals(8, spec.size());
        assertEquals(0, spec.minIdle(), "so that an idle limit may close everything");

        Map<String, String> ours = PoolKind.POOLBENCH.settings(spec);
        assertEquals("PT1S", ours.get("maxIdleTime"));
        assertEquals("8", ours.get("maxIdle"));
        assertFalse(ours.containsKey("cleanerInterval"), "Go's rule gives 1 s: no research setting");

        Map<String, String> hikari = PoolKind.HIKARI.settings(spec);
        assertEquals("1000", hikari.get("idleTimeout"));
        assertEquals("true", hikari.get(HikariAdapter.IDLE_TIMEOUT_AFTER_START), "below HikariCP's 10 s floor");
        assertEquals("0", hikari.get("minimumIdle"));
        assertEquals("1000", hikari.get(HikariAdapter.HOUSEKEEPING_PERIOD));

        Map<String, String> c3p0 = PoolKind.C3P0.settings(spec);
        assertEquals("1", c3p0.get("maxIdleTime"), "whole seconds");
        assertEquals("1", c3p0.get("propertyCycle"));
        assertEquals("0", c3p0.get("minPoolSize"));
        assertEquals("0", c3p0.get("initialPoolSize"));

        Map<String, String> vibur = PoolKind.VIBUR.settings(spec);
        assertEquals("1", vibur.get("reducerTimeIntervalInSeconds"));
        assertEquals("0", vibur.get("poolInitialSize"), "so that the reducer may close everything");
    }
}
