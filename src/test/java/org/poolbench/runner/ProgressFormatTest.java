package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** {@link ProgressFormat}: the progress line before each benchmark run, driven by a fake clock. */
class ProgressFormatTest {

    /** A nanosecond clock that moves only when told; starts away from 0 so an absolute reading would show. */
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static OutputFormat silent() {
        return OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()),
                VerboseMode.SILENT);
    }

    @Test
    void clock_underAMinute_isSeconds() {
        assertEquals("0s", ProgressFormat.clock(Duration.ZERO));
        assertEquals("7s", ProgressFormat.clock(Duration.ofSeconds(7)));
        assertEquals("59s", ProgressFormat.clock(Duration.ofMillis(59_999)));
    }

    @Test
    void clock_underAnHour_isMinutesAndTwoDigitSeconds() {
        assertEquals("1m00s", ProgressFormat.clock(Duration.ofSeconds(60)));
        assertEquals("2m05s", ProgressFormat.clock(Duration.ofSeconds(125)));
        assertEquals("59m59s", ProgressFormat.clock(Duration.ofSeconds(3599)));
    }

    @Test
    void clock_hours_areHoursAndTwoDigitMinutesAndSeconds() {
        assertEquals("1h00m00s", ProgressFormat.clock(Duration.ofHours(1)));
        assertEquals("1h02m03s", ProgressFormat.clock(Duration.ofSeconds(3723)));
        assertEquals("26h00m01s", ProgressFormat.clock(Duration.ofSeconds(26 * 3600 + 1)));
    }

    @Test
    void progressLine_beforeAnyRunFinished_usesTheNominalEstimate() {
        ProgressFormat p = new ProgressFormat(silent(), 10, 5.0, now::get);
        advance(Duration.ofSeconds(3));

        // 10 runs left at the nominal 5 s each; the 3 s elapsed say nothing about the pace yet
        assertEquals("[bench] run 1 of 10 | elapsed 3s | about 50s left | A thrpt",
                p.progressLine(1, "A thrpt"));
    }

    @Test
    void progressLine_afterRunsFinished_usesTheObservedPace() {
        ProgressFormat p = new ProgressFormat(silent(), 10, 5.0, now::get);
        advance(Duration.ofSeconds(20));

        // 2 runs took 20 s: 10 s each, 8 left -> 80 s (the nominal 5 s would say 40 s)
        assertEquals("[bench] run 3 of 10 | elapsed 20s | about 1m20s left | B sample",
                p.progressLine(3, "B sample"));
    }

    @Test
    void progressLine_lastRun_estimatesOneRunLeft() {
        ProgressFormat p = new ProgressFormat(silent(), 4, 100.0, now::get);
        advance(Duration.ofMinutes(61).plusSeconds(30));

        // 3 runs in 3690 s: 1230 s each, 1 left
        assertEquals("[bench] run 4 of 4 | elapsed 1h01m30s | about 20m30s left | last",
                p.progressLine(4, "last"));
    }

    @Test
    void progressLine_elapsedCountsFromConstruction() {
        advance(Duration.ofHours(5)); // before the format exists: not part of the run
        ProgressFormat p = new ProgressFormat(silent(), 2, 1.0, now::get);
        advance(Duration.ofSeconds(9));

        assertEquals("[bench] run 1 of 2 | elapsed 9s | about 2s left | x", p.progressLine(1, "x"));
    }

    private static BenchmarkParams params(String benchmark, Mode mode, int threads, String... keyValues) {
        WorkloadParams workload = new WorkloadParams();
        for (int i = 0; i < keyValues.length; i += 2) {
            workload.put(keyValues[i], keyValues[i + 1], i / 2);
        }
        IterationParams warmup = new IterationParams(IterationType.WARMUP, 1, TimeValue.seconds(1), 1);
        IterationParams measurement = new IterationParams(IterationType.MEASUREMENT, 3, TimeValue.seconds(1), 1);
        return new BenchmarkParams(benchmark, benchmark + "_jmhTest", true, threads, new int[] {threads},
                List.of(), 2, 0, warmup, measurement, mode, workload, TimeUnit.MILLISECONDS, 1, "/usr/bin/java",
                List.of(), "25", "OpenJDK 64-Bit Server VM", "25+1", "1.37", TimeValue.minutes(10));
    }

    @Test
    void describe_namesClassMethodModeSortedParamsAndThreads() {
        BenchmarkParams p = params("org.poolbench.bench.IdleReuseBenchmark.request", Mode.Throughput, 4,
                "size", "8", "pool", "hikari", "backend", "h2");

        assertEquals("IdleReuseBenchmark.request thrpt backend=h2 pool=hikari size=8 threads=4",
                ProgressFormat.describe(p));
    }

    @Test
    void describe_withoutParams_hasModeAndThreadsOnly() {
        BenchmarkParams p = params("org.poolbench.bench.AcquireReleaseBenchmark.handoffLatency", Mode.SampleTime, 16);

        assertEquals("AcquireReleaseBenchmark.handoffLatency sample threads=16", ProgressFormat.describe(p));
    }

    @Test
    void startBenchmark_printsTheLineBeforeJmhsHeaderAndCountsRuns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputFormat normal = OutputFormatFactory.createFormatInstance(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), VerboseMode.NORMAL);
        ProgressFormat p = new ProgressFormat(normal, 3, 10.0, now::get);
        BenchmarkParams first = params("org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease",
                Mode.Throughput, 2, "pool", "c3p0", "size", "4");

        p.startBenchmark(first);
        advance(Duration.ofSeconds(12));
        p.startBenchmark(first);
        p.flush();

        assertEquals(2, p.started());
        String out = bytes.toString(StandardCharsets.UTF_8);
        String line1 = "[bench] run 1 of 3 | elapsed 0s | about 30s left | "
                + "AcquireReleaseBenchmark.acquireRelease thrpt pool=c3p0 size=4 threads=2";
        String line2 = "[bench] run 2 of 3 | elapsed 12s | about 24s left | "
                + "AcquireReleaseBenchmark.acquireRelease thrpt pool=c3p0 size=4 threads=2";
        assertTrue(out.startsWith(line1 + System.lineSeparator()), out);
        int second = out.indexOf(line2);
        assertTrue(second > 0, out);
        // JMH's own header for each run follows the progress line
        assertTrue(out.substring(line1.length(), second).contains("# JMH version: 1.37"), out);
        assertTrue(out.substring(second).contains("# JMH version: 1.37"), out);
    }

    @Test
    void takeStalls_countsTimedOutIterationsPerBenchmarkRun_thenClears() {
        ProgressFormat p = new ProgressFormat(silent(), 2, 10, now::get);
        p.startBenchmark(params("org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease", Mode.Throughput, 16,
                "pool", "poolbench"));
        p.print("Iteration   1: ");
        p.println("12.3 ops/us");
        p.startBenchmark(params("org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease", Mode.Throughput, 16,
                "pool", "hikari"));
        // as JMH 1.37 prints it when -to interrupted the benchmark threads of an iteration
        p.print("(benchmark timed out, interrupted 1 times) ");
        p.print("(benchmark timed out, interrupted 3 times) ");

        assertEquals(java.util.Map.of("AcquireReleaseBenchmark.acquireRelease thrpt pool=hikari threads=16", 2),
                p.takeStalls());
        assertEquals(java.util.Map.of(), p.takeStalls(), "taken once, per step");
    }

    @Test
    void running_tellsTheRunAndItsAgeUntilItEnds_andNoteKilledCountsAStall() {
        ProgressFormat p = new ProgressFormat(silent(), 1, 10, now::get);
        assertTrue(p.running().isEmpty(), "nothing runs before the first run starts");
        p.startBenchmark(params("org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease", Mode.Throughput, 16,
                "pool", "hikari"));
        advance(Duration.ofSeconds(90));

        var running = p.running().orElseThrow();
        assertEquals("AcquireReleaseBenchmark.acquireRelease thrpt pool=hikari threads=16", running.getKey());
        assertEquals(Duration.ofSeconds(90), running.getValue());

        p.noteKilled(running.getKey());
        assertTrue(p.running().isEmpty(), "a killed run is no longer running");
        assertEquals(java.util.Map.of(running.getKey() + " (fork ended at the runner's stall limit)", 1),
                p.takeStalls());
    }

    @Test
    void stallLimit_theNominalRunPlus8sOrAQuarter() {
        // quick: 2 forks x (0.5 + 2 x 0.5 s + 1.5 s) = 6 s per run; full: 3 x (3 x 2 + 5 x 2 + 1.5) = 52.5 s
        assertEquals(Duration.ofSeconds(14), Bench.stallLimit(Bench.nominalSecondsPerRun(Profile.QUICK,
                new org.openjdk.jmh.runner.options.OptionsBuilder().build())));
        assertEquals(Duration.ofSeconds(66), Bench.stallLimit(Bench.nominalSecondsPerRun(Profile.FULL,
                new org.openjdk.jmh.runner.options.OptionsBuilder().build())));
    }
}
