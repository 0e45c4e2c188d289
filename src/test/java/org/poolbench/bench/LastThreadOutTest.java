package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LastThreadOut}: the trial's end runs once, on the last of the trial's threads to leave and only after every
 * other one has left, and a failing end fails that thread's teardown.
 */
class LastThreadOutTest {

    @Test
    void leave_beforeTheLastThread_runsNothing_theLastRunsTheEndOnce() throws Exception {
        LastThreadOut exit = new LastThreadOut();
        AtomicInteger ends = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            exit.leave(4, ends::incrementAndGet);
            assertEquals(0, ends.get(), "ended after " + (i + 1) + " of 4 threads left");
        }
        exit.leave(4, ends::incrementAndGet);
        assertEquals(1, ends.get());
    }

    @Test
    void leave_oneThread_endsAtOnce() throws Exception {
        LastThreadOut exit = new LastThreadOut();
        AtomicInteger ends = new AtomicInteger();
        exit.leave(1, ends::incrementAndGet);
        assertEquals(1, ends.get());
    }

    @Test
    void leave_endThrows_theLastThreadsLeaveThrowsIt() throws Exception {
        LastThreadOut exit = new LastThreadOut();
        IllegalStateException failure = new IllegalStateException("1 connection still lent out");
        AutoCloseable failing = () -> {
            throw failure;
        };
        exit.leave(2, failing);
        assertSame(failure, assertThrows(IllegalStateException.class, () -> exit.leave(2, failing)));
    }

    @Test
    void leave_moreLeavesThanThreads_throwsAndDoesNotEndAgain() throws Exception {
        LastThreadOut exit = new LastThreadOut();
        AtomicInteger ends = new AtomicInteger();
        exit.leave(2, ends::incrementAndGet);
        exit.leave(2, ends::incrementAndGet);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> exit.leave(2, ends::incrementAndGet));
        assertTrue(e.getMessage().contains("3 leaves from a trial of 2 benchmark threads"), e.getMessage());
        assertEquals(1, ends.get());
    }

    /**
     * Threads leaving at once: exactly one runs the end, and by then every thread has left (each counts its arrival
     * before leaving, so the end sees all of them).
     */
    @Test
    @Timeout(30)
    void leave_concurrentThreads_exactlyOneEnds_afterAllArrived() throws Exception {
        int threads = 8;
        for (int round = 0; round < 200; round++) {
            LastThreadOut exit = new LastThreadOut();
            AtomicInteger arrived = new AtomicInteger();
            AtomicInteger ends = new AtomicInteger();
            AtomicInteger arrivedAtEnd = new AtomicInteger(-1);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> leaves = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    leaves.add(pool.submit(() -> {
                        start.await();
                        arrived.incrementAndGet();
                        exit.leave(threads, () -> {
                            ends.incrementAndGet();
                            arrivedAtEnd.set(arrived.get());
                        });
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : leaves) {
                    f.get(10, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
            }
            assertEquals(1, ends.get(), "round " + round);
            assertEquals(threads, arrivedAtEnd.get(), "round " + round + ": the end ran before every thread left");
        }
    }
}
