package org.poolbench.driver;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/** Simulated server latency: how long a connect, prepare or execute takes on the stub's pretend network. */
final class Latency {

    /**
     * At or above this the caller sleeps, below it spins. Sleeping on Linux oversleeps by tens of microseconds (timer
     * slack plus the scheduler's wake-up), so a 100 us sleep would really be 150 us or more and a latency sweep would
     * measure the kernel rather than the pool. Above 1 ms that error is a few percent, and spinning would burn one of
     * the machine's two cores that the benchmark needs.
     */
    static final long SLEEP_THRESHOLD_NANOS = 1_000_000L;

    private Latency() {
    }

    /**
     * Waits at least {@code nanos} (a lower bound: sleeping may overshoot, spinning rarely does).
     *
     * @param knob the URL key being simulated, for the message if the thread is interrupted
     * @throws SQLException with SQLState {@code HY008} (operation canceled) if interrupted while sleeping; the
     *         interrupt flag is restored so the caller's pool sees it too
     */
    static void pause(long nanos, String knob, StubServer server) throws SQLException {
        long deadline = System.nanoTime() + nanos;
        if (nanos >= SLEEP_THRESHOLD_NANOS) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while simulating " + knob + "=" + StubUrl.formatNanos(nanos)
                        + " on stub server '" + server.name() + "'", "HY008", e);
            }
        }
        // After a sleep this normally exits at once; it keeps the lower bound if the sleep returned early.
        while (System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }
}
