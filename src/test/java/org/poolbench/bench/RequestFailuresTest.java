package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.poolbench.bench.RequestFailures.Kind;
import org.poolbench.bench.pools.PoolSpec;
import org.poolbench.driver.StubDriver;

/**
 * How {@link ConnectionLimitBenchmark} sorts failed requests: each real pool's acquire timeout, the server's 53300
 * and anything else, and the teardown check that fails a pool's run but never {@code unpooled}'s.
 */
class RequestFailuresTest {

    /** HikariCP's smallest {@code connectionTimeout}; each pool below waits this long once, for its timeout. */
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(250);

    @ParameterizedTest
    @EnumSource(value = PoolKind.class, names = {"POOLBENCH", "HIKARI", "C3P0", "VIBUR"})
    void classify_eachPoolsAcquireTimeout_isAnAcquireTimeout(PoolKind kind) throws Exception {
        PoolSpec spec = new PoolSpec(1, 1, SHORT_TIMEOUT, Duration.ofMinutes(30), Duration.ofMinutes(10), null, 0);
        try (Trial trial = Trial.open("failures", kind, Backend.STUB, spec)) {
            SQLException timeout;
            try (Connection held = trial.pool.dataSource().getConnection()) {
                // The only connection is lent out, so this borrow can only end in the pool's timeout.
                timeout = assertThrows(SQLException.class, () -> trial.pool.dataSource().getConnection());
            }
            assertEquals(Kind.ACQUIRE_TIMEOUT, RequestFailures.classify(timeout),
                    kind + " timed out with " + timeout.getClass().getName() + ", SQLState " + timeout.getSQLState());
        }
    }

    @Test
    void classify_serverOutOfSlots_isTooManyClients() throws SQLException {
        String url = "jdbc:stub:" + Trial.uniqueName("failures", "unpooled") + ";maxConnections=1";
        try (Connection only = StubDriver.instance().connect(url, null)) {
            SQLException refused = assertThrows(SQLException.class, () -> StubDriver.instance().connect(url, null));
            assertEquals(Kind.TOO_MANY_CLIENTS, RequestFailures.classify(refused));
        }
    }

    @Test
    void classify_53300InsideAHikariStyleTimeout_isStillATimeout() {
        // HikariCP copies its last connect failure's SQLState into its timeout: the pool gave up, so it is a timeout.
        var timeout = new SQLTransientConnectionException("request timed out", "53300");
        assertEquals(Kind.ACQUIRE_TIMEOUT, RequestFailures.classify(timeout));
    }

    @Test
    void classify_anythingElse_isOther() {
        assertEquals(Kind.OTHER, RequestFailures.classify(new SQLException("server down", "08001")));
        assertEquals(Kind.OTHER, RequestFailures.classify(new SQLException("no state")));
    }

    @Test
    void record_countsByKindClassAndState_neverTheMessage() {
        RequestFailures failures = new RequestFailures();
        failures.record(new SQLException("password=hunter2 refused", "53300"));
        failures.record(new SQLException("again", "53300"));
        failures.record(new SQLTimeoutException("gave up"));
        assertEquals(3, failures.total());
        assertEquals(Map.of("too many clients (SQLException, SQLState 53300)", 2L,
                "acquire timeout (SQLTimeoutException, SQLState none)", 1L), failures.counts());
        assertEquals("1 x acquire timeout (SQLTimeoutException, SQLState none), "
                + "2 x too many clients (SQLException, SQLState 53300)", failures.summary());
        assertFalse(failures.summary().contains("hunter2"));
    }

    @Test
    void checkFailures_aPoolThatFailedARequest_failsTheRunNamingPoolCountAndStates() {
        RequestFailures failures = new RequestFailures();
        failures.record(new SQLException("refused", "53300"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConnectionLimitBenchmark.checkFailures(PoolKind.HIKARI, "stub_1ms", 10, failures));
        assertEquals("hikari failed 1 requests on backend stub_1ms with 10 connections, below the server's 17 slots "
                + "(warm-up included): 1 x too many clients (SQLException, SQLState 53300)", e.getMessage());
    }

    @Test
    void checkFailures_unpooledFailing_isTheMeasurementNotAnError() {
        RequestFailures failures = new RequestFailures();
        failures.record(new SQLException("refused", "53300"));
        ConnectionLimitBenchmark.checkFailures(PoolKind.UNPOOLED, "stub_1ms", 10, failures);
        ConnectionLimitBenchmark.checkFailures(PoolKind.POOLBENCH, "stub_1ms", 10, new RequestFailures());
        assertTrue(failures.total() > 0);
    }
}
