package org.poolbench.pool;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A {@link PoolClock} whose time moves only when a test calls {@link #advance(Duration)}. Threads parked on it
 * (borrowers waiting for a connection, the cleaner waiting for its next sweep) wake when the advanced time reaches
 * their deadline, so tests of timeouts, lifetimes, idle time and the cleaner never sleep.
 *
 * <p>To know that a woken thread has finished its work, wait until it parks again with a deadline in the
 * future: {@link #awaitParked(String)} does that for a thread whose name contains a given string.
 */
final class ManualClock implements PoolClock {
    /** Starts far from zero so that code subtracting readings is not accidentally correct only near zero. */
    private final AtomicLong now = new AtomicLong(TimeUnit.DAYS.toNanos(1000));
    private final Map<Thread, Long> parked = new ConcurrentHashMap<>();
    /**
     * Each thread's last reading. A caller parks for a duration it computed from its last reading ({@code deadline -
     * nanoTime()}); if a test advances the clock between that reading and the park, the deadline it meant is that
     * reading plus the duration, not the advanced time plus it. With a real clock the gap is a few nanoseconds of
     * oversleep; here it would be the whole advance, and a cleaner would miss the sweep the test just made due.
     */
    private final ThreadLocal<Long> lastReading = new ThreadLocal<>();

    @Override
    public long nanoTime() {
        long t = now.get();
        lastReading.set(t);
        return t;
    }

    @Override
    public void parkNanos(Object blocker, long nanos) {
        if (nanos <= 0) {
            return;
        }
        Thread self = Thread.currentThread();
        Long reading = lastReading.get();
        long deadline = (reading != null ? reading : now.get()) + nanos;
        parked.put(self, deadline);
        try {
            // An advance() between put() and park() unparks us first; the permit makes park() return at once.
            if (now.get() < deadline) {
                LockSupport.park(blocker);
            }
        } finally {
            parked.remove(self);
        }
    }

    /** Moves time forward and wakes every thread whose deadline has come. */
    void advance(Duration d) {
        long t = now.addAndGet(d.toNanos());
        parked.forEach((thread, deadline) -> {
            if (deadline <= t) {
                LockSupport.unpark(thread);
            }
        });
    }

    /** Waits (in real time, bounded) until a thread whose name contains {@code nameFragment} is parked on this clock. */
    void awaitParked(String nameFragment) {
        awaitTrue(() -> parked.entrySet().stream()
                .anyMatch(e -> e.getKey().getName().contains(nameFragment) && e.getValue() > now.get()),
                "a thread named *" + nameFragment + "* to park on the clock");
    }

    /** Waits (in real time, bounded) until {@code n} threads are parked on this clock. */
    void awaitParkedCount(int n) {
        awaitTrue(() -> parked.size() >= n, n + " threads to park on the clock");
    }

    /**
     * Polls {@code condition} until it holds, failing after 10 s of real time. Used to wait for another thread to
     * reach a state, never to let time pass: the outcome does not depend on how long it takes.
     */
    static void awaitTrue(BooleanSupplier condition, String what) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Override
    public String toString() {
        return "manual";
    }
}
