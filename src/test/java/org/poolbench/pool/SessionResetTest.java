package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.physical;
import static org.poolbench.pool.PoolFixtures.stubConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;

/**
 * The session reset's one list: every {@link SessionSetting} a borrower changes is put back on return, and the list
 * the README gives is the enum's. A setting added to the enum without a case here fails
 * {@link #everySetting_changedByBorrower_isRestoredOnReturn}.
 */
@ExtendWith(PoolCheck.class)
class SessionResetTest {
    private static final Executor DIRECT = Runnable::run;

    /** How a borrower changes each setting away from the stub's default, and how to read it back. */
    private record Change(SqlConsumer change, SqlReader read) {
    }

    @FunctionalInterface
    private interface SqlConsumer {
        void accept(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface SqlReader {
        Object read(Connection c) throws SQLException;
    }

    private static final Map<SessionSetting, Change> CHANGES = new EnumMap<>(Map.of(
            SessionSetting.AUTO_COMMIT, new Change(c -> c.setAutoCommit(false), Connection::getAutoCommit),
            SessionSetting.READ_ONLY, new Change(c -> c.setReadOnly(true), Connection::isReadOnly),
            SessionSetting.ISOLATION, new Change(c -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE),
                    Connection::getTransactionIsolation),
            SessionSetting.CATALOG, new Change(c -> c.setCatalog("elsewhere"), Connection::getCatalog),
            SessionSetting.SCHEMA, new Change(c -> c.setSchema("other"), Connection::getSchema),
            SessionSetting.NETWORK_TIMEOUT, new Change(c -> c.setNetworkTimeout(DIRECT, 1234),
                    Connection::getNetworkTimeout),
            SessionSetting.HOLDABILITY, new Change(c -> c.setHoldability(flipped(c.getHoldability())),
                    Connection::getHoldability),
            SessionSetting.TYPE_MAP, new Change(c -> c.setTypeMap(Map.of("money", java.math.BigDecimal.class)),
                    c -> Map.copyOf(c.getTypeMap())),
            SessionSetting.CLIENT_INFO, new Change(c -> c.setClientInfo("ApplicationName", "borrower"),
                    c -> c.getClientInfo("ApplicationName"))));

    private static int flipped(int holdability) {
        return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT
                ? ResultSet.CLOSE_CURSORS_AT_COMMIT : ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @ParameterizedTest
    @EnumSource(SessionSetting.class)
    void everySetting_changedByBorrower_isRestoredOnReturn(SessionSetting setting) throws SQLException {
        Change change = CHANGES.get(setting);
        assertNotNull(change, setting + " is restored by the pool but has no case in this test");
        try (Pool pool = PoolCheck.open(stubConfig(PoolFixtures.uniqueName("session-reset")).maxOpen(1).maxIdle(1))) {
            StubConnection raw;
            Object original;
            try (Connection a = pool.getConnection()) {
                raw = physical(a);
                original = change.read().read(a);
                change.change().accept(a);
                assertNotEquals(original, change.read().read(raw), "the change reached the physical connection");
                assertTrue(((ProxyConnection) a).entry.session.anyChanged());
            }
            assertEquals(original, change.read().read(raw), "physical connection after return");
            try (Connection b = pool.getConnection()) {
                assertSame(raw, physical(b), "max open 1: the next borrower gets the same physical connection");
                assertFalse(((ProxyConnection) b).entry.session.anyChanged(), "nothing left to undo");
                assertEquals(original, change.read().read(b));
            }
        }
    }

    @Test
    void settings_areTheListTheReadmeGives() throws IOException {
        assertEquals(List.of("auto-commit", "read-only", "transaction isolation", "catalog", "schema",
                "network timeout", "holdability", "type map", "client info"),
                Arrays.stream(SessionSetting.ALL).map(SessionSetting::readmeName).toList());
        // The README's "Returning a connection" names exactly these, in this order: the docs are the code's list.
        String readme = Files.readString(Path.of("README.md")).replaceAll("\\s+", " ");
        String list = Arrays.stream(SessionSetting.ALL).map(SessionSetting::readmeName)
                .collect(Collectors.joining(", "));
        assertTrue(readme.contains("undoes what the borrower changed (" + list + ")"),
                "README.md must list the settings a return puts back as: " + list);
    }

    @Test
    void settingBits_areDistinct() {
        int all = 0;
        for (SessionSetting s : SessionSetting.ALL) {
            assertEquals(0, all & s.bit, s + " shares a bit");
            all |= s.bit;
        }
    }

    @Test
    void clientInfoProperties_changedAsAWhole_isRestored() throws SQLException {
        try (Pool pool = PoolCheck.open(stubConfig(PoolFixtures.uniqueName("session-reset")).maxOpen(1).maxIdle(1))) {
            StubConnection raw;
            Properties original;
            try (Connection a = pool.getConnection()) {
                raw = physical(a);
                original = a.getClientInfo();
                Properties replaced = new Properties();
                replaced.setProperty("ApplicationName", "batch");
                a.setClientInfo(replaced);
            }
            assertEquals(original, raw.getClientInfo());
        }
    }
    @Test
    void typeMap_changedInPlaceThenSet_isRestoredForNextBorrower() throws SQLException {
        // JDBC's idiom (get the map, add to it, set it) on a driver that returns its live map, as the stub and
        // pgjdbc do: the original the pool keeps must be a copy, or the borrower's put rewrites it.
        try (Pool pool = PoolCheck.open(stubConfig(PoolFixtures.uniqueName("session-reset")).maxOpen(1).maxIdle(1))) {
            Map<String, Class<?>> original;
            try (Connection a = pool.getConnection()) {
                original = Map.copyOf(a.getTypeMap());
                Map<String, Class<?>> map = a.getTypeMap();
                map.put("money", java.math.BigDecimal.class);
                a.setTypeMap(map);
            }
            try (Connection b = pool.getConnection()) {
                assertEquals(original, b.getTypeMap());
                // The map the reset gave the driver is not the pool's own original either: changing it in place
                // and setting it again must still be undone.
                Map<String, Class<?>> map = b.getTypeMap();
                map.put("inet", String.class);
                b.setTypeMap(map);
            }
            try (Connection c = pool.getConnection()) {
                assertEquals(original, c.getTypeMap());
            }
        }
    }

    @Test
    void clientInfo_ofADriverReturningItsLiveProperties_isRestoredForNextBorrower() throws SQLException {
        // pgjdbc's getClientInfo() returns the Properties it updates on every setClientInfo; this connection does
        // the same over a stub connection.
        String server = PoolFixtures.uniqueName("session-reset-live");
        StubDriver.server(server);
        String url = "jdbc:stub:" + server;
        PoolCheck.watchUrl(url);
        DataSource ds = PoolFixtures.dataSource(() -> liveClientInfo(DriverManager.getConnection(url)));
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(ds).maxOpen(1).maxIdle(1))) {
            String original;
            try (Connection a = pool.getConnection()) {
                original = a.getClientInfo("ApplicationName");
                a.setClientInfo("ApplicationName", "borrower-a");
            }
            try (Connection b = pool.getConnection()) {
                assertEquals(original, b.getClientInfo("ApplicationName"));
                b.setClientInfo("ApplicationName", "borrower-b");
            }
            try (Connection c = pool.getConnection()) {
                assertEquals(original, c.getClientInfo("ApplicationName"), "the original survives every borrower");
            }
        }
    }

    /** {@code target} with client info kept in one live {@link Properties} that {@code getClientInfo()} returns. */
    private static Connection liveClientInfo(Connection target) {
        Properties live = new Properties();
        live.setProperty("ApplicationName", "original");
        return PoolFixtures.intercept(Connection.class, target, (real, method, args) -> {
            switch (method.getName()) {
                case "getClientInfo":
                    return args == null ? live : live.getProperty((String) args[0]);
                case "setClientInfo":
                    if (args.length == 2) {
                        live.setProperty((String) args[0], (String) args[1]);
                    } else {
                        Properties given = new Properties();
                        given.putAll((Properties) args[0]);
                        live.clear();
                        live.putAll(given);
                    }
                    return null;
                default:
                    return PoolFixtures.PASS;
            }
        });
    }
}
