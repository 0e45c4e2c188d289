package org.poolbench.bench.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Testcontainers server where a Docker engine answers: the same checks as the embedded server
 * ({@link ServerChecks}), on a {@value ContainerServer#IMAGE} container. Where no engine answers, the class is
 * skipped and says why on the build's output (JUnit's skip reason alone reaches only the surefire report).
 */
@Timeout(120)
class ContainerServerTest extends ServerChecks {

    private static PgServer server;

    @BeforeAll
    @Timeout(300) // a class-level @Timeout covers the tests, not this
    static void startContainer() {
        boolean docker = Docker.answers();
        if (!docker) {
            List<String> hints = Docker.hints(System.getenv(), Path.of(System.getProperty("user.home", "/")));
            String reason = "ContainerServerTest skipped: no Docker engine answers ("
                    + (hints.isEmpty() ? "no DOCKER_HOST, Testcontainers settings or Docker socket found"
                    : "found " + String.join(", ", hints) + ", but Testcontainers reaches no engine there")
                    + "); the embedded server is tested by EmbeddedServerTest";
            System.out.println(reason);
            assumeTrue(false, reason);
        }
        server = PgServer.start(new PgConfig(null, null, null, null), Provisioning.TESTCONTAINERS);
    }

    @Override
    PgServer server() {
        return server;
    }

    @AfterAll
    static void stopContainer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void start_testcontainers_isRecordedAsSuch() {
        assertEquals(Provisioning.TESTCONTAINERS, server.provisioning());
        assertEquals("Testcontainers", server.describe().get("provisioning"));
        assertTrue(server.isAlive());
        assertTrue(server.url().startsWith("jdbc:postgresql://"), server.url());
        assertFalse(server.describe().containsValue(server.password()), "the password is not recorded");
    }

    @Test
    void close_stopsTheContainer() {
        PgServer own = PgServer.start(new PgConfig(null, null, null, null), Provisioning.TESTCONTAINERS);
        assertTrue(own.isAlive());
        own.close();
        assertFalse(own.isAlive(), "the container still runs after close()");
    }
}
