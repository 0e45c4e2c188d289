package org.poolbench.pool;

import java.util.concurrent.locks.LockSupport;

/**
 * The pool's source of time, and the one way the pool waits for time to pass.
 *
 * <p>Every lifetime, idle-time and acquire-timeout decision reads {@link #nanoTime()}, and every timed wait
 * (a borrower waiting for a connection, the cleaner waiting for its next sweep) goes through
 * {@link #parkNanos(Object, long)}. A test can therefore substitute a manual clock whose time only moves when
 * the test says so, and whose {@code parkNanos} returns when that time reaches the deadline: lifetimes, idle
 * time and the cleaner are then tested by advancing the clock instead of sleeping.
 *
 * <p>The pool wakes its own waiters with {@link LockSupport#unpark(Thread)}, so an implementation of
 * {@code parkNanos} must block with {@link LockSupport#park(Object)} (or return early, which is always allowed:
 * callers re-check their condition in a loop).
 */
public interface PoolClock {

    /** A monotonic time in nanoseconds; only differences between two readings mean anything. */
    long nanoTime();

    /**
     * Blocks the current thread for up to {@code nanos} of this clock's time. It may return earlier: when the
     * thread is unparked or interrupted, or spuriously.
     *
     * @param blocker the object the thread waits on, shown by thread dumps
     * @param nanos   the longest time to wait; zero or less returns at once
     */
    void parkNanos(Object blocker, long nanos);

    /** The real clock: {@link System#nanoTime()} and {@link LockSupport#parkNanos(Object, long)}. */
    static PoolClock system() {
        return SystemClock.INSTANCE;
    }
}

/** The real clock; a singleton so that the pool can tell it apart cheaply in {@code toString()}. */
enum SystemClock implements PoolClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void parkNanos(Object blocker, long nanos) {
        if (nanos > 0) {
            LockSupport.parkNanos(blocker, nanos);
        }
    }

    @Override
    public String toString() {
        return "system";
    }
}
