package org.poolbench.bench.pg;

/**
 * The PostgreSQL server of this JVM, for {@code backend=pg}. The runner starts one server per run and passes its
 * URL and login to the benchmark JVMs it forks as system properties ({@link PgConfig}); each of those uses it as a
 * given server. A JVM started without them ({@code java -jar target/benchmarks.jar -p backend=pg}) provisions a
 * server of its own on first use and stops it when it exits.
 */
public final class PgServers {

    private static PgServer server;

    private PgServers() {
    }

    /**
     * This JVM's server, provisioned on the first call.
     *
     * @throws IllegalStateException if it cannot be provisioned (the message names why)
     */
    public static synchronized PgServer forThisJvm() {
        if (server == null) {
            // a server started here stops itself when the JVM exits (see EmbeddedServer, ContainerServer)
            server = PgServer.start(PgConfig.fromEnvironment());
        }
        return server;
    }
}
