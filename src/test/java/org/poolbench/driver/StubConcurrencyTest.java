package org.poolbench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Counters stay exact under a few threads doing a bounded number of operations at once. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StubConcurrencyTest {

    private static final int THREADS = 4;
    private static final int ROUNDS = 2_000;

    private final StubDriver driver = new StubDriver();
    private final String name = StubServers.uniqueName("concurrent");
    private final StubServer server = StubDriver.server(name);
    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    /** Starts all tasks together (so they really overlap) and rethrows the first failure. */
    private void runTogether(Callable<Void> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(executor.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        for (Future<Void> future : futures) {
            future.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void counters_exactAfterConcurrentConnectPrepareExecuteClose() throws Exception {
        runTogether(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                try (StubConnection c = driver.connect("jdbc:stub:" + name, null);
                     PreparedStatement ps = c.prepareStatement("select 1");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rs.getInt(1);
                    c.commit();
                }
            }
            return null;
        });

        long total = (long) THREADS * ROUNDS;
        assertEquals(total, server.connectAttempts());
        assertEquals(total, server.opened());
        assertEquals(total, server.closed());
        assertEquals(0, server.live());
        assertEquals(total, server.prepared());
        assertEquals(total, server.executions());
        assertEquals(total, server.commits());
    }

    @Test
    void maxConnections_neverExceeded_underConcurrentConnects() throws Exception {
        AtomicInteger held = new AtomicInteger();
        AtomicInteger maxHeld = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        runTogether(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                StubConnection c;
                try {
                    c = driver.connect("jdbc:stub:" + name + ";maxConnections=3", null);
                } catch (SQLException e) {
                    assertEquals("53300", e.getSQLState());
                    refused.incrementAndGet();
                    continue;
                }
                maxHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                held.decrementAndGet();
                c.close();
            }
            return null;
        });

        assertTrue(maxHeld.get() <= 3, "held " + maxHeld.get() + " connections at once");
        assertEquals((long) THREADS * ROUNDS, server.opened() + refused.get());
        assertEquals(0, server.live());
        assertEquals(server.opened(), server.closed());
    }

    @Test
    void breakAll_whileOthersExecute_eachConnectionEitherWorksOrFailsCleanly() throws Exception {
        AtomicInteger broken = new AtomicInteger();
        runTogether(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                try (StubConnection c = driver.connect("jdbc:stub:" + name, null)) {
                    c.prepareStatement("select 1").executeQuery();
                    if (i % 100 == 0) {
                        server.breakAll();
                    }
                } catch (SQLException e) {
                    assertEquals("08006", e.getSQLState());
                    broken.incrementAndGet();
                }
            }
            return null;
        });

        assertEquals(0, server.live());
        assertEquals(server.opened(), server.closed());
        assertEquals((long) THREADS * ROUNDS, server.opened());
        assertTrue(server.executions() <= (long) THREADS * ROUNDS);
        assertEquals((long) THREADS * ROUNDS, server.executions() + broken.get(),
                "each round either executed or was refused by a broken connection");
    }
}
