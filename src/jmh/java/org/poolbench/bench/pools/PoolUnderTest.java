package org.poolbench.bench.pools;

import javax.sql.DataSource;

/**
 * A connection pool as the benchmarks see it: a {@link DataSource} to borrow from, a way to close it, and, where
 * the pool exposes them, its counts. One adapter class per pool in this package, each built from a {@link PoolSpec}
 * over the benchmark's connection source; the benchmarks choose among them by {@code org.poolbench.bench.PoolKind}.
 */
public interface PoolUnderTest extends AutoCloseable {

    /** Returned by a count the pool does not expose. */
    int UNKNOWN = -1;

    /** Where the benchmark borrows: {@code getConnection()} borrows, {@code Connection.close()} returns. */
    DataSource dataSource();

    /** Physical connections the pool holds (idle plus lent out), or {@link #UNKNOWN}. */
    int open();

    /** Connections waiting in the pool, or {@link #UNKNOWN}. */
    int idle();

    /** Connections lent out, or {@link #UNKNOWN}. */
    int inUse();

    /**
     * Borrows that had to wait for a connection since the pool was built, or {@link #UNKNOWN} if the pool does not
     * count them. Read outside the measured code only.
     */
    default long waitCount() {
        return UNKNOWN;
    }

    /** Closes the pool and every connection it holds. */
    @Override
    void close() throws Exception;
}
