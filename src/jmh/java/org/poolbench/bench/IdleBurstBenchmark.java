package org.poolbench.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

import org.poolbench.bench.pools.PoolSpec;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * <b>Question:</b> when requests come in bursts separated by a gap longer than the idle time, how many connections
 * does each pool close between bursts and open again in the next one, and what does the burst pay for it?
 *
 * <p><b>Workload:</b> each JMH iteration is one burst ({@code Mode.SingleShotTime}): every benchmark thread makes
 * one request, borrow, {@code SELECT 1} with a 2 ms query latency (the stub's {@code executeLatency}, sleeping, so
 * that the requests overlap and need a connection each), read, return. The stub's connect sleeps 1 ms
 * ({@code stub_1ms}). The pool holds at most as many connections as there are threads (the burst's width, 8), keeps
 * no minimum ({@code minIdle} 0, so an idle limit can close everything: HikariCP and c3p0 never close below their
 * minimum) and has a 1 s idle time; the trial's set-up runs one burst, untimed, so the first measured burst follows
 * a gap like every other. Before each burst the benchmark waits, in real time, the {@code gap} after the previous
 * burst ended: {@code long}, {@value #LONG_GAP_MILLIS} ms, beyond the 1 s idle time plus each pool's 1 s reaper
 * interval (a connection returned just after a sweep is closed by the sweep after next, about 2 s later) with a
 * margin; {@code short}, {@value #SHORT_GAP_MILLIS} ms, below the idle time, the control. The sleep is the workload,
 * not a test waiting: the pools' reapers run on real time. The warm-up iterations follow the previous burst at once
 * (they warm the code, their numbers are dropped; a gap each would cost the quick profile a minute), and
 * {@code unpooled} does not wait (it holds nothing between bursts, so a gap changes nothing for it). On 2 cores 8
 * threads are oversubscribed, but they spend the burst sleeping in the stub.
 *
 * <p><b>Pools</b> (idle time 1 s and reaper interval 1 s, the same for all where they can be set; the README's
 * fairness table has each translation):
 * <ul>
 *   <li>poolbench: {@code maxIdleTime} 1 s; by Go's rule the cleaner runs at the smaller limit, 1 s, with no
 *       research setting.</li>
 *   <li>HikariCP: {@code idleTimeout} 1 s and its housekeeper every 1 s. HikariCP refuses an idle timeout below
 *       10 s at start (it puts back its 10 min default), so the adapter sets it on the running pool, where its
 *       runtime setter takes it and the housekeeper reads it every run: a deliberate step past HikariCP's floor, so
 *       that it closes after the same idle time as the others. Its connections are opened by one adder thread that
 *       sleeps 30 ms after each one it adds (HikariCP 7.1's {@code PoolEntryCreator}), so a burst that finds the pool
 *       empty gets its first new connection after one connect and the next about 30 ms later: on the stub, the
 *       burst's 8 requests take turns on that one connection (1 connect per burst, and each request waits for the
 *       others' queries).</li>
 *   <li>c3p0: {@code maxIdleTime} 1 s, its floor (whole seconds), and its checks every 1 s ({@code propertyCycle}).
 *       It opens connections 3 at a time ({@code acquireIncrement}), so a burst may open one it does not need.</li>
 *   <li>Vibur DBCP: <b>has no idle time</b>. Its reducer, every 1 s here ({@code reducerTimeIntervalInSeconds};
 *       initial size 0, so it may close everything), samples the idle count 15 times per interval (its {@code reducerSamples}) and then closes
 *       the fewest connections that were idle at every sample, but at most 20% of those open (rounded up: 2 of 8),
 *       however long they sat idle. So it closes a few per second between bursts whatever the gap, the short one
 *       included, and never all 8 in one gap of 2.5 s. Its first interval starts with the pool empty (initial size 0),
 *       so it closes nothing in its first second: a short run of short gaps may end before it reduces at all. That
 *       is what is measured; no idle time is faked.</li>
 *   <li>{@code unpooled}, the reference: a connect per request, the cost a pool that closed everything would
 *       pay.</li>
 * </ul>
 *
 * <p><b>Counters</b> ({@code @AuxCounters}, totals per burst that read per request): {@code requests};
 * {@code connects}, physical connects during the burst, by any thread (counted at the connection source every pool
 * shares); {@code closedInGap}, physical closes between the end of the previous burst and the start of this one
 * (counted by the stub server); {@code failedAcquires}. 1.0 connects per request: every request opened its
 * connection again; 1.0 closed in the gap per request: every connection the previous burst used was closed. Any
 * other error fails the run. The score is the mean time of one request in the burst, connects included: a pool
 * that reopens pays about the stub's 1 ms per request more than one that reused.
 *
 * <p>Only the stub: the closes are counted by its server. PostgreSQL, where a connect costs a login and a server
 * process ({@code ConnectBenchmark}), is not measured here yet.
 *
 * <p>Runs: smoke 4 ({@code poolbench} and {@code hikari}, both gaps), quick 5 (every pool, {@code long}), full 10
 * (every pool, both gaps), all at 8 threads. {@code -t N} sets the burst's width and the pools' size.
 *
 * <pre>{@code
 * scripts/bench quick IdleBurst
 * java -jar target/benchmarks.jar IdleBurst -t 8 -p gap=long,short -foe true
 * }</pre>
 */
// 8 threads: a burst as wide as the pool, within the stub's 17 slots. quick: the long gap only (every pool, about 75 s
// with 2 forks); smoke: our pool and HikariCP, both gaps (about 15 s), so CI sees both sides; full: every combination.
@ThreadSweep(smoke = {8}, quick = {8}, full = {8},
        quickParams = {"gap=long"},
        smokeParams = {"pool=poolbench,hikari", "gap=long,short"})
public class IdleBurstBenchmark {

    /** The long gap: the 1 s idle time, a 1 s reaper interval, and a margin for a late reaper. */
    static final long LONG_GAP_MILLIS = 2500;
    /** The short gap: half the idle time, so no idle limit is reached. */
    static final long SHORT_GAP_MILLIS = 500;
    /** The idle time every pool that has one gets. */
    static final Duration IDLE_TIME = Duration.ofSeconds(1);
    /** Every reaper's interval: c3p0's and Vibur's floor, and Go's rule for our pool at a 1 s idle time. */
    static final Duration REAPER_INTERVAL = Duration.ofSeconds(1);

    /**
     * One pool over the stub, its bursts' boundaries and the totals of the current burst; closed by the last thread
     * out ({@link Counters#leave}).
     */
    @State(Scope.Benchmark)
    public static class Bursts {

        @Param({"poolbench", "hikari", "c3p0", "vibur", "unpooled"})
        public String pool;

        @Param({"long", "short"})
        public String gap;

        /** The query and its latency; fields, not constants, as JMH inputs should be. */
        String sql = "SELECT 1";
        String queryLatency = "2ms";

        DataSource dataSource;
        private Trial trial;
        private StubServer server;
        private long gapNanos;
        /** Whether the pool holds connections between bursts, so that the gap is worth waiting. */
        private boolean holds;
        private final AtomicInteger reporters = new AtomicInteger();
        private final LastThreadOut exit = new LastThreadOut();
        /** Released by the reporter once the gap is over; a new one per burst. */
        private volatile CountDownLatch burstStart;
        private volatile long burstEndNanos;
        private long closedAtBurstEnd;
        private long connectsAtBurstStart;
        volatile long closedInGap;
        volatile long connectsInBurst;

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) throws Exception {
            PoolKind kind = PoolKind.of(pool);
            gapNanos = gapMillis(gap) * 1_000_000L;
            holds = kind != PoolKind.UNPOOLED;
            int width = params.getThreads();
            trial = Trial.open("burst", kind, Backend.STUB_1MS, Map.of("executeLatency", queryLatency), null,
                    spec(width));
            dataSource = trial.pool.dataSource();
            server = StubDriver.server(trial.name);
            prime(width);
            endBurst();
        }

        /** One untimed burst: {@code width} connections borrowed at once and returned, as a measured burst does. */
        private void prime(int width) throws SQLException {
            Connection[] held = new Connection[width];
            try {
                for (int i = 0; i < width; i++) {
                    held[i] = dataSource.getConnection();
                }
            } finally {
                for (Connection c : held) {
                    if (c != null) {
                        c.close();
                    }
                }
            }
        }

        /** Whether the calling thread's counters report the pool-wide totals and start the burst (exactly one). */
        boolean claimReporter() {
            return reporters.getAndIncrement() == 0;
        }

        /**
         * The reporter's part before a burst: waits out the gap after the previous burst (not in warm-up, not for
         * {@code unpooled}), takes the gap's closes and the connect count, and releases the other threads.
         */
        void startAfterGap(boolean warmup) throws InterruptedException {
            if (holds && !warmup) {
                long deadline = burstEndNanos + gapNanos;
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.sleep(left); // the gap is the workload: real time for the pools' reapers
                }
            }
            closedInGap = server.closed() - closedAtBurstEnd;
            connectsAtBurstStart = trial.db.source().connects();
            burstStart.countDown();
        }

        /**
         * The other threads' part before a burst: wait, blocked rather than spinning, so that the reapers and the
         * reporter have the CPU; a reporter that failed fails them too, after the gap and a minute.
         */
        void awaitStart() throws InterruptedException {
            if (!burstStart.await(gapNanos + TimeUnit.MINUTES.toNanos(1), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("the burst did not start within a minute of its gap: did the "
                        + "reporting thread's set-up fail?");
            }
        }

        /**
         * Takes the burst's totals once every thread has finished (JMH reads the counters after the trial's teardown,
         * so they must not be read from the pool then), and marks where the next gap starts.
         */
        @TearDown(Level.Iteration)
        public void endBurst() {
            connectsInBurst = trial.db.source().connects() - connectsAtBurstStart;
            closedAtBurstEnd = server.closed();
            burstStart = new CountDownLatch(1);
            burstEndNanos = System.nanoTime();
        }

        /** A benchmark thread's end of the trial; the last one checks and closes the trial. */
        void leave(ThreadParams thread) throws Exception {
            exit.leave(thread, trial);
        }
    }

    /**
     * Per-thread counters. Connects and closes are pool-wide, so one thread, the reporter, reports them and the
     * others 0: JMH sums the threads, which gives each total once.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters {
        public long requests;
        public long failedAcquires;
        private Bursts bursts;
        private boolean reporter;

        @Setup(Level.Trial)
        public void bind(Bursts b) {
            bursts = b;
            reporter = b.claimReporter();
        }

        /** Resets the counts, then waits for the burst to start (the reporter waits out the gap). */
        @Setup(Level.Iteration)
        public void awaitBurst(IterationParams iteration) throws InterruptedException {
            requests = 0;
            failedAcquires = 0;
            if (reporter) {
                bursts.startAfterGap(iteration.getType() == IterationType.WARMUP);
            } else {
                bursts.awaitStart();
            }
        }

        /** This thread's end of the trial: the last thread out checks and closes the pool ({@link LastThreadOut}). */
        @TearDown(Level.Trial)
        public void leave(Bursts b, ThreadParams thread) throws Exception {
            b.leave(thread);
        }

        public long connects() {
            return reporter ? bursts.connectsInBurst : 0;
        }

        public long closedInGap() {
            return reporter ? bursts.closedInGap : 0;
        }
    }

    /** One request of the burst: borrow, {@code SELECT 1} (2 ms on the stub), read, return. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int request(Bursts b, Counters c) throws SQLException {
        c.requests++;
        int result = Requests.selectOne(b.dataSource, b.sql);
        if (result == Requests.NO_CONNECTION) {
            c.failedAcquires++; // a timeout or a refused connect: counted and reported, not thrown
        }
        return result;
    }

    /**
     * The pools' spec for a burst {@code width} wide: that many connections at most, none kept at a minimum and none
     * opened at start, the 1 s idle time and the 1 s reaper interval.
     */
    static PoolSpec spec(int width) {
        return PoolSpec.ofSize(width).withMinIdle(0).withMaxIdleTime(IDLE_TIME).withReaperInterval(REAPER_INTERVAL);
    }

    /**
     * The {@code gap} parameter in milliseconds: {@code long} or {@code short}.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    static long gapMillis(String gap) {
        return switch (gap) {
            case "long" -> LONG_GAP_MILLIS;
            case "short" -> SHORT_GAP_MILLIS;
            default -> throw new IllegalArgumentException("gap must be long (" + LONG_GAP_MILLIS + " ms) or short ("
                    + SHORT_GAP_MILLIS + " ms), but was '" + gap + "'");
        };
    }
}
