package org.poolbench.bench.pools;

import javax.sql.DataSource;

/**
 * No pool: every borrow opens a physical connection and every return closes it, the connect-per-request pattern
 * that pools exist to replace.
 */
public final class UnpooledAdapter implements PoolUnderTest {

    private final DataSource source;

    /** @param source where every borrow opens, and every return closes, a physical connection */
    public UnpooledAdapter(DataSource source) {
        this.source = source;
    }

    @Override
    public DataSource dataSource() {
        return source;
    }

    @Override
    public int open() {
        return UNKNOWN;
    }

    @Override
    public int idle() {
        return 0;
    }

    @Override
    public int inUse() {
        return UNKNOWN;
    }

    /** Connect-per-request never waits for another request's connection. */
    @Override
    public long waitCount() {
        return 0;
    }

    @Override
    public void close() {
        // Nothing is held between requests.
    }
}
