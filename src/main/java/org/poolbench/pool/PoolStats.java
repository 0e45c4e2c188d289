package org.poolbench.pool;

import java.time.Duration;

/**
 * An immutable snapshot of a pool's state and counters: Go's {@code sql.DBStats} plus a few of our own.
 *
 * <p>The gauges ({@code open}, {@code inUse}, {@code idle}, {@code waiting}) are read together under the pool's
 * lock, so {@code open == inUse + idle} always holds. As in Go, a connection being opened counts as open and in
 * use from the moment its slot is taken, and one being closed until its physical close has returned. The statement and retry counters are kept outside the lock and may be a
 * few operations apart from the gauges.
 *
 * @param maxOpen           the max-open limit when the snapshot was taken; zero means unlimited
 * @param open              open connections, in use or idle (Go's {@code OpenConnections})
 * @param inUse             connections lent out or being opened (Go's {@code InUse})
 * @param idle              idle connections (Go's {@code Idle})
 * @param waiting           threads waiting for a connection right now
 * @param waitCount         total number of waits for a connection (Go's {@code WaitCount})
 * @param waitDuration      total time spent waiting (Go's {@code WaitDuration})
 * @param maxIdleClosed     connections closed because of the max-idle limit (Go's {@code MaxIdleClosed})
 * @param maxIdleTimeClosed connections closed for exceeding the idle time (Go's {@code MaxIdleTimeClosed})
 * @param maxLifetimeClosed connections closed for exceeding the lifetime (Go's {@code MaxLifetimeClosed})
 * @param opened            physical connections opened since the pool opened
 * @param closed            physical connections closed since the pool opened, for any reason
 * @param prepares          physical statements prepared for pool-level {@link Stmt}s
 * @param reuses            executions of a {@link Stmt} that found its physical statement already prepared
 * @param badConnRetries    executions retried after a bad-connection failure
 * @param sweeps            sweeps the cleaner has made (not Go's: for measuring the cleaner's cost)
 * @param sweepTime         the real time those sweeps took in total, measured around each sweep on the cleaner
 *                          thread (closing what expired included), whatever clock the pool was given; divided by
 *                          {@code sweeps} it is the cost of one sweep
 */
public record PoolStats(
        int maxOpen,
        int open,
        int inUse,
        int idle,
        int waiting,
        long waitCount,
        Duration waitDuration,
        long maxIdleClosed,
        long maxIdleTimeClosed,
        long maxLifetimeClosed,
        long opened,
        long closed,
        long prepares,
        long reuses,
        long badConnRetries,
        long sweeps,
        Duration sweepTime) {
}
