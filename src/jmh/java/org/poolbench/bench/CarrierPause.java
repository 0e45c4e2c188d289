package org.poolbench.bench;

import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Control;

/**
 * Lets JMH's iteration barriers complete on virtual threads ({@link VirtualThreads}).
 *
 * <p>JMH 1.37 synchronises iterations: a benchmark thread that has started calls the benchmark method in a loop until
 * every other benchmark thread has started too, and again after its measured window until every one has stopped;
 * on virtual threads it calls {@link Thread#yield()} after each of those calls. With more virtual threads than
 * carriers (16 on 2 here) and a benchmark call that never blocks (a pool whose borrow and return meet no contention,
 * on the stub driver), that is not enough: a thread dump of a stalled fork showed 15 benchmark threads yielding in the
 * end-of-iteration loop and the sixteenth still yielding in the start-of-iteration loop, never run again, so the
 * iteration never ended. Issue 11's quick runs lost their 16-virtual-thread run of our pool that way, and HikariCP's
 * and Vibur's ("16 in no pool code"). A yielded virtual thread goes back on its carrier's own queue, which the
 * yielding threads keep full.
 *
 * <p>So a virtual benchmark thread parks for {@value #PAUSE_NANOS} ns on each call outside the measured window: a park
 * takes it off its carrier without queueing it there, and every thread gets to start and to stop (five of five runs
 * of ours and HikariCP's completed, where three of four stalled with yields). Inside the window nothing changes, for
 * every pool alike; platform threads never pause. The window is JMH's {@link Control} (shared by the iteration's
 * threads: the first to stop ends it for all, after JMH has told every thread the iteration is over, so at most one
 * more call per thread pauses).
 */
@State(Scope.Thread)
public class CarrierPause {

    private static final long PAUSE_NANOS = 10_000;

    private boolean virtual;

    @Setup(Level.Trial)
    public void detect() {
        virtual = Thread.currentThread().isVirtual();
    }

    boolean isVirtual() {
        return virtual;
    }

    /** Parks briefly, giving up the carrier, if this is a virtual thread and JMH is not measuring. */
    void outsideMeasurement(Control control) {
        if (virtual && outside(control)) {
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }

    /** Whether JMH is outside the measured window: not started yet, or stopped. */
    static boolean outside(Control control) {
        return !control.startMeasurement || control.stopMeasurement;
    }
}
