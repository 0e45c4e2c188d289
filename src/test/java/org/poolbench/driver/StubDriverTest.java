package org.poolbench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StubDriverTest {

    private final StubDriver driver = new StubDriver();

    // ---------------------------------------------------------------- registration

    @Test
    void serviceFile_namesStubDriver() {
        boolean listed = ServiceLoader.load(Driver.class).stream()
                .anyMatch(provider -> provider.type() == StubDriver.class);
        assertTrue(listed, "META-INF/services/java.sql.Driver should name org.poolbench.driver.StubDriver");
    }

    @Test
    void driverManager_opensStubUrl_withoutClassForName() throws SQLException {
        String name = StubServers.uniqueName("dm");
        try (Connection connection = DriverManager.getConnection("jdbc:stub:" + name)) {
            assertInstanceOf(StubConnection.class, connection);
            assertEquals(1, StubDriver.server(name).live());
        }
        assertInstanceOf(StubDriver.class, DriverManager.getDriver("jdbc:stub:" + name));
    }

    // ---------------------------------------------------------------- the Driver contract

    @Test
    void connect_otherUrl_returnsNull() throws SQLException {
        assertNull(driver.connect("jdbc:h2:mem:x", new Properties()));
        assertFalse(driver.acceptsURL("jdbc:h2:mem:x"));
        assertFalse(driver.acceptsURL("jdbc:stubby:x"));
    }

    @Test
    void acceptsURL_stubPrefix_evenIfMalformed() throws SQLException {
        assertTrue(driver.acceptsURL("jdbc:stub:x"));
        assertTrue(driver.acceptsURL("jdbc:stub:x;nonsense"));
    }

    @Test
    void acceptsURL_null_throws() {
        var e = assertThrows(SQLException.class, () -> driver.acceptsURL(null));
        assertEquals("08001", e.getSQLState());
        assertThrows(SQLException.class, () -> driver.connect(null, new Properties()));
    }

    @Test
    void connect_malformedUrl_throwsWithParserMessage() {
        String url = "jdbc:stub:" + StubServers.uniqueName("bad") + ";executeLatency=5 ms";
        var e = assertThrows(SQLNonTransientException.class, () -> driver.connect(url, new Properties()));
        assertEquals("22023", e.getSQLState());
        assertEquals("invalid value '5 ms' for key 'executeLatency' in stub URL '" + url + "': expected 0 or a"
                + " non-negative integer followed by ns, us, ms or s (e.g. 250ns, 100us, 1ms, 2s)", e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void connect_unknownKey_throwsNamingKey() {
        String url = "jdbc:stub:" + StubServers.uniqueName("bad") + ";timeout=1s";
        var e = assertThrows(SQLException.class, () -> driver.connect(url, new Properties()));
        // the unknown key's value is never repeated, not even one that looks like a duration
        assertTrue(e.getMessage().startsWith("unknown key 'timeout' in stub URL '"
                + url.replace("timeout=1s", "timeout=****") + "'"), e.getMessage());
    }

    @Test
    void connect_userAndPassword_acceptedAndNeverShown() throws SQLException {
        String name = StubServers.uniqueName("creds");
        Properties info = new Properties();
        info.setProperty("user", "alice");
        info.setProperty("password", "s3cret-pw");
        try (StubConnection connection = driver.connect("jdbc:stub:" + name + ";failConnect=2", info)) {
            assertFalse(connection.toString().contains("s3cret-pw"), connection.toString());
            assertFalse(connection.toString().contains("alice"), connection.toString());
            assertNull(connection.getMetaData().getUserName());
            var e = assertThrows(SQLException.class, () -> driver.connect("jdbc:stub:" + name + ";failConnect=2", info));
            assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
            assertFalse(StubDriver.server(name).toString().contains("s3cret-pw"));
        }
    }

    @Test
    void connect_malformedUrlWithPassword_noMessageInTheChainShowsIt() {
        String url = "jdbc:stub:" + StubServers.uniqueName("bad") + ";user=alice;password=s3cret-pw";
        var e = assertThrows(SQLNonTransientException.class, () -> driver.connect(url, new Properties()));
        assertEquals("22023", e.getSQLState());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(t.getMessage().contains("s3cret-pw"), t.getMessage());
        }
        assertTrue(e.getMessage().contains("unknown key 'user'"), "still says what is wrong: " + e.getMessage());
    }

    /** URLs whose malformed or unknown parts carry a password (or its tail) meant for a real database. */
    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:stub:bench;password=hun;ter2",          // the tail after a ';' inside the password is a part of its own
        "jdbc:stub:bench;password hunter2",           // a setting typed with a space: a malformed part
        "jdbc:stub:bench;password=2024s;pw=hunter2ms" // unknown keys' values that look like durations
    })
    void connect_malformedUrlWithSecret_messageMasksIt(String url) {
        SQLException e = assertThrows(SQLException.class, () -> driver.connect(url, new Properties()));
        for (Throwable t = e; t != null; t = t.getCause()) {
            String shown = t.getMessage();
            assertFalse(shown.contains("ter2") || shown.contains("2024s") || shown.contains("hunter2ms"),
                    "secret shows: " + shown);
        }
    }

    @Test
    void versions_andCompliance() {
        assertEquals(0, driver.getMajorVersion());
        assertEquals(1, driver.getMinorVersion());
        assertFalse(driver.jdbcCompliant());
        assertEquals(0, driver.getPropertyInfo("jdbc:stub:x", new Properties()).length);
        assertEquals("org.poolbench.driver", driver.getParentLogger().getName());
    }

    // ---------------------------------------------------------------- servers

    @Test
    void server_sameName_sameObject_sharedByAllUrls() throws SQLException {
        String name = StubServers.uniqueName("shared");
        StubServer server = StubDriver.server(name);
        assertSame(server, StubDriver.server(name));
        assertEquals(name, server.name());

        try (Connection a = driver.connect("jdbc:stub:" + name, null);
             Connection b = driver.connect("jdbc:stub:" + name + ";executeLatency=0", null)) {
            assertEquals(2, server.opened());
            assertEquals(2, server.live());
            assertSame(server, ((StubConnection) a).server());
            assertSame(server, ((StubConnection) b).server());
        }
        assertEquals(0, server.live());
    }

    @Test
    void server_invalidName_throws() {
        var e = assertThrows(IllegalArgumentException.class, () -> StubDriver.server("has space"));
        assertTrue(e.getMessage().contains("invalid server name 'has space'"), e.getMessage());
    }

    // Resets other tests' servers too; harmless while test classes run one after another, as surefire runs them here.
    @Test
    void resetAll_resetsEveryServer() throws SQLException {
        String name = StubServers.uniqueName("resetall");
        StubServer server = StubDriver.server(name);
        driver.connect("jdbc:stub:" + name, null).close();
        server.failConnects(true);

        StubDriver.resetAll();

        assertEquals(0, server.opened());
        assertEquals(0, server.connectAttempts());
        assertFalse(server.isFailingConnects());
    }
}
