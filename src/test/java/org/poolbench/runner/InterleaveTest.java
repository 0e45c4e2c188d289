package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.ThroughputResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@link Interleave}: which steps it applies to, the options of each round, and the merge of the rounds' results
 * into one JMH result per run (Bench's end-to-end test runs it for real: {@code BenchRunTest}).
 */
class InterleaveTest {

    private static final Map<String, List<String>> ORDER = Map.of("pool", List.of("hikari", "poolbench"));

    @TempDir
    Path dir;

    @Test
    void rounds_platformStepWithForks_isOnePerFork_otherwiseOne() {
        Plan.Step platform = new Plan.Step("AcquireReleaseBenchmark", 2, List.of("x"), 2);
        Plan.Step virtual = new Plan.Step("AcquireReleaseBenchmark", 16, List.of("x"), 1, Map.of(), true);
        assertEquals(4, Interleave.rounds(platform, 4, true));
        assertEquals(1, Interleave.rounds(platform, 4, false), "--no-interleave");
        assertEquals(1, Interleave.rounds(platform, 1, true), "one fork: nothing to interleave");
        assertEquals(1, Interleave.rounds(platform, 0, true), "-f 0 runs in the runner's JVM");
        assertEquals(1, Interleave.rounds(virtual, 4, true), "virtual-thread steps run one pool each");
    }

    @Test
    void round_oddRoundsReverseEveryParameter_everyRoundHasOneFork_warmupForksOnlyFirst() {
        Options step = new OptionsBuilder().include("X").forks(3).warmupForks(1)
                .param("pool", "hikari", "poolbench").result("step.json").build();
        Path file = dir.resolve("r.json");

        Options first = Interleave.round(step, ORDER, 0, file);
        Options second = Interleave.round(step, ORDER, 1, file);
        Options third = Interleave.round(step, ORDER, 2, file);

        assertEquals(List.of("hikari", "poolbench"), List.copyOf(first.getParameter("pool").get()));
        assertEquals(List.of("poolbench", "hikari"), List.copyOf(second.getParameter("pool").get()));
        assertEquals(List.of("hikari", "poolbench"), List.copyOf(third.getParameter("pool").get()));
        for (Options o : List.of(first, second, third)) {
            assertEquals(1, o.getForkCount().get());
            assertEquals(file.toString(), o.getResult().get());
            assertEquals(List.of("X"), o.getIncludes(), "the step's benchmarks, not more");
        }
        assertEquals(1, first.getWarmupForkCount().get());
        assertEquals(0, second.getWarmupForkCount().get());
    }

    @Test
    void merge_reversedSecondRound_givesEachRunItsForksInRoundOrder_inTheFirstRoundsOrder() throws Exception {
        List<RunResult> first = List.of(result("hikari", 0, 10), result("poolbench", 1, 20));
        // the odd round ran with the values reversed, so JMH numbered them the other way round
        List<RunResult> second = List.of(result("poolbench", 0, 22), result("hikari", 1, 12));

        List<RunResult> merged = Interleave.merge(List.of(first, second), ORDER);

        assertEquals(List.of("hikari", "poolbench"), merged.stream().map(r -> r.getParams().getParam("pool")).toList());
        assertEquals(List.of(2, 2), merged.stream().map(r -> r.getParams().getForks()).toList());
        assertEquals(11.0, merged.get(0).getPrimaryResult().getScore(), 1e-9, "JMH's mean over both forks");
        assertEquals(21.0, merged.get(1).getPrimaryResult().getScore(), 1e-9);
        assertEquals(-1, merged.get(0).getParams().compareTo(merged.get(1).getParams()),
                "JMH sorts the merged runs in the step's order");

        Path file = dir.resolve("merged.json");
        Interleave.write(merged, file);
        List<ForkSamples.Run> read = ForkSamples.read(file);
        assertEquals(List.of(10.0, 12.0), read.get(0).forks(), "standard JMH JSON, one rawData row per fork");
        assertEquals(List.of(20.0, 22.0), read.get(1).forks());
    }

    /** A one-fork JMH result of {@code pool} scoring {@code score} ops/s, its value numbered {@code index}. */
    private static RunResult result(String pool, int index, double score) {
        WorkloadParams workload = new WorkloadParams();
        workload.put("pool", pool, index);
        IterationParams warmup = new IterationParams(IterationType.WARMUP, 0, TimeValue.seconds(1), 1);
        IterationParams measurement = new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.seconds(1), 1);
        BenchmarkParams params = new BenchmarkParams("org.poolbench.bench.X.run", "X_run", false, 1, new int[]{1},
                List.of(), 1, 0, warmup, measurement, Mode.Throughput, workload, TimeUnit.SECONDS, 1, "java",
                List.of(), "25", "VM", "25", "1.37", TimeValue.minutes(10));
        IterationResult iteration = new IterationResult(params, measurement, new IterationResultMetaData(1, 1));
        iteration.addResult(new ThroughputResult(ResultRole.PRIMARY, "run", score, 1_000_000_000L,
                TimeUnit.SECONDS));
        List<BenchmarkResult> forks = new ArrayList<>();
        forks.add(new BenchmarkResult(params, List.of(iteration)));
        return new RunResult(params, forks);
    }
}
