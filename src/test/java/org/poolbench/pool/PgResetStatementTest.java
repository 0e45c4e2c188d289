package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.bench.pg.PgServer;

/**
 * SQL-level session state on the real PostgreSQL server: what a borrower sets with SQL ({@code SET}, temp tables,
 * prepared statements, ...) is not a JDBC setting the pool knows, so it reaches the next borrower unless the pool
 * runs a reset statement on return ({@link PoolConfig#resetStatement}), e.g. {@code DISCARD ALL}.
 */
@ExtendWith(PoolCheck.class)
class PgResetStatementTest {

    /** A pool over the test server keeping one idle connection, so every borrow gets the same session back. */
    private static Pool open(String resetStatement) {
        PgServer server = PgFixtures.server();
        PoolConfig config = new PoolConfig().url(server.url()).driver(new org.postgresql.Driver())
                .properties(server.connectionProperties()).maxIdle(1).maxOpen(1)
                .name(PoolFixtures.uniqueName("pg-reset"));
        return PoolCheck.open(resetStatement == null ? config : config.resetStatement(resetStatement));
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String defaultStatementTimeout() throws SQLException {
        try (Connection c = PgFixtures.direct()) {
            return show(c, "statement_timeout");
        }
    }

    /** A borrower changes the session with SQL and returns the connection. */
    private static void borrowAndSetTimeout(Pool pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("set statement_timeout = 1");
            assertEquals("1ms", show(c, "statement_timeout"));
        }
    }

    @Test
    void withoutResetStatement_sqlSessionStateLeaksToTheNextBorrower() throws SQLException {
        Pool pool = open(null);
        borrowAndSetTimeout(pool);
        try (Connection c = pool.getConnection()) {
            // Documented, not wanted: the pool undoes JDBC settings only, and the next borrower inherits the SET.
            assertEquals("1ms", show(c, "statement_timeout"));
            assertNotEquals(defaultStatementTimeout(), "1ms");
        }
        assertEquals(1, pool.stats().opened(), "the same session both times");
    }

    @Test
    void withResetStatement_nextBorrowerGetsTheDefaults() throws SQLException {
        Pool pool = open("DISCARD ALL");
        borrowAndSetTimeout(pool);
        try (Connection c = pool.getConnection()) {
            assertEquals(defaultStatementTimeout(), show(c, "statement_timeout"));
        }
        PoolStats s = pool.stats();
        assertEquals(1, s.opened(), "the same session, reset rather than replaced");
        assertEquals(0, s.closed());
    }

    @Test
    void withResetStatement_temporaryTablesAndPreparedStatementsAreGone() throws SQLException {
        Pool pool = open("DISCARD ALL");
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("create temporary table scratch(x int)");
            st.execute("prepare plan as select 1");
        }
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select count(*) from pg_prepared_statements where name = 'plan'")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
            try (ResultSet rs = st.executeQuery("select to_regclass('pg_temp.scratch') is null")) {
                rs.next();
                assertEquals(true, rs.getBoolean(1));
            }
        }
        // pgjdbc sees DISCARD ALL go by and prepares its statements again: a one-shot query after it still works.
        for (int i = 0; i < 6; i++) {
            assertEquals(List.of(1), pool.query("select 1", rs -> rs.getInt(1)));
        }
        assertEquals(1, pool.stats().opened());
    }

    @Test
    void withResetStatement_afterBorrowerLeftAutoCommitOff_runsOutsideATransaction() throws SQLException {
        Pool pool = open("DISCARD ALL");
        // DISCARD ALL cannot run inside a transaction block: the reset statement runs after auto-commit is back on.
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("set statement_timeout = 1");
            c.commit();
        }
        try (Connection c = pool.getConnection()) {
            assertEquals(true, c.getAutoCommit());
            assertEquals(defaultStatementTimeout(), show(c, "statement_timeout"));
        }
        assertEquals(0, pool.stats().closed(), "the reset succeeded, nothing discarded");
    }

    @Test
    void failingResetStatement_discardsTheConnection() throws SQLException {
        Pool pool = open("select no_such_function()");
        pool.getConnection().close(); // the reset statement runs on return, and fails
        PoolStats s = pool.stats();
        assertEquals(1, s.closed(), "a connection whose reset failed is never lent again");
        assertEquals(0, s.idle());
        assertEquals(List.of(1), pool.query("select 1", rs -> rs.getInt(1)));
        assertEquals(2, pool.stats().closed());
    }
}
