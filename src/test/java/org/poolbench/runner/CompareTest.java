package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ statistics

    @Test
    void rankTestP_exactForSmallSamples() {
        // fully separated, 4 a side: 2 of the C(8,4) = 70 assignments are as extreme
        assertEquals(2.0 / 70, ForkComparison.rankTestP(List.of(1.0, 2.0, 3.0, 4.0), List.of(5.0, 6.0, 7.0, 8.0)),
                1e-12);
        // 2 a side can never go below 2/6
        assertEquals(1.0 / 3, ForkComparison.rankTestP(List.of(1.0, 2.0), List.of(3.0, 4.0)), 1e-12);
        assertEquals(1.0, ForkComparison.rankTestP(List.of(1.0, 4.0), List.of(2.0, 3.0)), 1e-12);
    }

    @Test
    void benjaminiHochberg_adjustsInTheInputsOrder() {
        assertArrayEquals(new double[] {0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5},
                ForkComparison.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.5}), 1e-12);
    }

    @Test
    void bootstrapRatio_isSeededAndBracketsTheRatio() {
        List<Double> base = List.of(100.0, 102.0, 98.0, 101.0, 99.0);
        List<Double> next = List.of(90.0, 91.0, 89.0, 92.0, 88.0);
        double[] a = ForkComparison.bootstrapRatio(base, next, 10_000, 7);
        double[] b = ForkComparison.bootstrapRatio(base, next, 10_000, 7);
        assertArrayEquals(a, b, "the same seed gives the same interval");
        assertTrue(a[0] < 0.9 && 0.9 < a[1], a[0] + " " + a[1]);
        assertTrue(a[1] < 0.95, "well below a 5% slowdown");
    }

    @Test
    void compare_clearSlowdownOfThroughput_isSlower_andOfTimeTheSame() {
        List<Double> base = noisy(100, 0.01, 6, 1);
        List<Double> slow = noisy(80, 0.01, 6, 2);
        ForkComparison.Result thrpt = only(ForkComparison.compare("x", "ops/us", true, base, slow, 0.05));
        assertEquals(ForkComparison.Verdict.SLOWER, thrpt.verdict());
        // the same numbers as a time per operation: NEW takes less time, so it is faster
        ForkComparison.Result time = only(ForkComparison.compare("x", "ns/op", false, base, slow, 0.05));
        assertEquals(ForkComparison.Verdict.FASTER, time.verdict());
    }

    @Test
    void compare_changeWithinTheThreshold_isNoChange_orInconclusiveWhenTheIntervalSpansIt() {
        List<Double> base = noisy(100, 0.005, 6, 3);
        assertEquals(ForkComparison.Verdict.NO_CHANGE,
                only(ForkComparison.compare("x", "ops/us", true, base, noisy(101, 0.005, 6, 4), 0.05)).verdict());
        ForkComparison.Result wide = only(ForkComparison.compare("x", "ops/us", true, base,
                noisy(96, 0.08, 6, 5), 0.05));
        assertEquals(ForkComparison.Verdict.INCONCLUSIVE, wide.verdict());
        assertTrue(wide.forksNeeded() > 6 || wide.forksNeeded() == -1, "more forks, or none would do: "
                + wide.forksNeeded());
    }

    @Test
    void compare_twoForksASide_isInconclusiveWhateverTheNumbers() {
        ForkComparison.Result r = only(ForkComparison.compare("x", "ops/us", true, List.of(100.0, 100.1),
                List.of(50.0, 50.1), 0.05));
        assertEquals(ForkComparison.Verdict.INCONCLUSIVE, r.verdict());
        assertTrue(Double.isNaN(r.low()));
        assertTrue(r.forksNeeded() >= ForkComparison.MIN_FORKS_FOR_CHANGE);
    }

    @Test
    void rankTestP_tiesTakeAverageRanks() {
        // pooled ranks 1.5 1.5 3.5 3.5 6 6 6 8; x's sum 12.5 against 18 expected: 14 of the 70 assignments lie at
        // least 5.5 from 18 (counted by enumerating them outside this code)
        assertEquals(14.0 / 70, ForkComparison.rankTestP(List.of(1.0, 1.0, 2.0, 3.0), List.of(2.0, 3.0, 3.0, 4.0)),
                1e-12);
    }

    @Test
    void adjust_aSlowdownThatOnlyItsOwnPValueSupports_isNotSlowerAmongTwentyRows() {
        // each row's interval is already beyond the threshold; only the adjustment decides
        List<ForkComparison.Result> rows = new ArrayList<>();
        rows.add(slowRow("lucky", 0.03));
        for (int i = 0; i < 19; i++) {
            rows.add(slowRow("flat" + i, 1.0));
        }
        assertEquals(ForkComparison.Verdict.INCONCLUSIVE, ForkComparison.adjust(rows, 0.05).get(0).verdict(),
                "0.03 x 20 rows / rank 1 = 0.6 adjusted");
        rows.set(0, slowRow("real", 0.001));
        assertEquals(ForkComparison.Verdict.SLOWER, ForkComparison.adjust(rows, 0.05).get(0).verdict(),
                "0.001 x 20 = 0.02 adjusted");
    }

    @Test
    void settle_thresholdIsSymmetricOnALogScale() {
        // a time 5.1% higher is as far beyond 5% as a rate 5.1% higher: slower (1 - 5% would have let it pass)
        assertEquals(ForkComparison.Verdict.SLOWER, settled(timeRow(1.051, 1.052)).verdict());
        // and a time 4.5 to 4.9% higher is within it
        assertEquals(ForkComparison.Verdict.NO_CHANGE, settled(timeRow(1.045, 1.049)).verdict());
    }

    private static ForkComparison.Result timeRow(double low, double high) {
        return new ForkComparison.Result("t", "ns/op", false, List.of(1.0, 1.0, 1.0, 1.0), List.of(1.0, 1.0, 1.0,
                1.0), (low + high) / 2, low, high, 0.001, Double.NaN, 0.03, 0.05, ForkComparison.Verdict.INCONCLUSIVE,
                0);
    }

    private static ForkComparison.Result settled(ForkComparison.Result r) {
        return ForkComparison.adjust(List.of(r), 0.05).get(0);
    }

    private static ForkComparison.Result slowRow(String name, double p) {
        return new ForkComparison.Result(name, "ops/us", true, List.of(1.0, 1.0, 1.0, 1.0), List.of(0.8, 0.8, 0.8,
                0.8), 0.8, 0.78, 0.82, p, Double.NaN, p, 0.05, ForkComparison.Verdict.INCONCLUSIVE, 0);
    }

    private static ForkComparison.Result only(ForkComparison.Result r) {
        return ForkComparison.adjust(List.of(r), 0.05).get(0);
    }

    /** {@code n} fork values around {@code mean} with a relative spread {@code sd}, from a fixed seed. */
    private static List<Double> noisy(double mean, double sd, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // sum of uniforms: roughly normal, bounded
            double z = 0;
            for (int k = 0; k < 12; k++) {
                z += random.nextDouble();
            }
            values.add(mean * (1 + sd * (z - 6)));
        }
        return values;
    }

    // ------------------------------------------------------------------ result files and the command

    @Test
    void forkSamples_forkMeansFromRawDataAndFromSampleHistograms() throws Exception {
        Path file = write("r.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                List.of(List.of(1.0, 3.0), List.of(5.0, 7.0))) + "," + """
                {"benchmark": "org.poolbench.bench.AcquireReleaseBenchmark.acquireReleaseLatency", "mode": "sample",
                 "threads": 2, "forks": 2, "jvmArgs": [], "params": {"pool": "hikari", "size": "4"},
                 "primaryMetric": {"score": 1, "scoreError": 0, "scoreUnit": "ns/op",
                   "rawDataHistogram": [[[[100.0, 3], [200.0, 1]]], [[[300.0, 1]], [[500.0, 1]]]]}}""");

        List<ForkSamples.Run> runs = ForkSamples.read(file);

        assertEquals(List.of(2.0, 6.0), runs.get(0).forks());
        assertEquals("AcquireReleaseBenchmark.acquireRelease thrpt threads=2 size=4 pool=hikari", runs.get(0).name());
        assertEquals("AcquireReleaseBenchmark.acquireRelease thrpt threads=2 pool=hikari",
                runs.get(0).nameWithout("size"));
        assertTrue(runs.get(0).higherIsBetter());
        assertEquals(List.of(125.0, 400.0), runs.get(1).forks());
        assertFalse(runs.get(1).higherIsBetter());
    }

    @Test
    void command_knownSlowdown_exitsOneAndSaysSlower_AaExitsZero() throws Exception {
        Path base = write("base.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(100, 6, 1)));
        Path same = write("same.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(100, 6, 2)));
        Path slow = write("slow.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(70, 6, 3)));
        StringWriter out = new StringWriter();
        Path json = dir.resolve("cmp.json");

        assertEquals(Compare.REGRESSION, Compare.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                base.toString(), slow.toString(), "--json", json.toString()));
        assertTrue(out.toString().contains("**slower**"), out.toString());
        assertEquals("slower", JsonParser.parseString(Files.readString(json)).getAsJsonObject()
                .getAsJsonArray("results").get(0).getAsJsonObject().get("verdict").getAsString());
        assertEquals(Compare.NO_REGRESSION, Compare.run(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), base.toString(), same.toString()));
    }

    @Test
    void command_sidesOfSeveralRuns_poolTheirForks() throws Exception {
        Path base1 = write("b1.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(100, 2, 1)));
        Path base2 = write("b2.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(100, 2, 2)));
        Path new1 = write("n1.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(70, 2, 3)));
        Path new2 = write("n2.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(70, 2, 4)));
        Path json = dir.resolve("pooled.json");

        assertEquals(Compare.REGRESSION, Compare.run(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), base1 + "," + base2, new1 + "," + new2, "--json",
                json.toString()), "4 forks a side, pooled from two runs each, settle a 30% slowdown");
        var row = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonArray("results").get(0)
                .getAsJsonObject();
        assertEquals(4, row.getAsJsonArray("baseForks").size(), row.toString());
        assertEquals(4, row.getAsJsonArray("newForks").size(), row.toString());
        assertEquals(Compare.NO_REGRESSION, Compare.run(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), base1.toString(), new1.toString()),
                "one run of 2 forks a side says nothing");
    }

    @Test
    void command_runLostToAStallInNew_isAFindingForAnotherPool_aRegressionForOurs() throws Exception {
        String hikari = virtualRun("hikari", 1);
        String ours = virtualRun("poolbench", 2);
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.writeString(base.resolve("results.json"), "[" + hikari + "," + ours + "]");
        Path hikariStalled = Files.createDirectories(dir.resolve("hikari-stalled"));
        Files.writeString(hikariStalled.resolve("results.json"), "[" + ours + "]");
        Files.writeString(hikariStalled.resolve("run.json"), stalledRunJson("hikari"));
        Path oursStalled = Files.createDirectories(dir.resolve("ours-stalled"));
        Files.writeString(oursStalled.resolve("results.json"), "[" + hikari + "]");
        Files.writeString(oursStalled.resolve("run.json"), stalledRunJson("poolbench"));
        Path oursMissing = Files.createDirectories(dir.resolve("ours-missing"));
        Files.writeString(oursMissing.resolve("results.json"), "[" + hikari + "]");

        StringWriter out = new StringWriter();
        assertEquals(Compare.NO_REGRESSION, Compare.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                base.toString(), hikariStalled.toString()), "another pool's stall is no usage error");
        assertTrue(out.toString().contains("Lost to a stall on virtual threads in NEW")
                && out.toString().contains("pool=hikari"), out.toString());
        assertEquals(Compare.REGRESSION, Compare.run(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), base.toString(), oursStalled.toString()),
                "our pool stalling where BASE ran is a regression");
        assertEquals(Compare.USAGE, Compare.run(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), base.toString(), oursMissing.toString()),
                "missing without a recorded stall is still an error");
    }

    /** A run on 16 virtual threads of {@code pool}, 4 forks. */
    private static String virtualRun(String pool, long seed) {
        return run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", pool, forks(10, 4, seed))
                .replace("\"threads\": 2", "\"threads\": 16")
                .replace("\"jvmArgs\": []", "\"jvmArgs\": [\"" + JmhOptions.VIRTUAL_EXECUTOR + "\"]");
    }

    private static String stalledRunJson(String pool) {
        return """
                {"virtualThreads": {"steps": [
                  {"benchmarkClass": "AcquireReleaseBenchmark", "threads": 16, "pool": "%s",
                   "stalls": ["stalled once"]},
                  {"benchmarkClass": "AcquireReleaseBenchmark", "threads": 16, "pool": "other", "stalls": []}]}}"""
                .formatted(pool);
    }

    @Test
    void ours_isThePoolParameterOfOurPoolOrItsVariants() {
        assertTrue(Compare.ours("X.y thrpt threads=2 size=4 pool=poolbench"));
        assertTrue(Compare.ours("X.y thrpt threads=2 pool=poolbench_stmt size=4"));
        assertFalse(Compare.ours("X.y thrpt threads=2 pool=hikari size=4"));
        assertFalse(Compare.ours("X.y thrpt threads=2 otherpool=poolbench"));
    }

    @Test
    void command_poolsWithinOneRun_pairsTheirRuns() throws Exception {
        Path file = write("r.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(100, 5, 1)) + "," + run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us",
                "poolbench", forks(50, 5, 2)));
        StringWriter out = new StringWriter();

        assertEquals(Compare.REGRESSION, Compare.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "--pools", "hikari,poolbench", file.toString()));
        assertTrue(out.toString().contains("| AcquireReleaseBenchmark.acquireRelease thrpt threads=2 size=4 |"),
                out.toString());
    }

    @Test
    void command_usageErrors_exitTwoNamingTheProblem() throws Exception {
        Path base = write("base.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(100, 3, 1)));
        assertUsage("neither a run folder", base.toString(), dir.resolve("missing").toString());
        assertUsage("--threshold must be a percentage above 0 and below 100", "--threshold", "150%",
                base.toString(), base.toString());
        assertUsage("give BASE and NEW", base.toString());
        assertUsage("no run with pool=vibur", "--pools", "hikari,vibur", base.toString());
        assertUsage("--pair must be PARAM=BASE,NEW", "--pair", "backend=stub", base.toString());
        assertUsage("give --pools or --pair, not both", "--pools", "a,b", "--pair", "x=1,2", base.toString());
        assertUsage("--threshold-for must be REGEX=PCT", "--threshold-for", "Acquire", base.toString(),
                base.toString());
        assertUsage("Unknown option", "--frobnicate", base.toString(), base.toString());
        assertUsage("is a percentage: '0.05' would mean 0.05%", "--threshold", "0.05", base.toString(),
                base.toString());
        Path twice = write("twice.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(100, 3, 1)) + "," + run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(100, 3, 2)));
        assertUsage("twice", base.toString(), twice.toString());
        Path both = write("both.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(100, 3, 1)) + "," + run("AcquireReleaseBenchmark.handoff", "thrpt", "ops/us", "hikari",
                forks(100, 3, 1)));
        assertUsage("1 run(s) of BASE are missing from NEW", both.toString(), base.toString());
        assertEquals(Compare.NO_REGRESSION, Compare.run(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), "--allow-missing", both.toString(), base.toString()));
    }

    @Test
    void command_thresholdOverride_appliesToTheRunsItsRegexFinds() throws Exception {
        Path base = write("base.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(100, 6, 1)));
        Path slow = write("slow.json", run("AcquireReleaseBenchmark.acquireRelease", "thrpt", "ops/us", "hikari",
                forks(85, 6, 3)));
        assertEquals(Compare.NO_REGRESSION, Compare.run(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), "--threshold-for", "acquireRelease=40%", base.toString(),
                slow.toString()));
    }

    private void assertUsage(String expected, String... args) {
        StringWriter err = new StringWriter();
        assertEquals(Compare.USAGE, Compare.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args));
        assertTrue(err.toString().contains(expected), err.toString());
    }

    private static List<List<Double>> forks(double mean, int n, long seed) {
        List<List<Double>> forks = new ArrayList<>();
        for (double v : noisy(mean, 0.01, n, seed)) {
            forks.add(List.of(v * 0.99, v * 1.01));
        }
        return forks;
    }

    private static String run(String benchmark, String mode, String unit, String pool, List<List<Double>> raw) {
        StringBuilder rawJson = new StringBuilder("[");
        for (int i = 0; i < raw.size(); i++) {
            rawJson.append(i == 0 ? "" : ",").append(raw.get(i).stream()
                    .map(v -> String.format(Locale.ROOT, "%.6f", v)).toList());
        }
        rawJson.append(']');
        return String.format(Locale.ROOT, """
                {"benchmark": "org.poolbench.bench.%s", "mode": "%s", "threads": 2, "forks": %d, "jvmArgs": [],
                 "params": {"pool": "%s", "size": "4"},
                 "primaryMetric": {"score": 1, "scoreError": 0, "scoreUnit": "%s", "rawData": %s}}""",
                benchmark, mode, raw.size(), pool, unit, rawJson);
    }

    private Path write(String name, String runs) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "[" + runs + "]");
        return file;
    }
}
