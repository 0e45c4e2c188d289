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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded PostgreSQL server as the runner starts it: SCRAM logins over loopback, a wrong password refused,
 * every setting of {@link PgServer#SERVER_SETTINGS} in force, nothing left once it is closed, and a port in use
 * refused before anything starts. One server serves the class; the close test starts its own.
 */
class EmbeddedServerTest {

    private static final PgConfig NOTHING_GIVEN = new PgConfig(null, null, null, null);

    private static PgServer server;

    @BeforeAll
    static void startServer() {
        server = PgServer.start(NOTHING_GIVEN, Provisioning.EMBEDDED);
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
    void login_benchRole_authenticatesWithScramOverTcp() throws SQLException {
        assertTrue(server.settings().get("login").startsWith("scram-sha-256"), server.settings().get("login"));
        try (Connection c = server.connect()) {
            assertEquals("scram-sha-256", PgServer.authentication(c));
            assertEquals("bench", query(c, "SELECT current_user"));
        }
    }

    @Test
    void login_wrongPassword_refusedWith28P01() {
        Properties wrong = new Properties();
        wrong.putAll(server.connectionProperties());
        wrong.setProperty("password", "not-" + server.password());
        SQLException e = assertThrows(SQLException.class,
                () -> new org.postgresql.Driver().connect(server.url(), wrong).close());
        assertEquals("28P01", e.getSQLState(), e.getMessage());
    }

    @Test
    void login_noPassword_refused() {
        Properties none = new Properties();
        none.putAll(server.connectionProperties());
        none.remove("password");
        SQLException e = assertThrows(SQLException.class,
                () -> new org.postgresql.Driver().connect(server.url(), none).close());
        // pgjdbc refuses before asking the server when a SCRAM server asks for a password it was not given
        assertTrue(e.getMessage().contains("password"), e.getMessage());
    }

    @Test
    void settings_everyServerSettingIsInForce() throws SQLException {
        try (Connection c = server.connect()) {
            for (Map.Entry<String, String> s : PgServer.SERVER_SETTINGS.entrySet()) {
                assertEquals(shownAs(s.getKey(), s.getValue()), query(c, "SHOW " + s.getKey()), s.getKey());
            }
            assertEquals("0", query(c, "SELECT extract(timezone FROM now())::int::text"), "UTC offset");
            assertEquals("localhost", query(c, "SHOW listen_addresses"), "loopback only");
        }
        for (String recorded : List.of("max_connections", "superuser_reserved_connections", "reserved_connections",
                "shared_buffers", "synchronous_commit", "fsync", "timezone")) {
            assertEquals(shownAs(recorded, PgServer.SERVER_SETTINGS.get(recorded)), server.settings().get(recorded),
                    "recorded in run.json: " + recorded);
        }
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
    void start_givenUrlWithAWrongPassword_failsNamingTheRefusalWithoutThePassword() {
        String wrong = "wrong-" + server.password();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PgServer.start(new PgConfig(server.url(), "bench", wrong, null)));
        assertTrue(e.getMessage().contains("refused the login of user 'bench'"), e.getMessage());
        assertTrue(e.getMessage().contains("SQLState 28P01"), e.getMessage());
        assertTrue(e.getMessage().contains(PgConfig.PASSWORD), "says how to set it: " + e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        assertFalse(String.valueOf(e.getCause()).contains(wrong));
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

    /** A setting's value as the server shows it: PostgreSQL resolves the time zone "UTC" to "Etc/UTC". */
    private static String shownAs(String name, String value) {
        return name.equals("timezone") && value.equals("UTC") ? "Etc/UTC" : value;
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

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
