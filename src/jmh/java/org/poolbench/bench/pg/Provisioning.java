package org.poolbench.bench.pg;

import java.util.function.BooleanSupplier;

/**
 * Where a run's PostgreSQL server comes from. The first that applies wins: a URL the user gave, else a
 * Testcontainers container where a Docker engine answers, else an embedded server from Maven artifacts (the default
 * on a machine with only a JDK).
 */
public enum Provisioning {

    /** The user's own server, from {@value PgConfig#URL}; nothing is started or stopped. */
    URL("given URL"),
    /** A {@code postgres} container started through Testcontainers' PostgreSQL module. */
    TESTCONTAINERS("Testcontainers"),
    /** zonky's embedded PostgreSQL: real server binaries unpacked from a Maven artifact, run as a child process. */
    EMBEDDED("embedded");

    private final String label;

    Provisioning(String label) {
        this.label = label;
    }

    /** How the summary and {@code run.json} name it. */
    public String label() {
        return label;
    }

    /**
     * Chooses the provisioning for {@code config}. Docker is asked only when no URL was given.
     *
     * @param dockerAnswers whether a Docker engine answers (see {@link Docker#answers()})
     */
    public static Provisioning choose(PgConfig config, BooleanSupplier dockerAnswers) {
        if (config.url() != null) {
            return URL;
        }
        return dockerAnswers.getAsBoolean() ? TESTCONTAINERS : EMBEDDED;
    }
}
