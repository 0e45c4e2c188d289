package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * Concurrency: many threads borrowing and returning on a small pool for a bounded number of operations
 * (32 threads, max open 4, 2,000 operations each) on platform and on virtual threads, with barging (the default)
 * and with strict FIFO hand-off, with returns on the lock-free path (max idle 4) and on the locked one (max idle 2). Checked invariants, not
 * durations: no two threads ever hold the same physical connection, every concurrent stats snapshot has
 * {@code open <= maxOpen} and {@code open == inUse + idle}, and after quiescence nothing is in use and the stub
 * driver's live count equals the pool's open count. A monitor thread also runs the core's own invariant check
 * ({@link PoolCore#invariantViolations(boolean)}: every table slot, queue link and count) throughout the run, and the
 * strict, quiescent form of it runs once the workers are done. A source scan checks that the pool core has no
 * {@code synchronized}, so virtual threads never pin on it.
 */
@ExtendWith(PoolCheck.class)
class PoolStressTest {
    private static final int THREADS = 32;
    private static final int OPS_PER_THREAD = 2_000;
    private static final int MAX_OPEN = 4;
    /**
     * The sampler walks the core's lists under its lock once per this many stats snapshots: often enough to catch
     * a broken state many times over a run, seldom enough that the check does not serialise the workers.
     */
    private static final int INVARIANT_CHECK_EVERY = 8;

    /** What the workers and the sampler saw; any non-zero violation fails the test. */
    private static final class Observations {
        final ConcurrentHashMap<Long, AtomicInteger> holders = new ConcurrentHashMap<>();
        final AtomicInteger sharedHolds = new AtomicInteger();
        final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        final AtomicInteger failures = new AtomicInteger();
        final LongAdder operations = new LongAdder();
        final AtomicInteger samples = new AtomicInteger();
        final AtomicReference<PoolStats> firstBadSample = new AtomicReference<>();
        final AtomicInteger badSamples = new AtomicInteger();
        final AtomicInteger invariantChecks = new AtomicInteger();
        final AtomicReference<List<String>> firstBrokenInvariants = new AtomicReference<>();

        void fail(Throwable e) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, e);
        }
    }

    private static void runStress(String serverName, int maxIdle, Duration bargeLimit, ExecutorService workers)
            throws Exception {
        StubServer server = StubDriver.server(serverName);
        Observations seen = new Observations();
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + serverName).name(serverName)
                .maxOpen(MAX_OPEN).maxIdle(maxIdle).bargeLimit(bargeLimit).acquireTimeout(Duration.ofMinutes(1)))) {
            AtomicBoolean workersDone = new AtomicBoolean();
            Thread sampler = new Thread(() -> sample(pool, workersDone, seen), serverName + "-sampler");
            sampler.start();

            CountDownLatch start = new CountDownLatch(1);
            try {
                for (int t = 0; t < THREADS; t++) {
                    workers.execute(() -> work(pool, start, seen));
                }
                start.countDown();
                workers.shutdown();
                assertTrue(workers.awaitTermination(2, TimeUnit.MINUTES), "workers finished in time");
            } finally {
                workers.shutdownNow(); // only does something when the wait above failed
                workersDone.set(true);
                sampler.join(10_000);
            }
            assertFalse(sampler.isAlive(), "sampler stopped");

            assertNull(seen.firstFailure.get(), () -> seen.failures.get() + " operations failed, first: "
                    + seen.firstFailure.get());
            assertEquals((long) THREADS * OPS_PER_THREAD, seen.operations.sum());
            assertEquals(0, seen.sharedHolds.get(), "a physical connection was held by two threads at once");
            assertTrue(seen.samples.get() > 0, "the sampler took at least one snapshot");
            assertEquals(0, seen.badSamples.get(), "snapshot broke an invariant, first: " + seen.firstBadSample.get());
            assertTrue(seen.invariantChecks.get() > 0, "the sampler checked the core's invariants at least once");
            assertNull(seen.firstBrokenInvariants.get(), "the core broke an invariant while the stress ran");
            PoolCheck.core(pool).checkInvariants(true); // quiescent now: the counts must match the lists exactly

            PoolStats end = pool.stats();
            assertTrue(end.waitCount() > 0, "the workload made threads wait for connections: " + end);
            assertEquals(0, end.inUse(), "nothing in use after quiescence: " + end);
            assertEquals(0, end.waiting());
            assertEquals(end.idle(), end.open());
            assertTrue(end.idle() <= maxIdle, end.toString());
            assertEquals(end.open(), server.live(), "the driver's live connections are the pool's open ones");
            assertEquals(end.opened(), server.opened());
            assertEquals(end.closed(), server.closed());
        }
        assertEquals(0, server.live(), "closing the pool closed everything");
    }

    private static void work(Pool pool, CountDownLatch start, Observations seen) {
        try {
            if (!start.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("start signal never came");
            }
            for (int i = 0; i < OPS_PER_THREAD; i++) {
                if (i % 10 == 9) {
                    pool.exec("update t set x = ?", i); // the one-shot path, no handle to track
                } else {
                    try (Connection c = i % 2 == 0 ? pool.getConnection() : pool.getConnection(Duration.ofMinutes(1))) {
                        AtomicInteger holders = seen.holders.computeIfAbsent(
                                c.unwrap(StubConnection.class).id(), id -> new AtomicInteger());
                        if (holders.incrementAndGet() != 1) {
                            seen.sharedHolds.incrementAndGet();
                        }
                        if (i % 4 == 0) {
                            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
                                rs.next();
                            }
                        }
                        if (i % 3 == 0) {
                            // Let others run while holding: a virtual thread unmounts here, so more borrowers than
                            // carriers are active and the pool runs out of connections even on two cores.
                            Thread.yield();
                        }
                        holders.decrementAndGet(); // before close: after it, the next holder may already have it
                    }
                }
                seen.operations.increment();
            }
        } catch (Throwable e) {
            seen.fail(e);
        }
    }

    private static void sample(Pool pool, AtomicBoolean workersDone, Observations seen) {
        PoolCore core = PoolCheck.core(pool);
        for (int round = 0; !workersDone.get(); round++) {
            if (round % INVARIANT_CHECK_EVERY == 0) {
                // Not quiescent: connects, closes and waits are in flight, so only what holds at every instant.
                List<String> broken = core.invariantViolations(false);
                seen.invariantChecks.incrementAndGet();
                if (!broken.isEmpty()) {
                    seen.firstBrokenInvariants.compareAndSet(null, broken);
                }
            }
            PoolStats s = pool.stats();
            seen.samples.incrementAndGet();
            // Not checked: that nobody waits beside an idle connection. A return publishes its connection before it
            // looks at the waiters, so a snapshot can see both for a moment; that no waiter stays stranded is what
            // the workers finishing shows.
            boolean ok = s.open() <= MAX_OPEN
                    && s.open() == s.inUse() + s.idle()
                    && s.idle() >= 0 && s.inUse() >= 0;
            if (!ok) {
                seen.badSamples.incrementAndGet();
                seen.firstBadSample.compareAndSet(null, s);
            }
            Thread.yield();
        }
    }

    // ---------------------------------------------------------------- the stress runs

    // Max idle 2 (Go's default) below max open 4 keeps returns on the locked path, and connections are closed and
    // reopened under load; max idle 4 keeps them on the lock-free path. Each runs with barging (the default) and
    // with strict FIFO hand-off.

    @Test
    void stress_platformThreads_exclusiveConnectionsAndConsistentCounts() throws Exception {
        runStress("stress-platform", PoolConfig.DEFAULT_MAX_IDLE, PoolConfig.DEFAULT_BARGE_LIMIT,
                Executors.newFixedThreadPool(THREADS));
    }

    @Test
    void stress_platformThreadsAllIdleKept_exclusiveConnectionsAndConsistentCounts() throws Exception {
        runStress("stress-platform-fast", MAX_OPEN, PoolConfig.DEFAULT_BARGE_LIMIT,
                Executors.newFixedThreadPool(THREADS));
    }

    @Test
    void stress_platformThreadsStrictFifo_exclusiveConnectionsAndConsistentCounts() throws Exception {
        runStress("stress-platform-fifo", MAX_OPEN, Duration.ZERO, Executors.newFixedThreadPool(THREADS));
    }

    @Test
    void stress_virtualThreads_exclusiveConnectionsAndConsistentCounts() throws Exception {
        runStress("stress-virtual", MAX_OPEN, PoolConfig.DEFAULT_BARGE_LIMIT,
                Executors.newVirtualThreadPerTaskExecutor());
    }

    @Test
    void stress_virtualThreadsStrictFifo_exclusiveConnectionsAndConsistentCounts() throws Exception {
        runStress("stress-virtual-fifo", PoolConfig.DEFAULT_MAX_IDLE, Duration.ZERO,
                Executors.newVirtualThreadPerTaskExecutor());
    }

    // ---------------------------------------------------------------- no synchronized in the core

    @Test
    void source_poolCore_hasNoSynchronized() throws IOException {
        Path dir = Path.of("src/main/java/org/poolbench/pool");
        assertTrue(Files.isDirectory(dir), "run from the project root; not found: " + dir.toAbsolutePath());
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(sources.stream().anyMatch(p -> p.endsWith("PoolCore.java")), "the scan sees the core: " + sources);

        Pattern keyword = Pattern.compile("\\bsynchronized\\b");
        List<String> found = new ArrayList<>();
        for (Path source : sources) {
            String code = codeOnly(Files.readString(source));
            Matcher m = keyword.matcher(code);
            while (m.find()) {
                int line = (int) code.substring(0, m.start()).chars().filter(ch -> ch == '\n').count() + 1;
                found.add(source.getFileName() + ":" + line);
            }
        }
        assertEquals(List.of(), found, "synchronized pins virtual threads; use the pool's ReentrantLock");
    }

    /** The source with comments, string and character literals blanked out; line breaks are kept. */
    static String codeOnly(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? src.length() : end + 2;
                blank(src, i, end, out);
                i = end;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? src.length() : end + 3;
                blank(src, i, end, out);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < src.length() && src.charAt(j) != c && src.charAt(j) != '\n') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(j + 1, src.length());
                blank(src, i, end, out);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(String src, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            out.append(src.charAt(k) == '\n' ? '\n' : ' ');
        }
    }

    @Test
    void codeOnly_blanksCommentsAndLiteralsButKeepsCode() {
        String src = "// synchronized\n/* synchronized */ String s = \"synchronized\";\nsynchronized (x) {}";
        String code = codeOnly(src);
        assertEquals(1, Pattern.compile("\\bsynchronized\\b").matcher(code).results().count());
        assertEquals(3, code.lines().count(), "line breaks are kept for line numbers");
    }
}
