package org.poolbench.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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

/**
 * <b>Question:</b> with a database per tenant, the tenant named by each request (a founding report: a header picks
 * the database), should an application connect per request, keep a pool per tenant, or keep one shared pool that
 * switches schema per request? What throughput does each give, how many connects per request does it make, and how
 * many connections does it hold open on the server?
 *
 * <p><b>Workload:</b> {@code tenants} tenants (4 or 64), each with its own database holding a one-row table naming
 * it; a request picks a tenant ({@code skew}: {@code uniform}, or {@code zipf}, exponent 1, a few hot tenants; see
 * {@link TenantSkew}; the picks are drawn per thread before measurement), borrows a connection for it, runs
 * {@code SELECT tenant FROM tenant_marker}, checks that the answer is its tenant's (a wrong answer fails the run; the
 * stub answers 1 to everything, so only H2 and PostgreSQL check), and returns the connection. Two methods, one per
 * layout:
 * <ul>
 *   <li>{@code poolPerTenant}: a pool per tenant, each capped at {@code size} (4) connections, opening
 *       connections as borrowers need them and not pre-filled ({@code minIdle} 0, {@link PoolSpec#withMinIdle}:
 *       Go's pool has no minimum idle; pre-filling 64 pools on a 17-slot server could not even start), so the
 *       warm-up opens their first connections. {@code poolbench} keeps up to the cap idle,
 *       {@code poolbench_maxidle2} Go's default of 2, HikariCP, c3p0 and Vibur keep what they opened until their
 *       10 min idle time (c3p0 opens 3 at a time, its {@code acquireIncrement}). {@code unpooled} here is
 *       <b>connect per request</b> to the tenant's database.</li>
 *   <li>{@code sharedPool}: one pool of {@code size} (8, one per thread) connections, pre-filled, over one
 *       database holding every tenant as a schema; the borrower calls {@code setSchema(tenant)} after borrowing
 *       (a round trip on PostgreSQL, where it sets the {@code search_path}). Only poolbench puts the schema back on
 *       return, and pays for it (on PostgreSQL it restores the session's whole {@code search_path}: a round trip per
 *       return, and one more to read it the first time on each connection). HikariCP resets a schema only to one
 *       configured in its own {@code schema} setting, which the shared spec does not set; c3p0 resets the catalog,
 *       not the schema; Vibur resets nothing by default. Those three hand the next borrower the last tenant's
 *       schema: still correct here, because every request sets its own tenant before its query, but an application
 *       that ever omits the call reads another tenant's data ({@code TenantRoutingBenchmarkTest} checks who
 *       resets).</li>
 * </ul>
 * Backends: {@code stub_1ms}, a stub server per tenant (a database server per tenant, 17 slots each) with a 1 ms
 * sleeping connect, so that connecting per request costs about what the calibration in {@code ConnectBenchmark}
 * says; and {@code pg}, the run's PostgreSQL server, where each tenant is a schema in the {@code bench} database
 * (creating databases needs {@code CREATEDB}, which the benchmark role lacks): a pool per tenant reaches its schema
 * through pgjdbc's {@code currentSchema}, set at connect, and every tenant shares the server's 17 slots. The schemas
 * are created in the trial's set-up and dropped in its teardown, also on a server the user gave. {@code h2} also
 * works ({@code -p backend=h2}: an in-memory database per tenant, and for the shared pool one database with a schema
 * per tenant, since a pool reaches one URL) but is left out of the declared matrix: its connects cost microseconds
 * and it has no server whose connections run out, so it answers neither half of the question, and the full
 * profile's budget has no room for it.
 *
 * <p><b>Pools covered:</b> poolbench, HikariCP, c3p0 and Vibur in both layouts; {@code poolbench_maxidle2} (Go's
 * default max idle of 2) per tenant only, where Go's default is the question (in a shared pool sized at the threads
 * it only churns connections, which {@code IdleReuseBenchmark} measures); {@code unpooled} per tenant only, as the
 * connect-per-request answer ({@code -p pool=unpooled} also runs {@code sharedPool}: a connect per request to the
 * shared database, then {@code setSchema}). {@code poolbench_atlimit} and {@code poolbench_reset} are not run: the
 * first is {@code ConnectionLimitBenchmark}'s question, and a reset statement on every return is
 * {@code IdleReuseBenchmark}'s. HikariCP checks its database once when each pool starts (a connect closed again at
 * once, since its minimum idle is 0): outside measurement, not counted in {@code connects}.
 *
 * <p><b>The server's limit is part of the answer:</b> on PostgreSQL, 64 pools of up to 4 (or keeping 2 idle each)
 * want far more than the 17 slots. Pools of cold tenants keep their idle connections, so hot tenants' connects are
 * refused with 53300; those failures are the measurement and are counted, never thrown. The same holds for
 * {@code unpooled} everywhere (a connect racing the server's release of a slot). Any other layout failing a request
 * (a shared pool, pools per tenant whose caps fit the server, any pool on the stub) fails the run at the trial's
 * teardown, naming the pool and the failures (run JMH with {@code -foe true}).
 *
 * <p><b>Counters</b> ({@code @AuxCounters}, totals per iteration that read per request): {@code requests};
 * {@code connects}, physical connects made by any thread, summed over the tenants' sources; the failures by kind
 * ({@link RequestFailures}): {@code tooManyClients} (53300), {@code acquireTimeouts}, {@code otherFailures}; and
 * {@code serverConnections}, the connections open on the server(s) at the end of each iteration
 * ({@link Backend.Tenancy#serverConnections()}, read after the threads stopped, on a connection of its own), a gauge
 * reported by one thread, so that its score is the mean level over the iterations. On PostgreSQL a full server refuses the reading's own connection: it then reads as
 * the role's 17 slots.
 *
 * <pre>{@code
 * scripts/bench quick TenantRouting
 * java -jar target/benchmarks.jar TenantRouting -t 8 -p backend=stub_1ms -p tenants=64 -foe true
 * }</pre>
 */
// 8 threads: as many as the shared pool's connections, twice a tenant pool's cap. smoke: the 64 tenants that overflow
// the real server's slots, skewed; quick: 4 tenants on the real server (4 x 4 fit its 17 slots), skewed, since at 64
// the pools per tenant wait out 5 s acquire timeouts and the quick run took over 5 minutes for this class alone;
// full: both tenant counts, uniform picks and the stub: 80 runs, about 80 minutes at 3 forks x 18 s. The two methods
// hold 6 + 4 pools, so smoke and quick make 10 runs each: a -p narrowing applies to both methods alike.
@ThreadSweep(smoke = {4}, quick = {8}, full = {8},
        smokeParams = {"tenants=64", "skew=zipf", "backend=pg"},
        quickParams = {"tenants=4", "skew=zipf", "backend=pg"})
public class TenantRoutingBenchmark {

    /**
     * What both layouts share: the tenants, their skew and the backend, the iteration's pool-wide totals, and the
     * trial's end. Every thread's {@link Counters} leaves it when the trial ends and the last one closes the layout
     * ({@link LastThreadOut}): the counters serve both layouts' methods, so their teardown can name only this state (a
     * layout named there would be built for the other method too), and the layout registers itself here instead.
     */
    @State(Scope.Benchmark)
    public static class Workload {

        @Param({"4", "64"})
        public int tenants;

        @Param({"uniform", "zipf"})
        public String skew;

        @Param({"stub_1ms", "pg"})
        public String backend;

        /** Written by the layout's iteration teardown, read by the counters after it. */
        volatile long connectsInIteration;
        /** See {@link #connectsInIteration}. */
        volatile long serverConnectionsAtEnd;

        private final AtomicInteger reporters = new AtomicInteger();
        private final AtomicLong seeds = new AtomicLong();
        private final LastThreadOut exit = new LastThreadOut();
        /** The trial's layout, registered once it has opened; closed by the last thread out. */
        private volatile Layout layout;

        /** Whether the calling thread's counters report the pool-wide totals (exactly one does). */
        boolean claimReporter() {
            return reporters.getAndIncrement() == 0;
        }

        /** A seed per thread: each thread draws its own picks, the same from one run to the next. */
        long nextSeed() {
            return seeds.incrementAndGet();
        }

        /** Makes {@code opened} the layout the last thread out closes; a trial has one. */
        void register(Layout opened) {
            if (layout != null) {
                throw new IllegalStateException("a trial has one layout, but a second registered");
            }
            layout = opened;
        }

        /**
         * A benchmark thread's end of the trial; the last one closes the layout and checks its failures.
         *
         * @throws IllegalStateException (from the last thread) if no layout registered: its pools would stay open
         */
        void leave(ThreadParams thread) throws Exception {
            exit.leave(thread, () -> {
                if (layout == null) {
                    throw new IllegalStateException("the trial ended but no layout registered to be closed");
                }
                layout.closeTrial();
            });
        }
    }

    /**
     * The trial's tenancy and its pools, shared by both layouts: opens, marks and snapshots the iteration's totals,
     * checks failures and closes everything, whatever fails.
     */
    abstract static class Layout {
        /** The query; a field, not a constant, as JMH inputs should be. */
        String sql = Backend.Tenancy.MARKER_QUERY;
        /** Whether answers are checked against the tenant (not on the stub, which answers 1 to everything). */
        boolean verify;
        /** Every failed request of the trial, from all threads. */
        final RequestFailures failures = new RequestFailures();

        Workload workload;
        Backend.Tenancy tenancy;
        final List<Trial> trials = new ArrayList<>();
        private long connectsAtStart;
        private PoolKind kind;
        private boolean perTenant;
        private int poolSize;

        /** Opens the tenants' databases and one trial (pool) per database in {@code tenancy}. */
        void open(Workload w, PoolKind kind, boolean perTenant, PoolSpec spec) throws Exception {
            workload = w;
            this.kind = kind;
            this.perTenant = perTenant;
            poolSize = spec.size();
            Backend backend = Backend.of(w.backend);
            String name = Trial.uniqueName("tenant", kind.paramValue());
            tenancy = backend.openTenants(name, w.tenants, !perTenant);
            verify = tenancy.verifiesRouting();
            try {
                List<Backend.Database> dbs = tenancy.databases();
                for (int i = 0; i < dbs.size(); i++) {
                    trials.add(Trial.over(name + "-" + i, kind, backend, dbs.get(i), spec));
                }
                w.register(this);
            } catch (Throwable t) {
                try {
                    close();
                } catch (Exception suppressed) {
                    t.addSuppressed(suppressed);
                }
                throw t;
            }
        }

        // The fixtures of both layouts: JMH runs a state's inherited fixture methods as its own.
        @Setup(Level.Iteration)
        public void markIteration() {
            connectsAtStart = connects();
        }

        /**
         * Takes the iteration's totals once its threads have stopped: JMH reads the counters only after the trial's
         * teardown has closed the pools, so they must not be read from those then.
         */
        @TearDown(Level.Iteration)
        public void snapshotIteration() throws SQLException {
            workload.connectsInIteration = connects() - connectsAtStart;
            workload.serverConnectionsAtEnd = tenancy.serverConnections();
        }

        private long connects() {
            return tenancy.databases().stream().mapToLong(db -> db.source().connects()).sum();
        }

        /**
         * Closes the trial, then fails it if a request failed in a way its layout does not allow: the trial's end, run
         * by the last thread out ({@link Workload#leave}).
         */
        void closeTrial() throws Exception {
            close();
            checkFailures(kind, perTenant, workload.tenants, poolSize, Backend.of(workload.backend), failures);
        }

        /** Closes every trial (each checks that nothing is still lent out), then drops the tenants' data. */
        void close() throws Exception {
            Exception first = null;
            for (Trial trial : trials) {
                try {
                    trial.close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            trials.clear();
            try {
                if (tenancy != null) {
                    tenancy.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** A pool per tenant, or a connect per request ({@code unpooled}). */
    @State(Scope.Benchmark)
    public static class PerTenant extends Layout {

        @Param({"poolbench", "poolbench_maxidle2", "hikari", "c3p0", "vibur", "unpooled"})
        public String pool;

        /** Each tenant's pool's cap; 64 of them want 256 connections of the real server's 17. */
        @Param({"4"})
        public int size;

        /**
         * Connections each tenant's pool opens at start and keeps: none, as Go's pool (a parameter rather than a
         * constant so that {@code run.json} records the settings it gives each pool).
         */
        @Param({"0"})
        public int minIdle;

        /** Tenant index -> where its requests borrow. */
        DataSource[] sources;

        @Setup(Level.Trial)
        public void open(Workload w) throws Exception {
            open(w, PoolKind.of(pool), true, PoolSpec.ofSize(size).withMinIdle(minIdle));
            sources = trials.stream().map(t -> t.pool.dataSource()).toArray(DataSource[]::new);
        }
    }

    /** One pool over one database holding every tenant as a schema, switched per request. */
    @State(Scope.Benchmark)
    public static class Shared extends Layout {

        @Param({"poolbench", "hikari", "c3p0", "vibur"})
        public String pool;

        /** One connection per thread at 8 threads, below the server's 17 slots; pre-filled. */
        @Param({"8"})
        public int size;

        DataSource dataSource;
        /** Tenant index -> its schema. */
        String[] schemas;

        @Setup(Level.Trial)
        public void open(Workload w) throws Exception {
            open(w, PoolKind.of(pool), false, PoolSpec.ofSize(size));
            dataSource = trials.get(0).pool.dataSource();
            schemas = new String[w.tenants];
            for (int i = 0; i < schemas.length; i++) {
                schemas[i] = tenancy.schema(i);
            }
        }
    }

    /** One thread's tenant picks, drawn before measurement; read in a cycle. */
    @State(Scope.Thread)
    public static class Picks {
        /** A power of two, so the cursor wraps with a mask; long enough that the cycle does not favour a tenant. */
        private static final int COUNT = 1 << 14;

        int[] tenants;
        int cursor;

        @Setup(Level.Trial)
        public void draw(Workload w) {
            tenants = TenantSkew.of(w.skew).draw(w.tenants, COUNT, w.nextSeed());
        }

        int next() {
            int tenant = tenants[cursor];
            cursor = (cursor + 1) & (COUNT - 1);
            return tenant;
        }
    }

    /**
     * Per-thread counters. Connects happen pool-wide (a pool may connect on its own thread), so one thread, the
     * reporter, reports the iteration's total and the others 0: JMH sums the threads. The server's connections are a
     * gauge, reported the same way: the summary shows it per iteration, not per request.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters {
        public long requests;
        public long tooManyClients;
        public long acquireTimeouts;
        public long otherFailures;
        private Workload workload;
        private boolean reporter;

        @Setup(Level.Trial)
        public void bind(Workload w) {
            workload = w;
            reporter = w.claimReporter();
        }

        @Setup(Level.Iteration)
        public void reset() {
            requests = 0;
            tooManyClients = 0;
            acquireTimeouts = 0;
            otherFailures = 0;
        }

        /**
         * This thread's end of the trial: the last thread out closes the layout's pools and checks its failures
         * ({@link Workload}).
         */
        @TearDown(Level.Trial)
        public void leave(Workload w, ThreadParams thread) throws Exception {
            w.leave(thread);
        }

        /** Physical connects in the iteration, summed over every tenant's source (from the reporter). */
        public long connects() {
            return reporter ? workload.connectsInIteration : 0;
        }

        /** The connections open on the server at the iteration's end, a gauge (from the reporter; see class). */
        public long serverConnections() {
            return reporter ? workload.serverConnectionsAtEnd : 0;
        }

        /** Counts a failure in its kind's counter and in the trial's record. */
        void failed(RequestFailures failures, SQLException e) {
            switch (failures.record(e)) {
                case TOO_MANY_CLIENTS -> tooManyClients++;
                case ACQUIRE_TIMEOUT -> acquireTimeouts++;
                case OTHER -> otherFailures++;
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int poolPerTenant(PerTenant s, Picks p, Counters c) {
        int tenant = p.next();
        c.requests++;
        try (Connection connection = s.sources[tenant].getConnection()) {
            return query(s, connection, tenant);
        } catch (SQLException e) {
            c.failed(s.failures, e);
            return -1;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int sharedPool(Shared s, Picks p, Counters c) {
        int tenant = p.next();
        c.requests++;
        try (Connection connection = s.dataSource.getConnection()) {
            connection.setSchema(s.schemas[tenant]);
            return query(s, connection, tenant);
        } catch (SQLException e) {
            c.failed(s.failures, e);
            return -1;
        }
    }

    /** Runs the marker query; fails the run if it answered another tenant's marker (routing is broken). */
    private static int query(Layout s, Connection connection, int tenant) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(s.sql)) {
            if (!rows.next()) {
                throw new IllegalStateException(s.sql + " returned no row");
            }
            int marker = rows.getInt(1);
            if (s.verify && marker != tenant + 1) {
                throw new IllegalStateException("a request for tenant " + tenant + " reached tenant " + (marker - 1));
            }
            return marker;
        }
    }

    /**
     * Whether failed requests are what the benchmark measures rather than a fault: connecting per request (it races
     * the server for slots), or pools per tenant whose caps together exceed the one server's slots
     * ({@link Backend#CLIENT_CONNECTION_SLOTS}) on a backend where every tenant shares one server (PostgreSQL; the
     * stub gives each tenant a server, H2 has no limit).
     */
    static boolean failuresMeasured(PoolKind kind, boolean perTenant, int tenants, int size, Backend backend) {
        if (kind == PoolKind.UNPOOLED) {
            return true;
        }
        return perTenant && backend == Backend.PG && (long) tenants * size > Backend.CLIENT_CONNECTION_SLOTS;
    }

    /**
     * Throws if requests failed where no failure is expected ({@link #failuresMeasured}), naming the pool, layout,
     * tenants, backend, count and each kind with its exception class and SQLState.
     */
    static void checkFailures(PoolKind kind, boolean perTenant, int tenants, int size, Backend backend,
                              RequestFailures failures) {
        long failed = failures.total();
        if (failed > 0 && !failuresMeasured(kind, perTenant, tenants, size, backend)) {
            throw new IllegalStateException(kind.paramValue() + (perTenant ? " per tenant" : " shared") + " failed "
                    + failed + " requests with " + tenants + " tenants of " + size + " connections on backend "
                    + backend.paramValue() + " (warm-up included): " + failures.summary());
        }
    }
}
