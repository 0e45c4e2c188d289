package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.poolbench.bench.Backend;
import org.poolbench.bench.PoolKind;

/**
 * Runs the shaded {@code target/benchmarks.jar} the way a user does: lists its benchmarks, then runs the bench
 * runner's {@code smoke} profile (every benchmark, every pool, every backend, one short iteration in a forked JVM)
 * and checks the run folder. A benchmark that fails, is missing a pool, or loses an acquire fails the build.
 * Runs in the {@code integration-test} phase, after {@code package} has built the jar.
 */
class BenchSmokeIT {

    private static final Path JAR = Path.of("target/benchmarks.jar");
    private static final Path OUT = Path.of("target/smoke-run");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** The connection-limit benchmark's class, as the results name its methods after the package. */
    private static final String LIMIT = "ConnectionLimitBenchmark.";
    private static final List<String> LIMIT_POOLS =
            List.of("poolbench", "poolbench_atlimit", "hikari", "c3p0", "vibur", "unpooled");
    /** The idle-reuse benchmark's pools: every kind but the one sized at the server's limit. */
    private static final List<String> REUSE_POOLS =
            List.of("poolbench", "poolbench_maxidle2", "poolbench_reset", "hikari", "c3p0", "vibur", "unpooled");
    private static final List<String> LIMIT_BACKENDS = List.of("stub_1ms", "pg");
    /** The tenant-routing benchmark's class; its smoke run is 64 tenants on PostgreSQL (@ThreadSweep smokeParams). */
    private static final String TENANT = "TenantRoutingBenchmark.";
    private static final List<String> PER_TENANT_POOLS =
            List.of("poolbench", "poolbench_maxidle2", "hikari", "c3p0", "vibur", "unpooled");
    private static final List<String> SHARED_POOLS = List.of("poolbench", "hikari", "c3p0", "vibur");

    /** The statement-reuse benchmark's declared ways, each a pool and a way of running statements; smoke: the stub. */
    private static final List<String> STATEMENT_WAYS = List.of("poolbench_oneshot", "poolbench_stmt",
            "poolbench_maxidle2_stmt", "poolbench_tx", "hikari", "hikari_pinned", "c3p0_cache", "vibur_cache");

    /** The idle-burst benchmark's smoke pools and gaps (@ThreadSweep smokeParams). */
    private static final List<String> BURST_POOLS = List.of("poolbench", "hikari");
    private static final List<String> BURST_GAPS = List.of("long", "short");
    /** The fairness benchmark's pools, all of them in its smoke run. */
    private static final List<String> FAIR_POOLS = List.of("poolbench", "poolbench_fifo", "hikari", "c3p0", "vibur");

    private static Result smoke;

    record Result(int exit, String output) {
    }

    @BeforeAll
    @Timeout(300) // the smoke run's own limit (280 s) first; run as a unit test, the 60 s default would cut it short
    static void runSmokeProfile() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "target/benchmarks.jar is missing: run through `./mvnw verify`");
        deleteRecursively(OUT);
        smoke = java(List.of("-cp", JAR.toString(), "org.poolbench.runner.Bench", "smoke", "--out", OUT.toString()),
                280);
    }

    @Test
    void jar_listsEveryBenchmark() throws Exception {
        Result list = java(List.of("-jar", JAR.toString(), "-l"), 60);
        assertEquals(0, list.exit(), list.output());
        for (String benchmark : List.of("AcquireReleaseBenchmark.acquireRelease",
                "AcquireReleaseBenchmark.acquireReleaseLatency", "AcquireReleaseBenchmark.handoff",
                "AcquireReleaseBenchmark.handoffLatency", "IdleReuseBenchmark.request",
                "ConnectionLimitBenchmark.request", "ConnectionLimitBenchmark.requestLatency",
                "TenantRoutingBenchmark.poolPerTenant", "TenantRoutingBenchmark.sharedPool",
                "ConnectBenchmark.connectAndClose", "IdleBurstBenchmark.request", "FairnessBenchmark.borrow")) {
            assertTrue(list.output().contains("org.poolbench.bench." + benchmark + "\n"),
                    benchmark + " missing from the jar's benchmark list:\n" + list.output());
        }
    }

    @Test
    void smokeRun_succeedsAndWritesTheRunFolder() throws Exception {
        assertEquals(0, smoke.exit(), "the smoke run failed:\n" + smoke.output());
        for (String file : List.of("results.json", "run.json", "summary.md", Dashboard.FILE)) {
            assertTrue(Files.size(OUT.resolve(file)) > 0, file + " is empty");
        }
        assertTrue(smoke.output().contains("bench: dashboard: "), "the runner says where the dashboard is");
        assertTrue(Pattern.compile("\\[bench] run (\\d+) of \\1 \\|").matcher(smoke.output()).find(),
                "no progress line for the last run");
    }

    @Test
    void smokeRun_coversEveryBenchmarkWithEveryPoolAndBackend() throws Exception {
        assertEquals(0, smoke.exit(), smoke.output());
        Set<String> seen = new TreeSet<>();
        JsonArray results = JsonParser.parseString(Files.readString(OUT.resolve("results.json"))).getAsJsonArray();
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            JsonObject params = o.getAsJsonObject("params");
            String method = o.get("benchmark").getAsString().replace("org.poolbench.bench.", "");
            String pool = params.has("pool") ? params.get("pool").getAsString() : "-";
            String backend = params.has("backend") ? params.get("backend").getAsString() : "-";
            seen.add(method + " " + pool + " " + backend);
            // ConnectionLimitBenchmark counts its failures by kind instead, since unpooled is meant to fail there; its
            // own test below holds every pool in it to zero failures. TenantRoutingBenchmark does the same.
            if (params.has("pool") && !method.startsWith(LIMIT) && !method.startsWith(TENANT)) {
                // Every pool benchmark counts failed acquires; the reference handoff cannot fail (it never times out).
                JsonObject failed = o.getAsJsonObject("secondaryMetrics").getAsJsonObject("failedAcquires");
                assertTrue(failed != null, "no failedAcquires counter in " + method);
                assertEquals(0.0, failed.get("score").getAsDouble(), "failed acquires in " + method + " " + params);
            }
        }
        Set<String> expected = new TreeSet<>();
        for (String pool : List.of("poolbench", "hikari", "c3p0", "vibur")) {
            expected.add("AcquireReleaseBenchmark.acquireRelease " + pool + " -");
            expected.add("AcquireReleaseBenchmark.acquireReleaseLatency " + pool + " -");
        }
        for (String pool : List.of("poolbench", "hikari", "c3p0", "vibur")) {
            expected.add("CleanerBenchmark.borrowReturn " + pool + " -");
            expected.add("CleanerBenchmark.borrowReturnLatency " + pool + " -");
        }
        expected.add("CleanerBenchmark.sweepExpired - -");
        expected.add("AcquireReleaseBenchmark.handoff - -");
        expected.add("AcquireReleaseBenchmark.handoffLatency - -");
        for (String pool : REUSE_POOLS) {
            for (Backend backend : Backend.values()) {
                expected.add("IdleReuseBenchmark.request " + pool + " " + backend.paramValue());
            }
        }
        for (String backend : List.of("stub_1ms", "h2", "pg")) {
            expected.add("ConnectBenchmark.connectAndClose - " + backend);
        }
        for (String pool : LIMIT_POOLS) {
            for (String backend : LIMIT_BACKENDS) {
                expected.add(LIMIT + "request " + pool + " " + backend);
                expected.add(LIMIT + "requestLatency " + pool + " " + backend);
            }
        }
        for (String pool : PER_TENANT_POOLS) {
            expected.add(TENANT + "poolPerTenant " + pool + " pg");
        }
        for (String pool : SHARED_POOLS) {
            expected.add(TENANT + "sharedPool " + pool + " pg");
        }
        for (String way : STATEMENT_WAYS) {
            expected.add("StatementReuseBenchmark.request " + way + " stub");
        }
        for (String pool : BURST_POOLS) {
            expected.add("IdleBurstBenchmark.request " + pool + " -");
        }
        for (String pool : FAIR_POOLS) {
            expected.add("FairnessBenchmark.borrow " + pool + " -");
        }
        assertEquals(expected, seen);
    }

    @Test
    void smokeRun_tenantRouting_sharedPoolsHoldTheirConnectionsAndNeverFail() throws Exception {
        assertEquals(0, smoke.exit(), smoke.output());
        JsonArray results = JsonParser.parseString(Files.readString(OUT.resolve("results.json"))).getAsJsonArray();
        int checked = 0;
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            String method = o.get("benchmark").getAsString();
            if (!method.startsWith("org.poolbench.bench." + TENANT)) {
                continue;
            }
            JsonObject m = o.getAsJsonObject("secondaryMetrics");
            double requests = score(m, "requests");
            double failed = score(m, "tooManyClients") + score(m, "acquireTimeouts") + score(m, "otherFailures");
            double serverConnections = score(m, "serverConnections"); // a gauge: its level at the iteration's end
            String pool = o.getAsJsonObject("params").get("pool").getAsString();
            String where = method + " " + o.get("params");
            assertTrue(requests > 0, "no requests counted in " + where);
            assertEquals(0.0, score(m, "otherFailures"), "only refusals and timeouts may fail a request in " + where);
            assertTrue(serverConnections <= Backend.CLIENT_CONNECTION_SLOTS, "more connections than slots in " + where);
            if (method.endsWith("sharedPool")) {
                // pre-filled with 8 connections for 4 threads: never connects, never fails, holds exactly 8
                assertEquals(0.0, failed, "a shared pool failed requests in " + where);
                assertEquals(0.0, score(m, "connects"), "a shared pool connected during measurement in " + where);
                assertEquals(8.0, serverConnections, 1e-9, "a shared pool's connections on the server in " + where);
            } else if (pool.equals("unpooled")) {
                assertEquals(requests, score(m, "connects") + failed, "a connect per request in " + where);
                // nothing held between requests; PostgreSQL may still list a session its 4 threads closed just before
                // the reading, until the server process exits
                assertTrue(serverConnections <= 4, "connect per request held connections in " + where);
            }
            checked++;
        }
        assertEquals(PER_TENANT_POOLS.size() + SHARED_POOLS.size(), checked);
    }

    @Test
    void smokeRun_connectionLimit_unpooledRefusedWith53300_poolsNeverFail() throws Exception {
        assertEquals(0, smoke.exit(), smoke.output());
        JsonArray results = JsonParser.parseString(Files.readString(OUT.resolve("results.json"))).getAsJsonArray();
        int checked = 0;
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            if (!o.get("benchmark").getAsString().startsWith("org.poolbench.bench." + LIMIT)) {
                continue;
            }
            JsonObject m = o.getAsJsonObject("secondaryMetrics");
            double requests = score(m, "requests");
            double succeeded = score(m, "succeeded");
            double failed = score(m, "tooManyClients") + score(m, "acquireTimeouts") + score(m, "otherFailures");
            String where = o.get("benchmark").getAsString() + " " + o.get("params");
            assertTrue(requests > 0, "no requests counted in " + where);
            assertEquals(requests, succeeded + failed, "every request succeeded or failed once in " + where);
            String pool = o.getAsJsonObject("params").get("pool").getAsString();
            String backend = o.getAsJsonObject("params").get("backend").getAsString();
            if (pool.equals("unpooled")) {
                // 24 threads connecting on 17 slots (the stub's 1 ms connect, or PostgreSQL's SCRAM login and
                // new server process): many are refused, so none refused would mean the limit is not enforced.
                assertTrue(score(m, "tooManyClients") > 0, "unpooled was never refused with 53300 in " + where);
            } else if (pool.equals("poolbench_atlimit") && backend.equals("pg")) {
                // At the limit on the real server: refusals are what it may show (how many is the measurement),
                // but only refusals, never a timeout or another failure.
                assertEquals(failed, score(m, "tooManyClients"), "only 53300 refusals at the limit in " + where);
            } else {
                assertEquals(0.0, failed, "a pool below the server's limit failed requests in " + where);
            }
            checked++;
        }
        assertEquals(LIMIT_POOLS.size() * LIMIT_BACKENDS.size() * 2, checked);
    }

    private static double score(JsonObject metrics, String name) {
        JsonObject metric = metrics.getAsJsonObject(name);
        assertTrue(metric != null, "no " + name + " counter in " + metrics.keySet());
        return metric.get("score").getAsDouble();
    }

    @Test
    void smokeRun_virtualThreadAxis_ourPoolRunsOnVirtualThreadsWithoutFailures_andIsReportedApart()
            throws Exception {
        assertEquals(0, smoke.exit(), smoke.output());
        JsonArray results = JsonParser.parseString(Files.readString(OUT.resolve("results.json"))).getAsJsonArray();
        Set<String> seen = new TreeSet<>();
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            if (!JmhResults.virtual(o)) {
                continue;
            }
            String method = o.get("benchmark").getAsString().replace("org.poolbench.bench.", "");
            String pool = o.getAsJsonObject("params").get("pool").getAsString();
            seen.add(method + " " + pool + " " + o.get("threads").getAsInt());
            JsonObject m = o.getAsJsonObject("secondaryMetrics");
            assertEquals(0.0, m.getAsJsonObject("failedAcquires").get("score").getAsDouble(),
                    "failed acquires on virtual threads in " + method + " " + pool);
            if (m.has("connects")) {
                assertTrue(m.getAsJsonObject("requests").get("score").getAsDouble() > 0, "no requests in " + method);
                // IdleReuse: pre-filled to 8 connections, 2 virtual threads never need a new one
                assertEquals(0.0, m.getAsJsonObject("connects").get("score").getAsDouble(),
                        pool + " connected during measurement on virtual threads");
            }
        }
        Set<String> expected = new TreeSet<>();
        // our pool only in smoke: another pool's intermittent stall must not fail CI (AcquireReleaseBenchmark)
        expected.add("AcquireReleaseBenchmark.acquireRelease poolbench 2");
        expected.add("IdleReuseBenchmark.request poolbench 2");
        assertEquals(expected, seen);
        String summary = Files.readString(OUT.resolve("summary.md"));
        assertTrue(summary.contains("## AcquireReleaseBenchmark on virtual threads · acquireRelease:"), summary);
        assertTrue(summary.contains("| pool | 2 virtual threads |"), summary);
        assertTrue(summary.contains("## Virtual threads: pinning per pool"), summary);
        JsonObject virtual = JsonParser.parseString(Files.readString(OUT.resolve("run.json"))).getAsJsonObject()
                .getAsJsonObject("virtualThreads");
        assertEquals(2, virtual.getAsJsonArray("steps").size());
        for (var step : virtual.getAsJsonArray("steps")) {
            assertTrue(step.getAsJsonObject().get("recordings").getAsInt() > 0, "no JFR recording read: " + step);
            assertEquals(0, step.getAsJsonObject().getAsJsonArray("stalls").size(), "stalled: " + step);
        }
    }

    @Test
    void smokeRun_unpooledConnectsOncePerRequestAndPoolsReuse() throws Exception {
        assertEquals(0, smoke.exit(), smoke.output());
        JsonArray results = JsonParser.parseString(Files.readString(OUT.resolve("results.json"))).getAsJsonArray();
        int checked = 0;
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            if (!o.get("benchmark").getAsString().endsWith("IdleReuseBenchmark.request") || JmhResults.virtual(o)) {
                continue; // the virtual-thread runs have their own test
            }
            JsonObject m = o.getAsJsonObject("secondaryMetrics");
            double requests = m.getAsJsonObject("requests").get("score").getAsDouble();
            double connects = m.getAsJsonObject("connects").get("score").getAsDouble();
            String pool = o.getAsJsonObject("params").get("pool").getAsString();
            assertTrue(requests > 0, "no requests counted for " + o.get("params"));
            if (pool.equals("unpooled")) {
                assertEquals(requests, connects, "unpooled must connect exactly once per request");
            } else if (!pool.equals("poolbench_maxidle2")) {
                // Pre-filled to 8 connections with 2 threads: no pool should need a new connection.
                assertEquals(0.0, connects, pool + " connected during measurement: " + o.get("params"));
            }
            checked++;
        }
        assertEquals(REUSE_POOLS.size() * Backend.values().length, checked);
    }

    /**
     * Statement reuse in the smoke run, counted at the driver: the one-shot and pinned ways prepare each of a
     * request's distinct statements (5 per request); our {@code Stmt} and {@code Tx} ways and the caches prepare each
     * text at most once per connection ({@code size} x 5 in all), however many requests the iteration ran. The smoke
     * iteration starts cold (no warm-up), so it holds our pool to that bound; the goal of 0.01 prepares per request
     * once warm is {@code StatementWayTest}'s, which runs enough requests for the bound to be below it.
     */
    @Test
    void smokeRun_statementReuse_preparesCountedAtTheDriver() throws Exception {
        assertEquals(0, smoke.exit(), smoke.output());
        JsonArray results = JsonParser.parseString(Files.readString(OUT.resolve("results.json"))).getAsJsonArray();
        int checked = 0;
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            if (!o.get("benchmark").getAsString().endsWith("StatementReuseBenchmark.request")) {
                continue;
            }
            JsonObject m = o.getAsJsonObject("secondaryMetrics");
            JsonObject params = o.getAsJsonObject("params");
            double requests = score(m, "requests");
            double prepares = score(m, "prepares");
            String way = params.get("pool").getAsString();
            int statements = Integer.parseInt(params.get("statements").getAsString());
            int size = Integer.parseInt(params.get("size").getAsString());
            assertTrue(requests > 0, "no requests counted for " + params);
            switch (way) {
                case "poolbench_oneshot", "hikari", "hikari_pinned" -> assertEquals(statements, prepares / requests,
                        0.01, way + " prepares each distinct statement of a request");
                default -> assertTrue(prepares <= (double) size * statements, way + " prepared " + prepares
                        + " times in " + requests + " requests, more than once per text per connection");
            }
            checked++;
        }
        assertEquals(STATEMENT_WAYS.size(), checked);
    }

    @Test
    void smokeRun_cleaner_reapersCloseNothingHealthyOursSweepsAndEachSweepClosesTheExpired() throws Exception {
        assertEquals(0, smoke.exit(), smoke.output());
        JsonArray results = JsonParser.parseString(Files.readString(OUT.resolve("results.json"))).getAsJsonArray();
        int hotPath = 0;
        int single = 0;
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            String benchmark = o.get("benchmark").getAsString();
            if (!benchmark.contains("CleanerBenchmark.")) {
                continue;
            }
            JsonObject m = o.getAsJsonObject("secondaryMetrics");
            JsonObject params = o.getAsJsonObject("params");
            if (benchmark.endsWith(".sweepExpired")) {
                // smoke: 16 expired connections per sweep, and the iteration fails unless the sweep closed them all
                assertEquals(16.0 * score(m, "requests"), score(m, "sweepClosed"), "closed per sweep " + params);
                assertTrue(score(m, "sweepNanos") > 0, "no sweep time measured " + params);
                single++;
                continue;
            }
            assertTrue(score(m, "requests") > 0, "no requests counted for " + params);
            // every connection is healthy and every pool is kept at its size: a reaper that connects closed one
            assertEquals(0.0, score(m, "connects"), "a reaper replaced a healthy connection: " + params);
            if (params.get("pool").getAsString().equals("poolbench")) {
                // the cleaner at 10 ms over a 100 ms iteration: it must have swept, and every sweep was timed
                assertTrue(score(m, "sweeps") > 0, "our cleaner did not sweep: " + params);
                assertTrue(score(m, "sweepNanos") > 0, "our sweeps were not timed: " + params);
            } else {
                assertEquals(-1.0, score(m, "sweeps"), "only our pool counts its sweeps: " + params);
            }
            hotPath++;
        }
        assertEquals(8, hotPath);
        assertEquals(1, single);
    }

    /**
     * Bursts after a gap longer than the 1 s idle time find every connection the previous burst (the trial's untimed
     * one, in the smoke run's single iteration) left closed, and connect again; after a gap shorter than it nothing
     * was closed and nothing connects. HikariCP reopens only one connection for the whole burst (its adder sleeps
     * 30 ms after each connection it adds), so its connects are only held above zero.
     */
    @Test
    void smokeRun_idleBurst_longGapClosesAndReopens_shortGapReuses() throws Exception {
        assertEquals(0, smoke.exit(), smoke.output());
        JsonArray results = JsonParser.parseString(Files.readString(OUT.resolve("results.json"))).getAsJsonArray();
        Set<String> checked = new TreeSet<>();
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            if (!o.get("benchmark").getAsString().endsWith("IdleBurstBenchmark.request")) {
                continue;
            }
            JsonObject m = o.getAsJsonObject("secondaryMetrics");
            JsonObject params = o.getAsJsonObject("params");
            String pool = params.get("pool").getAsString();
            String gap = params.get("gap").getAsString();
            double requests = score(m, "requests");
            double connects = score(m, "connects") / requests;
            double closed = score(m, "closedInGap") / requests;
            String where = pool + " after the " + gap + " gap: " + connects + " connects and " + closed
                    + " closed in the gap per request";
            // JMH sums single-shot counters over the iterations: one request per thread and burst
            assertTrue(requests > 0 && requests % 8 == 0, requests + " requests in " + where);
            if (gap.equals("long")) {
                assertTrue(closed > 0.5, where);
                assertTrue(pool.equals("hikari") ? connects > 0 : connects > 0.5, where);
            } else {
                assertTrue(closed < 0.5, where);
                assertTrue(connects < 0.5, where);
            }
            checked.add(pool + " " + gap);
        }
        assertEquals(BURST_POOLS.size() * BURST_GAPS.size(), checked.size(), checked.toString());
    }

    /**
     * FairnessBenchmark reports its figures as levels of an iteration from one thread; the smoke run has one measured
     * iteration, so each score is that level: Jain's index in (0, 1] (0 would mean no thread borrowed while JMH
     * measured), the min/max share in [0, 1], and the wait percentiles in order up to the maximum.
     */
    @Test
    void smokeRun_fairness_reportsIndexesInRangeAndOrderedWaits() throws Exception {
        assertEquals(0, smoke.exit(), smoke.output());
        JsonArray results = JsonParser.parseString(Files.readString(OUT.resolve("results.json"))).getAsJsonArray();
        Set<String> checked = new TreeSet<>();
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            if (!o.get("benchmark").getAsString().endsWith("FairnessBenchmark.borrow")) {
                continue;
            }
            JsonObject m = o.getAsJsonObject("secondaryMetrics");
            String pool = o.getAsJsonObject("params").get("pool").getAsString();
            double jain = score(m, "jainIndex");
            double minMax = score(m, "minMaxRatio");
            double p50 = score(m, "waitP50Micros");
            double p99 = score(m, "waitP99Micros");
            double p999 = score(m, "waitP999Micros");
            double max = score(m, "waitMaxMicros");
            String where = pool + ": Jain " + jain + ", min/max " + minMax + ", waits " + p50 + " <= " + p99 + " <= "
                    + p999 + " <= " + max + " us";
            assertTrue(score(m, "requests") > 0, where);
            assertTrue(jain > 0 && jain <= 1 + 1e-9, where);
            assertTrue(minMax >= 0 && minMax <= 1 + 1e-9, where);
            assertTrue(0 <= p50 && p50 <= p99 && p99 <= p999 && p999 <= max, where);
            assertTrue(score(m, "waitNanos") > 0, "borrowers under contention wait: " + where);
            checked.add(pool);
        }
        assertEquals(new TreeSet<>(FAIR_POOLS), checked);
    }

    @Test
    void smokeRun_summaryNamesEveryPool() throws Exception {
        assertEquals(0, smoke.exit(), smoke.output());
        String summary = Files.readString(OUT.resolve("summary.md"));
        for (PoolKind pool : PoolKind.values()) {
            assertTrue(summary.contains("| " + pool.paramValue() + " |"), pool + " missing from summary.md");
        }
        assertTrue(summary.contains("handoff (reference)"), summary);
        assertTrue(!summary.contains("WARNING"), "summary reports failures:\n" + summary);
        assertTrue(smoke.output().contains(summary.lines().findFirst().orElseThrow()),
                "the runner did not print the summary");
    }

    private static Result java(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        if (Runtime.version().feature() >= 24) {
            command.add(JmhOptions.UNSAFE_FLAG);
        }
        command.addAll(args);
        Path log = Files.createTempFile("poolbench-smoke", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            // A test framework's timeout interrupts the wait: the smoke run must not outlive the test.
            p.destroyForcibly();
            throw e;
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(p.exitValue(), out);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
