package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class StallDumpTest {

    /** Shaped as JDK 25's {@code jcmd <pid> Thread.dump_to_file -format=text} prints it (a HikariCP stall here). */
    private static final List<String> DUMP = List.of(
            "26262",
            "2026-11-27T02:33:40.484257271Z",
            "25.0.3+9-LTS",
            "",
            "#3 \"main\" WAITING 2026-11-27T02:33:40.503151567Z",
            "    at java.base/jdk.internal.misc.Unsafe.park(Native Method)",
            "    at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:1)",
            "",
            "#32 \"bench-jmh-worker-7\" virtual RUNNABLE 2026-11-27T02:33:40.539572497Z",
            "    at java.base/java.lang.VirtualThread.tryYield(VirtualThread.java:945)",
            "    at java.base/java.lang.Thread.yield(Thread.java:460)",
            "    at org.poolbench.bench.jmh_generated.X_jmhTest.acquireRelease_Throughput(X_jmhTest.java:96)",
            "",
            "#36 \"bench-jmh-worker-11\" virtual TIMED_WAITING 2026-11-27T02:33:40.540462935Z",
            "    at java.base/java.lang.VirtualThread.parkNanos(VirtualThread.java:784)",
            "    at java.base/java.util.concurrent.locks.LockSupport.parkNanos(LockSupport.java:406)",
            "    at com.zaxxer.hikari.util.ConcurrentBag.requite(ConcurrentBag.java:226)",
            "    at com.zaxxer.hikari.pool.HikariPool.recycle(HikariPool.java:447)",
            "    at org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease(AcquireReleaseBenchmark.java:149)",
            "",
            "#37 \"bench-jmh-worker-12\" virtual RUNNABLE 2026-11-27T02:33:40.540662181Z",
            "    - parking to wait for <java.util.concurrent.CountDownLatch$Sync@58b20277>",
            "    at com.zaxxer.hikari.util.ConcurrentBag.requite(ConcurrentBag.java:220)",
            "");

    @Test
    void summarise_countsTheTopmostPoolFrameOfEachVirtualThread_platformThreadsLeftOut() {
        assertEquals("3 virtual threads; topmost pool frames: HikariCP com.zaxxer.hikari.util.ConcurrentBag.requite x2;"
                + " 1 in no pool code", StallDump.summarise(DUMP));
    }

    @Test
    void summarise_noVirtualThread_saysSo() {
        assertEquals("no virtual thread in the thread dump", StallDump.summarise(DUMP.subList(0, 8)));
    }

    @Test
    void take_processGoneBeforeTheDump_reportsWhyInsteadOfThrowing() throws Exception {
        // a process that has exited: jcmd fails at once (a live process that is no JVM makes it wait 5 s to attach)
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String result = StallDump.take(gone.toHandle());
        org.junit.jupiter.api.Assertions.assertTrue(result.startsWith("no thread dump: "), result);
    }
}
