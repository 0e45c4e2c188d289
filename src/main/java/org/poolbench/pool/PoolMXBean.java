package org.poolbench.pool;

/**
 * The pool's live statistics and limits over JMX, registered as {@code org.poolbench:type=Pool,name=<jmxName>}
 * when {@link PoolConfig#jmxName(String)} is set. Each getter reads a fresh {@link PoolStats} snapshot.
 */
public interface PoolMXBean {
    /** The pool's name. */
    String getName();

    /** The max-open limit; zero means unlimited. */
    int getMaxOpen();

    /** Changes the max-open limit, as {@link Pool#setMaxOpen(int)}. */
    void setMaxOpen(int maxOpen);

    /** The max-idle limit. */
    int getMaxIdle();

    /** Changes the max-idle limit, as {@link Pool#setMaxIdle(int)}. */
    void setMaxIdle(int maxIdle);

    /** Open connections, in use or idle. */
    int getOpen();

    /** Connections lent out or being opened. */
    int getInUse();

    /** Idle connections. */
    int getIdle();

    /** Threads waiting for a connection. */
    int getWaiting();

    /** Total waits for a connection. */
    long getWaitCount();

    /** Total time spent waiting, in milliseconds. */
    long getWaitMillis();

    /** Connections closed because of the max-idle limit. */
    long getMaxIdleClosed();

    /** Connections closed for exceeding the idle time. */
    long getMaxIdleTimeClosed();

    /** Connections closed for exceeding the lifetime. */
    long getMaxLifetimeClosed();

    /** Physical connections opened in total. */
    long getOpened();

    /** Physical connections closed in total. */
    long getClosed();

    /** Physical prepares done for pool-level statements. */
    long getStatementPrepares();

    /** Pool-level statement executions that reused a physical statement. */
    long getStatementReuses();

    /** Attempts retried after a bad-connection failure, a failed connect included (see {@link Pool}'s retry rule). */
    long getBadConnRetries();
}
