package org.poolbench.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The background reaper thread(s) of one pool under test, found by name among the threads that appeared while the
 * pool was built, and their CPU time from {@link ThreadMXBean}.
 *
 * <p>How each pool's reaper is recognised (read from the libraries' sources, and checked by a run that lists the
 * threads each pool starts):
 * <ul>
 *   <li>poolbench: its cleaner, {@code <pool name>-cleaner}.</li>
 *   <li>HikariCP: the housekeeper's scheduled executor, {@code <pool name>:housekeeper} (it also runs the
 *       housekeeper's {@code fillPool}, part of a sweep).</li>
 *   <li>c3p0: the pool manager's {@code java.util.Timer},
 *       {@code C3P0PooledConnectionPoolManager[identityToken->..., dataSourceName-><pool name>]-AdminTaskTimer}; it
 *       runs the idle and age checks. Work it hands to c3p0's helper threads (closing what a check culls) is not
 *       counted; at the size, with every connection healthy, a check culls nothing.</li>
 *   <li>Vibur: its pool reducer's thread, {@code PoolReducer for pool <pool name>}.</li>
 * </ul>
 * A pool's threads are told apart from others' by appearing while it was built: one trial per JVM fork, and the
 * set of threads before it is taken first.
 */
final class ReaperThreads {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long[] ids;
    private final List<String> names;

    private ReaperThreads(long[] ids, List<String> names) {
        this.ids = ids;
        this.names = names;
    }

    /** The ids of the threads alive now: take it before building the pool. */
    static Set<Long> liveThreadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::threadId).collect(Collectors.toSet());
    }

    /**
     * The reaper threads of pool {@code poolName} of {@code kind}: alive now, not in {@code before}, and named as
     * that pool names its reaper.
     *
     * @throws IllegalStateException if the JVM cannot measure thread CPU time, since the counters would be wrong
     */
    static ReaperThreads find(PoolKind kind, String poolName, Set<Long> before) {
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time (ThreadMXBean)");
        }
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        Predicate<String> isReaper = reaperName(kind, poolName);
        List<Thread> found = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t.threadId()) && isReaper.test(t.getName()))
                .toList();
        return new ReaperThreads(found.stream().mapToLong(Thread::threadId).toArray(),
                found.stream().map(Thread::getName).toList());
    }

    /** How {@code kind} names its reaper thread for a pool named {@code poolName}. */
    static Predicate<String> reaperName(PoolKind kind, String poolName) {
        return switch (kind) {
            case POOLBENCH -> n -> n.equals(poolName + "-cleaner");
            case HIKARI -> n -> n.equals(poolName + ":housekeeper");
            case C3P0 -> n -> n.contains("dataSourceName->" + poolName + "]") && n.endsWith("-AdminTaskTimer");
            case VIBUR -> n -> n.equals("PoolReducer for pool " + poolName);
            default -> throw new IllegalArgumentException(kind.paramValue() + " has no background reaper to measure");
        };
    }

    /** How many reaper threads were found. */
    int count() {
        return ids.length;
    }

    /** Their names, for messages. */
    List<String> names() {
        return names;
    }

    /**
     * CPU time the reaper threads have used so far, in nanoseconds. A thread that has ended counts 0 from then on,
     * so a reaper that stops during a run is seen as a negative difference, which {@link #cpuBetween} refuses.
     */
    long cpuNanos() {
        return Arrays.stream(ids).map(id -> Math.max(0, THREADS.getThreadCpuTime(id))).sum();
    }

    /** The CPU time used between two {@link #cpuNanos()} readings; fails if a reaper thread ended meanwhile. */
    long cpuBetween(long start, long end) {
        if (end < start) {
            throw new IllegalStateException("a reaper thread of " + names + " ended during the iteration");
        }
        return end - start;
    }
}
