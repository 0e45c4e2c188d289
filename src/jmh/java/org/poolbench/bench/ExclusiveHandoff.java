package org.poolbench.bench;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The reference point for {@link AcquireReleaseBenchmark}: the cheapest correct exclusive handoff of pre-opened
 * connections. Not a pool: no wrapper, no timeout, no fairness, no bookkeeping, no growth, no validation. A
 * borrower claims a free slot with one compare-and-set, starting at a slot of its own so that borrowers no more
 * numerous than the slots never collide; when every slot is taken it yields and scans again. Returning is one
 * release store. Every pool does at least this much work, so its cost can be read as a multiple of this one.
 *
 * <p>Correctness: a slot moves 0 to 1 only by a successful CAS, so two borrowers never hold one connection; the
 * release store (paired with the CAS's acquire) makes whatever the previous holder did to the connection visible
 * to the next.
 */
final class ExclusiveHandoff {

    /**
     * Slot flags sit 128 bytes apart (two cache lines, for CPUs that fetch lines in pairs), and slot i at
     * (i + 1) strides, so no flag shares a line with another flag, with the array's header or with the
     * {@code AtomicIntegerArray} object that every access reads.
     */
    private static final int STRIDE = 32;

    private final Connection[] connections;
    private final AtomicIntegerArray taken;

    ExclusiveHandoff(Connection[] connections) {
        this.connections = connections.clone();
        this.taken = new AtomicIntegerArray((connections.length + 2) * STRIDE);
    }

    int size() {
        return connections.length;
    }

    /** Claims a free slot, scanning from {@code start}; spins (yielding) while none is free. */
    int acquire(int start) {
        int n = connections.length;
        while (true) {
            for (int i = 0; i < n; i++) {
                int slot = start + i;
                if (slot >= n) {
                    slot -= n;
                }
                int index = (slot + 1) * STRIDE;
                // Read before CAS: a taken slot costs a shared read, not a failed write that steals the line.
                if (taken.get(index) == 0 && taken.compareAndSet(index, 0, 1)) {
                    return slot;
                }
            }
            Thread.yield(); // more borrowers than slots; on 2 cores the holder may need this core to return
        }
    }

    Connection connection(int slot) {
        return connections[slot];
    }

    void release(int slot) {
        taken.setRelease((slot + 1) * STRIDE, 0);
    }

    /** Slots currently claimed (for the trial's end-of-run check). */
    int inUse() {
        int count = 0;
        for (int i = 0; i < connections.length; i++) {
            count += taken.get((i + 1) * STRIDE);
        }
        return count;
    }
}
