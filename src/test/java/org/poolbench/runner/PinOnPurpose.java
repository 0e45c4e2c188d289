package org.poolbench.runner;

import java.util.concurrent.CountDownLatch;

/**
 * A program whose one virtual thread pins its carrier on purpose, for {@link PinningReportTest}: it blocks inside a
 * class initializer, which pins on every JDK from 21 on (JEP 491 removed pinning in {@code synchronized} in JDK 24,
 * not in class initializers). The main thread releases it only once it is parked, so the pin always happens.
 */
final class PinOnPurpose {

    static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** Blocks in its static initializer until {@link #RELEASE} opens. */
    static final class BlocksInItsInitializer {
        static {
            try {
                RELEASE.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        static void load() {
            // initializing the class is the point
        }
    }

    private PinOnPurpose() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread pinned = Thread.ofVirtual().start(BlocksInItsInitializer::load);
        while (pinned.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // until it is parked inside the initializer, pinned
        }
        RELEASE.countDown();
        pinned.join();
    }
}
