package org.poolbench.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import org.poolbench.bench.pools.PoolSpec;
import org.poolbench.bench.pools.PoolUnderTest;

/**
 * The fixture of one trial, the same for every benchmark and every pool: a fresh uniquely named database, the pool
 * built over it from the spec and filled; afterwards a check that nothing is still lent out, then the pool and the
 * database closed, whatever fails.
 *
 * <p>Both checks are made the same way for every pool, since a benchmark is only fair if they hold for all:
 * <ul>
 *   <li>Filled before measurement: {@code size} connections are borrowed at once and returned, so the pool has
 *       opened that many distinct physical connections, and the fixture waits until it shows the idle count its
 *       {@link PoolKind} keeps. No pool is measured while it still connects in the background. A pool that keeps
 *       none idle ({@code unpooled}, {@code poolbench_atlimit}) has nothing to fill and is not, nor is one whose
 *       spec asks for no idle connection ({@code minIdle} 0: it opens connections as borrowers need them).</li>
 *   <li>Nothing lent out after it: a connection still lent once the pool has had time to take back its returns
 *       means the benchmark leaks, and its numbers are wrong.</li>
 * </ul>
 * A pool that does not expose a count ({@link PoolUnderTest#UNKNOWN}) skips that check.
 */
final class Trial implements AutoCloseable {

    /** How long a pool may take to show a settled count: some (c3p0) check connections in asynchronously. */
    private static final long SETTLE_NANOS = 10_000_000_000L;

    private static final AtomicLong SEQUENCE = new AtomicLong();

    final PoolKind kind;
    /** The trial's database and pool name, e.g. {@code acquire-hikari-3}: the pool's threads carry it. */
    final String name;
    final Backend.Database db;
    final PoolUnderTest pool;

    private Trial(PoolKind kind, String name, Backend.Database db, PoolUnderTest pool) {
        this.kind = kind;
        this.name = name;
        this.db = db;
        this.pool = pool;
    }

    /**
     * Opens a trial for a benchmark's {@code @Param} values, with the spec every benchmark uses.
     *
     * @param benchmark a short name for the benchmark, part of the database and pool names
     * @param poolParam the {@code pool} {@code @Param} value; an unknown one fails here, naming the valid ones
     */
    static Trial open(String benchmark, String poolParam, Backend backend, int size) throws Exception {
        return open(benchmark, PoolKind.of(poolParam), backend, PoolSpec.ofSize(size));
    }

    /**
     * Opens a new database on {@code backend}, builds {@code kind} over it from {@code spec} and fills it. On any
     * failure whatever was built is closed and the error propagates, so a trial never starts in an unknown state.
     */
    static Trial open(String benchmark, PoolKind kind, Backend backend, PoolSpec spec) throws Exception {
        return open(benchmark, kind, name -> backend.open(name), backend.resetStatement(), spec);
    }

    /**
     * As {@link #open(String, PoolKind, Backend, PoolSpec)}, on a database opened with per-trial driver settings
     * whose physical connections count what is prepared on them ({@link Backend#open(String, Map,
     * StatementCounter)}).
     */
    static Trial open(String benchmark, PoolKind kind, Backend backend, Map<String, String> driverSettings,
                      StatementCounter statements, PoolSpec spec) throws Exception {
        return open(benchmark, kind, name -> backend.open(name, driverSettings, statements), backend.resetStatement(),
                spec);
    }

    /**
     * As {@link #open(String, PoolKind, Backend, PoolSpec)}, on a stub database with no latency and no connection
     * limit ({@link Backend#openStubWithoutLimit}), for pools larger than the server's slots.
     */
    static Trial openOnStubWithoutLimit(String benchmark, PoolKind kind, PoolSpec spec) throws Exception {
        return open(benchmark, kind, Backend::openStubWithoutLimit, Backend.STUB.resetStatement(), spec);
    }

    /** Opens a trial's database by name. */
    @FunctionalInterface
    private interface DatabaseOpener {
        Backend.Database open(String name) throws SQLException;
    }

    private static Trial open(String benchmark, PoolKind kind, DatabaseOpener opener, String resetStatement,
                              PoolSpec spec) throws Exception {
        String name = uniqueName(benchmark, kind.paramValue());
        return over(name, kind, resetStatement, opener.open(name), spec);
    }

    /**
     * Builds {@code kind} over an opened database {@code db} of {@code backend} from {@code spec} and fills it, as
     * {@link #open(String, PoolKind, Backend, PoolSpec)} does over a database of its own: for benchmarks whose
     * databases are opened otherwise ({@link Backend#openTenants}). The trial owns {@code db}: it is closed with the
     * trial, or at once if this fails.
     *
     * @param name a name unique within the JVM ({@link #uniqueName}), the pool's name
     */
    static Trial over(String name, PoolKind kind, Backend backend, Backend.Database db, PoolSpec spec)
            throws Exception {
        return over(name, kind, backend.resetStatement(), db, spec);
    }

    private static Trial over(String name, PoolKind kind, String resetStatement, Backend.Database db, PoolSpec spec)
            throws Exception {
        // Every pool gets the backend's reset statement; only the kinds that measure one run it (PoolSpec).
        PoolSpec withReset = spec.resetStatement() == null ? spec.withResetStatement(resetStatement) : spec;
        try {
            PoolUnderTest pool = kind.create(withReset, db.source(), name);
            try {
                fill(kind, pool, withReset);
                return new Trial(kind, name, db, pool);
            } catch (Throwable t) {
                closeAfter(t, pool);
                throw t;
            }
        } catch (Throwable t) {
            closeAfter(t, db);
            throw t;
        }
    }

    /**
     * A name for a trial's database and pool that no other trial in this JVM uses, e.g. {@code acquire-hikari-3}:
     * safe as a stub server name, an H2 database name and a pool name.
     */
    static String uniqueName(String benchmark, String pool) {
        return benchmark + "-" + pool + "-" + SEQUENCE.incrementAndGet();
    }

    /**
     * Borrows {@code size} connections at once, returns them, and waits until the pool shows its idle ones; does
     * nothing for a pool that keeps none idle, or whose spec asks for none ({@code minIdle} 0).
     */
    private static void fill(PoolKind kind, PoolUnderTest pool, PoolSpec spec) throws Exception {
        if (kind.expectedIdleAfterFill(spec) == 0 || spec.minIdle() == 0) {
            // A pool that keeps nothing idle closes what a fill opened; opening up to `size` connections at once
            // would only risk the server's limit before measurement (ConnectionLimitBenchmark sizes one at it).
            // A spec with no minimum idle asks for a pool that opens connections as borrowers need them, as Go's
            // does (TenantRoutingBenchmark's pools per tenant): filling it would measure something else.
            return;
        }
        List<Connection> held = new ArrayList<>(spec.size());
        try {
            for (int i = 0; i < spec.size(); i++) {
                // Holding all of them at once forces the pool to open `size` distinct physical connections.
                held.add(pool.dataSource().getConnection());
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        if (pool.idle() != PoolUnderTest.UNKNOWN) {
            await(kind, pool, "idle connections", pool::idle, kind.expectedIdleAfterFill(spec), true);
        }
    }

    /** Fails if connections are still lent out once the pool has had time to take back its returns. */
    void checkNothingLent() throws InterruptedException {
        if (pool.inUse() != PoolUnderTest.UNKNOWN) {
            await(kind, pool, "connections lent out (a leak in the benchmark?)", pool::inUse, 0, false);
        }
    }

    /** Checks that nothing is lent out, then closes the pool and the database, each even if the step before failed. */
    @Override
    public void close() throws Exception {
        try {
            checkNothingLent();
        } finally {
            try {
                pool.close();
            } finally {
                db.close();
            }
        }
    }

    private static void await(PoolKind kind, PoolUnderTest pool, String what, IntSupplier count, int target,
                              boolean atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (atLeast ? count.getAsInt() < target : count.getAsInt() > target) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(kind.paramValue() + " shows " + count.getAsInt() + " " + what
                        + " after 10 s, expected " + (atLeast ? "at least " : "at most ") + target + " (open "
                        + pool.open() + ", idle " + pool.idle() + ", in use " + pool.inUse() + ")");
            }
            Thread.sleep(1); // outside measurement
        }
    }

    private static void closeAfter(Throwable failure, AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception suppressed) {
            failure.addSuppressed(suppressed);
        }
    }
}
