package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.poolbench.bench.pools.HikariAdapter;
import org.poolbench.bench.pools.PoolSpec;
import org.poolbench.bench.pools.PoolUnderTest;

/**
 * The pools under test as the benchmarks build them through the {@link Trial} fixture: each adapter opens its pool
 * from the spec, the fixture fills it, it lends and takes back connections and reports counts that match; unknown
 * {@code @Param} values fail loudly.
 */
class PoolKindTest {

    // ---------------------------------------------------------------- choosing by @Param value

    @Test
    void of_unknownPool_namesTheValueAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoolKind.of("dbcp2"));
        assertEquals("unknown pool 'dbcp2'; expected one of poolbench, poolbench_maxidle2, poolbench_atlimit, "
                + "poolbench_reset, poolbench_fifo, hikari, c3p0, vibur, "
                + "unpooled", e.getMessage());
    }

    @Test
    void of_unknownBackend_namesTheValueAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.of("postgres"));
        assertEquals("unknown backend 'postgres'; expected one of stub, stub_100us, stub_1ms, h2, pg", e.getMessage());
    }

    @Test
    void of_everyParamValue_roundTrips() {
        for (PoolKind kind : PoolKind.values()) {
            assertEquals(kind, PoolKind.of(kind.paramValue()));
        }
        for (Backend backend : Backend.values()) {
            assertEquals(backend, Backend.of(backend.paramValue()));
        }
    }

    // ---------------------------------------------------------------- the fairness record

    @Test
    void settings_everyPoolGetsTheSpecsSizeAndTimeout() {
        PoolSpec spec = PoolSpec.ofSize(6);
        assertEquals(Map.of("maxOpen", "6", "maxIdle", "6", "maxLifetime", "PT30M", "maxIdleTime", "PT10M",
                "acquireTimeout", "PT5S"), PoolKind.POOLBENCH.settings(spec));
        assertEquals("2", PoolKind.POOLBENCH_MAXIDLE2.settings(spec).get("maxIdle"));
        assertEquals(Map.of("maxOpen", "17", "maxIdle", "0", "maxLifetime", "PT0.01S", "maxIdleTime", "PT10M",
                "acquireTimeout", "PT5S"), PoolKind.POOLBENCH_ATLIMIT.settings(spec), "at the server's slots");
        assertEquals("DISCARD ALL", PoolKind.POOLBENCH_RESET.settings(spec.withResetStatement("DISCARD ALL"))
                .get("resetStatement"));
        assertFalse(PoolKind.POOLBENCH.settings(spec.withResetStatement("DISCARD ALL")).containsKey("resetStatement"),
                "only the kind that measures it runs a reset statement");
        assertEquals("6", PoolKind.HIKARI.settings(spec).get("maximumPoolSize"));
        assertEquals("6", PoolKind.HIKARI.settings(spec).get("minimumIdle"));
        assertEquals("5000", PoolKind.HIKARI.settings(spec).get("connectionTimeout"));
        assertEquals("6", PoolKind.C3P0.settings(spec).get("maxPoolSize"));
        assertEquals("6", PoolKind.C3P0.settings(spec).get("minPoolSize"));
        assertEquals("5000", PoolKind.C3P0.settings(spec).get("checkoutTimeout"));
        assertEquals("6", PoolKind.VIBUR.settings(spec).get("poolMaxSize"));
        assertEquals("6", PoolKind.VIBUR.settings(spec).get("poolInitialSize"));
        assertEquals("5000", PoolKind.VIBUR.settings(spec).get("connectionTimeoutInMs"));
        assertEquals(Map.of(), PoolKind.UNPOOLED.settings(spec));
    }

    @Test
    void settings_reaperInterval_translatedPerPool() {
        PoolSpec tenMs = PoolSpec.ofSize(6).withReaperInterval(Duration.ofMillis(10));
        PoolSpec off = PoolSpec.ofSize(6).withReaperInterval(Duration.ZERO);
        PoolSpec twoAndAHalf = PoolSpec.ofSize(6).withReaperInterval(Duration.ofMillis(2500));

        assertEquals("PT0.01S", PoolKind.POOLBENCH.settings(tenMs).get("cleanerInterval"));
        assertEquals("PT30M", PoolKind.POOLBENCH.settings(tenMs).get("maxLifetime"), "limits stay: nothing healthy closes");
        assertEquals("PT0S", PoolKind.POOLBENCH.settings(off).get("maxLifetime"));
        assertEquals("PT0S", PoolKind.POOLBENCH.settings(off).get("maxIdleTime"));
        assertFalse(PoolKind.POOLBENCH.settings(off).containsKey("cleanerInterval"));

        assertEquals("10", PoolKind.HIKARI.settings(tenMs).get(HikariAdapter.HOUSEKEEPING_PERIOD));
        assertEquals("30000", PoolKind.HIKARI.settings(off).get(HikariAdapter.HOUSEKEEPING_PERIOD), "cannot be off");

        assertEquals("1", PoolKind.C3P0.settings(tenMs).get("propertyCycle"), "whole seconds, at least 1");
        assertEquals("3", PoolKind.C3P0.settings(twoAndAHalf).get("propertyCycle"), "rounded up");
        assertEquals("1", PoolKind.C3P0.settings(tenMs).get("maxIdleTimeExcessConnections"));
        assertEquals("6", PoolKind.C3P0.settings(tenMs).get("minPoolSize"), "so the excess limit closes nothing");
        assertEquals("0", PoolKind.C3P0.settings(off).get("maxIdleTime"));
        assertEquals("0", PoolKind.C3P0.settings(off).get("maxConnectionAge"));
        assertFalse(PoolKind.C3P0.settings(off).containsKey("propertyCycle"));

        assertEquals("1", PoolKind.VIBUR.settings(tenMs).get("reducerTimeIntervalInSeconds"));
        assertEquals("3", PoolKind.VIBUR.settings(twoAndAHalf).get("reducerTimeIntervalInSeconds"));
        assertEquals("0", PoolKind.VIBUR.settings(off).get("reducerTimeIntervalInSeconds"));

        // every other benchmark: no reaper setting at all
        PoolSpec plain = PoolSpec.ofSize(6);
        assertFalse(PoolKind.POOLBENCH.settings(plain).containsKey("cleanerInterval"));
        assertFalse(PoolKind.HIKARI.settings(plain).containsKey(HikariAdapter.HOUSEKEEPING_PERIOD));
        assertFalse(PoolKind.C3P0.settings(plain).containsKey("propertyCycle"));
        assertFalse(PoolKind.VIBUR.settings(plain).containsKey("reducerTimeIntervalInSeconds"));
        assertThrows(IllegalArgumentException.class, () -> plain.withReaperInterval(Duration.ofMillis(-1)));
    }

    /** HikariCP reads the housekeeping period from a system property: set only while the pool is built. */
    @Test
    void hikari_timedReaper_leavesTheSystemPropertyAsItWas() throws Exception {
        assertEquals(null, System.getProperty(HikariAdapter.HOUSEKEEPING_PERIOD));
        try (Trial trial = Trial.openOnStubWithoutLimit("kind-test", PoolKind.HIKARI,
                PoolSpec.ofSize(2).withReaperInterval(Duration.ofSeconds(1)))) {
            assertEquals(null, System.getProperty(HikariAdapter.HOUSEKEEPING_PERIOD));
        }
    }

    @Test
    void settings_poolbench_cleanerIntervalOnlyWhereGoesRuleWouldNotGiveIt() {
        PoolSpec oneSecondIdle = PoolSpec.ofSize(4).withMaxIdleTime(Duration.ofSeconds(1));

        assertFalse(PoolKind.POOLBENCH.settings(oneSecondIdle.withReaperInterval(Duration.ofSeconds(1)))
                .containsKey("cleanerInterval"), "1 s idle time: Go's rule is a 1 s cleaner already");
        assertEquals("PT2S", PoolKind.POOLBENCH.settings(oneSecondIdle.withReaperInterval(Duration.ofSeconds(2)))
                .get("cleanerInterval"));
        assertEquals("PT1S", PoolKind.POOLBENCH.settings(PoolSpec.ofSize(4).withReaperInterval(Duration.ofSeconds(1)))
                .get("cleanerInterval"), "10 min idle time: Go's rule would sweep every 10 min");
        // Go's floor: a 500 ms idle time still sweeps every second
        assertFalse(PoolKind.POOLBENCH.settings(PoolSpec.ofSize(4).withMaxIdleTime(Duration.ofMillis(500))
                .withReaperInterval(Duration.ofSeconds(1))).containsKey("cleanerInterval"));
    }

    /** HikariCP puts back its default for an idle timeout below 10 s at start; the adapter sets it after start. */
    @Test
    void hikari_idleTimeoutBelowItsStartFloor_isInForceOnTheRunningPool() throws Exception {
        try (Trial trial = Trial.openOnStubWithoutLimit("kind-test", PoolKind.HIKARI,
                PoolSpec.ofSize(2).withMinIdle(0).withMaxIdleTime(Duration.ofSeconds(1)))) {
            assertEquals(1000, ((HikariAdapter) trial.pool).idleTimeoutMillis());
        }
        assertFalse(PoolKind.HIKARI.settings(PoolSpec.ofSize(2).withMaxIdleTime(Duration.ofSeconds(1)))
                .containsKey(HikariAdapter.IDLE_TIMEOUT_AFTER_START), "at the size HikariCP ignores the idle time");
        try (Trial trial = Trial.openOnStubWithoutLimit("kind-test", PoolKind.HIKARI, PoolSpec.ofSize(2))) {
            assertEquals(600_000, ((HikariAdapter) trial.pool).idleTimeoutMillis(), "the spec's 10 min, at start");
        }
    }

    @Test
    void version_readFromTheClassPath() {
        assertEquals("7.1.0", PoolKind.HIKARI.version());
        assertEquals("0.14.1", PoolKind.C3P0.version());
        assertEquals("26.0", PoolKind.VIBUR.version());
        assertFalse(PoolKind.POOLBENCH.version().isBlank());
        assertEquals("", PoolKind.UNPOOLED.version());
    }

    @Test
    void settings_lazySpec_opensNothingAtStart() {
        PoolSpec lazy = PoolSpec.ofSize(4).withMinIdle(0);
        assertEquals(0, lazy.minIdle());
        assertEquals("0", PoolKind.HIKARI.settings(lazy).get("minimumIdle"));
        assertEquals("0", PoolKind.C3P0.settings(lazy).get("minPoolSize"));
        assertEquals("0", PoolKind.C3P0.settings(lazy).get("initialPoolSize"));
        assertEquals("4", PoolKind.C3P0.settings(lazy).get("maxPoolSize"));
        assertEquals("0", PoolKind.VIBUR.settings(lazy).get("poolInitialSize"));
        assertEquals("4", PoolKind.VIBUR.settings(lazy).get("poolMaxSize"));
        assertEquals("4", PoolKind.C3P0.settings(PoolSpec.ofSize(4)).get("initialPoolSize"), "others: the size");
    }

    @ParameterizedTest
    @EnumSource(value = PoolKind.class, names = {"POOLBENCH", "POOLBENCH_MAXIDLE2", "C3P0", "VIBUR"})
    void over_lazySpec_isNotFilledAndConnectsOnFirstBorrow(PoolKind kind) throws Exception {
        // HikariCP is left out: its start-up check (initializationFailTimeout) connects once even with minimumIdle 0
        String name = Trial.uniqueName("test", kind.paramValue());
        try (Trial trial = Trial.over(name, kind, Backend.STUB, Backend.STUB.open(name),
                PoolSpec.ofSize(3).withMinIdle(0))) {
            assertEquals(0, trial.db.source().connects(), "a lazy pool is not filled");
            try (Connection c = trial.pool.dataSource().getConnection()) {
                assertTrue(trial.db.source().connects() >= 1);
            }
        }
    }

    @Test
    void settings_statementCache_c3p0PerConnectionViburPoolWideOthersNone() {
        PoolSpec spec = PoolSpec.ofSize(6).withStatementCacheSize(32);
        assertEquals("32", PoolKind.C3P0.settings(spec).get("maxStatementsPerConnection"));
        assertEquals("192", PoolKind.VIBUR.settings(spec).get("statementCacheMaxSize"), "6 connections x 32");
        assertEquals("2000", PoolKind.VIBUR.settings(PoolSpec.ofSize(100).withStatementCacheSize(32))
                .get("statementCacheMaxSize"), "capped at Vibur's limit");
        for (PoolKind kind : PoolKind.values()) {
            Map<String, String> cached = kind.settings(spec);
            Map<String, String> plain = kind.settings(PoolSpec.ofSize(6));
            assertFalse(plain.containsKey("maxStatementsPerConnection") || plain.containsKey("statementCacheMaxSize"),
                    kind + " caches statements by default");
            if (kind != PoolKind.C3P0 && kind != PoolKind.VIBUR) {
                assertEquals(plain, cached, kind + " has no statement cache and must ignore the setting");
            }
        }
    }

    @Test
    void spec_rejectsNegativeStatementCache() {
        assertEquals("statementCacheSize must be >= 0 (0 = no cache), was -1", assertThrows(
                IllegalArgumentException.class, () -> PoolSpec.ofSize(2).withStatementCacheSize(-1)).getMessage());
    }

    @Test
    void spec_rejectsImpossibleSizes() {
        assertEquals("size must be >= 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> PoolSpec.ofSize(0)).getMessage());
        assertEquals("minIdle must be between 0 and size (4), was 5",
                assertThrows(IllegalArgumentException.class, () -> PoolSpec.ofSize(4).withMinIdle(5)).getMessage());
    }

    // ---------------------------------------------------------------- the adapters, over the stub and H2

    @ParameterizedTest
    @EnumSource(PoolKind.class)
    void open_fillsThePoolThenLendsAndTakesBack(PoolKind kind) throws Exception {
        PoolSpec spec = PoolSpec.ofSize(3);
        try (Trial trial = Trial.open("test", kind, Backend.STUB, spec)) {
            Backend.Database db = trial.db;
            PoolUnderTest pool = trial.pool;
            long afterFill = db.source().connects();
            boolean keepsNone = kind == PoolKind.UNPOOLED || kind == PoolKind.POOLBENCH_ATLIMIT;
            assertEquals(keepsNone ? 0 : 3, afterFill, "filling opens exactly size connections, none if none is kept");
            if (kind != PoolKind.UNPOOLED) {
                assertEquals(switch (kind) {
                    case POOLBENCH_MAXIDLE2 -> 2;
                    case POOLBENCH_ATLIMIT -> 0;
                    default -> 3;
                }, pool.idle());
            }
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(pool.dataSource().getConnection());
            }
            if (pool.inUse() != PoolUnderTest.UNKNOWN) {
                assertEquals(3, pool.inUse());
            }
            for (Connection c : held) {
                c.close();
            }
            trial.checkNothingLent();
            long expectedConnects = switch (kind) {
                case UNPOOLED, POOLBENCH_ATLIMIT -> afterFill + 3; // a connect per borrow
                case POOLBENCH_MAXIDLE2 -> afterFill + 1; // only 2 were kept idle
                default -> afterFill; // reused what the fill opened
            };
            assertEquals(expectedConnects, db.source().connects());
        }
    }

    @ParameterizedTest
    @EnumSource(PoolKind.class)
    void request_runsTheTrivialQueryOnH2(PoolKind kind) throws Exception {
        try (Trial trial = Trial.open("test", kind, Backend.H2, PoolSpec.ofSize(2));
             Connection c = trial.pool.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT 1")) {
            assertTrue(rows.next());
            assertEquals(1, rows.getInt(1));
        }
    }

    @Test
    void waitCount_knownOnlyForPoolsThatKeepIt() throws Exception {
        for (PoolKind kind : PoolKind.values()) {
            try (Trial trial = Trial.open("test", kind, Backend.STUB, PoolSpec.ofSize(1))) {
                PoolUnderTest pool = trial.pool;
                boolean counts = kind == PoolKind.POOLBENCH || kind == PoolKind.POOLBENCH_MAXIDLE2
                        || kind == PoolKind.POOLBENCH_ATLIMIT || kind == PoolKind.POOLBENCH_RESET
                        || kind == PoolKind.POOLBENCH_FIFO || kind == PoolKind.UNPOOLED;
                assertEquals(counts, pool.waitCount() != PoolUnderTest.UNKNOWN, kind.paramValue());
            }
        }
    }
}
