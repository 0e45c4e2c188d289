package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.assertRejected;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * Configuration errors: every setter rejects impossible values at once naming the setting, the value
 * and the rule; the defaults are Go's; max idle above max open is lowered with a WARNING; no password ever shows in
 * {@code toString()}, log lines or messages. The pool logs through {@link System.Logger}, which defaults to
 * java.util.logging, so a JUL handler on logger {@code org.poolbench.pool} captures its records.
 */
@ExtendWith(PoolCheck.class)
class PoolConfigTest {
    private static final String PASSWORD = "hunter2-secret";

    /** Held strongly so that the handler stays attached to the logger the pool writes to. */
    private static final Logger POOL_LOGGER = Logger.getLogger("org.poolbench.pool");

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        capture.setLevel(Level.ALL);
        POOL_LOGGER.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        POOL_LOGGER.removeHandler(capture);
    }

    /** The formatted log lines about pool {@code name} at {@code level}. */
    private List<String> logLines(String name, Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream()
                .filter(r -> r.getLevel().equals(level))
                .map(formatter::formatMessage)
                .filter(m -> m.contains("'" + name + "'"))
                .toList();
    }

    private static void assertNoPassword(String text) {
        assertFalse(text.contains(PASSWORD), "password leaked: " + text);
    }

    // ---------------------------------------------------------------- rejected values

    @Test
    void url_withoutJdbcPrefix_rejectedNamingSettingValueAndRule() {
        assertRejected(() -> PoolConfig.forUrl("h2:mem:x"), "url", "\"h2:mem:x\"", "must start with \"jdbc:\"");
        assertRejected(() -> new PoolConfig().url(""), "url", "\"\"", "jdbc:");
    }

    @Test
    void url_rejected_passwordRedactedFromMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolConfig.forUrl("postgresql://db/app?user=bob&password=" + PASSWORD));
        assertNoPassword(e.getMessage());
        assertTrue(e.getMessage().contains("user=bob"), "the rest of the URL is still shown: " + e.getMessage());
    }

    @Test
    void name_blankOrNull_rejected() {
        assertRejected(() -> new PoolConfig().name("  "), "name", "\"  \"", "non-blank");
        assertRejected(() -> new PoolConfig().name(""), "name", "\"\"", "non-blank");
        assertRejected(() -> new PoolConfig().name(null), "name", "null", "non-blank");
    }

    @Test
    void resetStatement_blankOrNull_rejectedNamingTheSetting() {
        assertRejected(() -> new PoolConfig().resetStatement(" "), "resetStatement", "\" \"", "non-blank");
        assertRejected(() -> new PoolConfig().resetStatement(""), "resetStatement", "\"\"", "non-blank");
        assertRejected(() -> new PoolConfig().resetStatement(null), "resetStatement", "null", "non-blank");
    }

    @Test
    void resetStatement_shownInToStringOnlyWhenSet() {
        assertFalse(PoolConfig.forUrl("jdbc:stub:x").toString().contains("resetStatement"));
        assertTrue(PoolConfig.forUrl("jdbc:stub:x").resetStatement("DISCARD ALL").toString()
                .contains("resetStatement=DISCARD ALL"));
    }

    @Test
    void jmxName_blankOrWithObjectNameSyntax_rejected() {
        for (String bad : List.of("a,b", "a=b", "a:b", "a*", "a?", "a\"b", "a\nb", " ")) {
            assertRejected(() -> new PoolConfig().jmxName(bad), "jmxName", "\"" + bad + "\"", "non-blank");
        }
        assertRejected(() -> new PoolConfig().jmxName(null), "jmxName", "null");
    }

    @Test
    void maxLifetime_negativeOrNull_rejected() {
        assertRejected(() -> new PoolConfig().maxLifetime(Duration.ofSeconds(-1)),
                "maxLifetime", "PT-1S", "zero (no limit) or positive");
        assertRejected(() -> new PoolConfig().maxLifetime(null), "maxLifetime", "null", "zero (no limit) or positive");
    }

    @Test
    void maxIdleTime_negativeOrNull_rejected() {
        assertRejected(() -> new PoolConfig().maxIdleTime(Duration.ofMillis(-5)),
                "maxIdleTime", "PT-0.005S", "zero (no limit) or positive");
        assertRejected(() -> new PoolConfig().maxIdleTime(null), "maxIdleTime", "null", "zero (no limit) or positive");
    }

    @Test
    void acquireTimeout_zeroNegativeOrNull_rejected() {
        assertRejected(() -> new PoolConfig().acquireTimeout(Duration.ZERO), "acquireTimeout", "PT0S", "positive");
        assertRejected(() -> new PoolConfig().acquireTimeout(Duration.ofSeconds(-3)), "acquireTimeout", "PT-3S",
                "positive");
        assertRejected(() -> new PoolConfig().acquireTimeout(null), "acquireTimeout", "null", "positive");
    }

    @Test
    void bargeLimit_negativeOrNull_rejectedZeroAccepted() {
        assertRejected(() -> new PoolConfig().bargeLimit(Duration.ofMillis(-1)), "bargeLimit", "PT-0.001S",
                "zero (strict FIFO) or positive");
        assertRejected(() -> new PoolConfig().bargeLimit(null), "bargeLimit", "null", "positive");
        assertTrue(new PoolConfig().toString().contains("bargeLimit=PT0.001S"), "Go's sync.Mutex threshold by default");
        assertTrue(new PoolConfig().bargeLimit(Duration.ZERO).toString().contains("bargeLimit=PT0S"));
    }

    @Test
    void cleanerInterval_negativeOrNull_rejectedZeroAccepted() {
        assertRejected(() -> new PoolConfig().cleanerInterval(Duration.ofMillis(-1)), "cleanerInterval", "PT-0.001S",
                "positive");
        assertRejected(() -> new PoolConfig().cleanerInterval(null), "cleanerInterval", "null", "positive");
        assertTrue(new PoolConfig().cleanerInterval(Duration.ZERO).toString().contains("cleanerFloor=PT1S, bargeLimit"),
                "zero is Go's rule and is not shown");
        assertTrue(new PoolConfig().cleanerInterval(Duration.ofMillis(10)).toString().contains("cleanerInterval=PT0.01S"));
    }

    @Test
    void cleanerFloor_zeroNegativeOrNull_rejected() {
        assertRejected(() -> new PoolConfig().cleanerFloor(Duration.ZERO), "cleanerFloor", "PT0S", "positive");
        assertRejected(() -> new PoolConfig().cleanerFloor(Duration.ofMinutes(-1)), "cleanerFloor", "PT-1M",
                "positive");
        assertRejected(() -> new PoolConfig().cleanerFloor(null), "cleanerFloor", "null", "positive");
    }

    @Test
    void objectSetters_null_failAtOnceNamingSetting() {
        assertAll(
                () -> assertNullRejected(() -> new PoolConfig().url(null), "url"),
                () -> assertNullRejected(() -> new PoolConfig().driver(null), "driver"),
                () -> assertNullRejected(() -> new PoolConfig().dataSource(null), "dataSource"),
                () -> assertNullRejected(() -> new PoolConfig().clock(null), "clock"),
                () -> assertNullRejected(() -> new PoolConfig().property(null, "v"), "key"),
                () -> assertNullRejected(() -> new PoolConfig().property("user", null), "user"));
    }

    private static void assertNullRejected(Executable setter, String setting) {
        NullPointerException e = assertThrows(NullPointerException.class, setter);
        assertTrue(e.getMessage() != null && e.getMessage().contains(setting),
                "names " + setting + ": " + e.getMessage());
    }

    @Test
    void maxOpenAndMaxIdle_anyValueAccepted() {
        // Go's semantics: zero or less means unlimited open / no idle connections, so no int is impossible.
        for (int v : new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}) {
            assertDoesNotThrow(() -> new PoolConfig().maxOpen(v).maxIdle(v));
        }
    }

    @Test
    void open_withoutUrlOrDataSource_rejected() {
        assertRejected(() -> Pool.open(new PoolConfig()), "url or dataSource must be set");
    }

    // ---------------------------------------------------------------- defaults

    @Test
    void defaults_areGos() {
        assertEquals(2, PoolConfig.DEFAULT_MAX_IDLE);
        assertEquals(Duration.ofSeconds(30), PoolConfig.DEFAULT_ACQUIRE_TIMEOUT);
        assertEquals(Duration.ofSeconds(1), PoolConfig.DEFAULT_CLEANER_FLOOR);
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:config-defaults"))) {
            assertEquals(0, pool.getMaxOpen(), "unlimited");
            assertEquals(2, pool.getMaxIdle());
            assertEquals(Duration.ZERO, pool.getMaxLifetime());
            assertEquals(Duration.ZERO, pool.getMaxIdleTime());
            assertEquals(Duration.ofSeconds(30), pool.getAcquireTimeout());
            assertEquals(30, pool.getLoginTimeout());
            assertNull(pool.cleanerThread(), "no limit set, so no cleaner");
            assertEquals(Duration.ZERO, pool.cleanerInterval());
            assertTrue(pool.name().matches("poolbench-\\d+"), pool.name());
            assertEquals(0, pool.stats().maxOpen());
        }
    }

    @Test
    void open_copiesConfig_laterChangesDoNotReachPool() {
        PoolConfig config = PoolConfig.forUrl("jdbc:stub:config-copy").name("config-copy").maxOpen(3).maxIdle(1);
        try (Pool pool = PoolCheck.open(config)) {
            config.maxOpen(7).maxIdle(5).name("renamed").acquireTimeout(Duration.ofSeconds(1));
            assertEquals(3, pool.getMaxOpen());
            assertEquals(1, pool.getMaxIdle());
            assertEquals("config-copy", pool.name());
            assertEquals(Duration.ofSeconds(30), pool.getAcquireTimeout());
        }
    }

    // ---------------------------------------------------------------- max idle above max open: corrected, logged

    @Test
    void open_maxIdleAboveMaxOpen_lowersMaxIdleAndLogsWarning() {
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:config-clamp").name("config-clamp")
                .password(PASSWORD).maxOpen(4).maxIdle(10))) {
            assertEquals(4, pool.getMaxIdle());
            List<String> warnings = logLines("config-clamp", Level.WARNING);
            assertEquals(1, warnings.size(), "one warning: " + warnings);
            String w = warnings.get(0);
            assertTrue(w.contains("maxIdle 10"), w);
            assertTrue(w.contains("maxOpen 4"), w);
            assertTrue(w.contains("lowered maxIdle to 4"), w);
            assertNoPassword(w);
        }
    }

    @Test
    void setMaxOpen_belowMaxIdle_lowersMaxIdleAndLogsWarning() {
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:config-clamp-open").name("config-clamp-open")
                .maxIdle(5))) {
            assertTrue(logLines("config-clamp-open", Level.WARNING).isEmpty(), "unlimited max open: nothing to fix");
            pool.setMaxOpen(3);
            assertEquals(3, pool.getMaxIdle());
            List<String> warnings = logLines("config-clamp-open", Level.WARNING);
            assertEquals(1, warnings.size(), "one warning: " + warnings);
            assertTrue(warnings.get(0).contains("maxIdle 5"), warnings.get(0));
            assertTrue(warnings.get(0).contains("maxOpen 3"), warnings.get(0));
            assertTrue(warnings.get(0).contains("lowered maxIdle to 3"), warnings.get(0));
        }
    }

    @Test
    void setMaxIdle_aboveMaxOpen_lowersMaxIdleAndLogsWarning() {
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:config-clamp-idle").name("config-clamp-idle")
                .maxOpen(3).maxIdle(1))) {
            pool.setMaxIdle(8);
            assertEquals(3, pool.getMaxIdle());
            List<String> warnings = logLines("config-clamp-idle", Level.WARNING);
            assertEquals(1, warnings.size(), "one warning: " + warnings);
            assertTrue(warnings.get(0).contains("maxIdle 8"), warnings.get(0));
            assertTrue(warnings.get(0).contains("lowered maxIdle to 3"), warnings.get(0));
        }
    }

    @Test
    void open_maxIdleWithinMaxOpen_logsNothing() {
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:config-no-clamp").name("config-no-clamp")
                .maxOpen(4).maxIdle(4))) {
            pool.setMaxIdle(2);
            pool.setMaxOpen(10);
            assertEquals(2, pool.getMaxIdle());
            assertTrue(logLines("config-no-clamp", Level.WARNING).isEmpty());
        }
    }

    // ---------------------------------------------------------------- no password in text

    @Test
    void toString_neverShowsPassword() {
        Properties props = new Properties();
        props.setProperty("user", "bob");
        props.setProperty("password", PASSWORD);
        props.setProperty("apiToken", PASSWORD);
        PoolConfig config = PoolConfig.forUrl("jdbc:stub:config-redact;password=" + PASSWORD)
                .name("config-redact").properties(props).property("sslPassword", PASSWORD);
        String configText = config.toString();
        assertNoPassword(configText);
        assertTrue(configText.contains("user=bob"), "non-secret properties are still shown: " + configText);
        assertTrue(configText.contains("****"), "masked, not dropped: " + configText);

        try (Pool pool = PoolCheck.open(config)) {
            assertNoPassword(pool.toString());
            assertTrue(pool.toString().contains("config-redact"), pool.toString());
        }

        assertNoPassword(PoolConfig.forUrl("jdbc:postgresql://bob:" + PASSWORD + "@db:5432/app").toString());
        assertNoPassword(PoolConfig.forUrl("jdbc:h2:mem:x;USER=sa;PASSWORD=" + PASSWORD).toString());
    }

    /** Any property value may quote a URL or an option line: each goes through the redaction, not only secret keys'. */
    @Test
    void toString_secretInsideANonSecretPropertyOrALowerCaseKey_masked() {
        PoolConfig config = PoolConfig.forUrl("jdbc:stub:config-redact-values")
                .property("url", "jdbc:postgresql://bob:" + PASSWORD + "@db/app")
                .property("options", "-c password=" + PASSWORD)
                .property("dbpass", PASSWORD)
                .property("sslmode", "require");
        String text = config.toString();
        assertNoPassword(text);
        assertFalse(text.contains("ter2"), "no part of it either: " + text);
        assertTrue(text.contains("url=jdbc:postgresql://bob:****@db/app"), "the rest of the URL is shown: " + text);
        assertTrue(text.contains("options=-c password=****"), text);
        assertTrue(text.contains("dbpass=****"), text);
        assertTrue(text.contains("sslmode=require"), "non-secret values are shown as given: " + text);
    }

    @Test
    void toString_urlWhoseUserContainsAt_passwordMasked() {
        String text = PoolConfig.forUrl("jdbc:postgresql://bob@corp:" + PASSWORD + "@db/app").toString();
        assertNoPassword(text);
        assertFalse(text.contains("ter2"), "no part of it either: " + text);
        assertTrue(text.contains("jdbc:postgresql://bob@corp:****@db/app"), text);
    }

    @Test
    void toString_oracleThinUserSlashPasswordUrl_passwordRedacted() {
        // Oracle's documented form jdbc:oracle:thin:<user>/<password>@<host>, with both host syntaxes.
        for (String url : List.of("jdbc:oracle:thin:scott/" + PASSWORD + "@dbhost:1521:ORCL",
                "jdbc:oracle:thin:scott/" + PASSWORD + "@//dbhost:1521/orclpdb")) {
            assertNoPassword(PoolConfig.forUrl(url).toString());
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Pool.open(PoolConfig.forUrl(url)));
            assertNoPassword(e.getMessage());
        }
    }

    @Test
    void toString_bracedPasswordContainingSemicolon_redactedWhole() {
        // SQL Server's documented escape for a value containing ';' is to brace it: password={...;...}.
        String text = PoolConfig.forUrl("jdbc:sqlserver://db:1433;user=sa;password={zq7x;vk9w};encrypt=true")
                .toString();
        assertFalse(text.contains("zq7x") || text.contains("vk9w"), "password leaked: " + text);
    }

    @Test
    void open_urlNoDriverAccepts_failsSayingSoWithPasswordRedacted() {
        String url = "jdbc:nosuchdb://bob:" + PASSWORD + "@host/app?password=" + PASSWORD;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pool.open(PoolConfig.forUrl(url)));
        assertTrue(e.getMessage().contains("not accepted by any registered JDBC driver"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:nosuchdb://"), "names the URL: " + e.getMessage());
        assertNoPassword(e.getMessage());
    }

    @Test
    void connect_driverRefusesUrl_messageHasPasswordRedacted() {
        // An explicit driver skips the DriverManager lookup; the stub driver returns null for a URL not its own.
        try (Pool pool = PoolCheck.open(
                StubDriver.instance(), "jdbc:other:db;password=" + PASSWORD, new Properties())) {
            SQLException e = assertThrows(SQLException.class, pool::getConnection);
            assertTrue(e.getMessage().contains("does not accept url"), e.getMessage());
            assertNoPassword(e.getMessage());
            assertNoPassword(pool.toString());
        }
    }

    @Test
    void log_poolLifecycleWithPassword_neverLogsIt() throws Exception {
        StubServer server = StubDriver.server("config-log-redact");
        Level before = POOL_LOGGER.getLevel();
        POOL_LOGGER.setLevel(Level.ALL); // include the debug lines, e.g. failed physical closes
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:config-log-redact").name("config-log-redact")
                .user("bob").password(PASSWORD).maxOpen(1).maxIdle(3))) {
            pool.getConnection().close();
            server.breakAll();
            pool.ping(Duration.ofSeconds(1));
            pool.setMaxIdle(0);
        } finally {
            POOL_LOGGER.setLevel(before);
        }
        SimpleFormatter formatter = new SimpleFormatter();
        assertFalse(logLines("config-log-redact", Level.WARNING).isEmpty(), "the clamp warning was captured");
        for (LogRecord r : records) {
            assertNoPassword(formatter.format(r));
        }
    }
    @Test
    void properties_nonStringKeyOrValue_rejectedNamingTheKeyButNeverTheValue() {
        Properties charPassword = new Properties();
        charPassword.put("user", "bob");
        charPassword.put("password", PASSWORD.toCharArray()); // used to vanish silently
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolConfig.forUrl("jdbc:stub:config-props").properties(charPassword));
        assertTrue(e.getMessage().contains("\"password\""), "names the key: " + e.getMessage());
        assertTrue(e.getMessage().contains("must be a String"), "states the rule: " + e.getMessage());
        assertTrue(e.getMessage().contains("char[]"), "names the type it got: " + e.getMessage());
        assertNoPassword(e.getMessage());
        assertFalse(e.getMessage().contains("[C@"), "no value, not even its identity: " + e.getMessage());

        Properties numberKey = new Properties();
        numberKey.put(5432, "port");
        e = assertThrows(IllegalArgumentException.class, () -> Pool.open("jdbc:stub:config-props", numberKey));
        assertTrue(e.getMessage().contains("5432"), "names the key: " + e.getMessage());
        assertTrue(e.getMessage().contains("Integer"), e.getMessage());
    }

    @Test
    void log_physicalCloseFailure_namesThePool() throws Exception {
        String name = PoolFixtures.uniqueName("config-close-log");
        Level before = POOL_LOGGER.getLevel();
        POOL_LOGGER.setLevel(Level.ALL); // failed closes of a driver's connection are logged at debug level
        DataSource closeFails = PoolFixtures.dataSource(() -> PoolFixtures.intercept(Connection.class,
                StubDriver.instance().connect("jdbc:stub:" + name, new Properties()), (target, method, args) -> {
                    if (method.getName().equals("close")) {
                        throw new SQLException("close refused");
                    }
                    return PoolFixtures.PASS;
                }));
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(closeFails).name(name).maxIdle(0))) {
            pool.getConnection().close(); // max idle 0: closed on return, and that close fails
        } finally {
            POOL_LOGGER.setLevel(before);
        }
        assertEquals(1, logLines(name, Level.FINE).size(), "one debug line naming the pool: " + records);
    }
}
