package org.poolbench.bench;

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

import org.poolbench.bench.pools.PoolUnderTest;

/**
 * <b>Question:</b> what does reusing an idle connection save over connecting for every request, as connects get
 * dearer; and what does our pool lose when, as with Go's default, it keeps fewer idle connections (2) than it has
 * concurrent requests?
 *
 * <p><b>Workload:</b> a request borrows a connection, runs {@code SELECT 1} through a plain {@code Statement},
 * reads the one row and returns the connection. Backends: the stub driver with a connect latency of 0, about
 * 100 us (spinning) or about 1 ms (sleeping), and H2 in memory. Pools hold {@code size} (8) connections,
 * pre-filled, so up to 8 threads never wait for one another; {@code unpooled} opens and closes a physical
 * connection per request; {@code poolbench_maxidle2} is our pool with max idle 2, which under more than 2
 * concurrent requests closes connections on return and opens new ones on borrow; {@code poolbench_reset} is our
 * pool running the backend's reset statement on every return ({@code DISCARD ALL} on PostgreSQL; see
 * {@link Backend#resetStatement()}), whose cost is its difference from {@code poolbench}. On 2 cores, thread counts
 * above 2 are oversubscribed: research, not verdicts.
 *
 * <p>Beside the throughput (requests per millisecond), {@code @AuxCounters} report totals per iteration from which
 * the summary derives per-request rates: {@code requests}; {@code connects}, the physical connects made (by any
 * thread, the pool's own included); {@code waits}, borrows that waited for a connection as counted by the pool
 * ({@code -1} = this pool does not count them); and {@code failedAcquires}. Any other error fails the run.
 *
 * <p><b>Virtual threads</b> ({@link VirtualThreads}): also run with JMH's benchmark threads as virtual threads,
 * shown apart and with a pinning table per pool: quick at 4 virtual threads on the stub only, for the four pool
 * libraries ({@code poolbench}, {@code hikari}, {@code c3p0}, {@code vibur}: 4 runs; our pool's variants and
 * {@code unpooled} measure settings, not threading, and the virtual-thread axis's quick budget of 8 runs is shared
 * with {@link AcquireReleaseBenchmark}); full at 4 virtual threads with every pool on the stub and PostgreSQL (a
 * real socket, where a driver may pin); smoke at 2 virtual threads, {@code poolbench} on the stub.
 *
 * <pre>{@code
 * scripts/bench quick IdleReuse
 * java -jar target/benchmarks.jar IdleReuse -t 4 -p backend=h2 -foe true
 * java -jar target/benchmarks.jar IdleReuse -t 4 -p backend=stub -foe true -jvmArgsAppend -Djmh.executor=VIRTUAL
 * }</pre>
 */
// quick: 4 threads, twice Go's default max idle of 2; an embedded database and a real server, leaving the stub (the
// pool's own cost, which AcquireRelease measures; here on virtual threads) and its simulated connect latencies to full
@ThreadSweep(smoke = {2}, quick = {4}, full = {1, 2, 4, 8}, quickParams = {"backend=h2,pg"})
// virtual threads: quick, the four pools on the stub at 4 (where Vibur stalled in issue 9's first quick run); smoke:
// our pool on the stub
@VirtualThreads(smoke = {2}, quick = {4}, full = {4},
        quickParams = {"backend=stub", "pool=poolbench,hikari,c3p0,vibur"},
        smokeParams = {"backend=stub", "pool=poolbench"},
        fullParams = {"backend=stub,pg"})
public class IdleReuseBenchmark {

    /**
     * One pool under test over one backend, built before the trial and checked and closed after it by the last thread
     * out ({@link Counters#leave}).
     */
    @State(Scope.Benchmark)
    public static class Setting {

        @Param({"poolbench", "poolbench_maxidle2", "poolbench_reset", "hikari", "c3p0", "vibur", "unpooled"})
        public String pool;

        @Param({"stub", "stub_100us", "stub_1ms", "h2", "pg"})
        public String backend;

        @Param({"8"})
        public int size;

        /** The query; a field, not a constant, as JMH inputs should be. */
        String sql = "SELECT 1";

        DataSource dataSource;
        private Trial trial;
        private final AtomicInteger reporters = new AtomicInteger();
        private final LastThreadOut exit = new LastThreadOut();
        private long connectsAtStart;
        private long waitsAtStart;
        private long connectsInIteration;
        private long waitsInIteration;

        @Setup(Level.Trial)
        public void open() throws Exception {
            trial = Trial.open("reuse", pool, Backend.of(backend), size);
            dataSource = trial.pool.dataSource();
        }

        @Setup(Level.Iteration)
        public void mark() {
            connectsAtStart = trial.db.source().connects();
            waitsAtStart = trial.pool.waitCount();
        }

        /** Whether the calling thread state is the one that reports the shared totals (exactly one does). */
        boolean claimReporter() {
            return reporters.getAndIncrement() == 0;
        }

        /**
         * Takes the iteration's totals when it ends: JMH reads the counters only after the trial's teardown has
         * closed the pool and the database, so they must not be read from those then.
         */
        @TearDown(Level.Iteration)
        public void snapshot() {
            connectsInIteration = trial.db.source().connects() - connectsAtStart;
            long waits = trial.pool.waitCount();
            waitsInIteration = waits == PoolUnderTest.UNKNOWN ? PoolUnderTest.UNKNOWN : waits - waitsAtStart;
        }

        /** A benchmark thread's end of the trial; the last one checks and closes the trial. */
        void leave(ThreadParams thread) throws Exception {
            exit.leave(thread, trial);
        }
    }

    /**
     * Per-thread counters. Connects and waits happen pool-wide (a pool may connect on its own thread), so one
     * thread, the reporter, reports the pool's totals for the iteration and the others report 0: JMH sums the
     * threads, which gives the totals once.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters {
        public long requests;
        public long failedAcquires;
        private Setting setting;
        private boolean reporter;

        @Setup(Level.Trial)
        public void bind(Setting s) {
            setting = s;
            reporter = s.claimReporter();
        }

        @Setup(Level.Iteration)
        public void reset() {
            requests = 0;
            failedAcquires = 0;
        }

        /** This thread's end of the trial: the last thread out checks and closes the pool ({@link LastThreadOut}). */
        @TearDown(Level.Trial)
        public void leave(Setting s, ThreadParams thread) throws Exception {
            s.leave(thread);
        }

        public long connects() {
            return reporter ? setting.connectsInIteration : 0;
        }

        /** -1 (from the reporter) when the pool keeps no wait count; the summary shows that as n/a. */
        public long waits() {
            return reporter ? setting.waitsInIteration : 0;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int request(Setting s, Counters c, CarrierPause y, Control control) throws SQLException {
        y.outsideMeasurement(control);
        c.requests++;
        int result = Requests.selectOne(s.dataSource, s.sql);
        if (result == Requests.NO_CONNECTION) {
            c.failedAcquires++; // a timeout or a refused connect: counted and reported, not thrown
        }
        return result;
    }
}
