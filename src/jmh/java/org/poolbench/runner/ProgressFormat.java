package org.poolbench.runner;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's normal console output, with one line added before each benchmark run: which run of the whole bench run
 * it is, the time elapsed and an estimate of the time left. JMH's own "Run progress" line only knows about the
 * current JMH invocation, which is one thread count of one benchmark class.
 *
 * <p>The estimate starts from the profile's nominal time per run and switches to the observed pace (elapsed time
 * over finished runs) once a run has finished.
 */
final class ProgressFormat implements OutputFormat {

    private final OutputFormat delegate;
    private final int total;
    private final double nominalSecondsPerRun;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private int started;
    /** The benchmark run now running, as {@link #describe(BenchmarkParams)} tells it. */
    private String current = "";
    /** When the benchmark run now running started, by {@code nanoTime}; -1 between runs. */
    private long currentStartNanos = -1;
    /** Per benchmark run, the iterations JMH's timeout interrupted, since {@link #takeStalls()} was last called. */
    private final Map<String, Integer> stalls = new LinkedHashMap<>();

    ProgressFormat(OutputFormat delegate, int total, double nominalSecondsPerRun, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.total = total;
        this.nominalSecondsPerRun = nominalSecondsPerRun;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    /** Runs started so far. */
    int started() {
        return started;
    }

    /** The line printed before run {@code index} (1-based) starts. */
    String progressLine(int index, String what) {
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - startNanos);
        int finished = index - 1;
        double perRun = finished == 0 ? nominalSecondsPerRun : elapsed.toMillis() / 1000.0 / finished;
        Duration left = Duration.ofSeconds(Math.round(perRun * (total - finished)));
        return "[bench] run " + index + " of " + total + " | elapsed " + clock(elapsed) + " | about " + clock(left)
                + " left | " + what;
    }

    /** {@code 1h02m03s}, {@code 2m05s} or {@code 7s}. */
    static String clock(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
        }
        if (s >= 60) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }

    static String describe(BenchmarkParams params) {
        String name = params.getBenchmark();
        int dot = name.lastIndexOf('.', name.lastIndexOf('.') - 1);
        StringBuilder b = new StringBuilder(name.substring(dot + 1)).append(' ').append(params.getMode().shortLabel());
        Map<String, String> sorted = new TreeMap<>();
        for (String key : params.getParamsKeys()) {
            sorted.put(key, params.getParam(key));
        }
        sorted.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.append(" threads=").append(params.getThreads()).toString();
    }

    /**
     * The benchmark runs whose iterations hit JMH's timeout ({@code -to}) since the last call, each with the number
     * of such iterations, in the order they ran; clears them.
     */
    synchronized Map<String, Integer> takeStalls() {
        Map<String, Integer> taken = new LinkedHashMap<>(stalls);
        stalls.clear();
        return taken;
    }

    /** What JMH 1.37 prints when an iteration outlived the timeout and it interrupted the benchmark threads. */
    static final String TIMED_OUT = "(benchmark timed out, interrupted";

    /**
     * How long the benchmark run now running has been running, and what it is; empty between runs (after JMH ended
     * one and before it starts the next).
     */
    synchronized java.util.Optional<Map.Entry<String, Duration>> running() {
        return currentStartNanos < 0 ? java.util.Optional.empty()
                : java.util.Optional.of(Map.entry(current, Duration.ofNanos(nanoTime.getAsLong() - currentStartNanos)));
    }

    /** Records that the runner's watchdog ended the benchmark run now running as stalled. */
    synchronized void noteKilled(String run) {
        noteKilled(run, "");
    }

    /**
     * As {@link #noteKilled(String)}, with where the fork's threads stood ({@link StallDump}); empty if unknown.
     */
    synchronized void noteKilled(String run, String where) {
        stalls.merge(run + " (fork ended at the runner's stall limit" + (where.isEmpty() ? "" : "; " + where) + ")",
                1, Integer::sum);
        currentStartNanos = -1;
    }

    private synchronized void noteStall(String printed) {
        if (printed != null && printed.contains(TIMED_OUT)) {
            stalls.merge(current, 1, Integer::sum);
        }
    }

    @Override
    public void startBenchmark(BenchmarkParams benchParams) {
        started++;
        synchronized (this) {
            current = describe(benchParams);
            currentStartNanos = nanoTime.getAsLong();
        }
        delegate.println(progressLine(started, describe(benchParams)));
        delegate.startBenchmark(benchParams);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        delegate.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
                                IterationResult data) {
        delegate.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        synchronized (this) {
            currentStartNanos = -1;
        }
        delegate.endBenchmark(result);
    }

    @Override
    public void startRun() {
        delegate.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        delegate.endRun(result);
    }

    @Override
    public void print(String s) {
        noteStall(s);
        delegate.print(s);
    }

    @Override
    public void println(String s) {
        noteStall(s);
        delegate.println(s);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void close() {
        // The console stream outlives one JMH invocation; the runner closes nothing it did not open.
        delegate.flush();
    }

    @Override
    public void verbosePrintln(String s) {
        delegate.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        delegate.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        delegate.write(b);
    }
}
