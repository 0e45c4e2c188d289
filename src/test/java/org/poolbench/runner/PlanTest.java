package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.poolbench.bench.AcquireReleaseBenchmark;
import org.poolbench.bench.Backend;
import org.poolbench.bench.CleanerBenchmark;
import org.poolbench.bench.ConnectionLimitBenchmark;
import org.poolbench.bench.FairnessBenchmark;
import org.poolbench.bench.IdleBurstBenchmark;
import org.poolbench.bench.IdleReuseBenchmark;
import org.poolbench.bench.PoolKind;
import org.poolbench.bench.TenantRoutingBenchmark;
import org.poolbench.bench.ThreadSweep;
import org.poolbench.bench.VirtualThreads;

/**
 * {@link Plan}: one JMH invocation per benchmark class and thread count, against the real benchmark list the JMH
 * annotation processor generated. Expected run counts come from the benchmarks' {@code @Param} annotations, and
 * are also spelled out, so a changed parameter list shows in both places.
 */
class PlanTest {

    private static final String AR = "org.poolbench.bench.AcquireReleaseBenchmark.";
    private static final String IR = "org.poolbench.bench.IdleReuseBenchmark.";
    private static final String CL = "org.poolbench.bench.ConnectionLimitBenchmark.";
    /** IdleReuse's quick backends (@ThreadSweep quickParams): the pool's own cost on the stub is AcquireRelease's. */
    private static final List<String> IDLE_REUSE_QUICK_BACKENDS = List.of("h2", "pg");

    private static final OutputFormat QUIET = OutputFormatFactory.createFormatInstance(
            new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);

    private static List<Plan.Step> plan(Profile profile, String... jmhArgs) throws CommandLineOptionException {
        return Plan.of(profile, new CommandLineOptions(jmhArgs), BenchmarkList.defaultList(), QUIET);
    }

    private static int paramCount(Class<?> state, String field) throws NoSuchFieldException {
        return state.getField(field).getAnnotation(Param.class).value().length;
    }

    private static List<String> benchmarkMethods(Class<?> benchmark) {
        List<String> names = new ArrayList<>();
        for (Method m : benchmark.getMethods()) {
            if (m.isAnnotationPresent(Benchmark.class)) {
                names.add(m.getName());
            }
        }
        return names;
    }

    /** AcquireRelease: each pool with both pool methods, plus the two handoff reference methods (size only). */
    private static int acquireReleaseRuns() throws NoSuchFieldException {
        int pools = paramCount(AcquireReleaseBenchmark.Pools.class, "pool")
                * paramCount(AcquireReleaseBenchmark.Pools.class, "size");
        int handoff = paramCount(AcquireReleaseBenchmark.Handoff.class, "size");
        return 2 * pools + 2 * handoff;
    }

    private static int idleReuseRuns() throws NoSuchFieldException {
        return paramCount(IdleReuseBenchmark.Setting.class, "pool")
                * paramCount(IdleReuseBenchmark.Setting.class, "backend")
                * paramCount(IdleReuseBenchmark.Setting.class, "size");
    }

    /** ConnectionLimit: each pool, backend and size with both methods (throughput and sample mode). */
    private static int connectionLimitRuns() throws NoSuchFieldException {
        return 2 * paramCount(ConnectionLimitBenchmark.Setting.class, "pool")
                * paramCount(ConnectionLimitBenchmark.Setting.class, "backend")
                * paramCount(ConnectionLimitBenchmark.Setting.class, "size");
    }

    /** Cleaner: each pool, reaper setting and idle count in both hot-path methods, and the single sweeps (ours). */
    private static int cleanerRuns() throws NoSuchFieldException {
        int hotPath = 2 * paramCount(CleanerBenchmark.Reaping.class, "pool")
                * paramCount(CleanerBenchmark.Reaping.class, "reaper")
                * paramCount(CleanerBenchmark.Reaping.class, "idle");
        return hotPath + paramCount(CleanerBenchmark.Expiring.class, "idle")
                * paramCount(CleanerBenchmark.Expiring.class, "expired");
    }

    /** IdleBurst: each pool with each gap, one method. */
    private static int idleBurstRuns() throws NoSuchFieldException {
        return paramCount(IdleBurstBenchmark.Bursts.class, "pool")
                * paramCount(IdleBurstBenchmark.Bursts.class, "gap");
    }

    /** Fairness: each pool with its one size and hold, one method, at every thread count of the profile. */
    private static int fairnessRunsPerThreadCount() throws NoSuchFieldException {
        return paramCount(FairnessBenchmark.Contention.class, "pool")
                * paramCount(FairnessBenchmark.Contention.class, "size")
                * paramCount(FairnessBenchmark.Contention.class, "hold");
    }

    /** TenantRouting: the pools of each layout's method, each with every workload (tenants, skew, backend). */
    private static int tenantRoutingRuns(int workloads) throws NoSuchFieldException {
        int perTenant = paramCount(TenantRoutingBenchmark.PerTenant.class, "pool")
                * paramCount(TenantRoutingBenchmark.PerTenant.class, "size")
                * paramCount(TenantRoutingBenchmark.PerTenant.class, "minIdle");
        int shared = paramCount(TenantRoutingBenchmark.Shared.class, "pool")
                * paramCount(TenantRoutingBenchmark.Shared.class, "size");
        return (perTenant + shared) * workloads;
    }

    private static int tenantRoutingWorkloads() throws NoSuchFieldException {
        return paramCount(TenantRoutingBenchmark.Workload.class, "tenants")
                * paramCount(TenantRoutingBenchmark.Workload.class, "skew")
                * paramCount(TenantRoutingBenchmark.Workload.class, "backend");
    }

    @Test
    void paramAnnotations_coverEveryPoolKindAndBackend() throws NoSuchFieldException {
        // the computed expectations below rest on these
        // every kind but poolbench_atlimit, which only the connection-limit benchmark runs, and poolbench_fifo, which
        // only the fairness benchmark runs
        assertEquals(PoolKind.values().length - 2, paramCount(IdleReuseBenchmark.Setting.class, "pool"));
        assertEquals(Backend.values().length, paramCount(IdleReuseBenchmark.Setting.class, "backend"));
        assertEquals(4, paramCount(AcquireReleaseBenchmark.Pools.class, "pool"));
        assertEquals(4, benchmarkMethods(AcquireReleaseBenchmark.class).size());
        assertEquals(List.of("request"), benchmarkMethods(IdleReuseBenchmark.class));
        assertEquals(6, paramCount(ConnectionLimitBenchmark.Setting.class, "pool"));
        assertEquals(2, benchmarkMethods(ConnectionLimitBenchmark.class).size());
        assertEquals(4, paramCount(CleanerBenchmark.Reaping.class, "pool"));
        assertEquals(3, benchmarkMethods(CleanerBenchmark.class).size());
        assertEquals(6, paramCount(TenantRoutingBenchmark.PerTenant.class, "pool"));
        assertEquals(4, paramCount(TenantRoutingBenchmark.Shared.class, "pool"));
        assertEquals(8, tenantRoutingWorkloads(), "2 tenant counts x 2 skews x 2 backends");
        assertEquals(2, benchmarkMethods(TenantRoutingBenchmark.class).size());
        assertEquals(5, paramCount(IdleBurstBenchmark.Bursts.class, "pool"), "every pool with a reaper, and unpooled");
        assertEquals(List.of("request"), benchmarkMethods(IdleBurstBenchmark.class));
        assertEquals(5, fairnessRunsPerThreadCount(), "every pool and our strict FIFO, one size, one hold");
        assertEquals(List.of("borrow"), benchmarkMethods(FairnessBenchmark.class));
    }

    @Test
    void of_quickProfile_sweepsEachClassAtItsThreadCounts() throws Exception {
        List<Plan.Step> steps = plan(Profile.QUICK);

        // the virtual-thread axis: one invocation per pool, after the class's platform-thread steps
        assertEquals(List.of("AcquireReleaseBenchmark/2", "AcquireReleaseBenchmark/16",
                        "AcquireReleaseBenchmark/16v:poolbench", "AcquireReleaseBenchmark/16v:hikari",
                        "AcquireReleaseBenchmark/16v:c3p0", "AcquireReleaseBenchmark/16v:vibur", "CleanerBenchmark/2",
                        "ConnectionLimitBenchmark/32", "FairnessBenchmark/8", "FairnessBenchmark/16",
                        "IdleReuseBenchmark/4", "IdleReuseBenchmark/4v:poolbench",
                        "IdleReuseBenchmark/4v:hikari", "IdleReuseBenchmark/4v:c3p0", "IdleReuseBenchmark/4v:vibur",
                        "StatementReuseBenchmark/4", "StatementReuseBenchmark/4v:poolbench_stmt",
                        "StatementReuseBenchmark/4v:hikari", "StatementReuseBenchmark/4v:c3p0_cache",
                        "StatementReuseBenchmark/4v:vibur_cache", "TenantRoutingBenchmark/8", "ConnectBenchmark/1",
                        "IdleBurstBenchmark/8"),
                steps.stream().map(PlanTest::label).toList());
    }

    @Test
    void of_quickProfile_countsRunsPerStepFromTheParams() throws Exception {
        List<Plan.Step> steps = plan(Profile.QUICK);
        List<Plan.Step> platform = steps.stream().filter(s -> !s.virtual()).toList();

        assertEquals(10, acquireReleaseRuns());
        assertEquals(35, idleReuseRuns());
        assertEquals(24, connectionLimitRuns());
        assertEquals(81, cleanerRuns());
        assertEquals(10, idleBurstRuns());
        // quick narrows IdleReuse to 2 backends (h2, pg) and ConnectionLimit to pg (@ThreadSweep quickParams);
        // Cleaner to the reaper off and at 10 ms over 256 idle connections (every pool, 2 methods) and one
        // single-sweep run; ConnectionLimit to its throughput method (@ThreadSweep quickMethods)
        int idleReuseQuick = paramCount(IdleReuseBenchmark.Setting.class, "pool") * IDLE_REUSE_QUICK_BACKENDS.size();
        // quick narrows TenantRouting to one workload (4 tenants, Zipf, pg): every pool of both layouts once;
        // StatementReuse: 6 of its ways (every pool) on 2 backends (stub, pg); IdleBurst: every pool, the long gap
        // only; Fairness: every pool at 8 and at 16 threads, nothing narrowed
        assertEquals(List.of(acquireReleaseRuns(), acquireReleaseRuns(), 4 * 2 * 2 + 1, connectionLimitRuns() / 2 / 2,
                        fairnessRunsPerThreadCount(), fairnessRunsPerThreadCount(), idleReuseQuick, 6 * 2,
                        tenantRoutingRuns(1), 3, idleBurstRuns() / 2),
                platform.stream().map(Plan.Step::runs).toList());
        // virtual threads: one run per pool in each of AcquireRelease, IdleReuse and StatementReuse
        assertTrue(steps.stream().filter(Plan.Step::virtual).allMatch(s -> s.runs() == 1));
        assertEquals(12, steps.stream().filter(Plan.Step::virtual).count());
        assertEquals(10 + 10 + 17 + 6 + 5 + 5 + idleReuseQuick + 12 + 10 + 3 + 12 + 5, Plan.totalRuns(steps));
        assertEquals(Map.of("reaper", List.of("off", "10ms"), "idle", List.of("256"), "expired", List.of("256")),
                platform.get(2).params());
        assertEquals(Map.of("backend", List.of("pg")), platform.get(3).params());
        assertEquals(Map.of(), platform.get(4).params());
        assertEquals(Map.of(), platform.get(5).params());
        assertEquals(Map.of("backend", IDLE_REUSE_QUICK_BACKENDS), platform.get(6).params());
        assertEquals(Map.of("pool", List.of("poolbench_oneshot", "poolbench_stmt", "poolbench_tx", "hikari",
                "c3p0_cache", "vibur_cache"), "backend", List.of("stub", "pg")), platform.get(7).params());
        assertEquals(Map.of("tenants", List.of("4"), "skew", List.of("zipf"), "backend", List.of("pg")),
                platform.get(8).params());
        assertEquals(Map.of(), platform.get(9).params());
        assertEquals(Map.of("gap", List.of("long")), platform.get(10).params());
        // a virtual-thread step keeps the axis's own narrowing beside its one pool
        assertEquals(Map.of("backend", List.of("stub"), "pool", List.of("vibur")), steps.get(14).params());
    }

    @Test
    void of_fullProfile_sweepsTheFullThreadLists() throws Exception {
        List<Plan.Step> steps = plan(Profile.FULL);

        assertEquals(List.of("AcquireReleaseBenchmark/1", "AcquireReleaseBenchmark/2", "AcquireReleaseBenchmark/4",
                        "AcquireReleaseBenchmark/8", "AcquireReleaseBenchmark/16", "AcquireReleaseBenchmark/2v",
                        "AcquireReleaseBenchmark/16v", "CleanerBenchmark/2", "ConnectionLimitBenchmark/32",
                        "ConnectionLimitBenchmark/64", "FairnessBenchmark/8", "FairnessBenchmark/16",
                        "FairnessBenchmark/32", "IdleReuseBenchmark/1", "IdleReuseBenchmark/2",
                        "IdleReuseBenchmark/4", "IdleReuseBenchmark/8", "IdleReuseBenchmark/4v",
                        "StatementReuseBenchmark/4", "StatementReuseBenchmark/16", "StatementReuseBenchmark/4v",
                        "TenantRoutingBenchmark/8", "ConnectBenchmark/1", "IdleBurstBenchmark/8"),
                steps.stream().map(s -> s.benchmarkClass() + "/" + s.threads() + (s.virtual() ? "v" : ""))
                        .distinct().toList());
        // on virtual threads one step per pool: AcquireRelease's 4 and its handoff at 2 counts, IdleReuse's 7 kinds,
        // StatementReuse's 8 ways
        assertEquals(2 * 5 + 7 + 8, steps.stream().filter(Plan.Step::virtual).count());
        // full narrows nothing on platform threads: every declared backend; StatementReuse: 8 ways x 8 backends at
        // 2 thread counts; TenantRouting's 10 pools x 8 workloads = 80 runs. On virtual threads every method of
        // AcquireRelease, IdleReuse's pools on the stub and PostgreSQL, StatementReuse's ways on the same two
        assertEquals(80, tenantRoutingRuns(tenantRoutingWorkloads()));
        int idleReuseVirtual = paramCount(IdleReuseBenchmark.Setting.class, "pool") * 2;
        int statementReuseVirtual = 8 * 2;
        assertEquals(5 * 10 + 2 * 10 + 81 + 2 * 24 + 4 * 35 + idleReuseVirtual + 2 * 64 + statementReuseVirtual + 80
                + 3 + idleBurstRuns() + 3 * fairnessRunsPerThreadCount(), Plan.totalRuns(steps));
        assertTrue(steps.stream().filter(s -> !s.virtual()).allMatch(s -> s.params().isEmpty()));
        List<Plan.Step> idleReuseVirtualSteps = steps.stream()
                .filter(s -> s.virtual() && s.benchmarkClass().equals("IdleReuseBenchmark")).toList();
        assertEquals(Map.of("backend", List.of("stub", "pg"), "pool", List.of("poolbench")),
                idleReuseVirtualSteps.get(0).params());
        assertTrue(idleReuseVirtualSteps.stream().allMatch(s -> s.runs() == 2), "each pool on 2 backends");
    }

    @Test
    void of_userThreads_replaceTheSweep() throws Exception {
        List<Plan.Step> steps = plan(Profile.QUICK, "-t", "3");

        assertEquals(List.of("AcquireReleaseBenchmark/3", "CleanerBenchmark/3", "ConnectionLimitBenchmark/3",
                        "FairnessBenchmark/3", "IdleReuseBenchmark/3", "StatementReuseBenchmark/3", "TenantRoutingBenchmark/3",
                        "ConnectBenchmark/3", "IdleBurstBenchmark/3"),
                steps.stream().filter(s -> !s.virtual()).map(PlanTest::label).toList());
        assertTrue(steps.stream().allMatch(s -> s.threads() == 3));
        assertEquals(10 + 17 + 6 + 5 + 7 * IDLE_REUSE_QUICK_BACKENDS.size() + 12 + 10 + 3 + 12 + 5,
                Plan.totalRuns(steps));
        // -t replaces the virtual-thread counts too, for the classes whose axis the profile runs
        assertEquals(List.of("AcquireReleaseBenchmark/3", "AcquireReleaseBenchmark/3v:poolbench",
                        "AcquireReleaseBenchmark/3v:hikari", "AcquireReleaseBenchmark/3v:c3p0",
                        "AcquireReleaseBenchmark/3v:vibur", "AcquireReleaseBenchmark/3v"),
                plan(Profile.FULL, "AcquireRelease", "-t", "3").stream().map(PlanTest::label).toList());
    }

    @Test
    void of_userParam_narrowsTheCombinations() throws Exception {
        List<Plan.Step> steps = plan(Profile.QUICK, "-p", "pool=hikari");

        // AcquireRelease: hikari in 2 methods + 2 handoff methods (no pool param); Cleaner: hikari in 2 methods + the
        // single sweeps (no pool param); ConnectionLimit: hikari in 2 methods on its one quick backend; IdleReuse:
        // hikari x its quick backends; Fairness: hikari at each of its 2 thread counts; StatementReuse: hikari x its 2 quick backends; TenantRouting: hikari in
        // both layouts' methods; Connect: no pool, 3 backends; IdleBurst: hikari at its quick gap. Virtual threads,
        // one step each: hikari in acquireRelease, in IdleReuse and in StatementReuse on the stub
        assertEquals(List.of(2 + 2, 2 + 2, 1, 2 * 2 + 1, 1, 1, 1, IDLE_REUSE_QUICK_BACKENDS.size(), 1, 2, 1, 2, 3,
                        1),
                steps.stream().map(Plan.Step::runs).toList());
        assertEquals(List.of("AcquireReleaseBenchmark/16v:hikari", "IdleReuseBenchmark/4v:hikari",
                        "StatementReuseBenchmark/4v:hikari"),
                steps.stream().filter(Plan.Step::virtual).map(PlanTest::label).toList());
    }

    @Test
    void of_userParam_winsOverTheProfilesNarrowing() throws Exception {
        List<Plan.Step> steps = plan(Profile.QUICK, "IdleReuse", "-p", "backend=stub_100us,stub_1ms");

        assertEquals(paramCount(IdleReuseBenchmark.Setting.class, "pool") * 2, steps.get(0).runs());
        assertEquals(Map.of(), steps.get(0).params(), "the user's -p, not the profile, decides the backends");
    }

    @Test
    void paramValues_followTheProfileAndTheUser() throws Exception {
        BenchmarkList list = BenchmarkList.defaultList();
        // h2 and pg on platform threads, the stub on virtual ones
        assertEquals(Set.of("h2", "pg", "stub"), Plan.paramValues(Profile.QUICK,
                new CommandLineOptions("IdleReuse"), list, QUIET, "backend"));
        assertEquals(Set.of("stub", "stub_100us", "stub_1ms", "h2", "pg"), Plan.paramValues(Profile.FULL,
                new CommandLineOptions("IdleReuse"), list, QUIET, "backend"));
        assertEquals(Set.of("h2"), Plan.paramValues(Profile.QUICK,
                new CommandLineOptions("-p", "backend=h2"), list, QUIET, "backend"));
        assertEquals(Set.of(), Plan.paramValues(Profile.QUICK,
                new CommandLineOptions("AcquireRelease"), list, QUIET, "backend"));
    }

    @Test
    void of_userParamsOnSeveralKeys_multiply() throws Exception {
        List<Plan.Step> steps = plan(Profile.FULL, "IdleReuse", "-p", "pool=hikari,c3p0", "-p", "backend=h2");

        assertEquals(6, steps.size(), "4 thread counts and a virtual-thread step per pool");
        assertEquals(2, steps.get(0).runs());
        assertEquals(1, steps.get(4).runs(), "the user's -p wins over the virtual-thread axis's narrowing too");
        assertEquals(List.of("IdleReuseBenchmark/4v:hikari", "IdleReuseBenchmark/4v:c3p0"),
                steps.subList(4, 6).stream().map(PlanTest::label).toList());
        assertEquals(Map.of("pool", List.of("hikari")), steps.get(4).params(), "one of the user's pools");
    }

    @Test
    void of_classRegex_selectsOnlyThatClass() throws Exception {
        List<Plan.Step> steps = plan(Profile.QUICK, "IdleReuse");

        assertEquals(5, steps.size(), "the platform step and 4 pools' virtual-thread steps");
        assertTrue(steps.stream().allMatch(s -> s.benchmarkClass().equals("IdleReuseBenchmark")));
        assertFalse(steps.get(0).virtual());
        Plan.Step step = steps.get(0);
        assertEquals("IdleReuseBenchmark", step.benchmarkClass());
        assertEquals(4, step.threads());
        assertEquals(List.of("^" + Pattern.quote(IR + "request") + "$"), step.includes());
        assertEquals(paramCount(IdleReuseBenchmark.Setting.class, "pool") * IDLE_REUSE_QUICK_BACKENDS.size(), step.runs());
    }

    @Test
    void of_includes_matchExactlyTheSelectedMethods() throws Exception {
        List<Plan.Step> steps = plan(Profile.QUICK);
        List<String> all = BenchmarkList.defaultList().getAll(QUIET, List.of()).stream()
                .map(BenchmarkListEntry::getUsername).distinct().toList();

        Plan.Step ar = steps.get(0);
        List<String> matched = new ArrayList<>();
        for (String include : ar.includes()) {
            // JMH selects with find(), so an include must only match its own method's full name
            List<String> hits = all.stream().filter(n -> Pattern.compile(include).matcher(n).find()).toList();
            assertEquals(1, hits.size(), include + " matched " + hits);
            matched.addAll(hits);
        }
        assertEquals(List.of(AR + "acquireRelease", AR + "acquireReleaseLatency", AR + "handoff",
                AR + "handoffLatency"), matched.stream().sorted().toList());
        assertEquals(ar.includes(), steps.get(1).includes(), "both thread counts run the same methods");
    }

    @Test
    void of_methodRegex_includeDoesNotMatchLongerNames() throws Exception {
        List<Plan.Step> steps = plan(Profile.QUICK, "AcquireReleaseBenchmark.acquireRelease$");

        assertEquals(2 + 4, steps.size(), "2 thread counts and 4 pools on virtual threads");
        List<String> includes = steps.get(0).includes();
        assertEquals(List.of("^" + Pattern.quote(AR + "acquireRelease") + "$"), includes);
        Pattern p = Pattern.compile(includes.get(0));
        assertTrue(p.matcher(AR + "acquireRelease").find());
        assertFalse(p.matcher(AR + "acquireReleaseLatency").find());
        assertEquals(paramCount(AcquireReleaseBenchmark.Pools.class, "pool"), steps.get(0).runs());
    }

    @Test
    void of_quickMethods_trimQuickUnlessTheUserNamesTheMethod() throws Exception {
        String latency = "^" + Pattern.quote(CL + "requestLatency") + "$";
        assertFalse(plan(Profile.QUICK, "ConnectionLimit").get(0).includes().contains(latency));
        assertTrue(plan(Profile.SMOKE, "ConnectionLimit").get(0).includes().contains(latency));
        assertTrue(plan(Profile.FULL, "ConnectionLimit").get(0).includes().contains(latency));
        assertEquals(List.of(latency), plan(Profile.QUICK, "ConnectionLimitBenchmark.requestLatency").get(0).includes());
    }

    @Test
    void of_exclude_removesMethods() throws Exception {
        List<Plan.Step> steps = plan(Profile.QUICK, "AcquireRelease", "-e", "handoff");

        assertEquals(List.of("^" + Pattern.quote(AR + "acquireRelease") + "$",
                "^" + Pattern.quote(AR + "acquireReleaseLatency") + "$"), steps.get(0).includes());
        assertEquals(8, steps.get(0).runs());
    }

    @Test
    void of_userModes_replaceTheAnnotatedOnes() throws Exception {
        assertEquals(2 * 10, plan(Profile.QUICK, "AcquireRelease", "-bm", "thrpt,avgt").get(0).runs());
        assertEquals(10, plan(Profile.QUICK, "AcquireRelease", "-bm", "thrpt,thrpt").get(0).runs());
        int everyMode = Mode.values().length - 1; // JMH expands "all" to every mode but All itself
        assertEquals(everyMode * 10, plan(Profile.QUICK, "AcquireRelease", "-bm", "all").get(0).runs());
    }

    @Test
    void of_regexMatchingNothing_failsNamingTheRegex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plan(Profile.QUICK, "NoSuch.*Bench"));

        assertTrue(e.getMessage().startsWith("no benchmark matches NoSuch.*Bench;"), e.getMessage());
    }

    @Test
    void of_everythingExcluded_failsNamingTheExclude() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plan(Profile.QUICK, "IdleReuse", "-e", "request"));

        assertTrue(e.getMessage().startsWith("no benchmark matches IdleReuse (excluding request);"),
                e.getMessage());
    }

    @Test
    void of_smokeProfile_runsEachClassOnceAtItsSmokeThreadCount() throws Exception {
        List<Plan.Step> steps = plan(Profile.SMOKE);

        assertEquals(List.of("AcquireReleaseBenchmark/2", "AcquireReleaseBenchmark/2v:poolbench", "CleanerBenchmark/2",
                        "ConnectionLimitBenchmark/24", "FairnessBenchmark/8", "IdleReuseBenchmark/2",
                        "IdleReuseBenchmark/2v:poolbench",
                        "StatementReuseBenchmark/2", "TenantRoutingBenchmark/4", "ConnectBenchmark/1",
                        "IdleBurstBenchmark/8"),
                steps.stream().map(PlanTest::label).toList());
        // Cleaner: every pool in both hot-path methods at 10 ms over 16 idle connections, one single-sweep run
        assertEquals(4 * 2 + 1, steps.get(2).runs());
        // Fairness's smoke: every pool once, at 8 threads
        assertEquals(fairnessRunsPerThreadCount(), steps.get(4).runs());
        assertEquals(Map.of(), steps.get(4).params());
        // TenantRouting's smoke: one workload, every pool of both layouts
        assertEquals(tenantRoutingRuns(1), steps.get(8).runs());
        // IdleBurst's smoke: our pool and HikariCP, each after a long and a short gap
        assertEquals(4, steps.get(10).runs());
        assertEquals(Map.of("pool", List.of("poolbench", "hikari"), "gap", List.of("long", "short")),
                steps.get(10).params());
        // the smoke run of the virtual-thread axis: our pool in acquireRelease, and on the stub in IdleReuse
        assertEquals(List.of(1, 1), steps.stream().filter(Plan.Step::virtual).map(Plan.Step::runs).toList());
    }

    @Test
    void of_statementReuse_smokeEveryWayOnTheStub_quickEveryPoolOnStubAndPg() throws Exception {
        List<Plan.Step> smoke = plan(Profile.SMOKE, "StatementReuse");
        assertEquals(8, Plan.totalRuns(smoke), "every declared way once, on the stub");
        assertEquals(Map.of("backend", List.of("stub")), smoke.get(0).params());
        assertEquals(12 + 4, Plan.totalRuns(plan(Profile.QUICK, "StatementReuse")),
                "and one way per pool on virtual threads, on the stub");
        assertEquals(128 + 16, Plan.totalRuns(plan(Profile.FULL, "StatementReuse")),
                "and every way on virtual threads, stub and pg");
    }

    /** {@code Class/threads}, with a {@code v} for a virtual-thread step and its one pool if it has one. */
    private static String label(Plan.Step s) {
        List<String> pool = s.params().get("pool");
        return s.benchmarkClass() + "/" + s.threads() + (s.virtual() ? "v" : "")
                + (s.virtual() && pool != null && pool.size() == 1 ? ":" + pool.get(0) : "");
    }

    @Test
    void of_noForks_leavesNoVirtualStep() throws Exception {
        // in the runner's own JVM the executor cannot be switched per step
        assertEquals(List.of("AcquireReleaseBenchmark/2"),
                plan(Profile.SMOKE, "AcquireRelease", "-f", "0").stream().map(PlanTest::label).toList());
        assertEquals(List.of("AcquireReleaseBenchmark/2", "AcquireReleaseBenchmark/2v:poolbench"),
                plan(Profile.SMOKE, "AcquireRelease", "-f", "1").stream().map(PlanTest::label).toList());
    }

    @Test
    void of_excludingTheVirtualMethods_leavesNoVirtualStep() throws Exception {
        List<Plan.Step> steps = plan(Profile.QUICK, "AcquireRelease", "-e", "acquireRelease$");

        assertEquals(List.of("AcquireReleaseBenchmark/2", "AcquireReleaseBenchmark/16"),
                steps.stream().map(PlanTest::label).toList());
    }

    @Test
    void steps_newClassWithVirtualAxis_getsItsVirtualStepsAfterItsPlatformOnes() {
        List<Plan.Step> steps = Plan.steps(Profile.QUICK, null,
                Map.of(VirtualNewBenchmark.class.getName(), Map.of("m", 2, "n", 3)),
                Map.of(VirtualNewBenchmark.class.getName(), Map.of("hikari", Map.of("m", 2))));

        assertEquals(List.of("PlanTest$VirtualNewBenchmark/5", "PlanTest$VirtualNewBenchmark/7v:hikari",
                        "PlanTest$VirtualNewBenchmark/9v:hikari"),
                steps.stream().map(PlanTest::label).toList());
        assertEquals(List.of(5, 2, 2), steps.stream().map(Plan.Step::runs).toList());
        assertEquals(Map.of("pool", List.of("hikari")), steps.get(1).params());
        assertEquals("7 virtual threads", steps.get(1).threadsLabel());
        assertEquals("7 virtual threads, pool=hikari", steps.get(1).label());
        assertEquals("1 thread", new Plan.Step("X", 1, List.of(), 1).label());
    }

    @Test
    void steps_virtualAxis_runsEachPoolInAnInvocationOfItsOwn_perThreadCount() {
        // a method without a pool parameter ("") runs in one invocation of its own, beside the pools'
        Map<String, Map<String, Integer>> byPool = new java.util.LinkedHashMap<>();
        byPool.put("poolbench", Map.of("m", 1));
        byPool.put("vibur", Map.of("m", 1));
        byPool.put("", Map.of("handoff", 1));
        List<Plan.Step> steps = Plan.steps(Profile.QUICK, null,
                Map.of(VirtualNewBenchmark.class.getName(), Map.of("m", 2)),
                Map.of(VirtualNewBenchmark.class.getName(), byPool));

        assertEquals(List.of("5 threads", "7 virtual threads, pool=poolbench", "7 virtual threads, pool=vibur",
                        "7 virtual threads", "9 virtual threads, pool=poolbench", "9 virtual threads, pool=vibur",
                        "9 virtual threads"),
                steps.stream().map(Plan.Step::label).toList());
        assertEquals(List.of("^\\Qhandoff\\E$"), steps.get(3).includes());
        assertEquals(Map.of(), steps.get(3).params(), "the profile's pool narrowing does not reach a method without");
        assertEquals(Map.of("pool", List.of("vibur")), steps.get(5).params());
    }

    @Test
    void steps_profileWithoutVirtualCounts_runsNoVirtualStep() {
        List<Plan.Step> steps = Plan.steps(Profile.SMOKE, null,
                Map.of(VirtualNewBenchmark.class.getName(), Map.of("m", 2)),
                Map.of(VirtualNewBenchmark.class.getName(), Map.of("hikari", Map.of("m", 2))));

        assertEquals(List.of("PlanTest$VirtualNewBenchmark/3"), steps.stream().map(PlanTest::label).toList());
    }

    @Test
    void virtualThreadsFor_countBelowOne_failsNamingTheClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Profile.QUICK.virtualThreadsFor(BadVirtualBenchmark.class));

        assertTrue(e.getMessage().contains("BadVirtualBenchmark: @VirtualThreads quick"), e.getMessage());
        assertEquals(List.of(), Profile.QUICK.virtualThreadsFor(NewBenchmark.class));
        assertEquals(Map.of(), Profile.QUICK.virtualParamsFor(NewBenchmark.class));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Profile.FULL.virtualParamsFor(BadVirtualBenchmark.class));
        assertTrue(bad.getMessage().contains("@VirtualThreads fullParams entry 'pool'"), bad.getMessage());
    }

    /** A new class with a virtual-thread axis in quick and full only. */
    @ThreadSweep(smoke = {3}, quick = {5}, full = {1})
    @VirtualThreads(quick = {7, 9}, full = {1}, quickParams = {"pool=hikari"})
    static final class VirtualNewBenchmark {
    }

    /** Invalid virtual-thread declarations. */
    @ThreadSweep(smoke = {1}, quick = {1}, full = {1})
    @VirtualThreads(quick = {0}, fullParams = {"pool"})
    static final class BadVirtualBenchmark {
    }

    /** A benchmark class the runner has never heard of: it only declares its sweep. */
    @ThreadSweep(smoke = {3}, quick = {5, 7}, full = {1, 9})
    static final class NewBenchmark {
    }

    /** A class narrowing its parameters differently per profile. */
    @ThreadSweep(smoke = {1}, quick = {1}, full = {1}, quickParams = {"backend=stub,pg"},
            smokeParams = {"backend=stub", "size=4"})
    static final class NarrowedBenchmark {
    }

    @Test
    void paramsFor_eachProfile_narrowsByItsOwnAttributeAndFullNever() {
        assertEquals(Map.of("backend", List.of("stub", "pg")), Profile.QUICK.paramsFor(NarrowedBenchmark.class));
        assertEquals(Map.of("backend", List.of("stub"), "size", List.of("4")),
                Profile.SMOKE.paramsFor(NarrowedBenchmark.class));
        assertEquals(Map.of(), Profile.FULL.paramsFor(NarrowedBenchmark.class));
    }

    /** A benchmark class without a declared sweep. */
    static final class UndeclaredBenchmark {
    }

    /** An invalid declaration. */
    @ThreadSweep(smoke = {}, quick = {0}, full = {1})
    static final class BadSweepBenchmark {
    }

    private static Map<String, Map<String, Integer>> oneMethod(Class<?> benchmark, int runs) {
        Map<String, Map<String, Integer>> byClass = new LinkedHashMap<>();
        byClass.put(benchmark.getName(), Map.of(benchmark.getName() + ".run", runs));
        return byClass;
    }

    @Test
    void steps_newBenchmarkClass_isPlannedFromItsOwnSweepWithoutARunnerEdit() {
        Map<String, Map<String, Integer>> byClass = oneMethod(NewBenchmark.class, 6);

        assertEquals(List.of(3), Plan.steps(Profile.SMOKE, null, byClass).stream().map(Plan.Step::threads).toList());
        List<Plan.Step> quick = Plan.steps(Profile.QUICK, null, byClass);
        assertEquals(List.of("PlanTest$NewBenchmark/5", "PlanTest$NewBenchmark/7"),
                quick.stream().map(s -> s.benchmarkClass() + "/" + s.threads()).toList());
        assertEquals(12, Plan.totalRuns(quick));
        assertEquals(List.of("^" + Pattern.quote(NewBenchmark.class.getName() + ".run") + "$"),
                quick.get(0).includes());
        assertEquals(List.of(1, 9), Plan.steps(Profile.FULL, null, byClass).stream().map(Plan.Step::threads).toList());
        assertEquals(List.of(4), Plan.steps(Profile.FULL, List.of(4), byClass).stream().map(Plan.Step::threads)
                .toList(), "-t replaces the declared sweep");
    }

    @Test
    void steps_classWithoutSweep_getsTheProfilesDefault() {
        Map<String, Map<String, Integer>> byClass = oneMethod(UndeclaredBenchmark.class, 1);

        assertEquals(List.of(2), Plan.steps(Profile.SMOKE, null, byClass).stream().map(Plan.Step::threads).toList());
        assertEquals(List.of(2), Plan.steps(Profile.QUICK, null, byClass).stream().map(Plan.Step::threads).toList());
        assertEquals(List.of(1, 2, 4), Plan.steps(Profile.FULL, null, byClass).stream().map(Plan.Step::threads)
                .toList());
    }

    @Test
    void steps_invalidSweep_isRejectedNamingTheClass() {
        for (Profile profile : List.of(Profile.SMOKE, Profile.QUICK)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Plan.steps(profile, null, oneMethod(BadSweepBenchmark.class, 1)));
            assertTrue(e.getMessage().startsWith(BadSweepBenchmark.class.getName() + ": @ThreadSweep "
                    + profile.label()), e.getMessage());
        }
    }

    @Test
    void steps_classMissingFromTheClassPath_isRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plan.steps(Profile.QUICK,
                null, Map.of("org.poolbench.bench.GoneBenchmark", Map.of("x", 1))));

        assertTrue(e.getMessage().contains("org.poolbench.bench.GoneBenchmark"), e.getMessage());
    }

    @Test
    void benchmarkClasses_declareTheirSweeps() {
        // the benchmarks' own declarations are what keeps the profiles' thread counts (quick: 2 and 16, 4)
        assertEquals(List.of(2, 16), Profile.QUICK.threadsFor(AcquireReleaseBenchmark.class));
        assertEquals(List.of(4), Profile.QUICK.threadsFor(IdleReuseBenchmark.class));
        assertEquals(List.of(1, 2, 4, 8, 16), Profile.FULL.threadsFor(AcquireReleaseBenchmark.class));
        assertEquals(List.of(2), Profile.SMOKE.threadsFor(IdleReuseBenchmark.class));
    }

    @Test
    void simpleName_dropsThePackage() {
        assertEquals("IdleReuseBenchmark", Plan.simpleName("org.poolbench.bench.IdleReuseBenchmark"));
        assertEquals("Plain", Plan.simpleName("Plain"));
    }
}
