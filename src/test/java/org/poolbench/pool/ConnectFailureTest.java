package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.stubConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;
import org.poolbench.pool.PoolFixtures.StubBackedDriver;

/**
 * A failed connect reaches the caller as an {@link SQLException} that names the pool, as every error of the pool
 * does, with the driver's exception as its cause, the driver's SQLState and vendor code, and the same JDBC
 * category; its message quotes the driver's with every secret the pool knows masked.
 */
@ExtendWith(PoolCheck.class)
class ConnectFailureTest {
    private static final String PASSWORD = "hunter2-connect";

    /** A driver whose every connect fails with the exception the test sets, and records it. */
    private static final class RefusingDriver extends StubBackedDriver {
        final AtomicReference<SQLException> thrown = new AtomicReference<>();
        private final String state;

        RefusingDriver(String state) {
            this.state = state;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            SQLException e = new SQLInvalidAuthorizationSpecException("password authentication failed, tried "
                    + info.getProperty("password") + " for " + url, state, 7);
            thrown.set(e);
            throw e;
        }
    }

    @Test
    void getConnection_connectFails_errorNamesThePoolAndKeepsTheDriversException() throws SQLException {
        String name = PoolFixtures.uniqueName("connect-failure");
        StubServer server = StubDriver.server(name);
        server.failConnects(true);
        try (Pool pool = PoolCheck.open(stubConfig(name, "").name(name))) {
            SQLException e = assertThrows(SQLException.class, pool::getConnection);
            assertTrue(e.getMessage().startsWith("pool '" + name + "': "), e.getMessage());
            assertEquals("08001", e.getSQLState());
            SQLException driver = assertInstanceOf(SQLException.class, e.getCause());
            assertEquals("08001", driver.getSQLState());
            assertTrue(e.getMessage().contains(driver.getMessage()), "quotes the driver: " + e.getMessage());
            assertEquals(driver.getClass().getSuperclass() == SQLException.class ? SQLException.class
                    : driver.getClass(), e.getClass(), "the same JDBC category as the driver's");
        } finally {
            server.failConnects(false);
        }
    }

    @Test
    void getConnection_authenticationFails_passwordMaskedStateCategoryAndCauseKept() {
        String name = PoolFixtures.uniqueName("connect-failure");
        RefusingDriver driver = new RefusingDriver("28P01");
        PoolConfig config = stubConfig(name, "").name(name).driver(driver).user("app").password(PASSWORD);
        try (Pool pool = PoolCheck.open(config)) {
            SQLException e = assertThrows(SQLException.class, pool::getConnection);
            assertTrue(e.getMessage().startsWith("pool '" + name + "': "), e.getMessage());
            assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
            assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
            assertEquals("28P01", e.getSQLState());
            assertEquals(7, e.getErrorCode());
            assertInstanceOf(SQLInvalidAuthorizationSpecException.class, e);
            assertSame(driver.thrown.get(), e.getCause(), "the driver's own exception, unchanged, as the cause");
            assertEquals(0, pool.stats().badConnRetries(), "28P01 is not a connection error: not retried");
        }
    }

    @Test
    void exec_connectFailsWithConnectionClassState_stillRetried() throws SQLException {
        String name = PoolFixtures.uniqueName("connect-failure");
        try (Pool pool = PoolCheck.open(stubConfig(name, ";failConnect=1").name(name)
                .acquireTimeout(Duration.ofSeconds(10)))) {
            assertEquals(1, pool.exec("update item set x = 1"));
            assertEquals(1, pool.stats().badConnRetries(), "the wrapped failure keeps its 08001, so it is retried");
        }
    }

    @Test
    void isConnectionError_seesTheStateThroughTheWrapper() {
        for (String state : new String[] {"08001", "57P03"}) {
            SQLException wrapped = new SQLException("pool 'p': could not open a connection", state,
                    new SQLException("driver", state));
            assertTrue(RetryRule.isConnectionError(wrapped), state);
        }
        assertTrue(RetryRule.isConnectionError(new SQLNonTransientConnectionException("pool 'p'", "08001")));
    }
}
