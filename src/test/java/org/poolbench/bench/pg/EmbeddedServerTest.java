package org.poolbench.bench.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded PostgreSQL server as the runner starts it: the checks every started server passes
 * ({@link ServerChecks}: SCRAM logins, a wrong password refused, the settings in force), loopback only, nothing left
 * once it is closed, and a port in use refused before anything starts. One server serves the class; the close test
 * starts its own.
 */
class EmbeddedServerTest extends ServerChecks {

    private static final PgConfig NOTHING_GIVEN = new PgConfig(null, null, null, null);

    private static PgServer server;

    @BeforeAll
    static void startServer() {
        server = PgServer.start(NOTHING_GIVEN, Provisioning.EMBEDDED);
    }

    @Override
    PgServer server() {
        return server;
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void start_embedded_runsOnLoopbackWithAPidAndTheBenchLogin() {
        assertEquals(Provisioning.EMBEDDED, server.provisioning());
        assertTrue(server.isAlive());
        assertTrue(server.pid().isPresent());
        assertTrue(ProcessHandle.of(server.pid().getAsLong()).map(EmbeddedServer::running).orElse(false));
        assertTrue(server.url().matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/bench"), server.url());
        assertEquals("bench", server.user());
        assertTrue(server.password() != null && server.password().length() >= 24, "a random password");
        assertTrue(server.settings().get("server_version").startsWith("18."), server.settings().toString());
    }

    @Test
    void settings_listensOnLoopbackOnly() throws SQLException {
        try (Connection c = server.connect()) {
            assertEquals("localhost", query(c, "SHOW listen_addresses"));
        }
    }

    @Test
    void login_superuserWithoutPassword_isRefusedOnceSetUp() {
        // the superuser set the server up over a trusted login; after that no local process may log in as it
        Properties superuser = new Properties();
        superuser.setProperty("user", "postgres");
        superuser.setProperty("sslmode", "disable");
        String adminUrl = server.url().replace("/bench", "/postgres");
        SQLException e = assertThrows(SQLException.class,
                () -> new org.postgresql.Driver().connect(adminUrl, superuser).close());
        assertTrue(e.getMessage().contains("password"), e.getMessage());
    }

    @Test
    void login_noPassword_refused() {
        Properties none = new Properties();
        none.putAll(server.connectionProperties());
        none.remove("password");
        SQLException e = assertThrows(SQLException.class,
                () -> new org.postgresql.Driver().connect(server.url(), none).close());
        // the server asks for a SCRAM password; pgjdbc, given none, gives up naming it
        assertTrue(e.getMessage().contains("password"), e.getMessage());
    }

    @Test
    void start_givenTheRunningServersUrl_startsNothingAndClosesNothing() {
        PgConfig given = new PgConfig(server.url(), server.user(), server.password(), null);
        // start(config), not start(config, URL): the choice itself must take the URL without asking Docker
        PgServer asGiven = PgServer.start(given);
        assertEquals(Provisioning.URL, asGiven.provisioning());
        assertTrue(asGiven.pid().isEmpty(), "nothing started");
        assertEquals(server.url(), asGiven.url());
        assertTrue(asGiven.settings().get("login").startsWith("scram-sha-256"), asGiven.settings().toString());
        asGiven.close();
        assertTrue(server.isAlive(), "closing a given server must not stop it");
    }

    @Test
    @Timeout(20)
    void start_portInUse_failsAtOnceNamingTheSettingAndThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> PgServer.start(new PgConfig(null, null, null, port), Provisioning.EMBEDDED));
            assertTrue(e.getMessage().startsWith(PgConfig.PORT + "=" + port + ": port " + port
                    + " on loopback is already in use"), e.getMessage());
        }
    }

    @Test
    void start_portOfTheRunningServer_failsNamingIt() {
        int port = Integer.parseInt(server.url().replaceAll(".*:(\\d+)/.*", "$1"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PgServer.start(new PgConfig(null, null, null, port), Provisioning.EMBEDDED));
        assertTrue(e.getMessage().contains(PgConfig.PORT + "=" + port), e.getMessage());
        assertTrue(server.isAlive(), "the running server is untouched");
    }

    @Test
    void close_stopsThePostmasterAndItsChildrenAndRemovesTheDataDirectory() {
        PgServer own = PgServer.start(NOTHING_GIVEN, Provisioning.EMBEDDED);
        ProcessHandle postmaster = ProcessHandle.of(own.pid().getAsLong()).orElseThrow();
        List<ProcessHandle> children = postmaster.descendants().toList();
        Path data = ((EmbeddedServer) own).dataDirectory();
        assertFalse(children.isEmpty(), "a running postmaster has its background processes");
        assertTrue(Files.isRegularFile(data.resolve("postmaster.pid")), "the running server's data directory");

        own.close();

        // close() waits until the processes have ended: no polling here. Ended, not reaped: the postmaster's
        // parent is init, which may reap late (see EmbeddedServer.running)
        assertFalse(EmbeddedServer.running(postmaster), "postmaster " + postmaster.pid() + " still running");
        for (ProcessHandle child : children) {
            assertFalse(EmbeddedServer.running(child), "child " + child.pid() + " of the postmaster still running");
        }
        assertFalse(own.isAlive());
        assertFalse(Files.exists(data), "data directory left behind: " + data);
    }

    @Test
    void running_processThatHasEnded_false() throws Exception {
        Process done = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ProcessHandle handle = done.toHandle();
        assertTrue(EmbeddedServer.running(ProcessHandle.current()), "this JVM runs");
        done.waitFor();
        assertFalse(EmbeddedServer.running(handle));
    }
}
