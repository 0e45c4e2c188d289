package org.poolbench.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.poolbench.pool.PoolClock;

/**
 * A {@link PoolClock} whose time moves only when its owner calls {@link #advance}: the benchmark decides when a
 * connection has passed its idle time and when our cleaner's next sweep is due, so that each measured sweep finds
 * exactly the expired connections the iteration made, whatever the machine's speed.
 *
 * <p>Only one thread advances it (the benchmark thread that owns the pool). A thread parked on it is woken by
 * every advance and re-checks its own deadline, as the pool's callers do. A wake-up lost to a race with a thread
 * that was about to park is bounded: a park lasts at most {@link #REAL_PARK_NANOS} of real time, which
 * {@link PoolClock#parkNanos} allows (an early return is always allowed).
 */
final class SteppedClock implements PoolClock {

    /** The longest real time one park lasts: bounds the cost of a lost wake-up. */
    static final long REAL_PARK_NANOS = 1_000_000;

    private volatile long now;
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void parkNanos(Object blocker, long nanos) {
        if (nanos <= 0) {
            return;
        }
        Thread self = Thread.currentThread();
        parked.add(self);
        try {
            LockSupport.parkNanos(blocker, REAL_PARK_NANOS);
        } finally {
            parked.remove(self);
        }
    }

    /**
     * Moves time forward by {@code nanos} and wakes every parked thread.
     *
     * @throws IllegalArgumentException if {@code nanos} is negative: time never goes back
     */
    void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a clock only moves forward, but was asked to move " + nanos + " ns");
        }
        now += nanos; // one writer: the owning benchmark thread
        for (Thread t : parked) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public String toString() {
        return "SteppedClock[" + now + " ns]";
    }
}
