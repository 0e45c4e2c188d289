package org.poolbench.bench.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * What every server the runner starts must give the benchmarks, whatever provisioned it: the benchmark role logs in
 * over TCP with SCRAM, a wrong password is refused with SQLState 28P01, and every setting of
 * {@link PgServer#SERVER_SETTINGS} is in force and recorded as such. A test class per provisioning extends this and
 * supplies its server.
 */
abstract class ServerChecks {

    /** The running server under test, shared by the class. */
    abstract PgServer server();

    @Test
    void login_benchRole_authenticatesWithScramOverTcp() throws SQLException {
        assertTrue(server().settings().get("login").startsWith("scram-sha-256"), server().settings().get("login"));
        try (Connection c = server().connect()) {
            assertEquals("scram-sha-256", PgServer.authentication(c));
            assertEquals("bench", query(c, "SELECT current_user"));
        }
    }

    @Test
    void login_wrongPassword_refusedWith28P01() {
        Properties wrong = new Properties();
        wrong.putAll(server().connectionProperties());
        wrong.setProperty("password", "not-" + server().password());
        SQLException e = assertThrows(SQLException.class,
                () -> new org.postgresql.Driver().connect(server().url(), wrong).close());
        assertEquals("28P01", e.getSQLState(), e.getMessage());
    }

    @Test
    void start_givenUrlWithAWrongPassword_failsNamingTheRefusalWithoutThePassword() {
        String wrong = "wrong-" + server().password();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PgServer.start(new PgConfig(server().url(), "bench", wrong, null)));
        assertTrue(e.getMessage().contains("refused the login of user 'bench'"), e.getMessage());
        assertTrue(e.getMessage().contains("SQLState 28P01"), e.getMessage());
        assertTrue(e.getMessage().contains(PgConfig.PASSWORD), "says how to set it: " + e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        assertFalse(String.valueOf(e.getCause()).contains(wrong));
    }

    @Test
    void settings_everyServerSettingIsInForceAndRecorded() throws SQLException {
        try (Connection c = server().connect()) {
            for (Map.Entry<String, String> s : PgServer.SERVER_SETTINGS.entrySet()) {
                assertShown(s.getKey(), s.getValue(), query(c, "SHOW " + s.getKey()));
            }
            assertEquals("0", query(c, "SELECT extract(timezone FROM now())::int::text"), "UTC offset");
        }
        for (String recorded : List.of("max_connections", "superuser_reserved_connections", "reserved_connections",
                "shared_buffers", "synchronous_commit", "fsync", "timezone")) {
            assertShown(recorded, PgServer.SERVER_SETTINGS.get(recorded), server().settings().get(recorded));
        }
        assertTrue(server().settings().get("server_version").startsWith("18."), server().settings().toString());
    }

    /**
     * A setting's value as the server shows it: a server may resolve the time zone "UTC" to its tz database
     * name "Etc/UTC" (the embedded binaries do); the offset is checked separately.
     */
    private static void assertShown(String name, String set, String shown) {
        if (name.equals("timezone") && set.equals("UTC")) {
            assertTrue(shown.equals("UTC") || shown.equals("Etc/UTC"), name + " shown as " + shown);
        } else {
            assertEquals(set, shown, name);
        }
    }

    static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
