package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.poolbench.bench.StatementReuseBenchmark.BackendVariant;

/**
 * {@link StatementReuseBenchmark}'s requests driven directly on the stub, counting prepares at the driver as the
 * benchmark does: each way prepares what it should, and our pool meets its goal of at most 0.01 prepares per request
 * once warm with no more threads than connections. Also the parsing of the benchmark's parameters and the backends'
 * per-trial driver settings.
 */
class StatementWayTest {

    private static final int SIZE = 4;
    private static final int K = 5;

    /** Prepares per request once warm, on one thread: what each way must cause, by its design. */
    @ParameterizedTest
    @EnumSource(StatementWay.class)
    void warmRequests_prepareWhatTheWayPrepares(StatementWay way) throws Exception {
        for (boolean distinct : new boolean[] {true, false}) {
            StatementCounter counter = new StatementCounter();
            try (Trial trial = Trial.open("stmt-test", way.kind(), Backend.STUB, Map.of(), counter, way.spec(SIZE));
                 StatementWay.Workload w = new StatementWay.Workload(way, trial.pool.dataSource(), K, distinct)) {
                for (int i = 0; i < 10; i++) {
                    assertEquals(K, way.run(w), "each statement reads 1");
                }
                long before = counter.prepares();
                int requests = 200;
                for (int i = 0; i < requests; i++) {
                    way.run(w);
                }
                long prepares = counter.prepares() - before;
                long expected = switch (way) {
                    case POOLBENCH_ONESHOT, HIKARI, C3P0, VIBUR -> (long) K * requests; // a prepare per statement
                    case HIKARI_PINNED -> (long) (distinct ? K : 1) * requests;      // per distinct text per request
                    case POOLBENCH_STMT, POOLBENCH_MAXIDLE2_STMT, POOLBENCH_TX, C3P0_CACHE, VIBUR_CACHE -> 0;
                };
                assertEquals(expected, prepares, way + (distinct ? " distinct" : " same") + " texts");
            }
        }
    }

    /**
     * The goal: at most 0.01 prepares per request once warm, threads at most the size. A {@code Stmt} is prepared at
     * most once per text on each of the {@code SIZE} connections, so {@code SIZE * K} prepares bound the whole run
     * however the threads are scheduled; the run is long enough that the bound is below 0.01 per request.
     */
    @ParameterizedTest
    @EnumSource(value = StatementWay.class, names = {"POOLBENCH_STMT", "POOLBENCH_TX"})
    void ours_atMostOneHundredthPreparePerRequest_threadsAtMostSize(StatementWay way) throws Exception {
        StatementCounter counter = new StatementCounter();
        try (Trial trial = Trial.open("stmt-goal", way.kind(), Backend.STUB, Map.of(), counter, way.spec(SIZE));
             StatementWay.Workload w = new StatementWay.Workload(way, trial.pool.dataSource(), K, true)) {
            way.run(w); // warm on one connection
            long before = counter.prepares();
            int perThread = 1_000;
            ExecutorService threads = Executors.newFixedThreadPool(SIZE);
            try {
                List<Future<Long>> done = new ArrayList<>();
                for (int t = 0; t < SIZE; t++) {
                    Callable<Long> requests = () -> {
                        long sum = 0;
                        for (int i = 0; i < perThread; i++) {
                            sum += way.run(w);
                        }
                        return sum;
                    };
                    done.add(threads.submit(requests));
                }
                for (Future<Long> f : done) {
                    assertEquals((long) K * perThread, f.get());
                }
            } finally {
                threads.shutdownNow();
            }
            double perRequest = (double) (counter.prepares() - before) / (SIZE * perThread);
            assertTrue(perRequest <= 0.01, way + " prepared " + perRequest + " per request");
            assertTrue(counter.openStatements() <= (long) SIZE * K,
                    "a Stmt holds at most one statement per text per connection: " + counter.openStatements());
        }
    }

    @Test
    void of_unknownWay_namesTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatementWay.of("hikari_stmt"));
        assertTrue(e.getMessage().startsWith("unknown pool 'hikari_stmt' for StatementReuseBenchmark; expected one of "
                + "poolbench_oneshot, poolbench_stmt"), e.getMessage());
    }

    @Test
    void spec_cacheOnlyForTheCachingWays() {
        for (StatementWay way : StatementWay.values()) {
            boolean caches = way == StatementWay.C3P0_CACHE || way == StatementWay.VIBUR_CACHE;
            assertEquals(caches ? StatementWay.STATEMENT_CACHE_PER_CONNECTION : 0, way.spec(8).statementCacheSize(),
                    way.toString());
            assertEquals(8, way.spec(8).size());
        }
    }

    @Test
    void declaredPools_areWays() throws Exception {
        String[] declared = StatementReuseBenchmark.Setting.class.getField("pool")
                .getAnnotation(org.openjdk.jmh.annotations.Param.class).value();
        for (String value : declared) {
            assertEquals(value, StatementWay.of(value).paramValue());
        }
        String[] backends = StatementReuseBenchmark.Setting.class.getField("backend")
                .getAnnotation(org.openjdk.jmh.annotations.Param.class).value();
        for (String value : backends) {
            BackendVariant.of(value); // every declared value parses
        }
    }

    @Test
    void backendVariant_parsesLatencyAndThreshold() {
        assertEquals(new BackendVariant(Backend.STUB, Map.of()), BackendVariant.of("stub"));
        assertEquals(new BackendVariant(Backend.STUB, Map.of("prepareLatency", "50us")),
                BackendVariant.of("stub_prepare50us"));
        assertEquals(new BackendVariant(Backend.H2, Map.of()), BackendVariant.of("h2"));
        assertEquals(new BackendVariant(Backend.PG, Map.of()), BackendVariant.of("pg"));
        assertEquals(new BackendVariant(Backend.PG, Map.of("prepareThreshold", "-1")),
                BackendVariant.of("pg_threshold-1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackendVariant.of("stub_100us"));
        assertTrue(e.getMessage().startsWith("unknown backend 'stub_100us'"), e.getMessage());
    }

    @Test
    void texts_distinctOrSame() {
        assertTrue(StatementReuseBenchmark.distinct("distinct"));
        assertEquals(false, StatementReuseBenchmark.distinct("same"));
        assertThrows(IllegalArgumentException.class, () -> StatementReuseBenchmark.distinct("mixed"));
    }

    @Test
    void workload_distinctTextsOrOneTextKTimes() throws Exception {
        try (Trial trial = Trial.open("stmt-texts", PoolKind.HIKARI, Backend.STUB, Map.of(), null,
                StatementWay.HIKARI.spec(2))) {
            StatementWay.Workload distinct = new StatementWay.Workload(StatementWay.HIKARI, trial.pool.dataSource(),
                    3, true);
            assertEquals(List.of("SELECT 1 AS c0", "SELECT 1 AS c1", "SELECT 1 AS c2"), distinct.texts());
            StatementWay.Workload same = new StatementWay.Workload(StatementWay.HIKARI, trial.pool.dataSource(),
                    3, false);
            assertEquals(List.of("SELECT 1 AS c0"), same.texts());
            assertEquals(3, same.order.length);
        }
    }

    @Test
    void driverSettings_stubTakesPrepareLatency_h2None_pgOnlyItsConnectionProperties() throws Exception {
        StatementCounter counter = new StatementCounter();
        try (Backend.Database db = Backend.STUB.open("stmt-settings", Map.of("prepareLatency", "1ms"), counter)) {
            try (Connection c = db.source().getConnection()) {
                long start = System.nanoTime();
                c.prepareStatement("SELECT 1").close();
                assertTrue(System.nanoTime() - start >= 1_000_000, "the prepare waited the URL's prepareLatency");
            }
            assertEquals(1, counter.prepares());
        }
        assertThrows(IllegalArgumentException.class,
                () -> Backend.STUB.open("stmt-settings-2", Map.of("connectLatency", "1ms"), null));
        assertThrows(IllegalArgumentException.class,
                () -> Backend.H2.open("stmt-settings-3", Map.of("prepareThreshold", "0"), null));
        Properties base = new Properties();
        base.setProperty("prepareThreshold", "5");
        base.setProperty("user", "bench");
        Properties p = Backend.pgProperties(base, Map.of("prepareThreshold", "0"));
        assertEquals("0", p.getProperty("prepareThreshold"));
        assertEquals("bench", p.getProperty("user"));
        assertEquals("5", base.getProperty("prepareThreshold"), "the server's own properties are not changed");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backend.pgProperties(base, Map.of("prepareTreshold", "0")));
        assertTrue(e.getMessage().contains("'prepareTreshold'"), e.getMessage());
    }
}
