package org.poolbench.bench.pg;

import java.util.Map;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A PostgreSQL server in a Docker container, through Testcontainers' PostgreSQL module, where a Docker engine
 * answers. The official image authenticates TCP logins with SCRAM; the container gets {@link #SERVER_SETTINGS} on
 * its command line. Testcontainers' own reaper removes the container should this JVM die without stopping it.
 */
final class ContainerServer extends PgServer {

    /** The official image, PostgreSQL 18 as the embedded server. */
    static final String IMAGE = "postgres:18";

    private final PostgreSQLContainer container;
    private final Thread hook;

    private ContainerServer(PostgreSQLContainer container) {
        super(Provisioning.TESTCONTAINERS, container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                Map.of("sslmode", "disable"));
        this.container = container;
        this.hook = new Thread(container::stop, "poolbench-postgres-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts a container and waits until it accepts connections.
     *
     * @throws IllegalStateException if the container does not start
     */
    static ContainerServer start() {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(IMAGE))
                .withDatabaseName(BENCH_DATABASE)
                .withUsername(BENCH_ROLE)
                .withPassword(randomPassword());
        String[] command = new String[1 + 2 * SERVER_SETTINGS.size()];
        command[0] = "postgres";
        int i = 1;
        for (Map.Entry<String, String> s : SERVER_SETTINGS.entrySet()) {
            command[i++] = "-c";
            command[i++] = s.getKey() + "=" + s.getValue();
        }
        container.withCommand(command);
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new IllegalStateException("the PostgreSQL container (" + IMAGE + ") did not start through "
                    + "Testcontainers: " + e.getMessage(), e);
        }
        return new ContainerServer(container);
    }

    @Override
    public boolean isAlive() {
        return container.isRunning();
    }

    @Override
    public void close() {
        container.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it stops the container too
        }
    }
}
