package org.poolbench.bench;

import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.infra.ThreadParams;

/**
 * Ends a {@code Scope.Benchmark} state's trial (closing its pool) on the last benchmark thread to leave it, in place of
 * a {@code @TearDown(Level.Trial)} on the shared state, which costs every run with 2 or more threads about a second.
 *
 * <p><b>Why:</b> JMH 1.37's generated code runs a shared state's trial teardown on the first thread that wins a CAS
 * on the state's {@code tearTrialMutexUpdater}; every other benchmark thread that arrives while it runs polls the
 * mutex with {@code TimeUnit.MILLISECONDS.sleep(backoff); backoff = Math.max(1024, backoff * 2);} (see any
 * {@code target/generated-sources/annotations/org/poolbench/bench/jmh_generated/*_jmhTest.java}), so it sleeps 1 ms,
 * then 1,024 ms, then 2,048 ms. Closing a pool takes more than a millisecond (a check that nothing is lent out, then
 * physical closes), so each fork lost about a second after its last iteration. The iteration-level fixtures of a
 * shared state ({@code setupIterationMutexUpdater}, {@code tearIterationMutexUpdater}) are not affected: there the
 * other threads spin without sleeping, and a trial's set-up is a {@code synchronized} block.
 *
 * <p><b>How:</b> the shared state keeps one of these, and each benchmark method's {@code Scope.Thread} state has a
 * {@code @TearDown(Level.Trial)} that leaves it ({@link #leave(ThreadParams, AutoCloseable)}); JMH runs a
 * thread-scoped trial teardown on its own thread with no mutex. Every thread leaves after its own measurement and
 * warm-down loops, so when the count reaches {@link ThreadParams#getThreadCount()} no thread uses the pool any more:
 * the last one closes it, after all use, as JMH's teardown did, and a close that throws fails the run from that
 * thread's teardown. JMH still wraps the shared state's end in the same mutex (it clears the state's set-up flag), but
 * holds it for nanoseconds, so a thread that finds it taken sleeps the first 1 ms of the back-off at most.
 * {@code SharedStateTeardownTest} keeps every shared state free of trial teardowns and checks that each state holding
 * one of these is left by exactly one thread state in every benchmark method that uses it.
 *
 * <p>A trial whose benchmark failed may not close: a thread that threw never leaves. JMH's own teardown did not close
 * then either (it throws {@code FailureAssistException} first), and the fork ends.
 *
 * <p>Thread-safe; one instance per shared state instance, hence per trial.
 */
final class LastThreadOut {

    private final AtomicInteger left = new AtomicInteger();

    /**
     * Counts the calling benchmark thread out of the trial; the last of them runs {@code end}.
     *
     * @param thread the calling thread's JMH parameters, for the number of benchmark threads
     * @param end    the trial's end (closing the pool), run once, by the last thread to leave
     * @throws Exception             what {@code end} throws, so that the run fails
     * @throws IllegalStateException if more threads leave than the trial has
     */
    void leave(ThreadParams thread, AutoCloseable end) throws Exception {
        leave(thread.getThreadCount(), end);
    }

    /** As {@link #leave(ThreadParams, AutoCloseable)}, for {@code threads} benchmark threads. */
    void leave(int threads, AutoCloseable end) throws Exception {
        int count = left.incrementAndGet();
        if (count > threads) {
            // Two thread states leaving one shared state in a method: the trial ended before every thread had left.
            throw new IllegalStateException(count + " leaves from a trial of " + threads + " benchmark threads: the "
                    + "shared state was closed early; leave it from exactly one thread state per benchmark method");
        }
        if (count == threads) {
            end.close();
        }
    }
}
