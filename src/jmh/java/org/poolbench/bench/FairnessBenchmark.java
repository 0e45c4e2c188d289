package org.poolbench.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.ThreadParams;

import org.poolbench.bench.pools.PoolSpec;

/**
 * <b>Question:</b> under contention (more borrowers than connections), how evenly does each pool share its
 * connections among the waiting threads, and how long does a borrower wait?
 *
 * <p><b>Workload:</b> the stub driver with no latency; each pool holds {@code size} (4) pre-opened connections from
 * the shared {@link PoolSpec} (same size, 5 s acquire timeout, same lifetimes for all). Every benchmark thread loops:
 * borrow, hold the connection for a fixed piece of work ({@link Blackhole#consumeCPU} of {@code hold} tokens, 64,
 * so that a returning thread's connection is wanted by a waiter), return. 8, 16 and 32 threads are 2, 4 and 8
 * borrowers per connection; on 2 cores they are also oversubscribed, so the scheduler is part of what is measured:
 * research, not verdicts. No virtual threads: {@code AcquireReleaseBenchmark}'s virtual-thread axis already covers
 * stalls there.
 *
 * <p><b>Pools and their waiting policy</b> (each checked in the classes of the version the suite runs, not only in
 * its documentation):
 * <ul>
 *   <li>poolbench (default): bounded barging. A borrower that finds nothing idle joins a FIFO queue; a return
 *       makes the connection idle for whoever takes it first (the returning thread included) and wakes the longest
 *       waiter to try; once a waiter has waited the barge limit (1 ms, {@code PoolConfig.bargeLimit}), returns go
 *       straight to the longest waiter and new borrowers queue, until the next in line has waited less
 *       ({@code PoolCore}; Go's {@code sync.Mutex} starvation mode).</li>
 *   <li>poolbench_fifo: strict FIFO hand-off (barge limit zero): a return goes to the oldest waiter without
 *       becoming idle, so no arriving borrower can take it. The {@code pool} parameter takes any {@link PoolKind}
 *       or {@link PoolVariants} value ({@link #kindOf}), so another policy runs here unchanged
 *       ({@code -p pool=...}).</li>
 *   <li>HikariCP 7.1 ({@code ConcurrentBag}): barging. A return marks the connection not-in-use in the shared list
 *       and, while threads wait, offers it through a fair {@code SynchronousQueue} to a waiter; but a borrower
 *       first looks in its own thread-local list of connections it used before and then scans the shared list, so a
 *       thread that just returned, or any new arrival, can take it before the waiter does.</li>
 *   <li>Vibur DBCP 26.0: fair by default ({@code poolFair} true, not changed by the adapter): takes pass a fair
 *       {@code java.util.concurrent.Semaphore}, so permits go to waiters in arrival order.</li>
 *   <li>c3p0 0.14.1 ({@code BasicResourcePool}): one non-fair {@code ReentrantLock} with a {@code Condition} that a
 *       return signals with {@code signalAll}: every waiter wakes and competes for the lock again, and a borrower
 *       arriving while a connection is idle takes it without waiting. (c3p0 0.9.x did the same with
 *       {@code wait/notifyAll} on the pool's monitor.)</li>
 * </ul>
 *
 * <p><b>Counters</b> ({@code @AuxCounters}; totals per iteration, which the summary divides by {@code requests}):
 * <ul>
 *   <li>{@code requests}: borrows attempted; {@code failedAcquires}: those that timed out (the pool gave up after
 *       5 s), counted and never thrown; any other error fails the run;</li>
 *   <li>{@code waitNanos}: the total time spent in {@code getConnection()} (timed with {@code System.nanoTime()}
 *       around that call only), so per request it is the mean acquire wait in ns.</li>
 * </ul>
 * The fairness figures are levels of one iteration, reported by one thread (the reporter) and 0 by the others, as
 * {@code StatementReuseBenchmark}'s gauges are, and listed in {@code SummaryTable.PER_ITERATION} so that the summary
 * shows their mean per measured iteration instead of dividing them by requests:
 * <ul>
 *   <li>{@code waitP50Micros}, {@code waitP99Micros}, {@code waitP999Micros}, {@code waitMaxMicros}: the acquire
 *       wait distribution over every thread's successful borrows ({@link WaitHistogram}, within 3%; the max exact),
 *       in microseconds;</li>
 *   <li>{@code jainIndex}: Jain's fairness index over the threads' successful borrows, {@code (sum x)^2 /
 *       (n * sum x^2)}: 1 when every thread borrowed equally often, 1/n when one thread had them all;</li>
 *   <li>{@code minMaxRatio}: the fewest borrows of a thread over the most: 1 even, 0 when a thread starved.</li>
 * </ul>
 * Those figures count only the borrows made while JMH measured (its {@link Control} window): in the iteration's
 * ramp-up and ramp-down some threads are not running yet or any more, and their borrows would read as unfairness.
 * {@code requests}, {@code failedAcquires} and {@code waitNanos} count every borrow, as in every benchmark here.
 *
 * <p>Runs: smoke 5 (every pool, 8 threads), quick 10 (every pool at 8 and 16 threads), full 15 (8, 16, 32).
 *
 * <pre>{@code
 * scripts/bench quick Fairness
 * java -jar target/benchmarks.jar Fairness -t 16 -foe true
 * }</pre>
 */
// 8, 16, 32 threads on 4 connections: 2, 4 and 8 borrowers per connection, always contended
@ThreadSweep(smoke = {8}, quick = {8, 16}, full = {8, 16, 32})
public class FairnessBenchmark {

    /** Nanoseconds per reported microsecond. */
    private static final double NANOS_PER_MICRO = 1_000.0;

    /**
     * One pool under test and every thread's recorder, registered at the trial's start so that the iteration's
     * teardown, which runs once every thread has stopped, can merge them; closed by the last thread out
     * ({@link Borrower#leave}).
     */
    @State(Scope.Benchmark)
    public static class Contention {

        @Param({"poolbench", "poolbench_fifo", "hikari", "c3p0", "vibur"})
        public String pool;

        @Param({"4"})
        public int size;

        /** Tokens of {@link Blackhole#consumeCPU} a borrower holds its connection for. */
        @Param({"64"})
        public long hold;

        DataSource dataSource;
        private Trial trial;
        private final LastThreadOut exit = new LastThreadOut();
        private final List<Borrower> borrowers = new CopyOnWriteArrayList<>();
        /** The iteration's merged waits; reused, so that the teardown allocates no histogram per iteration. */
        private final WaitHistogram merged = new WaitHistogram();
        volatile double waitP50Micros;
        volatile double waitP99Micros;
        volatile double waitP999Micros;
        volatile double waitMaxMicros;
        volatile double jainIndex;
        volatile double minMaxRatio;

        @Setup(Level.Trial)
        public void open() throws Exception {
            trial = Trial.open("fair", kindOf(pool), Backend.STUB, specOf(pool, size));
            dataSource = trial.pool.dataSource();
        }

        /** Registers a thread's recorder; whether it is the first, the reporter. */
        boolean register(Borrower borrower) {
            borrowers.add(borrower);
            return borrowers.get(0) == borrower;
        }

        /** Merges every thread's waits and borrow counts of the iteration into the reported figures. */
        @TearDown(Level.Iteration)
        public void summarize() {
            merged.reset();
            long[] borrows = new long[borrowers.size()];
            for (int i = 0; i < borrows.length; i++) {
                Borrower b = borrowers.get(i);
                merged.add(b.waits);
                borrows[i] = b.borrows;
            }
            waitP50Micros = merged.percentile(0.50) / NANOS_PER_MICRO;
            waitP99Micros = merged.percentile(0.99) / NANOS_PER_MICRO;
            waitP999Micros = merged.percentile(0.999) / NANOS_PER_MICRO;
            waitMaxMicros = merged.max() / NANOS_PER_MICRO;
            jainIndex = jainIndex(borrows);
            minMaxRatio = minMaxRatio(borrows);
        }

        /** A benchmark thread's end of the trial; the last one checks and closes the pool. */
        void leave(ThreadParams thread) throws Exception {
            exit.leave(thread, trial);
        }
    }

    /**
     * One thread's counters and its waits. The fairness figures are pool-wide, so the reporter reports them and the
     * others 0: JMH sums the threads, which gives each figure once.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Borrower {
        public long requests;
        public long failedAcquires;
        public long waitNanos;
        /** Successful borrows in JMH's measurement window, for the fairness indexes. */
        long borrows;
        final WaitHistogram waits = new WaitHistogram();
        private Contention contention;
        private boolean reporter;

        @Setup(Level.Trial)
        public void bind(Contention c) {
            contention = c;
            reporter = c.register(this);
        }

        @Setup(Level.Iteration)
        public void reset() {
            requests = 0;
            failedAcquires = 0;
            waitNanos = 0;
            borrows = 0;
            waits.reset();
        }

        /** This thread's end of the trial: the last thread out checks and closes the pool ({@link LastThreadOut}). */
        @TearDown(Level.Trial)
        public void leave(Contention c, ThreadParams thread) throws Exception {
            c.leave(thread);
        }

        public double waitP50Micros() {
            return reporter ? contention.waitP50Micros : 0;
        }

        public double waitP99Micros() {
            return reporter ? contention.waitP99Micros : 0;
        }

        public double waitP999Micros() {
            return reporter ? contention.waitP999Micros : 0;
        }

        public double waitMaxMicros() {
            return reporter ? contention.waitMaxMicros : 0;
        }

        public double jainIndex() {
            return reporter ? contention.jainIndex : 0;
        }

        public double minMaxRatio() {
            return reporter ? contention.minMaxRatio : 0;
        }
    }

    /**
     * One borrow: the wait in {@code getConnection()} timed, the connection held for {@code hold} tokens of work,
     * then returned.
     *
     * @return the (closed) lease, so the JIT cannot drop the borrow; null for a timed-out one
     * @throws SQLException a failure other than an acquire timeout, or a failed return: the benchmark is wrong
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Connection borrow(Contention c, Borrower b, Control window) throws SQLException {
        b.requests++;
        long start = System.nanoTime();
        Connection connection;
        try {
            connection = c.dataSource.getConnection();
        } catch (SQLException e) {
            b.waitNanos += System.nanoTime() - start;
            if (RequestFailures.classify(e) != RequestFailures.Kind.ACQUIRE_TIMEOUT) {
                throw e;
            }
            b.failedAcquires++; // the pool gave up waiting: counted, not thrown
            return null;
        }
        long waited = System.nanoTime() - start;
        b.waitNanos += waited;
        // Only while every thread runs (see the class comment); two volatile reads, no allocation.
        if (window.startMeasurement && !window.stopMeasurement) {
            b.waits.record(waited);
            b.borrows++;
        }
        try (connection) {
            Blackhole.consumeCPU(c.hold);
        }
        return connection;
    }

    /**
     * The pool a {@code pool} parameter value runs: a {@link PoolVariants} value's pool, else the {@link PoolKind}.
     *
     * @throws IllegalArgumentException naming the value and the accepted kinds, if it names neither
     */
    static PoolKind kindOf(String pool) {
        return PoolVariants.kindOf(pool).orElseGet(() -> PoolKind.of(pool));
    }

    /** The spec a {@code pool} value's pool is built from: a variant's own, else the shared one at {@code size}. */
    static PoolSpec specOf(String pool, int size) {
        return PoolVariants.spec(pool, size).orElseGet(() -> PoolSpec.ofSize(size));
    }

    /**
     * Jain's fairness index of per-thread counts, {@code (sum x)^2 / (n * sum x^2)}: 1 when all are equal, 1/n when
     * one thread has everything; 0 when every count is 0 (nothing to share: see {@code failedAcquires}).
     *
     * @throws IllegalArgumentException if there are no counts, or one is negative
     */
    static double jainIndex(long[] counts) {
        check(counts);
        double sum = 0;
        double sumOfSquares = 0;
        for (long x : counts) {
            sum += x;
            sumOfSquares += (double) x * x;
        }
        return sumOfSquares == 0 ? 0 : sum * sum / (counts.length * sumOfSquares);
    }

    /**
     * The smallest count over the largest: 1 when all are equal, 0 when a thread got nothing (or none did).
     *
     * @throws IllegalArgumentException if there are no counts, or one is negative
     */
    static double minMaxRatio(long[] counts) {
        check(counts);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long x : counts) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return max == 0 ? 0 : (double) min / max;
    }

    private static void check(long[] counts) {
        if (counts.length == 0) {
            throw new IllegalArgumentException("no per-thread counts: no benchmark thread registered");
        }
        for (long x : counts) {
            if (x < 0) {
                throw new IllegalArgumentException("a per-thread count is negative: " + x);
            }
        }
    }
}
