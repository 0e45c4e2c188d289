package org.poolbench.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.poolbench.bench.pools.PoolSpec;
import org.poolbench.pool.Pool;
import org.poolbench.pool.RowMapper;
import org.poolbench.pool.Stmt;
import org.poolbench.pool.Tx;

/**
 * The ways {@link StatementReuseBenchmark} runs one request's K statements, each a pool and a way of using it, chosen
 * by the benchmark's {@code pool} {@code @Param} (the constant's lower-case name). One parameter names the pair
 * because the ways are not the same for every pool (a {@code Stmt} and a {@code Tx} are our pool's; a statement cache
 * is c3p0's and Vibur's), and JMH cannot skip the combinations of two parameters that do not exist.
 *
 * <p>Every way reads each statement's one row and returns the sum of the values read, so nothing is left for the
 * JIT to drop.
 */
enum StatementWay {

    /** Our one-shot API: {@code Pool.query} per statement, which prepares the statement on the connection it gets. */
    POOLBENCH_ONESHOT(PoolKind.POOLBENCH, false, false) {
        @Override
        long run(Workload w) throws SQLException {
            long sum = 0;
            for (int text : w.order) {
                sum += w.pool.query(w.texts[text], FIRST_COLUMN).get(0);
            }
            return sum;
        }
    },

    /**
     * Our pool-level statement (Go's {@code sql.Stmt}), one per text, made once per trial: prepared once on every
     * connection it runs on, and again on a connection that replaced a closed one.
     */
    POOLBENCH_STMT(PoolKind.POOLBENCH, false, true) {
        @Override
        long run(Workload w) throws SQLException {
            long sum = 0;
            for (int text : w.order) {
                sum += w.stmts[text].query(FIRST_COLUMN).get(0);
            }
            return sum;
        }
    },

    /**
     * As {@link #POOLBENCH_STMT} with Go's default max idle of 2: above 2 concurrent requests, returns close
     * connections and borrows open new ones, on which every statement is prepared again.
     */
    POOLBENCH_MAXIDLE2_STMT(PoolKind.POOLBENCH_MAXIDLE2, false, true) {
        @Override
        long run(Workload w) throws SQLException {
            return POOLBENCH_STMT.run(w);
        }
    },

    /**
     * Pinned, our way: the K statements in one {@code Tx} on one connection, each through its pool-level statement
     * ({@code tx.query(stmt)}, Go's {@code tx.Stmt}), which reuses the statement's physical statement on that
     * connection. Costs a begin and a commit per request beside the statements.
     */
    POOLBENCH_TX(PoolKind.POOLBENCH, false, true) {
        @Override
        long run(Workload w) throws SQLException {
            long sum = 0;
            try (Tx tx = w.pool.begin()) {
                for (int text : w.order) {
                    sum += tx.query(w.stmts[text], FIRST_COLUMN).get(0);
                }
                tx.commit();
            }
            return sum;
        }
    },

    /**
     * HikariCP as its users run statements: borrow, {@code prepareStatement}, execute, close, per statement. HikariCP
     * has no statement cache by design; on PostgreSQL pgjdbc's own per-connection cache gives the reuse.
     */
    HIKARI(PoolKind.HIKARI, false, false),

    /**
     * Pinned, plain JDBC: one borrowed HikariCP connection for all K statements, each distinct text prepared once
     * per request and executed as often as the request runs it, then closed.
     */
    HIKARI_PINNED(PoolKind.HIKARI, false, false) {
        @Override
        long run(Workload w) throws SQLException {
            return pinned(w);
        }
    },

    /** c3p0 with its statement cache ({@code maxStatementsPerConnection}), one-shot per statement. */
    C3P0_CACHE(PoolKind.C3P0, true, false),

    /** Vibur with its statement cache ({@code statementCacheMaxSize}), one-shot per statement. */
    VIBUR_CACHE(PoolKind.VIBUR, true, false),

    /** c3p0 without a statement cache (its default), one-shot per statement; not in the declared matrix. */
    C3P0(PoolKind.C3P0, false, false),

    /** Vibur without a statement cache (its default), one-shot per statement; not in the declared matrix. */
    VIBUR(PoolKind.VIBUR, false, false);

    /**
     * Statements cached per connection by the ways with a cache: more than any request's distinct texts, so every
     * text stays cached as it would in a cache sized for its application; how a cache behaves when it is too small
     * is not this benchmark's question. Vibur's pool-wide cache gets {@code size} times this.
     */
    static final int STATEMENT_CACHE_PER_CONNECTION = 32;

    /** Reads the one row's one column. */
    private static final RowMapper<Integer> FIRST_COLUMN = rows -> rows.getInt(1);

    private final PoolKind kind;
    private final boolean cache;
    private final boolean usesStmts;

    StatementWay(PoolKind kind, boolean cache, boolean usesStmts) {
        this.kind = kind;
        this.cache = cache;
        this.usesStmts = usesStmts;
    }

    /**
     * Runs one request's statements; returns the sum of the values read. One-shot unless the way says otherwise:
     * borrow, prepare, execute and close per statement ({@link #oneShot}).
     */
    long run(Workload w) throws SQLException {
        return oneShot(w);
    }

    /** The pool this way runs on. */
    PoolKind kind() {
        return kind;
    }

    /** The spec this way's pool is built from: the shared one, with a statement cache for the ways that have one. */
    PoolSpec spec(int size) {
        PoolSpec spec = PoolSpec.ofSize(size);
        return cache ? spec.withStatementCacheSize(STATEMENT_CACHE_PER_CONNECTION) : spec;
    }

    /** Whether this way runs through pool-level statements, which the workload makes once per trial. */
    boolean usesStmts() {
        return usesStmts;
    }

    /** The {@code @Param} value that selects this way. */
    String paramValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the way for a {@code @Param} value.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones, if it names no way
     */
    static StatementWay of(String value) {
        for (StatementWay way : values()) {
            if (way.paramValue().equals(value)) {
                return way;
            }
        }
        throw new IllegalArgumentException("unknown pool '" + value + "' for StatementReuseBenchmark; expected one of "
                + Arrays.stream(values()).map(StatementWay::paramValue).collect(Collectors.joining(", ")));
    }

    /** Borrow, prepare, execute and close per statement: what a statement cache can catch. */
    private static long oneShot(Workload w) throws SQLException {
        long sum = 0;
        for (int text : w.order) {
            try (Connection c = w.dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(w.texts[text]);
                 ResultSet rows = ps.executeQuery()) {
                sum += firstValue(rows, w.texts[text]);
            }
        }
        return sum;
    }

    /** One borrowed connection; each distinct text prepared once, executed as often as the request runs it. */
    private static long pinned(Workload w) throws SQLException {
        long sum = 0;
        try (Connection c = w.dataSource.getConnection()) {
            PreparedStatement[] prepared = new PreparedStatement[w.texts.length];
            try {
                for (int text : w.order) {
                    if (prepared[text] == null) {
                        prepared[text] = c.prepareStatement(w.texts[text]);
                    }
                    try (ResultSet rows = prepared[text].executeQuery()) {
                        sum += firstValue(rows, w.texts[text]);
                    }
                }
            } finally {
                for (PreparedStatement ps : prepared) {
                    if (ps != null) {
                        ps.close();
                    }
                }
            }
        }
        return sum;
    }

    private static int firstValue(ResultSet rows, String sql) throws SQLException {
        if (!rows.next()) {
            throw new IllegalStateException(sql + " returned no row");
        }
        return rows.getInt(1);
    }

    /**
     * One trial's request: the distinct SQL texts, the order in which a request runs them (K indexes into the
     * texts), where to borrow, and for our pool the pool and its pool-level statements (one per text).
     */
    static final class Workload implements AutoCloseable {
        final String[] texts;
        final int[] order;
        final DataSource dataSource;
        final Pool pool;
        final Stmt[] stmts;

        /**
         * Builds the request for {@code way}: {@code statements} statements, each with its own text or all with the
         * same one; prepares the pool-level statements of the ways that use them (on one connection each, now).
         *
         * @param distinct whether the K statements have K distinct texts (else one text K times)
         */
        Workload(StatementWay way, DataSource dataSource, int statements, boolean distinct) throws SQLException {
            if (statements < 1) {
                throw new IllegalArgumentException("statements must be >= 1, was " + statements);
            }
            this.texts = new String[distinct ? statements : 1];
            for (int i = 0; i < texts.length; i++) {
                // valid on the stub, H2 and PostgreSQL alike; the alias makes each text distinct
                texts[i] = "SELECT 1 AS c" + i;
            }
            this.order = new int[statements];
            for (int k = 0; k < statements; k++) {
                order[k] = distinct ? k : 0;
            }
            this.dataSource = dataSource;
            this.pool = way.kind.library().equals("poolbench") ? dataSource.unwrap(Pool.class) : null;
            this.stmts = way.usesStmts ? new Stmt[texts.length] : null;
            if (stmts != null) {
                try {
                    for (int i = 0; i < texts.length; i++) {
                        stmts[i] = pool.prepare(texts[i]);
                    }
                } catch (SQLException | RuntimeException e) {
                    close();
                    throw e;
                }
            }
        }

        /** The distinct texts, in the order of their indexes. */
        List<String> texts() {
            return List.of(texts);
        }

        /** Closes the pool-level statements; the pool closes with its trial. */
        @Override
        public void close() {
            if (stmts != null) {
                for (Stmt s : stmts) {
                    if (s != null) {
                        s.close();
                    }
                }
            }
        }
    }
}
