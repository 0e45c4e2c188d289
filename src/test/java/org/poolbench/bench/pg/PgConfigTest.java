package org.poolbench.bench.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the user says about the PostgreSQL server: system properties before the environment, validation that names
 * the setting and its value, and a password that no message or {@code toString()} shows.
 */
class PgConfigTest {

    private static final String SECRET = "Tr0ub4dor-and-3";

    private static PgConfig from(Map<String, String> properties, Map<String, String> env) {
        return PgConfig.from(properties::get, env);
    }

    @Test
    void from_nothingSet_allNull() {
        assertEquals(new PgConfig(null, null, null, null), from(Map.of(), Map.of()));
    }

    @Test
    void from_everyProperty_readsEach() {
        PgConfig c = from(Map.of(PgConfig.URL, " jdbc:postgresql://db:5432/app ", PgConfig.USER, "app",
                PgConfig.PASSWORD, SECRET, PgConfig.PORT, " 5433 "), Map.of());
        assertEquals(new PgConfig("jdbc:postgresql://db:5432/app", "app", SECRET, 5433), c);
    }

    @Test
    void from_propertiesAndEnvironment_propertiesWin() {
        PgConfig c = from(Map.of(PgConfig.USER, "fromProperty", PgConfig.PASSWORD, "propertyPassword"),
                Map.of("PGUSER", "fromEnv", "PGPASSWORD", "envPassword"));
        assertEquals("fromProperty", c.user());
        assertEquals("propertyPassword", c.password());
    }

    @Test
    void from_onlyEnvironment_usesPgUserAndPgPassword() {
        PgConfig c = from(Map.of(), Map.of("PGUSER", "fromEnv", "PGPASSWORD", "envPassword"));
        assertEquals("fromEnv", c.user());
        assertEquals("envPassword", c.password());
    }

    @Test
    void from_blankUserProperty_fallsBackToPgUser() {
        assertEquals("fromEnv", from(Map.of(PgConfig.USER, "  "), Map.of("PGUSER", "fromEnv")).user());
    }

    @Test
    void from_blankUrlAndPort_areUnset() {
        PgConfig c = from(Map.of(PgConfig.URL, " ", PgConfig.PORT, ""), Map.of());
        assertNull(c.url());
        assertNull(c.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql://127.0.0.1:3306/bench", "postgresql://127.0.0.1:5432/bench",
            "jdbc:h2:mem:bench", "jdbc:postgres://127.0.0.1/bench"})
    void from_urlThatIsNotPostgresJdbc_failsNamingTheSettingAndTheValue(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of(PgConfig.URL, url), Map.of()));
        assertTrue(e.getMessage().startsWith(PgConfig.URL + " must be a PostgreSQL JDBC URL"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + url + "'"), e.getMessage());
    }

    @Test
    void from_wrongSchemeWithSecretsInTheUrl_messageMasksThem() {
        String url = "jdbc:mysql://bench:" + SECRET + "@127.0.0.1:3306/bench?password=" + SECRET;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of(PgConfig.URL, url), Map.of()));
        assertTrue(e.getMessage().contains(PgConfig.URL), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "54 32", "5432x", "99999999999"})
    void from_portThatIsNoNumber_failsNamingTheSettingAndTheValue(String port) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of(PgConfig.PORT, port), Map.of()));
        assertEquals(PgConfig.PORT + " must be a TCP port between 1 and 65535, was '" + port + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void from_portOutOfRange_failsNamingTheSettingAndTheValue(int port) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of(PgConfig.PORT, Integer.toString(port)), Map.of()));
        assertEquals(PgConfig.PORT + " must be a TCP port between 1 and 65535, was " + port, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 65535})
    void from_portAtTheLimits_accepted(int port) {
        assertEquals(port, from(Map.of(PgConfig.PORT, Integer.toString(port)), Map.of()).port());
    }

    @Test
    void toString_neverShowsThePassword() {
        Map<String, String> properties = new HashMap<>();
        properties.put(PgConfig.URL, "jdbc:postgresql://app:" + SECRET + "@db:5432/app?password=" + SECRET);
        properties.put(PgConfig.USER, "app");
        PgConfig fromProperties = from(properties, Map.of("PGPASSWORD", SECRET));
        String shown = fromProperties.toString();
        assertFalse(shown.contains(SECRET), shown);
        assertTrue(shown.contains("password=****"), shown);
        assertTrue(shown.contains("user=app"), shown);
        assertTrue(shown.contains("db:5432/app"), "the rest of the URL stays readable: " + shown);
    }

    @Test
    void toString_noPassword_saysNull() {
        assertTrue(new PgConfig(null, null, null, null).toString().contains("password=null"));
    }
}
