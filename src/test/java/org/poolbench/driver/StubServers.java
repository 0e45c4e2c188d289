package org.poolbench.driver;

import java.util.concurrent.atomic.AtomicInteger;

/** Gives each test a server of its own, so tests never see each other's counters or faults. */
final class StubServers {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private StubServers() {
    }

    /** @return a server name no other test uses, e.g. {@code faults-12} */
    static String uniqueName(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }
}
