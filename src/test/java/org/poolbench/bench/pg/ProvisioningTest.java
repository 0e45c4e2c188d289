package org.poolbench.bench.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The order in which a run's PostgreSQL server is provisioned: a given URL wins without asking Docker, else
 * Testcontainers where a Docker engine answers, else the embedded server. Docker is a supplier here, so these run
 * the same on a machine with Docker and without.
 */
class ProvisioningTest {

    private static final PgConfig NOTHING_GIVEN = new PgConfig(null, null, null, null);

    @Test
    void choose_urlGiven_usesTheUrlWithoutAskingDocker() {
        PgConfig config = new PgConfig("jdbc:postgresql://db.example:5432/app", "app", "pw-123", null);
        assertEquals(Provisioning.URL,
                Provisioning.choose(config, () -> fail("Docker must not be asked when a URL is given")));
    }

    @Test
    void choose_urlGivenWithAPort_stillUsesTheUrl() {
        // poolbench.pg.port only applies to an embedded server; it does not turn a given URL into one
        PgConfig config = new PgConfig("jdbc:postgresql://127.0.0.1:6543/app", null, null, 7777);
        assertEquals(Provisioning.URL,
                Provisioning.choose(config, () -> fail("Docker must not be asked when a URL is given")));
    }

    @Test
    void choose_noUrlAndNoDocker_embedded() {
        AtomicInteger asked = new AtomicInteger();
        assertEquals(Provisioning.EMBEDDED, Provisioning.choose(NOTHING_GIVEN, () -> {
            asked.incrementAndGet();
            return false;
        }));
        assertEquals(1, asked.get(), "Docker is asked once");
    }

    @Test
    void choose_noUrlAndDockerAnswers_testcontainers() {
        assertEquals(Provisioning.TESTCONTAINERS, Provisioning.choose(NOTHING_GIVEN, () -> true));
    }

    @Test
    void labels_areWhatTheSummaryShows() {
        assertEquals("given URL", Provisioning.URL.label());
        assertEquals("Testcontainers", Provisioning.TESTCONTAINERS.label());
        assertEquals("embedded", Provisioning.EMBEDDED.label());
    }
}
