package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubDriver;

/**
 * The hot path's allocation, as the javadoc of {@link PoolCore} states it: borrowing an idle connection and
 * returning it allocates the one wrapper and nothing else. Counts bytes (deterministic), never time.
 */
@ExtendWith(PoolCheck.class)
class AllocationTest {
    /**
     * The wrapper is 32 bytes with compressed oops (40 without); anything else the path allocated (an iterator, a
     * lambda, a boxed value, a lock node) would add at least 16 more and reach this bound.
     */
    private static final double BYTES_PER_BORROW_BOUND = 48;

    @Test
    void borrowAndReturnOfAnIdleConnection_allocatesOnlyTheWrapper() throws SQLException {
        assertBorrowAllocation(PoolConfig.forUrl("jdbc:stub:alloc-plain").maxOpen(4));
    }

    @Test
    void borrowAndReturn_withLifetimeAndIdleTimeSet_allocatesOnlyTheWrapper() throws SQLException {
        assertBorrowAllocation(PoolConfig.forUrl("jdbc:stub:alloc-limits").maxOpen(4)
                .maxLifetime(Duration.ofHours(1)).maxIdleTime(Duration.ofHours(1)));
    }

    private static void assertBorrowAllocation(PoolConfig config) throws SQLException {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()
                && t.isThreadAllocatedMemoryEnabled(), "this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) threads;
        StubDriver.server(config.url().substring("jdbc:stub:".length()));
        try (Pool pool = PoolCheck.open(config)) {
            borrowAndReturn(pool, 20_000); // opens the connection and warms up
            long self = Thread.currentThread().threadId();
            int ops = 100_000;
            long before = counter.getThreadAllocatedBytes(self);
            borrowAndReturn(pool, ops);
            long bytes = counter.getThreadAllocatedBytes(self) - before;
            double perOp = bytes / (double) ops;
            assertTrue(perOp < BYTES_PER_BORROW_BOUND, "borrow + return allocated " + perOp + " bytes per operation");
            assertEquals(1, pool.stats().opened(), "every borrow reused the one idle connection");
        }
    }

    private static void borrowAndReturn(Pool pool, int times) throws SQLException {
        for (int i = 0; i < times; i++) {
            Connection c = pool.getConnection();
            c.close();
        }
    }
}
