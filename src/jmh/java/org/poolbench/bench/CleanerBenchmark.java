package org.poolbench.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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
import org.openjdk.jmh.infra.ThreadParams;

import org.poolbench.bench.pools.PoolSpec;
import org.poolbench.bench.pools.PoolbenchAdapter;
import org.poolbench.pool.Pool;
import org.poolbench.pool.PoolConfig;
import org.poolbench.pool.PoolStats;

/**
 * <b>Question:</b> what does each pool's background reaper cost: on the borrow-and-return path while it runs at its
 * most frequent setting over many idle connections, and per sweep as the number of healthy idle connections grows?
 * Our cleaner promises a sweep that costs in proportion to what it closes, not to the idle count.
 *
 * <p><b>Workload:</b> the stub driver with no latency and no connection limit; each pool holds {@code idle}
 * connections (16, 256, 1,000), pre-filled, all healthy (the spec's 30 min lifetime and 10 min idle time, and each
 * pool's minimum at the size, so no reaper has anything to close), and the benchmark threads borrow one and give it
 * back. {@code reaper}: {@code off}, {@code 1s} (the most frequent setting Go allows) or {@code 10ms} (research),
 * translated per pool by its adapter ({@link PoolSpec#reaperInterval()}):
 * <ul>
 *   <li>poolbench: the cleaner at exactly that interval (the research setting {@code cleanerInterval}; by Go's rule
 *       the interval is the smaller limit, so a 1 s sweep would otherwise mean closing connections idle for 1 s);
 *       off: no lifetime or idle time, so no cleaner thread.</li>
 *   <li>HikariCP: the housekeeping period ({@code com.zaxxer.hikari.housekeeping.periodMs}, set only while the pool
 *       is built); it cannot be switched off, so {@code off} is its 30 s default, whose first run, 100 ms after the
 *       start, falls before measurement and whose next one after it.</li>
 *   <li>c3p0: its idle and age checks run every {@code propertyCycle}, whole seconds, so {@code 10ms} runs at 1 s,
 *       c3p0's closest; the first check comes 1 s after the start ({@code maxIdleTimeExcessConnections} of 1 s,
 *       which closes nothing at the minimum size); off: no limits, so no checks.</li>
 *   <li>Vibur: the reducer's interval in whole seconds, so {@code 10ms} runs at 1 s; off: no reducer. It has no
 *       lifetime, and never reduces below its initial size, which is the size.</li>
 * </ul>
 * On 2 cores the reaper competes with the 2 benchmark threads for the CPU: its cost shows in their throughput.
 *
 * <p><b>Hot path:</b> {@code borrowReturn} gives throughput, {@code borrowReturnLatency} the distribution (sample
 * mode: p99, p99.9); compare each pool's {@code 1s} and {@code 10ms} with its {@code off}. The goal for ours is no
 * difference that the run can establish.
 *
 * <p><b>Sweep cost</b> comes from the same runs, as per-iteration aggregates rather than single-shot timings: a
 * single sweep is microseconds, below what a single-shot invocation resolves, and a sweep belongs to the reaper's
 * thread, not to the benchmark method. {@code @AuxCounters}, totals per iteration (the summary divides them by
 * {@code requests}; divide {@code reaperCpuNanos} by {@code sweeps} or {@code estimatedSweeps} for one sweep):
 * {@code requests}; {@code failedAcquires}; {@code reaperCpuNanos}, the CPU time of the pool's reaper thread(s), waking and
 * going back to sleep included
 * ({@code ThreadMXBean}, threads found by name, see {@link ReaperThreads}); {@code sweeps}, the sweeps our cleaner
 * made (its stats; -1 for the other pools, which count none); {@code sweepNanos}, the real time our sweeps took,
 * measured around each one inside the pool, waiting for the pool's lock (which the borrowers hold by turns) and for a
 * CPU included (-1 for the others); {@code estimatedSweeps}, the iteration's time
 * divided by the pool's effective interval (0 when off), the only sweep count the other pools allow; and
 * {@code connects}, physical connects, which stay 0 while no reaper closes a healthy connection. Flat
 * {@code reaperCpuNanos} per sweep across {@code idle} is a sweep that does not scale with the idle count. Our
 * {@code sweeps} fall below {@code estimatedSweeps}: the next deadline counts from the end of a sweep, and a cleaner
 * waiting for a CPU sweeps late, which {@code sweepNanos} also shows (it is real time). HikariCP logs "Thread
 * starvation or clock leap detected" whenever its housekeeper runs more than 1.5 periods late, which at 10 ms on
 * 2 busy cores is often; that logging is part of its housekeeper's CPU time, and evicts nothing.
 *
 * <p><b>Sweep cost as expired connections grow</b> ({@code sweepExpired}, our pool only): {@code idle} healthy
 * idle connections and {@code expired} (0, 16, 256) idle ones past their idle time, on a clock the benchmark steps
 * ({@link SteppedClock}), so that each invocation lets exactly one sweep run and the iteration's teardown fails the
 * run unless that sweep closed exactly the expired ones and kept the rest. Single-shot mode, since every sweep
 * needs connections made expired in the iteration's set-up. The score is the time from the sweep's deadline to its
 * end as the benchmark thread sees it (waking the cleaner and polling included); the counter {@code sweepNanos}
 * (per request = per sweep) is the sweep alone, closing included, timed inside the pool: it should grow with
 * {@code expired} and stay flat in {@code idle}. The other pools are not measured this way: none takes a clock,
 * and on real time their floors make an expiry per iteration slow (HikariCP's idle timeout is at least 10 s and
 * closes only above the minimum idle, its lifetime at least 30 s and enforced per connection by its own scheduled
 * task rather than the housekeeper; c3p0's limits are whole seconds; Vibur has no idle time or lifetime, its reducer
 * closes idle connections above the initial size by sampled usage).
 *
 * <p>The reaper's effect, connections closed between bursts and opened again in the next one when the idle time
 * is shorter than the gap between them, is {@link IdleBurstBenchmark}'s question.
 *
 * <p>Runs: smoke 9 (16 idle, reapers at {@code 10ms}; 16 expired), quick 17 (256 idle, reapers {@code off} and at
 * {@code 10ms}; 256 expired), full 81 (72 hot-path runs and 9 single sweeps), all at 2 threads.
 *
 * <pre>{@code
 * scripts/bench quick Cleaner
 * java -jar target/benchmarks.jar Cleaner -t 2 -p reaper=off,1s -p idle=1000 -foe true
 * }</pre>
 */
// 2 threads: both cores busy, so the reaper's CPU is taken from the borrowers (sweepExpired: a pool per thread).
// quick: every pool off and at the most frequent setting over 256 idle connections, side by side in one run so that
// the hot-path goal can be judged, and one single-sweep run (at 1,000 a HikariCP trial took over 30 s per fork, most
// of a quick run's budget); smoke: 10 ms over 16 connections;
// full: every combination.
@ThreadSweep(smoke = {2}, quick = {2}, full = {2},
        quickParams = {"reaper=off,10ms", "idle=256", "expired=256"},
        smokeParams = {"reaper=10ms", "idle=16", "expired=16"})
public class CleanerBenchmark {

    /**
     * One pool with its reaper set, built before the trial; its reaper threads found and measured per iteration; closed
     * by the last thread out ({@link Counters#leave}).
     */
    @State(Scope.Benchmark)
    public static class Reaping {

        @Param({"poolbench", "hikari", "c3p0", "vibur"})
        public String pool;

        @Param({"off", "1s", "10ms"})
        public String reaper;

        @Param({"16", "256", "1000"})
        public int idle;

        DataSource dataSource;
        private Trial trial;
        private ReaperThreads reapers;
        private Duration effectiveInterval;
        private final AtomicInteger reporters = new AtomicInteger();
        private final LastThreadOut exit = new LastThreadOut();
        private long startNanos;
        private long cpuAtStart;
        private long sweepsAtStart;
        private long sweepNanosAtStart;
        private long connectsAtStart;
        long cpuInIteration;
        long sweepsInIteration;
        long sweepNanosInIteration;
        long estimatedSweepsInIteration;
        long connectsInIteration;

        @Setup(Level.Trial)
        public void open() throws Exception {
            PoolKind kind = PoolKind.of(pool);
            Duration interval = reaperInterval(reaper);
            PoolSpec spec = spec(idle, reaper);
            Set<Long> before = ReaperThreads.liveThreadIds();
            trial = Trial.openOnStubWithoutLimit("cleaner", kind, spec);
            dataSource = trial.pool.dataSource();
            reapers = ReaperThreads.find(kind, trial.name, before);
            effectiveInterval = effectiveInterval(kind, interval);
            if (!interval.isZero() && reapers.count() == 0) {
                // Without its thread the CPU counter would read 0: a wrong answer, not a cheap reaper.
                throw new IllegalStateException(pool + " runs a reaper every " + effectiveInterval
                        + " but no thread of it was found");
            }
        }

        @Setup(Level.Iteration)
        public void mark() {
            startNanos = System.nanoTime();
            cpuAtStart = reapers.cpuNanos();
            sweepsAtStart = ourSweeps();
            sweepNanosAtStart = ourSweepNanos();
            connectsAtStart = trial.db.source().connects();
        }

        /** Whether the calling thread state is the one that reports the shared totals (exactly one does). */
        boolean claimReporter() {
            return reporters.getAndIncrement() == 0;
        }

        /** Takes the iteration's totals as it ends, before the trial's teardown closes the pool. */
        @TearDown(Level.Iteration)
        public void snapshot() {
            long elapsed = System.nanoTime() - startNanos;
            cpuInIteration = reapers.cpuBetween(cpuAtStart, reapers.cpuNanos());
            long sweeps = ourSweeps();
            sweepsInIteration = sweeps < 0 ? -1 : sweeps - sweepsAtStart;
            long sweepNanos = ourSweepNanos();
            sweepNanosInIteration = sweepNanos < 0 ? -1 : sweepNanos - sweepNanosAtStart;
            estimatedSweepsInIteration = effectiveInterval.isZero() ? 0 : elapsed / effectiveInterval.toNanos();
            connectsInIteration = trial.db.source().connects() - connectsAtStart;
        }

        /** A benchmark thread's end of the trial; the last one checks and closes the trial. */
        void leave(ThreadParams thread) throws Exception {
            exit.leave(thread, trial);
        }

        /** Our cleaner's sweep count, or -1 for a pool that counts none. */
        private long ourSweeps() {
            return trial.pool instanceof PoolbenchAdapter ours ? ours.stats().sweeps() : -1;
        }

        /** Our cleaner's total sweep time in nanoseconds, or -1 for a pool that keeps none. */
        private long ourSweepNanos() {
            return trial.pool instanceof PoolbenchAdapter ours ? ours.stats().sweepTime().toNanos() : -1;
        }
    }

    /**
     * Per-thread counters. The reaper's totals are pool-wide, so one thread, the reporter, reports them and the
     * others report 0: JMH sums the threads, which gives each total once.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters {
        public long requests;
        public long failedAcquires;
        private Reaping reaping;
        private boolean reporter;

        @Setup(Level.Trial)
        public void bind(Reaping r) {
            reaping = r;
            reporter = r.claimReporter();
        }

        @Setup(Level.Iteration)
        public void reset() {
            requests = 0;
            failedAcquires = 0;
        }

        /** This thread's end of the trial: the last thread out checks and closes the pool ({@link LastThreadOut}). */
        @TearDown(Level.Trial)
        public void leave(Reaping r, ThreadParams thread) throws Exception {
            r.leave(thread);
        }

        public long reaperCpuNanos() {
            return reporter ? reaping.cpuInIteration : 0;
        }

        /** -1 (from the reporter) for a pool that counts no sweeps; the summary shows that as n/a. */
        public long sweeps() {
            return reporter ? reaping.sweepsInIteration : 0;
        }

        /** -1 (from the reporter) for a pool that does not time its sweeps. */
        public long sweepNanos() {
            return reporter ? reaping.sweepNanosInIteration : 0;
        }

        public long estimatedSweeps() {
            return reporter ? reaping.estimatedSweepsInIteration : 0;
        }

        public long connects() {
            return reporter ? reaping.connectsInIteration : 0;
        }
    }

    /**
     * Our pool alone, on a clock the benchmark moves ({@link SteppedClock}), holding {@code idle} healthy idle
     * connections; each iteration adds {@code expired} idle connections past their idle time, and the measured
     * invocation lets exactly one sweep run. Built directly rather than through {@link Trial}, since no adapter takes
     * a clock; its settings are {@link PoolbenchAdapter}'s for the spec's size and timeout, with the idle time and
     * cleaner interval below and no lifetime (the lifetime walk has the same shape as the idle walk). Each benchmark
     * thread has a pool of its own, so every thread count measures single sweeps.
     */
    @State(Scope.Thread)
    public static class Expiring {

        /** The same name as {@link Reaping#idle}, so a profile's narrowing applies to both parts. */
        @Param({"16", "256", "1000"})
        public int idle;

        @Param({"0", "16", "256"})
        public int expired;

        /** The idle time, on the stepped clock; the value is arbitrary since the benchmark moves the clock. */
        long idleTimeNanos = Duration.ofSeconds(1).toNanos();
        /**
         * The cleaner's interval, 1.5 idle times: the set-up moves the clock by one idle time, which ages the expired
         * connections without reaching the sweep, and the measured invocation by the other half, which reaches it
         * while the healthy connections have been idle for half an idle time.
         */
        long intervalNanos = idleTimeNanos + idleTimeNanos / 2;

        SteppedClock clock;
        Pool pool;
        private Backend.Database db;
        private final List<Connection> held = new ArrayList<>();
        long sweepsAtStart;
        long sweepNanosAtStart;
        long closedAtStart;
        long sweepsInIteration;
        long sweepNanosInIteration;
        long closedInIteration;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            String name = Trial.uniqueName("cleaner", "poolbench_expiring");
            db = Backend.openStubWithoutLimit(name);
            clock = new SteppedClock();
            PoolSpec spec = PoolSpec.ofSize(idle + expired);
            pool = Pool.open(new PoolConfig().dataSource(db.source()).name(name)
                    .maxOpen(spec.size()).maxIdle(spec.size())
                    .maxIdleTime(Duration.ofNanos(idleTimeNanos)).cleanerInterval(Duration.ofNanos(intervalNanos))
                    .acquireTimeout(spec.acquireTimeout()).clock(clock));
            borrow(idle);
            giveBack(idle);
        }

        /**
         * Leaves {@code expired} connections idle past their idle time under {@code idle} freshly returned ones, the
         * cleaner's deadline still ahead: the borrow takes the healthy ones and opens the others, which go back first
         * and age by the idle time before the healthy ones go back.
         */
        @Setup(Level.Iteration)
        public void age() throws SQLException {
            PoolStats stats = pool.stats();
            if (stats.idle() != idle || stats.open() != idle) {
                throw new IllegalStateException("expected " + idle + " healthy idle connections before the iteration, "
                        + "but the pool has " + stats);
            }
            borrow(idle + expired);
            giveBack(expired); // the newest, opened just now: their idle time starts here
            clock.advance(idleTimeNanos);
            giveBack(idle);
            stats = pool.stats();
            sweepsAtStart = stats.sweeps();
            sweepNanosAtStart = stats.sweepTime().toNanos();
            closedAtStart = stats.maxIdleTimeClosed();
        }

        /** Fails the run unless the iteration's one sweep closed exactly the expired connections. */
        @TearDown(Level.Iteration)
        public void check() {
            PoolStats stats = pool.stats();
            sweepsInIteration = stats.sweeps() - sweepsAtStart;
            sweepNanosInIteration = stats.sweepTime().toNanos() - sweepNanosAtStart;
            closedInIteration = stats.maxIdleTimeClosed() - closedAtStart;
            if (sweepsInIteration != 1 || closedInIteration != expired || stats.idle() != idle) {
                throw new IllegalStateException("one sweep should have closed " + expired + " expired connections and "
                        + "kept " + idle + ", but " + sweepsInIteration + " sweeps closed " + closedInIteration
                        + ": " + stats);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            try {
                pool.close();
            } finally {
                db.close();
            }
        }

        private void borrow(int n) throws SQLException {
            for (int i = 0; i < n; i++) {
                held.add(pool.getConnection());
            }
        }

        /** Returns the {@code n} most recently borrowed connections, newest first. */
        private void giveBack(int n) throws SQLException {
            for (int i = 0; i < n; i++) {
                held.remove(held.size() - 1).close();
            }
        }
    }

    /** One sweep per invocation; totals per iteration, so that per request reads as per sweep. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class SweepCounters {
        /** Sweeps driven by the benchmark: one per invocation. */
        public long requests;
        /**
         * Set by the benchmark method: JMH gives a {@code Scope.Thread} state injected into another state's
         * {@code @Setup} an instance of its own, not the method's, so binding in a set-up would read another pool.
         */
        Expiring expiring;

        @Setup(Level.Iteration)
        public void reset() {
            requests = 0;
        }

        /** The real time of the iteration's sweeps, measured inside the pool. */
        public long sweepNanos() {
            return expiring == null ? 0 : expiring.sweepNanosInIteration;
        }

        /** Connections the iteration's sweeps closed: {@code expired}, or the run fails. */
        public long sweepClosed() {
            return expiring == null ? 0 : expiring.closedInIteration;
        }
    }

    /**
     * Moves the clock to the cleaner's deadline and waits until its sweep has ended: the score is that wait (waking
     * the cleaner, the sweep, closing the expired connections, and noticing the end, polled every 10 us), the
     * {@code sweepNanos} counter the sweep alone.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long sweepExpired(Expiring e, SweepCounters c) {
        c.requests++;
        c.expiring = e;
        e.clock.advance(e.intervalNanos - e.idleTimeNanos);
        long sweeps;
        while ((sweeps = e.pool.stats().sweeps()) == e.sweepsAtStart) {
            LockSupport.parkNanos(10_000); // not spinning on the pool's lock while the cleaner needs it
        }
        return sweeps;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Connection borrowReturn(Reaping r, Counters c) throws SQLException {
        return borrowAndReturn(r.dataSource, c);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Connection borrowReturnLatency(Reaping r, Counters c) throws SQLException {
        return borrowAndReturn(r.dataSource, c);
    }

    /** One borrow and return ({@link Requests#borrowAndReturn}); a failed borrow is counted, not thrown. */
    private static Connection borrowAndReturn(DataSource dataSource, Counters c) throws SQLException {
        c.requests++;
        Connection connection = Requests.borrowAndReturn(dataSource);
        if (connection == null) {
            c.failedAcquires++;
        }
        return connection;
    }

    /** The pools' spec for {@code idle} healthy connections and the {@code reaper} setting. */
    static PoolSpec spec(int idle, String reaper) {
        return PoolSpec.ofSize(idle).withReaperInterval(reaperInterval(reaper));
    }

    /**
     * The {@code reaper} parameter as the spec's interval: {@code off} is zero, otherwise a number with the unit
     * {@code ms} or {@code s}.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    static Duration reaperInterval(String value) {
        if (value.equals("off")) {
            return Duration.ZERO;
        }
        try {
            if (value.endsWith("ms")) {
                return positive(Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2))), value);
            }
            if (value.endsWith("s")) {
                return positive(Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1))), value);
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted forms
        }
        throw new IllegalArgumentException("reaper must be off or a positive interval such as 1s or 10ms, but was '"
                + value + "'");
    }

    private static Duration positive(Duration d, String value) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("reaper must be off or a positive interval such as 1s or 10ms, but was '"
                    + value + "'");
        }
        return d;
    }

    /**
     * How often {@code kind}'s reaper really runs for {@code interval} (zero when off): each pool's own floor and
     * unit applied as its adapter translates the spec. HikariCP off is its 30 s default, which no iteration reaches.
     */
    static Duration effectiveInterval(PoolKind kind, Duration interval) {
        if (interval.isZero()) {
            return kind == PoolKind.HIKARI ? Duration.ofSeconds(30) : Duration.ZERO;
        }
        return switch (kind) {
            case POOLBENCH -> interval;
            case HIKARI -> Duration.ofMillis(Math.max(1, interval.toMillis()));
            // c3p0's propertyCycle and Vibur's reducer interval: whole seconds, at least 1
            case C3P0, VIBUR -> Duration.ofSeconds(Math.max(1, (interval.toMillis() + 999) / 1000));
            default -> throw new IllegalArgumentException(kind.paramValue() + " has no background reaper to measure");
        };
    }
}
