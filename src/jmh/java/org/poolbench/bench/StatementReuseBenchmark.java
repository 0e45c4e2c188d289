package org.poolbench.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * <b>Question:</b> a request runs K statements; what does each way of running them cost, and how many physical
 * prepares per request does each cause: one-shot (a prepare per statement unless a cache catches it), our pool-level
 * {@code Stmt} (Go's {@code sql.Stmt}: prepared once per connection it lands on), pinned (all K on one connection),
 * or a pool's statement cache?
 *
 * <p><b>Workload:</b> one request = {@code statements} (K = 5) statements, {@code SELECT 1 AS c<i>}, each row read;
 * with {@code texts=distinct} K distinct texts, with {@code texts=same} one text K times. The loop over the K
 * statements in the {@code @Benchmark} method is the unit of work (a request), and {@code requests} counts
 * requests, so the score is requests per millisecond. The {@code pool} parameter names a pool and a way together
 * ({@link StatementWay}), since the ways differ by pool:
 * <ul>
 *   <li>{@code poolbench_oneshot}: {@code Pool.query} per statement; {@code hikari}: borrow, {@code prepareStatement},
 *       execute, close per statement (HikariCP has no statement cache by design: on PostgreSQL its users get reuse
 *       from pgjdbc's per-connection cache, {@code prepareThreshold}, {@code preparedStatementCacheQueries});</li>
 *   <li>{@code poolbench_stmt}: one {@code Stmt} per text, made per trial; {@code poolbench_maxidle2_stmt}: the same
 *       with Go's default max idle of 2, whose churn above 2 threads makes every new connection prepare again;</li>
 *   <li>pinned: {@code poolbench_tx}, a {@code Tx} running each {@code Stmt} on its connection ({@code tx.Stmt});
 *       {@code hikari_pinned}, one borrowed connection, each distinct text prepared once per request;</li>
 *   <li>{@code c3p0_cache}, {@code vibur_cache}: one-shot per statement through the pool's statement cache
 *       ({@value StatementWay#STATEMENT_CACHE_PER_CONNECTION} per connection, {@code PoolSpec.statementCacheSize};
 *       Vibur's one pool-wide map gets {@code size} times that). {@code c3p0} and {@code vibur} (no cache) are
 *       accepted with {@code -p} but not in the declared matrix: without a cache they run {@code hikari}'s path.</li>
 * </ul>
 * The {@code backend} names a backend and its driver's prepare setting: the stub with a prepare latency of 0, about
 * 50 us or about 500 us (spinning below 1 ms, see the stub URL's {@code prepareLatency}); H2 in memory; PostgreSQL
 * with pgjdbc's {@code prepareThreshold} 5 ({@code pg}, the default every other benchmark uses), 0 (never a
 * server-side prepare), 1 or -1 (always, binary transfer). The value is in every result's params, hence in
 * {@code results.json}. Pool size 8; threads 4 (fewer than the connections) and 16 (more: waits, and churn for
 * max idle 2; oversubscribed on 2 cores, research rather than verdicts). Trimmed to keep {@code full} under 2 hours:
 * {@code texts=same} and other sizes ({@code -p size=4}: a {@code Stmt} met by fewer connections) are run with
 * {@code -p}, not by a profile.
 *
 * <p><b>Counters</b> ({@code @AuxCounters}, totals per iteration): {@code requests}; {@code prepares}, physical
 * {@code prepareStatement}/{@code prepareCall} calls counted at the driver ({@link StatementCounter}, which wraps
 * every physical connection alike for all pools; one reflective dispatch per connection and statement call) by any
 * thread; {@code wrappedCalls}, the connection and statement calls that went through that wrapper, the price of the
 * count (a pool calling more connection methods per borrow pays more); {@code connects}, physical connects;
 * {@code failedAcquires}, requests that failed to get a connection (any other error fails the run). Gauges, read once at the end of the iteration and not meaningful divided by
 * {@code requests} (read them as totals): {@code heldStatements}, prepared statements open at the driver on the
 * pool's connections (a {@code Stmt}'s or a cache's), and {@code openConnections}, the pool's physical connections
 * ({@code -1} if it does not say): their ratio is statements held per connection; {@code serverPrepared}, on
 * PostgreSQL the rows of {@code pg_prepared_statements} for the workload's texts summed over {@code size} sessions
 * borrowed at once from the pool after the iteration and returned in reverse, so the pool's order of reuse stands
 * (pgjdbc's server-side statements, which a closed {@code PreparedStatement} may leave in its cache; a pool holding
 * fewer than {@code size} idle connections opens new ones, which show 0), -1 elsewhere.
 * Our pool's goal: at most 0.01 prepares per request once warm, threads at most the size ({@code StatementWayTest}
 * checks it on the stub; the smoke run, cold, checks at most one prepare per text per connection).
 *
 * <p><b>Virtual threads</b> ({@link VirtualThreads}): quick at 4 virtual threads on the stub, one way per pool (ours
 * its pool-level {@code Stmt}, HikariCP one-shot, c3p0's and Vibur's caches: 4 runs), shown apart with a pinning
 * table per pool; full at 4 with every way on the stub and PostgreSQL.
 *
 * <p>Pools: ours, HikariCP, c3p0 and Vibur, each in the ways it has. Not covered: a pool-level statement in
 * HikariCP, c3p0 or Vibur (none has one), a statement cache in ours or HikariCP (neither has one).
 *
 * <pre>{@code
 * scripts/bench quick StatementReuse
 * java -jar target/benchmarks.jar StatementReuse -t 4 -p backend=stub_prepare50us -p pool=poolbench_stmt,hikari \
 *     -foe true
 * }</pre>
 */
// full: 8 ways x 8 backends x 2 thread counts = 128 runs (about 115 min at 3 forks x 18 s); texts=same and other
// sizes are left to -p. quick: 6 ways (every pool) on the stub and PostgreSQL at 4 threads (12 runs); smoke: 8 ways
// on the stub (8 runs).
@ThreadSweep(smoke = {2}, quick = {4}, full = {4, 16},
        quickParams = {"pool=poolbench_oneshot,poolbench_stmt,poolbench_tx,hikari,c3p0_cache,vibur_cache",
                "backend=stub,pg"},
        smokeParams = {"backend=stub"})
// virtual threads: quick, one way per pool on the stub (ours its pool-level Stmt, HikariCP one-shot, c3p0 and Vibur
// their caches); full: every way on the stub and PostgreSQL (16 runs)
@VirtualThreads(quick = {4}, full = {4},
        quickParams = {"backend=stub", "pool=poolbench_stmt,hikari,c3p0_cache,vibur_cache"},
        fullParams = {"backend=stub,pg"})
public class StatementReuseBenchmark {

    /**
     * One pool and way over one backend variant, built before the trial and checked and closed after it by the last
     * thread out ({@link Counters#leave}).
     */
    @State(Scope.Benchmark)
    public static class Setting {

        @Param({"poolbench_oneshot", "poolbench_stmt", "poolbench_maxidle2_stmt", "poolbench_tx", "hikari",
                "hikari_pinned", "c3p0_cache", "vibur_cache"})
        public String pool;

        @Param({"stub", "stub_prepare50us", "stub_prepare500us", "h2", "pg", "pg_threshold0", "pg_threshold1",
                "pg_threshold-1"})
        public String backend;

        @Param({"8"})
        public int size;

        @Param({"5"})
        public int statements;

        @Param({"distinct"})
        public String texts;

        StatementWay way;
        StatementWay.Workload workload;
        private Trial trial;
        private StatementCounter counter;
        private boolean onPostgres;
        private final AtomicInteger reporters = new AtomicInteger();
        private final LastThreadOut exit = new LastThreadOut();
        private long preparesAtStart;
        private long connectsAtStart;
        private long callsAtStart;
        long preparesInIteration;
        long wrappedCallsInIteration;
        long connectsInIteration;
        long heldStatements;
        long openConnections;
        long serverPrepared;

        @Setup(Level.Trial)
        public void open() throws Exception {
            way = StatementWay.of(pool);
            BackendVariant variant = BackendVariant.of(backend);
            onPostgres = variant.backend() == Backend.PG;
            counter = new StatementCounter();
            trial = Trial.open("stmt", way.kind(), variant.backend(), variant.driverSettings(), counter,
                    way.spec(size));
            try {
                workload = new StatementWay.Workload(way, trial.pool.dataSource(), statements, distinct(texts));
            } catch (Exception e) {
                trial.close();
                throw e;
            }
        }

        @Setup(Level.Iteration)
        public void mark() {
            preparesAtStart = counter.prepares();
            callsAtStart = counter.wrappedCalls();
            connectsAtStart = trial.db.source().connects();
        }

        /** Whether the calling thread state is the one that reports the shared totals (exactly one does). */
        boolean claimReporter() {
            return reporters.getAndIncrement() == 0;
        }

        /**
         * Takes the iteration's totals and gauges when it ends (JMH reads the counters after the trial's teardown),
         * the counts before the PostgreSQL sample, whose borrows may connect.
         */
        @TearDown(Level.Iteration)
        public void snapshot() throws SQLException {
            preparesInIteration = counter.prepares() - preparesAtStart;
            wrappedCallsInIteration = counter.wrappedCalls() - callsAtStart;
            connectsInIteration = trial.db.source().connects() - connectsAtStart;
            heldStatements = counter.openStatements();
            openConnections = trial.pool.open();
            serverPrepared = onPostgres ? serverPreparedStatements() : -1;
        }

        /**
         * Rows of {@code pg_prepared_statements} for the workload's texts over {@code size} sessions borrowed at once
         * from the pool. Only the workload's texts: under a low {@code prepareThreshold} pgjdbc also server-prepares
         * this sample's own query and statements it runs for the pools (such as {@code SHOW TRANSACTION ISOLATION
         * LEVEL}), which would count the sample and the pool's housekeeping rather than the request's statements.
         */
        private long serverPreparedStatements() throws SQLException {
            // The texts are the benchmark's own constants (no quotes), safe to inline; a parameter would make this
            // sample a prepared statement of its own.
            String sample = "SELECT count(*) FROM pg_prepared_statements WHERE statement IN ('"
                    + String.join("', '", workload.texts()) + "')";
            List<Connection> held = new ArrayList<>(size);
            long total = 0;
            try {
                for (int i = 0; i < size; i++) {
                    // held at once, so each is a different session: the pool's idle ones first
                    Connection c = trial.pool.dataSource().getConnection();
                    held.add(c);
                    try (Statement s = c.createStatement();
                         ResultSet rows = s.executeQuery(sample)) {
                        rows.next();
                        total += rows.getLong(1);
                    }
                }
            } finally {
                // Returned last borrowed first, so that a pool lending its most recently returned connection first
                // (ours) gets its order back, and the next iteration does not start on the connections this sample
                // pulled up from the bottom, which have prepared nothing yet.
                for (int i = held.size() - 1; i >= 0; i--) {
                    held.get(i).close();
                }
            }
            return total;
        }

        /** A benchmark thread's end of the trial; the last one closes the workload, then the trial. */
        void leave(ThreadParams thread) throws Exception {
            exit.leave(thread, this::close);
        }

        private void close() throws Exception {
            try {
                workload.close();
            } finally {
                trial.close();
            }
        }
    }

    /**
     * Per-thread counters. Prepares, connects and the gauges are pool-wide (a pool may connect on its own thread),
     * so one thread, the reporter, reports them and the others report 0: JMH sums the threads.
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

        public long prepares() {
            return reporter ? setting.preparesInIteration : 0;
        }

        /** Calls through the counting wrapper: what counting cost this pool (see {@link StatementCounter}). */
        public long wrappedCalls() {
            return reporter ? setting.wrappedCallsInIteration : 0;
        }

        public long connects() {
            return reporter ? setting.connectsInIteration : 0;
        }

        /** A gauge; see the class comment. */
        public long heldStatements() {
            return reporter ? setting.heldStatements : 0;
        }

        /** A gauge; see the class comment. */
        public long openConnections() {
            return reporter ? setting.openConnections : 0;
        }

        /** A gauge; -1 (from the reporter) off PostgreSQL. See the class comment. */
        public long serverPrepared() {
            return reporter ? setting.serverPrepared : 0;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long request(Setting s, Counters c, CarrierPause y, Control control) throws SQLException {
        y.outsideMeasurement(control);
        c.requests++;
        try {
            return s.way.run(s.workload);
        } catch (SQLException e) {
            RequestFailures.Kind kind = RequestFailures.classify(e);
            if (kind == RequestFailures.Kind.OTHER) {
                throw e; // not a pool running out of connections: the benchmark is wrong, and -foe fails the run
            }
            c.failedAcquires++;
            return -1;
        }
    }

    /** The {@code texts} parameter: {@code distinct} or {@code same}; anything else fails the trial. */
    static boolean distinct(String texts) {
        return switch (texts) {
            case "distinct" -> true;
            case "same" -> false;
            default -> throw new IllegalArgumentException("texts must be 'distinct' or 'same', was '" + texts + "'");
        };
    }

    /**
     * A {@code backend} value of this benchmark: a {@link Backend} and the driver settings its trials get.
     *
     * @param backend        the backend
     * @param driverSettings stub URL keys or pgjdbc properties, replacing the backend's defaults
     */
    record BackendVariant(Backend backend, Map<String, String> driverSettings) {

        private static final Pattern STUB_PREPARE = Pattern.compile("stub_prepare(\\d+(?:us|ms))");
        private static final Pattern PG_THRESHOLD = Pattern.compile("pg_threshold(-?\\d+)");

        /**
         * Parses a value: a plain backend ({@code stub}, {@code h2}, {@code pg}), {@code stub_prepare<duration>}
         * (e.g. {@code stub_prepare50us}) or {@code pg_threshold<n>} (e.g. {@code pg_threshold-1}).
         *
         * @throws IllegalArgumentException naming the value and the accepted forms
         */
        static BackendVariant of(String value) {
            Matcher stub = STUB_PREPARE.matcher(value);
            if (stub.matches()) {
                return new BackendVariant(Backend.STUB, Map.of("prepareLatency", stub.group(1)));
            }
            Matcher pg = PG_THRESHOLD.matcher(value);
            if (pg.matches()) {
                return new BackendVariant(Backend.PG, Map.of("prepareThreshold", pg.group(1)));
            }
            if (value.equals("stub") || value.equals("h2") || value.equals("pg")) {
                return new BackendVariant(Backend.of(value), Map.of());
            }
            throw new IllegalArgumentException("unknown backend '" + value + "' for StatementReuseBenchmark; "
                    + "expected stub, stub_prepare<n>us|ms, h2, pg or pg_threshold<n>");
        }
    }
}
