package org.poolbench.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * <b>Question:</b> what does a pool cost when a request does nothing but borrow a connection and give it back?
 *
 * <p><b>Workload:</b> the stub driver with no latency, so the only work is the pool's. Each pool holds
 * {@code size} (4) pre-opened connections. With threads &lt;= size every borrower finds a connection free
 * (uncontended); with more threads than connections (8 = 2x, 16 = 4x) borrowers wait for each other
 * (contended). On a 2-core machine every run above 2 threads is also oversubscribed: the OS scheduler is part
 * of the result, so those numbers are research, not verdicts.
 *
 * <p>{@code acquireRelease} gives throughput; {@code acquireReleaseLatency} gives the latency distribution of
 * one borrow-and-return (sample mode: p50, p99, p99.9; each sample includes about 20 ns of timer overhead).
 * {@code handoff} and {@code handoffLatency} measure {@link ExclusiveHandoff}, the cheapest correct exclusive
 * handoff of pre-opened connections, on the same number of connections: the physical floor, so each pool's cost
 * reads as a multiple of it. Run with {@code -prof gc} for bytes allocated per borrow-and-return.
 *
 * <p>Every failed or timed-out acquire is counted ({@code failedAcquires}); any other error fails the run.
 *
 * <p><b>Virtual threads</b> ({@link VirtualThreads}): the runner also runs the same methods with JMH's benchmark
 * threads as virtual threads, shown in tables of their own with a pinning table per pool (JFR
 * {@code jdk.VirtualThreadPinned}): quick at 16 virtual threads, {@code acquireRelease} only, every pool (4 runs;
 * the handoff reference and the sample-mode latency stay on platform threads there to keep quick's budget); full at
 * 2 and 16 with every method; smoke at 2, {@code acquireRelease}, our pool only. 16 virtual threads on 4 connections
 * is where a pool that parks a carrier (a pin) instead of the virtual thread would stall. Each pool runs in a JMH
 * invocation of its own, so a pool that stalls loses only its own result; the summary flags the stall. Outside the
 * measured window each method gives up a virtual thread's carrier ({@link CarrierPause}), so that JMH's iteration
 * barriers complete when the borrows never block.
 *
 * <pre>{@code
 * scripts/bench quick AcquireRelease                                     # the runner, both thread counts
 * java -jar target/benchmarks.jar AcquireRelease -t 16 -prof gc -foe true # one thread count, by hand
 * java -jar target/benchmarks.jar 'AcquireReleaseBenchmark.acquireRelease$' -t 16 -foe true \
 *     -jvmArgsAppend -Djmh.executor=VIRTUAL                             # on virtual threads, by hand
 * }</pre>
 */
// 2 threads: fewer borrowers than the 4 connections; 16: four times as many (contended, oversubscribed)
@ThreadSweep(smoke = {2}, quick = {2, 16}, full = {1, 2, 4, 8, 16})
// virtual threads: quick at 16, four times the connections, where HikariCP 7.1 stalled in issue 9's first quick run
// (each pool runs its own invocation, so a stall costs only that pool); throughput only. smoke: our pool only, so
// that another pool's intermittent stall cannot fail CI.
@VirtualThreads(smoke = {2}, quick = {16}, full = {2, 16}, quickMethods = {"acquireRelease"},
        smokeParams = {"pool=poolbench"})
public class AcquireReleaseBenchmark {

    /**
     * One pool under test, built before the trial and checked and closed after it by the last thread out
     * ({@link Failures#leave}).
     */
    @State(Scope.Benchmark)
    public static class Pools {

        @Param({"poolbench", "hikari", "c3p0", "vibur"})
        public String pool;

        @Param({"4"})
        public int size;

        DataSource dataSource;
        private Trial trial;
        private final LastThreadOut exit = new LastThreadOut();

        @Setup(Level.Trial)
        public void open() throws Exception {
            trial = Trial.open("acquire", pool, Backend.STUB, size);
            dataSource = trial.pool.dataSource();
        }

        /** A benchmark thread's end of the trial; the last one checks and closes the trial. */
        void leave(ThreadParams thread) throws Exception {
            exit.leave(thread, trial);
        }
    }

    /**
     * The reference point: {@link ExclusiveHandoff} over {@code size} stub connections, closed by the last thread out
     * ({@link Borrower#leave}).
     */
    @State(Scope.Benchmark)
    public static class Handoff {

        @Param({"4"})
        public int size;

        ExclusiveHandoff handoff;
        final AtomicInteger nextStart = new AtomicInteger();
        private Backend.Database db;
        private Connection[] connections;
        private final LastThreadOut exit = new LastThreadOut();

        @Setup(Level.Trial)
        public void open() throws SQLException {
            db = Backend.STUB.open(Trial.uniqueName("acquire", "handoff"));
            connections = new Connection[size];
            for (int i = 0; i < size; i++) {
                connections[i] = db.source().getConnection();
            }
            handoff = new ExclusiveHandoff(connections);
        }

        /** A benchmark thread's end of the trial; the last one checks and closes the connections. */
        void leave(ThreadParams thread) throws Exception {
            exit.leave(thread, this::close);
        }

        private void close() throws SQLException {
            if (handoff.inUse() > 0) {
                throw new IllegalStateException("handoff still has " + handoff.inUse() + " slots taken after the trial");
            }
            for (Connection c : connections) {
                c.close();
            }
            db.close();
        }
    }

    /** Each borrower's first slot to try: its own, while there are at least as many slots as borrowers. */
    @State(Scope.Thread)
    public static class Borrower {
        int start;

        @Setup(Level.Trial)
        public void pick(Handoff h) {
            start = h.nextStart.getAndIncrement() % h.handoff.size();
        }

        /** This thread's end of the trial: the last thread out closes the handoff ({@link LastThreadOut}). */
        @TearDown(Level.Trial)
        public void leave(Handoff h, ThreadParams thread) throws Exception {
            h.leave(thread);
        }
    }

    /** Failed or timed-out acquires, reported beside the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Failures {
        public long failedAcquires;

        @Setup(Level.Iteration)
        public void reset() {
            failedAcquires = 0;
        }

        /** This thread's end of the trial: the last thread out checks and closes the pool ({@link LastThreadOut}). */
        @TearDown(Level.Trial)
        public void leave(Pools p, ThreadParams thread) throws Exception {
            p.leave(thread);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Connection acquireRelease(Pools p, Failures f, CarrierPause y, Control control) throws SQLException {
        y.outsideMeasurement(control);
        return borrowAndReturn(p.dataSource, f);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Connection acquireReleaseLatency(Pools p, Failures f, CarrierPause y, Control control)
            throws SQLException {
        y.outsideMeasurement(control);
        return borrowAndReturn(p.dataSource, f);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Connection handoff(Handoff h, Borrower b, CarrierPause y, Control control) {
        y.outsideMeasurement(control);
        return handoffOnce(h.handoff, b.start);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Connection handoffLatency(Handoff h, Borrower b, CarrierPause y, Control control) {
        y.outsideMeasurement(control);
        return handoffOnce(h.handoff, b.start);
    }

    /** One borrow and return ({@link Requests#borrowAndReturn}); a failed borrow is counted, not thrown. */
    private static Connection borrowAndReturn(DataSource dataSource, Failures f) throws SQLException {
        Connection c = Requests.borrowAndReturn(dataSource);
        if (c == null) {
            f.failedAcquires++;
        }
        return c;
    }

    private static Connection handoffOnce(ExclusiveHandoff handoff, int start) {
        int slot = handoff.acquire(start);
        Connection c = handoff.connection(slot);
        handoff.release(slot);
        return c;
    }
}
