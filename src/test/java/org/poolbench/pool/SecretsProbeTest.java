package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.poolbench.pool.PoolFixtures.awaitFailure;
import static org.poolbench.pool.PoolFixtures.borrowAsync;
import static org.poolbench.pool.PoolFixtures.namedStubConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.poolbench.driver.StubDriver;

/**
 * Review r2 secrets probe (issue 7, defects 3 and 4): inputs that try to make a secret show where it must not. Each
 * test is one probe; a failing test is a leak. The secret is always "hunter2", or a part of it ("ter2").
 */
@ExtendWith(PoolCheck.class)
class SecretsProbeTest {

    private static void assertHidden(String shown) {
        assertFalse(shown.contains("hunter2") || shown.contains("ter2"), "secret shows: " + shown);
    }

    // ------------------------------------------------------------------ Redact.url: URLs that should be masked

    /** JDBC URLs of PostgreSQL, MySQL, SQL Server, Oracle and H2 carrying the secret in forms a user can write. */
    @ParameterizedTest
    @ValueSource(strings = {
        // user name containing '@' (Azure Database for PostgreSQL single server: user@servername), not encoded
        "jdbc:postgresql://bob@corp:hunter2@db:5432/app",
        // password starting with digits then '/' or ',': taken for a host:port
        "jdbc:postgresql://bob:2024/hunter2@db:5432/app",
        "jdbc:mysql://bob:2024,hunter2@db:3306/app",
        // password containing '?'
        "jdbc:postgresql://bob:hun?ter2@db:5432/app",
        // query-string value containing '?', ';' (RFC 3986 allows '?' in a query)
        "jdbc:postgresql://db:5432/app?user=bob&password=hun?ter2",
        "jdbc:mysql://db:3306/app?user=bob&password=hun;ter2",
        // key spelled as one lower-case word: the README says "whatever its case"
        "jdbc:mysql://db/app?user=bob&dbpass=hunter2",
        "jdbc:h2:mem:x;USER=sa;DBPASS=hunter2",
        "jdbc:x://db/app?rootpw=hunter2",
        // Oracle: quoted password with a space, password with '?', and no '@' at all
        "jdbc:oracle:thin:scott/\"hun ter2\"@db:1521/ORCL",
        "jdbc:oracle:thin:scott/hun?ter2@db:1521/ORCL",
        "jdbc:oracle:thin:scott/hunter2",
        // URL-encoded key
        "jdbc:postgresql://db/app?user=bob&pass%77ord=hunter2",
    })
    void redactUrl_probe(String url) {
        assertHidden(Redact.url(url));
    }

    /** Keys that name a password, secret or key but differ from the recognised ones only in case. */
    @ParameterizedTest
    @ValueSource(strings = {"dbpass", "DBPASS", "userpass", "rootpw", "masterkey", "ENCRYPTIONKEY", "sessionkey",
        "passkey"})
    void isSecretKey_probe(String key) {
        assertSame(true, Redact.isSecretKey(key), key);
    }

    /** Free text of the kind drivers put in messages, without a key=value form. */
    @ParameterizedTest
    @ValueSource(strings = {
        "password: hunter2",
        "{\"user\":\"bob\",\"password\":\"hunter2\"}",
        "login failed for bob with password 'hunter2'",
    })
    void redactText_freeFormProbe(String text) {
        assertHidden(Redact.text(text));
    }

    // ------------------------------------------------------------------ PoolConfig.toString()

    @Test
    void poolConfigToString_urlInANonSecretProperty_probe() {
        PoolConfig config = PoolConfig.forUrl("jdbc:stub:probe-tostring")
                .property("url", "jdbc:postgresql://bob:hunter2@db/app")
                .property("options", "-c password=hunter2");
        assertHidden(config.toString());
    }

    @Test
    void poolConfigToString_lowerCaseKey_probe() {
        PoolConfig config = PoolConfig.forUrl("jdbc:stub:probe-tostring2").property("dbpass", "hunter2");
        assertHidden(config.toString());
    }

    @Test
    void poolConfigToString_urlWithUserContainingAt_probe() {
        assertHidden(PoolConfig.forUrl("jdbc:postgresql://bob@corp:hunter2@db/app").toString());
    }

    // ------------------------------------------------------------------ acquire timeout message

    /**
     * A driver whose connect failure quotes the configured password in words, not as key=value: the pool knows the
     * password (it is in its properties) yet copies the driver's text into its own timeout message.
     */
    @Test
    void acquireTimeout_driverQuotesPasswordInWords_probe() throws Exception {
        assertTimeoutMessageHides("probe-words",
                "FATAL: password authentication failed for user \"bob\" (password tried: hunter2)");
    }

    @Test
    void acquireTimeout_driverQuotesUrlWithUserContainingAt_probe() throws Exception {
        assertTimeoutMessageHides("probe-userat",
                "could not connect to jdbc:postgresql://bob@corp:hunter2@db/app: connection refused");
    }

    @Test
    void acquireTimeout_driverQuotesPasswordWithSemicolon_probe() throws Exception {
        assertTimeoutMessageHides("probe-semicolon",
                "cannot open jdbc:mysql://db/app?user=bob&password=hun;ter2: access denied");
    }

    private static void assertTimeoutMessageHides(String name, String driverMessage) throws Exception {
        SQLException quoting = new SQLException(driverMessage, "08001");
        AtomicBoolean refusing = new AtomicBoolean();
        PoolFixtures.StubBackedDriver driver = new PoolFixtures.StubBackedDriver() {
            @Override
            public Connection connect(String url, Properties info) throws SQLException {
                if (refusing.get()) {
                    throw quoting;
                }
                return StubDriver.instance().connect(url, info);
            }
        };
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig(name, clock).driver(driver).property("password", "hunter2")
                .maxOpen(2))) {
            Connection held = pool.getConnection();
            refusing.set(true);
            assertThrows(SQLException.class, pool::getConnection);
            pool.setMaxOpen(1);
            CompletableFuture<Connection> waiter = borrowAsync(name + "-waiter",
                    () -> pool.getConnection(Duration.ofSeconds(1)));
            clock.awaitParkedCount(1);
            clock.advance(Duration.ofSeconds(1));
            SQLTransientConnectionException e =
                    assertInstanceOf(SQLTransientConnectionException.class, awaitFailure(waiter));
            held.close();
            assertHidden(e.getMessage());
        }
    }
}
