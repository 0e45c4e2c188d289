package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.bench.pg.PgServer;

/**
 * A connect the real PostgreSQL server refuses (a wrong password: 28P01) fails with an error naming the pool, the
 * server's SQLState, pgjdbc's exception as the cause, and no password in the pool's message.
 */
@ExtendWith(PoolCheck.class)
class PgConnectFailureTest {
    private static final String WRONG_PASSWORD = "not-the-password-3141";

    @Test
    void getConnection_wrongPassword_errorNamesThePoolKeepsStateAndCause() {
        PgServer server = PgFixtures.server();
        Properties props = server.connectionProperties();
        props.setProperty("password", WRONG_PASSWORD);
        String name = PoolFixtures.uniqueName("pg-connect-failure");
        Pool pool = PoolCheck.open(new PoolConfig().url(server.url()).driver(new org.postgresql.Driver())
                .properties(props).name(name));
        SQLException e = assertThrows(SQLException.class, pool::getConnection);
        assertTrue(e.getMessage().startsWith("pool '" + name + "': "), e.getMessage());
        assertEquals("28P01", e.getSQLState());
        assertEquals("org.postgresql.util.PSQLException", e.getCause().getClass().getName());
        assertEquals("28P01", ((SQLException) e.getCause()).getSQLState());
        assertFalse(e.getMessage().contains(WRONG_PASSWORD), e.getMessage());
        assertFalse(e.getMessage().contains(props.getProperty("user") + ":"), e.getMessage());
        assertEquals(0, pool.stats().open(), "the failed connect gave its slot back");
    }
}
