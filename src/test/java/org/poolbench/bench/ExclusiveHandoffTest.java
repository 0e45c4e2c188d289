package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reference handoff must be correct before it can be a floor: exclusive, and live with more borrowers. */
class ExclusiveHandoffTest {

    private static Connection[] fakes(int n) {
        Connection[] c = new Connection[n];
        for (int i = 0; i < n; i++) {
            c[i] = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (p, m, a) -> null);
        }
        return c;
    }

    @Test
    void acquire_startsAtTheGivenSlotAndSkipsTakenOnes() {
        Connection[] c = fakes(3);
        ExclusiveHandoff h = new ExclusiveHandoff(c);
        assertEquals(2, h.acquire(2));
        assertEquals(0, h.acquire(2)); // wraps around past the taken slot 2
        assertSame(c[0], h.connection(0));
        assertEquals(2, h.inUse());
        h.release(2);
        assertEquals(1, h.inUse());
        assertEquals(2, h.acquire(2));
    }

    @Test
    @Timeout(30)
    void acquire_neverLendsOneConnectionTwice_with4xMoreBorrowersThanSlots() throws Exception {
        int slots = 2;
        int threads = 8;
        int rounds = 20_000;
        ExclusiveHandoff h = new ExclusiveHandoff(fakes(slots));
        AtomicIntegerArray holders = new AtomicIntegerArray(slots);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int start = t % slots;
                results.add(pool.submit(() -> {
                    int overlaps = 0;
                    for (int i = 0; i < rounds; i++) {
                        int slot = h.acquire(start);
                        if (holders.incrementAndGet(slot) != 1) {
                            overlaps++;
                        }
                        holders.decrementAndGet(slot);
                        h.release(slot);
                    }
                    return overlaps;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(0, f.get(25, TimeUnit.SECONDS), "a slot was held by two borrowers at once");
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertEquals(0, h.inUse());
    }
}
