package org.poolbench.bench;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.poolbench.bench.pools.C3p0Adapter;
import org.poolbench.bench.pools.HikariAdapter;
import org.poolbench.bench.pools.PoolSpec;
import org.poolbench.bench.pools.PoolUnderTest;
import org.poolbench.bench.pools.PoolbenchAdapter;
import org.poolbench.bench.pools.UnpooledAdapter;
import org.poolbench.bench.pools.ViburAdapter;

/**
 * The pools under test, chosen by a benchmark's {@code pool} {@code @Param} (its lower-case name). Each constant
 * builds its adapter (in {@link org.poolbench.bench.pools}) from the shared {@link PoolSpec}, says how many idle
 * connections it keeps once filled, and says which library and version it is and exactly which settings it applies,
 * for the run metadata and the README's fairness table. Filling a pool and checking it for leaks is
 * {@link Trial}'s job, the same for every constant.
 *
 * <p>The constants' order is the order in which the run summary lists the pools (our pool and its variants first,
 * then the other pools, then no pool); {@link #BASELINE} is the pool the summary compares every other with.
 */
public enum PoolKind {

    /** Our pool core, keeping every connection idle (max idle = size). */
    POOLBENCH("poolbench", "org.poolbench", "poolbench") {
        @Override
        PoolUnderTest create(PoolSpec spec, DataSource source, String name) {
            return new PoolbenchAdapter(spec, source, name, spec.size(), null);
        }

        @Override
        public Map<String, String> settings(PoolSpec spec) {
            return PoolbenchAdapter.settings(spec, spec.size(), null);
        }
    },

    /**
     * Our pool core with Go's default max idle of 2 and the spec's size otherwise: with more concurrent requests
     * than 2, returns beyond the second idle connection close it and later borrows open new ones.
     */
    POOLBENCH_MAXIDLE2("poolbench", "org.poolbench", "poolbench") {
        @Override
        PoolUnderTest create(PoolSpec spec, DataSource source, String name) {
            return new PoolbenchAdapter(spec, source, name, GO_DEFAULT_MAX_IDLE, null);
        }

        @Override
        public Map<String, String> settings(PoolSpec spec) {
            return PoolbenchAdapter.settings(spec, GO_DEFAULT_MAX_IDLE, null);
        }

        @Override
        int expectedIdleAfterFill(PoolSpec spec) {
            return Math.min(GO_DEFAULT_MAX_IDLE, spec.size());
        }
    },

    /**
     * Our pool core at the server's limit, replacing its connections: max open = the server's client slots
     * ({@link Backend#CLIENT_CONNECTION_SLOTS}, whatever the spec's size), max idle 0 (Go's
     * {@code SetMaxIdleConns(0)}) and a lifetime of {@link #AT_LIMIT_LIFETIME}. Under more borrowers than
     * connections a return goes straight to a waiter (as in Go, max idle applies only when none waits), so it is the
     * lifetime that makes the pool close connections and open new ones all along the run, never more than max open
     * at once on its side. {@link ConnectionLimitBenchmark} shows what that leaves of the server's limit.
     */
    POOLBENCH_ATLIMIT("poolbench", "org.poolbench", "poolbench") {
        @Override
        PoolUnderTest create(PoolSpec spec, DataSource source, String name) {
            return new PoolbenchAdapter(atLimit(spec), source, name, 0, null);
        }

        @Override
        public Map<String, String> settings(PoolSpec spec) {
            return PoolbenchAdapter.settings(atLimit(spec), 0, null);
        }

        @Override
        int expectedIdleAfterFill(PoolSpec spec) {
            return 0;
        }
    },

    /**
     * Our pool core as {@link #POOLBENCH}, with a reset statement run on every return
     * ({@code PoolConfig.resetStatement}): the backend's ({@link Backend#resetStatement()}, {@code DISCARD ALL} on
     * PostgreSQL). Its price is the difference from {@link #POOLBENCH} in the same run.
     */
    POOLBENCH_RESET("poolbench", "org.poolbench", "poolbench") {
        @Override
        PoolUnderTest create(PoolSpec spec, DataSource source, String name) {
            return new PoolbenchAdapter(spec, source, name, spec.size(), requireReset(spec));
        }

        @Override
        public Map<String, String> settings(PoolSpec spec) {
            return PoolbenchAdapter.settings(spec, spec.size(), spec.resetStatement() != null
                    ? spec.resetStatement() : "the backend's (backends.<backend>.resetStatement)");
        }
    },

    /**
     * Our pool core as {@link #POOLBENCH}, with strict FIFO hand-off ({@code PoolConfig.bargeLimit(ZERO)}): a
     * connection returned while threads wait always goes to the longest waiter, never to a thread that arrives
     * later. {@code FairnessBenchmark} shows what that costs and what it buys beside the default, which lets a
     * returned connection be taken by whoever comes first until a waiter has waited the barge limit (1 ms).
     */
    POOLBENCH_FIFO("poolbench", "org.poolbench", "poolbench") {
        @Override
        PoolUnderTest create(PoolSpec spec, DataSource source, String name) {
            return new PoolbenchAdapter(spec, source, name, spec.size(), null, Duration.ZERO);
        }

        @Override
        public Map<String, String> settings(PoolSpec spec) {
            return PoolbenchAdapter.settings(spec, spec.size(), null, Duration.ZERO);
        }
    },

    HIKARI("HikariCP", "com.zaxxer", "HikariCP") {
        @Override
        PoolUnderTest create(PoolSpec spec, DataSource source, String name) {
            return new HikariAdapter(spec, source, name);
        }

        @Override
        public Map<String, String> settings(PoolSpec spec) {
            return HikariAdapter.settings(spec);
        }
    },

    C3P0("c3p0", "com.mchange", "c3p0") {
        @Override
        PoolUnderTest create(PoolSpec spec, DataSource source, String name) throws SQLException {
            return new C3p0Adapter(spec, source, name);
        }

        @Override
        public Map<String, String> settings(PoolSpec spec) {
            return C3p0Adapter.settings(spec);
        }

        /** c3p0's jar carries no Maven metadata; it states its version in a generated class. */
        @Override
        public String version() {
            try {
                return (String) Class.forName("com.mchange.v2.c3p0.subst.C3P0Substitutions")
                        .getField("VERSION").get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return "unknown";
            }
        }
    },

    VIBUR("Vibur DBCP", "org.vibur", "vibur-dbcp") {
        @Override
        PoolUnderTest create(PoolSpec spec, DataSource source, String name) {
            return new ViburAdapter(spec, source, name);
        }

        @Override
        public Map<String, String> settings(PoolSpec spec) {
            return ViburAdapter.settings(spec);
        }
    },

    /** No pool: a physical connect per borrow, a physical close per return. */
    UNPOOLED("none (connect per request)", null, null) {
        @Override
        PoolUnderTest create(PoolSpec spec, DataSource source, String name) {
            return new UnpooledAdapter(source);
        }

        @Override
        public Map<String, String> settings(PoolSpec spec) {
            return Map.of();
        }

        @Override
        int expectedIdleAfterFill(PoolSpec spec) {
            return 0;
        }
    };

    /**
     * The pool every score in the summary is compared with, as a ratio measured in the same run: HikariCP, the
     * pool most Java applications use and most benchmarks measure against.
     */
    public static final PoolKind BASELINE = HIKARI;

    /**
     * {@link #POOLBENCH_ATLIMIT}'s lifetime: short, so that a trial replaces thousands of connections and a
     * refusal rate of a fraction of a percent shows; a lifetime of minutes does the same, only rarely.
     */
    static final Duration AT_LIMIT_LIFETIME = Duration.ofMillis(10);

    private static PoolSpec atLimit(PoolSpec spec) {
        return new PoolSpec(Backend.CLIENT_CONNECTION_SLOTS, 0, spec.acquireTimeout(), AT_LIMIT_LIFETIME,
                spec.maxIdleTime(), null, spec.reaperInterval(), spec.statementCacheSize());
    }

    /** The spec's reset statement; a kind that measures one must not silently run without it. */
    private static String requireReset(PoolSpec spec) {
        if (spec.resetStatement() == null) {
            throw new IllegalArgumentException("poolbench_reset needs a reset statement in its PoolSpec, but has none");
        }
        return spec.resetStatement();
    }

    /** Go's {@code defaultMaxIdleConns}. */
    static final int GO_DEFAULT_MAX_IDLE = 2;

    private final String library;
    private final String mavenGroup;
    private final String mavenArtifact;

    PoolKind(String library, String mavenGroup, String mavenArtifact) {
        this.library = library;
        this.mavenGroup = mavenGroup;
        this.mavenArtifact = mavenArtifact;
    }

    /**
     * Builds this pool over {@code source}, not yet filled: {@link Trial} fills it.
     *
     * @param name a name unique within the JVM, used as the pool's name where the library has one
     */
    abstract PoolUnderTest create(PoolSpec spec, DataSource source, String name) throws SQLException;

    /** The settings this kind applies for {@code spec}, by the library's own names: the fairness record. */
    public abstract Map<String, String> settings(PoolSpec spec);

    /** Idle connections the pool keeps once {@link #open} has filled it. */
    int expectedIdleAfterFill(PoolSpec spec) {
        return spec.size();
    }

    /** The {@code @Param} value that selects this kind. */
    public String paramValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The library's name, e.g. {@code HikariCP}. */
    public String library() {
        return library;
    }

    /** The library's version as found on the class path, e.g. {@code 7.1.0}; empty for {@link #UNPOOLED}. */
    public String version() {
        if (mavenGroup == null) {
            return "";
        }
        String resource = mavenGroup.equals("org.poolbench")
                ? "/org/poolbench/version.properties"
                : "/META-INF/maven/" + mavenGroup + "/" + mavenArtifact + "/pom.properties";
        try (InputStream in = PoolKind.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The {@code @Param} values of all kinds in display order (the constants' order). */
    public static List<String> displayOrder() {
        return Arrays.stream(values()).map(PoolKind::paramValue).toList();
    }

    /**
     * Returns the kind for a {@code @Param} value.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones, if it names no pool
     */
    public static PoolKind of(String value) {
        for (PoolKind kind : values()) {
            if (kind.paramValue().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown pool '" + value + "'; expected one of "
                + Arrays.stream(values()).map(PoolKind::paramValue).collect(Collectors.joining(", ")));
    }
}
