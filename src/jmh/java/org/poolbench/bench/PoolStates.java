package org.poolbench.bench;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The two states every trial checks a pool against, the same way for every pool: filled before measurement
 * ({@code size} connections opened and back in the pool, so no pool is measured while it still connects in the
 * background), and nothing lent out after it (a leak means the benchmark is wrong).
 */
final class PoolStates {

    /** How long a pool may take to show a settled count: some (c3p0) check connections in asynchronously. */
    private static final long SETTLE_NANOS = 10_000_000_000L;

    private PoolStates() {
    }

    /** Borrows {@code size} connections at once, returns them, and waits until {@code expectedIdle} are idle. */
    static void fill(PoolUnderTest pool, int size, int expectedIdle, PoolKind kind) throws Exception {
        List<Connection> held = new ArrayList<>(size);
        try {
            for (int i = 0; i < size; i++) {
                // Holding all of them at once forces the pool to open `size` distinct physical connections.
                held.add(pool.dataSource().getConnection());
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        if (pool.idle() != PoolUnderTest.UNKNOWN) {
            await(kind, "idle connections", pool::idle, expectedIdle, true, pool);
        }
    }

    /** Fails if connections are still lent out once the pool has had time to take back its returns. */
    static void checkNothingLent(PoolUnderTest pool, PoolKind kind) throws InterruptedException {
        if (pool.inUse() != PoolUnderTest.UNKNOWN) {
            await(kind, "connections lent out (a leak in the benchmark?)", pool::inUse, 0, false, pool);
        }
    }

    private static void await(PoolKind kind, String what, IntSupplier count, int target, boolean atLeast,
                              PoolUnderTest pool) throws InterruptedException {
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
}
