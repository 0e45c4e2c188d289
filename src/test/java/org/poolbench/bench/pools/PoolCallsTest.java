package org.poolbench.bench.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.poolbench.bench.PoolKind;
import org.vibur.dbcp.ViburDBCPDataSource;

/**
 * What each pool under test calls on its physical connection when a connection is borrowed and when it is returned:
 * the evidence behind the README's table of what each pool sends to the database then. On a real server some of
 * these calls are network round trips (which ones, for pgjdbc, the README says), so they are part of what a
 * benchmark on PostgreSQL measures.
 *
 * <p>Each case builds the pool exactly as the benchmarks do ({@code PoolKind}'s own factory, the shared
 * {@link PoolSpec}) over a {@link RecordingDataSource}, fills it, and records the JDBC calls the pool makes on the
 * physical connection, and on statements created from it, during one {@code getConnection()} or one
 * {@code Connection.close()}. Only calls made on the test's own thread are recorded: background threads (HikariCP's
 * housekeeper and adder, c3p0's helpers, Vibur's reducer, our cleaner) also call the physical connections, but not
 * as part of a borrow or a return, and when they run depends on scheduling. c3p0 returns on the caller's thread only
 * because the benchmarks set {@code forceSynchronousCheckins}; by default it makes the same calls on a helper thread.
 *
 * <p>The validation windows are pinned so that no case depends on how long the test thread happens to be
 * descheduled: HikariCP's {@code com.zaxxer.hikari.aliveBypassWindowMs} (default 500 ms; a system property read when
 * a pool is built) is set to one hour for the short-idle borrow and to -1 for the long-idle one (HikariCP validates
 * when the idle time in milliseconds exceeds it, so every idle time does), and Vibur's
 * {@code connectionIdleLimitInSeconds} (default 5 s; read on every borrow) to one day and to 0 (Vibur validates
 * when the idle time in whole seconds is at least it). The other pools have no such window: they never validate on
 * borrow.
 */
class PoolCallsTest {

    /** What the borrower did, and which of its calls into the pool is recorded. */
    enum Scenario {
        /** {@code getConnection()} on a connection idle for less than the pool's validation window. */
        BORROW_AFTER_SHORT_IDLE,
        /** {@code getConnection()} on a connection idle for longer than the pool's validation window. */
        BORROW_AFTER_LONG_IDLE,
        /** {@code close()} after a borrow that changed nothing (auto-commit on, no statement). */
        RETURN_CLEAN,
        /**
         * Not a borrow or a return: the borrower's own {@code setReadOnly(true)},
         * {@code setTransactionIsolation(SERIALIZABLE)} and {@code setAutoCommit(false)} through the pool's
         * wrapper, to show what a pool adds to them (a pool that reads a setting before the first change, so that
         * it can put it back, does it here).
         */
        CHANGE_SETTINGS,
        /** {@code close()} after the borrower set read-only, serializable isolation and auto-commit off. */
        RETURN_CHANGED_SETTINGS,
        /** {@code close()} with a transaction open: auto-commit off, an update executed, no commit. */
        RETURN_OPEN_TRANSACTION
    }

    private static final String HIKARI_BYPASS_WINDOW = "com.zaxxer.hikari.aliveBypassWindowMs";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Two connections, so that Go's default max idle of 2 is not lowered (with a warning) to a smaller max open. */
    private static final PoolSpec SPEC = PoolSpec.ofSize(2).withResetStatement("DISCARD ALL");

    /**
     * The calls each pool makes, in order. {@code setTransactionIsolation(2)} restores
     * {@code TRANSACTION_READ_COMMITTED}, the level the connection had when the pool opened it (the stub's default,
     * and PostgreSQL's); {@code isValid(n)} is the pool's validation timeout in seconds; {@code executor} is the
     * pool's own executor. The switch is exhaustive, so a new pool kind does not compile until its row is here.
     */
    static List<String> expectedCalls(PoolKind kind, Scenario scenario) {
        return switch (kind) {
            // No validation on borrow (as Go). The first time a borrower changes a setting in the connection's
            // life, its original value is read (auto-commit's is known from the connect). On return: roll back if a
            // statement ran with auto-commit off, put back what the borrower changed, clear warnings.
            case POOLBENCH, POOLBENCH_MAXIDLE2, POOLBENCH_FIFO -> switch (scenario) {
                case BORROW_AFTER_SHORT_IDLE, BORROW_AFTER_LONG_IDLE -> List.of();
                case RETURN_CLEAN -> List.of("clearWarnings()");
                case CHANGE_SETTINGS -> List.of("isReadOnly()", "setReadOnly(true)", "getTransactionIsolation()",
                        "setTransactionIsolation(8)", "setAutoCommit(false)");
                case RETURN_CHANGED_SETTINGS -> List.of("setAutoCommit(true)", "setReadOnly(false)",
                        "setTransactionIsolation(2)", "clearWarnings()");
                case RETURN_OPEN_TRANSACTION -> List.of("rollback()", "setAutoCommit(true)", "clearWarnings()");
            };
            // isValid, bracketed by a network timeout of validationTimeout (5 s) and back to the connection's own
            // (0, none), only past the bypass window. On return: rollback only when a statement ran with
            // auto-commit off, then the settings the borrower touched (tracked in its proxy), then clearWarnings.
            case HIKARI -> switch (scenario) {
                case BORROW_AFTER_SHORT_IDLE -> List.of();
                case BORROW_AFTER_LONG_IDLE -> List.of("setNetworkTimeout(executor, 5000)", "isValid(5)",
                        "setNetworkTimeout(executor, 0)");
                case RETURN_CLEAN -> List.of("clearWarnings()");
                case CHANGE_SETTINGS -> List.of("setReadOnly(true)", "setTransactionIsolation(8)",
                        "setAutoCommit(false)");
                case RETURN_CHANGED_SETTINGS -> List.of("setReadOnly(false)", "setAutoCommit(true)",
                        "setTransactionIsolation(2)", "clearWarnings()");
                case RETURN_OPEN_TRANSACTION -> List.of("rollback()", "setAutoCommit(true)", "clearWarnings()");
            };
            // No test on checkout (its default), but JDBC 4.3 request boundaries (markSessionBoundaries=always, its
            // default). On return: getAutoCommit always, rollback only if a statement ran since the last commit,
            // the changed settings, then at check-in endRequest and clearWarnings (getWarnings first only if its
            // logger takes INFO; the suite logs at WARN) through an internal proxy whose close runs the
            // transaction reset again: the second getAutoCommit.
            case C3P0 -> switch (scenario) {
                case BORROW_AFTER_SHORT_IDLE, BORROW_AFTER_LONG_IDLE -> List.of("beginRequest()");
                case RETURN_CLEAN -> List.of("getAutoCommit()", "endRequest()", "clearWarnings()",
                        "getAutoCommit()");
                case CHANGE_SETTINGS -> List.of("setReadOnly(true)", "setTransactionIsolation(8)",
                        "setAutoCommit(false)");
                case RETURN_CHANGED_SETTINGS -> List.of("getAutoCommit()", "setAutoCommit(true)",
                        "setTransactionIsolation(2)", "setReadOnly(false)", "endRequest()", "clearWarnings()",
                        "getAutoCommit()");
                case RETURN_OPEN_TRANSACTION -> List.of("getAutoCommit()", "rollback()", "setAutoCommit(true)",
                        "endRequest()", "clearWarnings()", "getAutoCommit()");
            };
            // isValid with validateTimeoutInSeconds (3) past connectionIdleLimitInSeconds. Nothing at all on
            // return by default (clearSQLWarnings=false, resetDefaultsAfterUse=false): not even an open
            // transaction is rolled back, so the next borrower continues it.
            case VIBUR -> switch (scenario) {
                case BORROW_AFTER_SHORT_IDLE -> List.of();
                case BORROW_AFTER_LONG_IDLE -> List.of("isValid(3)");
                case CHANGE_SETTINGS -> List.of("setReadOnly(true)", "setTransactionIsolation(8)",
                        "setAutoCommit(false)");
                case RETURN_CLEAN, RETURN_CHANGED_SETTINGS, RETURN_OPEN_TRANSACTION -> List.of();
            };
            // As poolbench, then the reset statement after everything else on every return, a round trip.
            case POOLBENCH_RESET -> switch (scenario) {
                case BORROW_AFTER_SHORT_IDLE, BORROW_AFTER_LONG_IDLE, CHANGE_SETTINGS ->
                        expectedCalls(PoolKind.POOLBENCH, scenario);
                case RETURN_CLEAN, RETURN_CHANGED_SETTINGS, RETURN_OPEN_TRANSACTION -> {
                    List<String> calls = new ArrayList<>(expectedCalls(PoolKind.POOLBENCH, scenario));
                    calls.addAll(List.of("createStatement()", "Statement.execute(DISCARD ALL)", "Statement.close()"));
                    yield calls;
                }
            };
            // Nothing idle: every borrow is a new connection, whose auto-commit mode the pool reads once, and every
            // return resets the connection as poolbench does, then closes it (max idle 0 is decided after the reset).
            case POOLBENCH_ATLIMIT -> switch (scenario) {
                case BORROW_AFTER_SHORT_IDLE, BORROW_AFTER_LONG_IDLE -> List.of("getAutoCommit()");
                case CHANGE_SETTINGS -> expectedCalls(PoolKind.POOLBENCH, scenario);
                case RETURN_CLEAN, RETURN_CHANGED_SETTINGS, RETURN_OPEN_TRANSACTION -> {
                    List<String> calls = new ArrayList<>(expectedCalls(PoolKind.POOLBENCH, scenario));
                    calls.add("close()");
                    yield calls;
                }
            };
            case UNPOOLED -> throw new IllegalArgumentException("unpooled connects on borrow and closes on return");
        };
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (PoolKind kind : PoolKind.values()) {
            if (kind == PoolKind.UNPOOLED) {
                continue;
            }
            for (Scenario scenario : Scenario.values()) {
                cases.add(Arguments.of(kind, scenario));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void borrowOrReturn_eachPoolAndScenario_callsExactlyTheExpectedMethods(PoolKind kind, Scenario scenario)
            throws Exception {
        RecordingDataSource source = new RecordingDataSource("poolcalls-" + SEQUENCE.incrementAndGet());
        try (PoolUnderTest pool = build(kind, scenario, source)) {
            fill(pool.dataSource());
            List<String> calls = borrowOrReturn(pool.dataSource(), source, scenario);
            assertEquals(expectedCalls(kind, scenario), calls, kind.paramValue() + " " + scenario);
        }
    }

    /** The recorder must be able to fail: calls the test itself makes on a pooled connection are seen. */
    @Test
    void recording_callsThroughThePool_areRecordedWithArgumentsAndStatements() throws Exception {
        RecordingDataSource source = new RecordingDataSource("poolcalls-" + SEQUENCE.incrementAndGet());
        try (PoolUnderTest pool = build(PoolKind.POOLBENCH, Scenario.RETURN_CLEAN, source)) {
            fill(pool.dataSource());
            try (Connection c = pool.dataSource().getConnection()) {
                source.startRecording();
                c.setNetworkTimeout(Runnable::run, 1500);
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                List<String> calls = source.stopRecording();
                assertTrue(calls.contains("setNetworkTimeout(executor, 1500)"), calls.toString());
                assertTrue(calls.contains("createStatement()"), calls.toString());
                assertTrue(calls.contains("Statement.execute(SELECT 1)"), calls.toString());
            }
        }
    }

    /** Our pool reads a setting's original value once in a connection's life, not on every borrow that changes it. */
    @Test
    void changeSettings_sameConnectionBorrowedAgain_readsNoOriginalValueTwice() throws Exception {
        RecordingDataSource source = new RecordingDataSource("poolcalls-" + SEQUENCE.incrementAndGet());
        try (PoolUnderTest pool = build(PoolKind.POOLBENCH, Scenario.CHANGE_SETTINGS, source)) {
            fill(pool.dataSource());
            // Our pool lends the most recently returned connection first, so both borrows get the same one.
            List<String> first = borrowOrReturn(pool.dataSource(), source, Scenario.CHANGE_SETTINGS);
            List<String> second = borrowOrReturn(pool.dataSource(), source, Scenario.CHANGE_SETTINGS);
            assertEquals(expectedCalls(PoolKind.POOLBENCH, Scenario.CHANGE_SETTINGS), first);
            assertEquals(List.of("setReadOnly(true)", "setTransactionIsolation(8)", "setAutoCommit(false)"), second);
        }
    }

    /** Vibur leaves a returned transaction open; every other pool rolls it back, as the server then sees. */
    @Test
    void returnWithOpenTransaction_onlyViburSendsNoRollback() throws Exception {
        for (PoolKind kind : PoolKind.values()) {
            if (kind == PoolKind.UNPOOLED) {
                continue;
            }
            RecordingDataSource source = new RecordingDataSource("poolcalls-" + SEQUENCE.incrementAndGet());
            try (PoolUnderTest pool = build(kind, Scenario.RETURN_OPEN_TRANSACTION, source)) {
                fill(pool.dataSource());
                long before = source.server().rollbacks();
                borrowOrReturn(pool.dataSource(), source, Scenario.RETURN_OPEN_TRANSACTION);
                assertEquals(kind == PoolKind.VIBUR ? 0 : 1, source.server().rollbacks() - before,
                        kind.paramValue());
            }
        }
    }

    /** Runs the scenario's borrow and return, recording the one the scenario is about. */
    private static List<String> borrowOrReturn(DataSource pool, RecordingDataSource source, Scenario scenario)
            throws SQLException {
        if (scenario == Scenario.BORROW_AFTER_SHORT_IDLE || scenario == Scenario.BORROW_AFTER_LONG_IDLE) {
            source.startRecording();
            Connection c = pool.getConnection();
            List<String> calls = source.stopRecording();
            c.close();
            return calls;
        }
        Connection c = pool.getConnection();
        switch (scenario) {
            case CHANGE_SETTINGS -> {
                source.startRecording();
                changeSettings(c);
                List<String> calls = source.stopRecording();
                c.close();
                return calls;
            }
            case RETURN_CHANGED_SETTINGS -> changeSettings(c);
            case RETURN_OPEN_TRANSACTION -> {
                c.setAutoCommit(false);
                // Closed by the borrower, so the return shows the pool's own work only.
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE accounts SET balance = balance - 1");
                }
            }
            default -> {
                // RETURN_CLEAN: the borrower changes nothing.
            }
        }
        source.startRecording();
        c.close();
        return source.stopRecording();
    }

    private static void changeSettings(Connection c) throws SQLException {
        c.setReadOnly(true);
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        c.setAutoCommit(false);
    }

    /** Borrows every connection at once and returns them, as the benchmarks' fixture does, so all sit idle. */
    private static void fill(DataSource pool) throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < SPEC.size(); i++) {
                held.add(pool.getConnection());
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    /**
     * Builds {@code kind} over {@code source} through {@code PoolKind}'s own factory, which is package-private to
     * the benchmarks (reflection here keeps this test on the exact construction the benchmarks use), with the
     * validation window pinned for the borrow scenarios (see the class comment).
     */
    private static PoolUnderTest build(PoolKind kind, Scenario scenario, DataSource source) throws Exception {
        String hikariWindowMs = switch (scenario) {
            case BORROW_AFTER_SHORT_IDLE -> "3600000";
            case BORROW_AFTER_LONG_IDLE -> "-1";
            default -> null;
        };
        String before = System.getProperty(HIKARI_BYPASS_WINDOW);
        PoolUnderTest pool;
        try {
            if (hikariWindowMs != null) {
                System.setProperty(HIKARI_BYPASS_WINDOW, hikariWindowMs);
            }
            Method create = PoolKind.class.getDeclaredMethod("create", PoolSpec.class, DataSource.class, String.class);
            create.setAccessible(true);
            pool = (PoolUnderTest) create.invoke(kind, SPEC, source, "poolcalls-" + SEQUENCE.incrementAndGet());
        } finally {
            // HikariCP reads the property in its pool's constructor, so it can be put back at once.
            if (before == null) {
                System.clearProperty(HIKARI_BYPASS_WINDOW);
            } else {
                System.setProperty(HIKARI_BYPASS_WINDOW, before);
            }
        }
        if (hikariWindowMs != null && pool.dataSource() instanceof ViburDBCPDataSource vibur) {
            vibur.setConnectionIdleLimitInSeconds(scenario == Scenario.BORROW_AFTER_LONG_IDLE ? 0 : 86_400);
        }
        return pool;
    }
}
