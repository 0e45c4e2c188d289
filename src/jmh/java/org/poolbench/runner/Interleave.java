package org.poolbench.runner;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Interleaved forks. JMH runs every fork of one benchmark run before the next run starts, so on a shared machine a
 * slow drift (another tenant, thermal state, a noisy neighbour's cron job) lands on whichever pool happened to run
 * then, and a comparison of pools within one run inherits it. Here a platform-thread step with F &gt; 1 forks runs
 * as F JMH invocations of one fork each, <em>rounds</em>: even rounds run the step's benchmark runs in JMH's order
 * (pools A B C), odd rounds in reverse (C B A), so every pool's forks are spread over the whole step in the same
 * pattern, A B C C B A A B C ..., and a linear drift costs every pool alike. The rounds' results are merged into one
 * JMH result per benchmark run with its F forks in round order ({@link #merge}), so {@code results.json} stays
 * standard JMH JSON whose statistics are JMH's own.
 *
 * <p>Reversing every parameter's value list reverses the order of JMH's whole parameter product (JMH runs it as
 * nested loops, in the order given); the order of methods within a step JMH decides by name, so "A B B A" holds per
 * method. Not interleaved: steps on virtual threads (each runs one pool already, so a stall costs only that pool:
 * see {@link Plan#SPLIT_PARAM}), runs with one fork, and {@code scripts/bench --no-interleave}, which keeps JMH's
 * own order (all forks of a run, then the next run) for comparison. A step cut short by Ctrl-C loses the rounds it
 * finished, as a step always lost the runs it finished: JMH writes results only at the end of an invocation.
 */
final class Interleave {

    private Interleave() {
    }

    /**
     * How many rounds {@code step} runs as: its fork count when interleaving applies to it, else 1 (one JMH
     * invocation with all its forks, as JMH orders them).
     *
     * @param forks the run's fork count (the user's {@code -f}, else the profile's)
     */
    static int rounds(Plan.Step step, int forks, boolean enabled) {
        return enabled && !step.virtual() && forks > 1 ? forks : 1;
    }

    /**
     * The options of round {@code round} (0-based) of a step whose options are {@code stepOptions}: one fork, the
     * result to {@code resultFile}, JMH's warm-up forks (if the user asked for any) only in the first round, and in
     * odd rounds every parameter's values reversed.
     *
     * @param order every parameter's values as the step runs them ({@link Plan#valueOrder})
     */
    static Options round(Options stepOptions, Map<String, List<String>> order, int round, Path resultFile) {
        ChainedOptionsBuilder b = new OptionsBuilder().parent(stepOptions).forks(1).result(resultFile.toString());
        if (round > 0) {
            b.warmupForks(0);
        }
        if (round % 2 == 1) {
            order.forEach((name, values) -> b.param(name, values.reversed().toArray(String[]::new)));
        }
        return b.build();
    }

    /**
     * The rounds' results as one JMH result per benchmark run: its forks in round order, and JMH's parameters of
     * the first round with the fork count set to the number of forks merged. Runs keep their order in the first
     * round (JMH's usual order); a run missing from the first round (it cannot be, since every round runs the
     * step's runs) would follow in the order first seen.
     *
     * @param order every parameter's values in the step's order: JMH sorts parameter values by their position in
     *              the list it was given, so a merged run takes its position from the step's order, not from the
     *              reversed list of an odd round
     */
    static List<RunResult> merge(List<? extends Collection<RunResult>> rounds, Map<String, List<String>> order) {
        Map<String, BenchmarkParams> params = new LinkedHashMap<>();
        Map<String, List<BenchmarkResult>> forks = new LinkedHashMap<>();
        for (Collection<RunResult> round : rounds) {
            for (RunResult r : round) {
                String key = key(r.getParams());
                params.putIfAbsent(key, r.getParams());
                forks.computeIfAbsent(key, k -> new ArrayList<>()).addAll(r.getBenchmarkResults());
            }
        }
        List<RunResult> merged = new ArrayList<>();
        params.forEach((key, p) -> merged.add(new RunResult(withForks(p, forks.get(key).size(), order),
                forks.get(key))));
        return merged;
    }

    /** Writes {@code results} as JMH's own JSON result format does. */
    static void write(Collection<RunResult> results, Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
             PrintStream out = new PrintStream(os, false, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(results);
            out.flush();
            if (out.checkError()) {
                throw new IOException("could not write " + file);
            }
        }
    }

    /** What identifies one benchmark run across rounds: method, mode, threads and parameter values. */
    static String key(BenchmarkParams p) {
        Map<String, String> values = new TreeMap<>();
        for (String k : p.getParamsKeys()) {
            values.put(k, p.getParam(k));
        }
        return p.getBenchmark() + " " + p.getMode().shortLabel() + " " + p.getThreads() + " " + values;
    }

    private static BenchmarkParams withForks(BenchmarkParams p, int forks, Map<String, List<String>> order) {
        WorkloadParams workload = new WorkloadParams();
        for (String k : p.getParamsKeys()) {
            String v = p.getParam(k);
            workload.put(k, v, Math.max(0, order.getOrDefault(k, List.of()).indexOf(v)));
        }
        return new BenchmarkParams(p.getBenchmark(), p.generatedBenchmark(), p.shouldSynchIterations(),
                p.getThreads(), p.getThreadGroups(), p.getThreadGroupLabels(), forks, p.getWarmupForks(),
                p.getWarmup(), p.getMeasurement(), p.getMode(), workload, p.getTimeUnit(), p.getOpsPerInvocation(),
                p.getJvm(), p.getJvmArgs(), p.getJdkVersion(), p.getVmName(), p.getVmVersion(), p.getJmhVersion(),
                p.getTimeout());
    }
}
