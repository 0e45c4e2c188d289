package org.poolbench.bench;

import java.util.concurrent.atomic.AtomicLong;

/** Unique names for the databases and pools of each trial, so trials in one JVM never share either. */
final class Names {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Names() {
    }

    /** e.g. {@code acquire-hikari-3}: safe as a stub server name, an H2 database name and a pool name. */
    static String unique(String benchmark, String pool) {
        return benchmark + "-" + pool + "-" + SEQUENCE.incrementAndGet();
    }
}
