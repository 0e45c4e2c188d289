package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.poolbench.bench.pools.PoolSpec;

/** {@link TenantRoutingBenchmark}'s rule for which failed requests are measured and which fail the run. */
class TenantRoutingBenchmarkTest {

    @Test
    void failuresMeasured_connectPerRequest_always() {
        for (Backend backend : Backend.values()) {
            assertTrue(TenantRoutingBenchmark.failuresMeasured(PoolKind.UNPOOLED, true, 4, 4, backend));
            assertTrue(TenantRoutingBenchmark.failuresMeasured(PoolKind.UNPOOLED, false, 4, 8, backend));
        }
    }

    @Test
    void failuresMeasured_poolsPerTenant_onlyWhereTheirCapsOverflowOneServer() {
        // 64 x 4 = 256 connections wanted of PostgreSQL's 17 slots; 4 x 4 = 16 fit
        assertTrue(TenantRoutingBenchmark.failuresMeasured(PoolKind.HIKARI, true, 64, 4, Backend.PG));
        assertFalse(TenantRoutingBenchmark.failuresMeasured(PoolKind.HIKARI, true, 4, 4, Backend.PG));
        assertTrue(TenantRoutingBenchmark.failuresMeasured(PoolKind.POOLBENCH, true, 3, 6, Backend.PG), "18 > 17");
        assertFalse(TenantRoutingBenchmark.failuresMeasured(PoolKind.POOLBENCH, true, 1, 17, Backend.PG), "17 fit");
        // the stub gives every tenant a server of its own; H2 has no connection limit
        assertFalse(TenantRoutingBenchmark.failuresMeasured(PoolKind.HIKARI, true, 64, 4, Backend.STUB_1MS));
        assertFalse(TenantRoutingBenchmark.failuresMeasured(PoolKind.HIKARI, true, 64, 4, Backend.H2));
    }

    @Test
    void failuresMeasured_sharedPool_never() {
        for (Backend backend : Backend.values()) {
            assertFalse(TenantRoutingBenchmark.failuresMeasured(PoolKind.VIBUR, false, 64, 8, backend));
        }
    }

    @Test
    void checkFailures_unexpectedFailure_namesPoolLayoutAndKind() {
        RequestFailures failures = new RequestFailures();
        failures.record(new SQLTransientConnectionException("timed out"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TenantRoutingBenchmark
                .checkFailures(PoolKind.HIKARI, false, 64, 8, Backend.PG, failures));
        assertEquals("hikari shared failed 1 requests with 64 tenants of 8 connections on backend pg (warm-up "
                + "included): 1 x acquire timeout (SQLTransientConnectionException, SQLState none)", e.getMessage());
    }

    @Test
    void checkFailures_measuredOrNone_passes() {
        RequestFailures failures = new RequestFailures();
        assertDoesNotThrow(() -> TenantRoutingBenchmark.checkFailures(PoolKind.HIKARI, false, 64, 8, Backend.PG,
                failures));
        failures.record(new SQLException("sorry, too many clients already", "53300"));
        assertDoesNotThrow(() -> TenantRoutingBenchmark.checkFailures(PoolKind.HIKARI, true, 64, 4, Backend.PG,
                failures));
    }

    /**
     * What the javadoc says of the shared layout: poolbench puts the schema back on return (and pays for it);
     * HikariCP resets it only to a schema configured in its own {@code schema} setting, which the spec does not set;
     * c3p0 resets the catalog, not the schema; Vibur resets nothing by default. Those three hand the next borrower
     * the last tenant's schema, which is why every request sets its own.
     */
    @ParameterizedTest
    @EnumSource(value = PoolKind.class, names = {"POOLBENCH", "HIKARI", "C3P0", "VIBUR"})
    void sharedPool_schemaOnTheNextBorrow_resetOnlyByPoolbench(PoolKind kind) throws Exception {
        try (Trial trial = Trial.open("test", kind, Backend.STUB, PoolSpec.ofSize(1))) {
            String original;
            try (Connection c = trial.pool.dataSource().getConnection()) {
                original = c.getSchema();
                c.setSchema("tenant_7");
            }
            try (Connection c = trial.pool.dataSource().getConnection()) {
                assertEquals(kind == PoolKind.POOLBENCH ? original : "tenant_7", c.getSchema(), kind.paramValue());
            }
        }
    }
}
