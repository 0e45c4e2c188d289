package org.poolbench.bench;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The failed requests of one {@link ConnectionLimitBenchmark} trial, by why they failed, counted from every
 * benchmark thread: what the trial's teardown checks and names when a pool failed a request.
 *
 * <p>A failure is sorted into a {@link Kind} by what it is, the same way for every pool, since the pools report
 * the same event differently:
 * <ul>
 *   <li>an acquire timeout: {@link SQLTimeoutException} (Vibur DBCP, SQLState {@code VI002}),
 *       {@link SQLTransientConnectionException} (HikariCP, which copies the SQLState of its last connect failure,
 *       so it may carry {@code 53300}; our pool, with none), or any exception caused by c3p0's
 *       {@code com.mchange.v2.resourcepool.TimeoutException} (c3p0 wraps it in a plain {@link SQLException} with no
 *       SQLState). A timeout is counted as a timeout whatever its SQLState: the pool made the request wait
 *       and then gave up, whatever its last connect attempt saw;</li>
 *   <li>too many clients: SQLState {@code 53300}, PostgreSQL's {@code too_many_connections}, which the stub server
 *       copies ("sorry, too many clients already" and "remaining connection slots are reserved" alike);</li>
 *   <li>anything else.</li>
 * </ul>
 * Only SQLStates and exception class names are kept, never a message: a driver or a pool may quote a URL or a
 * password in one.
 *
 * <p>Thread-safe. Recording is a map look-up and a {@link LongAdder} increment: paid only by a failed request.
 */
final class RequestFailures {

    /** PostgreSQL's {@code too_many_connections}. */
    static final String TOO_MANY_CLIENTS_STATE = "53300";

    /** c3p0's checkout timeout, found by name so that this class needs no c3p0 type. */
    private static final String C3P0_TIMEOUT = "com.mchange.v2.resourcepool.TimeoutException";

    /** Why a request failed: the buckets the benchmark's counters and the summary show. */
    enum Kind {
        /** The server refused the connect: SQLState {@value RequestFailures#TOO_MANY_CLIENTS_STATE}. */
        TOO_MANY_CLIENTS("too many clients"),
        /** The pool gave up waiting for a connection. */
        ACQUIRE_TIMEOUT("acquire timeout"),
        /** Any other failure. */
        OTHER("other failure");

        private final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /** Count per description ({@link #describe}); sorted when read, so messages do not depend on arrival order. */
    private final ConcurrentHashMap<String, LongAdder> byDescription = new ConcurrentHashMap<>();

    /**
     * Counts one failed request.
     *
     * @return its kind, for the caller's own counter
     */
    Kind record(SQLException failure) {
        Kind kind = classify(failure);
        byDescription.computeIfAbsent(describe(kind, failure), d -> new LongAdder()).increment();
        return kind;
    }

    /** Failed requests recorded so far. */
    long total() {
        return byDescription.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The counts by description, sorted by description. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        byDescription.forEach((d, n) -> counts.put(d, n.sum()));
        return counts;
    }

    /**
     * What was recorded, for an error message, e.g.
     * {@code 3 x acquire timeout (SQLTransientConnectionException, SQLState none), 2 x too many clients (...)}.
     */
    String summary() {
        return counts().entrySet().stream().map(e -> e.getValue() + " x " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    /** Sorts one failure into its kind (see the class comment for the rules and why). */
    static Kind classify(SQLException failure) {
        if (failure instanceof SQLTimeoutException || failure instanceof SQLTransientConnectionException
                || causedBy(failure, C3P0_TIMEOUT)) {
            return Kind.ACQUIRE_TIMEOUT;
        }
        if (TOO_MANY_CLIENTS_STATE.equals(failure.getSQLState())) {
            return Kind.TOO_MANY_CLIENTS;
        }
        return Kind.OTHER;
    }

    /** A failure's kind, class and SQLState, without its message. */
    static String describe(Kind kind, SQLException failure) {
        String state = failure.getSQLState();
        return kind.words + " (" + failure.getClass().getSimpleName() + ", SQLState "
                + (state == null ? "none" : state) + ")";
    }

    private static boolean causedBy(Throwable failure, String className) {
        // Bounded: a cause chain with a cycle must not loop forever.
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t.getClass().getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
