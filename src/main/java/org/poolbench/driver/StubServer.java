package org.poolbench.driver;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A simulated database server: the shared state behind every {@code jdbc:stub:<name>} URL with the same name.
 *
 * <p>Obtain one with {@link StubDriver#server(String)}; it is created on first use and lives as long as the JVM. It
 * counts what its connections do, lets a test inject faults ({@link #failConnects(boolean)}, {@link #breakAll()},
 * {@link #breakConnection(long)}) and supplies the clock that {@code badAfterIdle} and {@code failConnectsFor} read
 * ({@link #clock(LongSupplier)}). All methods are thread-safe.
 *
 * <p>The counters live in a <em>generation</em> that {@link #reset()} replaces: connections opened before a reset keep
 * working but count into the retired generation, so a test that resets in its set-up sees exact counts even if an
 * earlier test leaked connections. {@link #live()} is a counter of its own, raised when a connect attempt takes its
 * slot (before its latency, as a PostgreSQL backend does) and lowered on close or when the attempt fails, so it is
 * exact at every instant and never exceeds {@code maxConnections}; {@code live() == opened() - closed()} holds
 * whenever no connect or close is in flight.
 */
public final class StubServer {

    private static final LongSupplier SYSTEM_CLOCK = System::nanoTime;

    private final String name;
    private volatile Generation generation = new Generation();
    private volatile boolean failConnects;
    private volatile LongSupplier clock = SYSTEM_CLOCK;
    /** For {@code failConnectsFor}: when (server clock) each URL string was first seen by this server. */
    private final ConcurrentHashMap<String, Long> firstSeenNanos = new ConcurrentHashMap<>();

    StubServer(String name) {
        this.name = name;
    }

    /**
     * The counters and live connections between two resets. Connections hold their generation directly so the hot
     * paths update counters without reading the server's volatile field.
     */
    static final class Generation {
        final AtomicLong connectAttempts = new AtomicLong();
        final AtomicLong opened = new AtomicLong();
        final AtomicLong closed = new AtomicLong();
        final AtomicLong live = new AtomicLong();
        final AtomicLong ids = new AtomicLong();
        // LongAdder: these are bumped on every prepare/execute by many benchmark threads at once.
        final LongAdder prepared = new LongAdder();
        final LongAdder executions = new LongAdder();
        final LongAdder commits = new LongAdder();
        final LongAdder rollbacks = new LongAdder();
        final ConcurrentHashMap<Long, StubConnection> connections = new ConcurrentHashMap<>();
    }

    // ---------------------------------------------------------------- connect

    /**
     * Performs one connect attempt with the given settings; called by {@link StubDriver#connect}.
     *
     * <p>As in PostgreSQL, where a backend takes its connection slot when it starts, before authentication, a connect
     * in progress holds a slot of {@code maxConnections}: the slot is taken when the attempt arrives, held during the
     * connect latency and given back if the attempt then fails. An attempt that finds no slot is refused with 53300
     * after its latency (the client learns of the refusal one round trip later). The injected faults keep their
     * precedence over 53300.
     */
    StubConnection connect(StubUrl settings) throws SQLException {
        Generation gen = generation;
        long attempt = gen.connectAttempts.incrementAndGet();
        long liveWhenRefused = reserveLiveSlot(gen, settings.maxConnections);
        boolean reserved = liveWhenRefused < 0;
        try {
            // The latency comes first: a refused connect costs its round trip too.
            if (settings.connectLatencyNanos > 0) {
                Latency.pause(settings.connectLatencyNanos, "connectLatency", this);
            }
            if (failConnects) {
                throw connectFailure(attempt, "failConnects(true)");
            }
            if (settings.failConnectsForNanos > 0) {
                long now = nanoTime();
                long first = firstSeenNanos.computeIfAbsent(settings.url(), url -> now);
                if (now - first < settings.failConnectsForNanos) {
                    throw connectFailure(attempt, "failConnectsFor="
                            + StubUrl.formatNanos(settings.failConnectsForNanos) + ", "
                            + StubUrl.formatNanos(now - first) + " elapsed");
                }
            }
            if (settings.failConnect == attempt) {
                throw connectFailure(attempt, "failConnect=" + settings.failConnect);
            }
            if (!reserved) {
                // PostgreSQL's wording and SQLState (too_many_connections), so pools see what they would in production.
                throw new SQLException("sorry, too many clients already (stub server '" + name + "', maxConnections="
                        + settings.maxConnections + ", live=" + liveWhenRefused + ")", "53300");
            }
            long id = gen.ids.incrementAndGet();
            StubConnection connection = new StubConnection(this, gen, settings, id, nanoTimeIfIdleTracked(settings));
            gen.connections.put(id, connection);
            gen.opened.incrementAndGet();
            reserved = false; // the connection owns the slot now; its close gives it back
            return connection;
        } finally {
            if (reserved) {
                gen.live.decrementAndGet();
            }
        }
    }

    private long nanoTimeIfIdleTracked(StubUrl settings) {
        return settings.badAfterIdleNanos >= 0 ? nanoTime() : 0L;
    }

    /**
     * Raises {@code live} unless that would exceed the limit; a CAS loop so concurrent connects never overshoot.
     *
     * @return -1 if a slot was taken, else the live count that refused it
     */
    private static long reserveLiveSlot(Generation gen, int maxConnections) {
        while (true) {
            long live = gen.live.get();
            if (maxConnections > 0 && live >= maxConnections) {
                return live;
            }
            if (gen.live.compareAndSet(live, live + 1)) {
                return -1;
            }
        }
    }

    private SQLNonTransientConnectionException connectFailure(long attempt, String fault) {
        return new SQLNonTransientConnectionException("stub server '" + name + "' refused connect attempt " + attempt
                + " (fault: " + fault + ")", "08001");
    }

    /** Called once per connection, by its first {@code close()}. */
    void closed(Generation gen, StubConnection connection) {
        gen.connections.remove(connection.id(), connection);
        gen.closed.incrementAndGet();
        gen.live.decrementAndGet();
    }

    long nanoTime() {
        return clock.getAsLong();
    }

    // ---------------------------------------------------------------- counters

    /** @return the server name, as in {@code jdbc:stub:<name>} */
    public String name() {
        return name;
    }

    /** @return connections opened since the last reset */
    public long opened() {
        return generation.opened.get();
    }

    /** @return connections (opened since the last reset) that have been closed */
    public long closed() {
        return generation.closed.get();
    }

    /**
     * @return connections open now (opened since the last reset and not yet closed), and connect attempts in progress,
     *         which hold a slot of {@code maxConnections} as a PostgreSQL backend does while it authenticates
     */
    public long live() {
        return generation.live.get();
    }

    /** @return prepareStatement and prepareCall calls that succeeded */
    public long prepared() {
        return generation.prepared.sum();
    }

    /**
     * Returns the execute* calls that reached the server: executeQuery, executeUpdate, execute, executeBatch and their
     * large variants, on any statement. Calls rejected because the statement or connection was closed or broken are
     * not counted.
     *
     * @return the number of executions since the last reset
     */
    public long executions() {
        return generation.executions.sum();
    }

    /** @return connect attempts since the last reset, failed ones included */
    public long connectAttempts() {
        return generation.connectAttempts.get();
    }

    /** @return successful {@code commit()} calls */
    public long commits() {
        return generation.commits.sum();
    }

    /** @return successful {@code rollback()} calls */
    public long rollbacks() {
        return generation.rollbacks.sum();
    }

    /** @return a snapshot of the connections open now, ordered by id */
    public List<StubConnection> liveConnections() {
        List<StubConnection> list = new ArrayList<>(generation.connections.values());
        list.sort(Comparator.comparingLong(StubConnection::id));
        return list;
    }

    // ---------------------------------------------------------------- faults and clock

    /**
     * Switches the "server down" fault: while on, every connect attempt fails with SQLState {@code 08001}.
     * Connections already open are not affected.
     *
     * @param fail true to refuse connects, false to accept them again
     */
    public void failConnects(boolean fail) {
        failConnects = fail;
    }

    /** @return whether {@link #failConnects(boolean)} is on */
    public boolean isFailingConnects() {
        return failConnects;
    }

    /**
     * Breaks every connection open now, as a server restart would: each throws its {@code badState} from its next
     * operation on and {@code isValid} returns false. Connections opened afterwards are healthy.
     *
     * @return how many connections were broken by this call
     */
    public int breakAll() {
        int broken = 0;
        for (StubConnection connection : generation.connections.values()) {
            if (connection.breakWith("breakAll()")) {
                broken++;
            }
        }
        return broken;
    }

    /**
     * Breaks one open connection, as if its backend process died.
     *
     * @param id the connection's {@link StubConnection#id()}
     * @return true if a live, healthy connection with that id was broken; false if there is none
     */
    public boolean breakConnection(long id) {
        StubConnection connection = generation.connections.get(id);
        return connection != null && connection.breakWith("breakConnection(" + id + ")");
    }

    /**
     * Replaces the time source that {@code badAfterIdle} and {@code failConnectsFor} read, so a test can move time
     * forward without sleeping. Set it before opening the connections it should govern: a connection's idle time is
     * measured from a reading of the clock that was current when it last did something. Latencies always use real
     * time.
     *
     * @param nanoTime a monotonic nanosecond source, like {@link System#nanoTime()}
     */
    public void clock(LongSupplier nanoTime) {
        clock = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Returns the server to its initial state: counters zeroed, connection ids restarting at 1, faults off, the
     * system clock back, {@code failConnectsFor} windows forgotten. Connections opened before are detached rather than
     * closed: they keep working but no longer affect this server's counters, {@code maxConnections} or
     * {@link #breakAll()}.
     */
    public void reset() {
        generation = new Generation();
        failConnects = false;
        clock = SYSTEM_CLOCK;
        firstSeenNanos.clear();
    }

    /** @return the name and current counters, for test failure messages */
    @Override
    public String toString() {
        Generation gen = generation;
        return "StubServer[" + name + ": live=" + gen.live.get() + ", opened=" + gen.opened.get() + ", closed="
                + gen.closed.get() + ", connectAttempts=" + gen.connectAttempts.get() + ", prepared="
                + gen.prepared.sum() + ", executions=" + gen.executions.sum() + ", commits=" + gen.commits.sum()
                + ", rollbacks=" + gen.rollbacks.sum() + (failConnects ? ", failing connects" : "") + "]";
    }
}
