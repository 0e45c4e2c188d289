package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.h2Config;
import static org.poolbench.pool.PoolFixtures.uniqueName;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transactions as a real server runs them (issue 12): a {@link Tx} whose statement failed must not report a commit
 * (PostgreSQL answers COMMIT with ROLLBACK, and pgjdbc does not raise), and a transaction a borrower opened in SQL
 * ({@code BEGIN} under auto-commit) must not swallow the next borrower's work. Checked on the test JVM's PostgreSQL
 * server ({@link PgFixtures}) through a connection outside the pool; the Tx rule, which is the pool's own and holds
 * for every driver, also on H2, where a failed statement does not abort the transaction.
 */
@ExtendWith(PoolCheck.class)
class TransactionOnServerTest {

    /** Creates a table of one int key column with a name of its own on the shared server; returns its name. */
    private static String createTable(Pool pool, String prefix) throws SQLException {
        String table = uniqueName(prefix).replace('-', '_');
        pool.exec("create table " + table + " (id int primary key)");
        return table;
    }

    /** The ids committed to {@code table}, as a session outside the pool sees them. */
    private static List<Integer> committedIds(String table) throws SQLException {
        try (Connection c = PgFixtures.direct(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select id from " + table + " order by id")) {
            List<Integer> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
            return ids;
        }
    }

    // ---------------------------------------------------------------- commit after a failed statement

    @Test
    void commit_afterCaughtUniqueViolation_throwsAndRollsBack() throws SQLException {
        Pool pool = PgFixtures.open();
        String table = createTable(pool, "commit_after_failure");
        Tx tx = pool.begin();
        tx.exec("insert into " + table + " values (1)");
        SQLException duplicate = assertThrows(SQLException.class,
                () -> tx.exec("insert into " + table + " values (1)"));
        assertEquals("23505", duplicate.getSQLState());

        SQLException e = assertThrows(SQLException.class, tx::commit);
        assertTrue(e.getMessage().contains("pool '" + pool.name() + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
        assertEquals("40000", e.getSQLState());
        assertSame(duplicate, e.getCause(), "the first failure is the cause");
        assertFalse(tx.isActive());
        assertEquals(List.of(), committedIds(table), "the first insert was not committed");

        // The connection went back clean: the next one-shot insert commits.
        assertEquals(0, pool.stats().inUse());
        pool.exec("insert into " + table + " values (2)");
        assertEquals(List.of(2), committedIds(table));
    }

    @Test
    void inTransaction_workCatchesFailure_throwsAndRollsBack() throws SQLException {
        Pool pool = PgFixtures.open();
        String table = createTable(pool, "in_tx_after_failure");
        assertThrows(SQLException.class, () -> pool.inTransaction(tx -> {
            tx.exec("insert into " + table + " values (1)");
            try {
                tx.exec("insert into " + table + " values (1)");
            } catch (SQLException ignored) {
                // the caller handles the duplicate and goes on: the commit must still not claim success
            }
            return null;
        }));
        assertEquals(List.of(), committedIds(table));
    }

    @Test
    void commit_afterRollbackToSavepointPastTheFailure_commits() throws SQLException {
        Pool pool = PgFixtures.open();
        String table = createTable(pool, "savepoint_after_failure");
        Tx tx = pool.begin();
        tx.exec("insert into " + table + " values (1)");
        Savepoint beforeSecond = tx.connection().setSavepoint();
        assertThrows(SQLException.class, () -> tx.exec("insert into " + table + " values (1)"));
        tx.connection().rollback(beforeSecond);
        tx.exec("insert into " + table + " values (2)");

        tx.commit();
        assertEquals(List.of(1, 2), committedIds(table));
    }

    /** The rule is the pool's, not PostgreSQL's: on H2 a failed statement leaves the transaction usable, yet. */
    @Test
    void commit_afterCaughtFailureOnH2_throwsAndRollsBack() throws SQLException {
        String db = uniqueName("commit_after_failure_h2").replace('-', '_');
        Pool pool = PoolCheck.open(h2Config(db).name(db));
        pool.exec("create table item (id int primary key)");
        Tx tx = pool.begin();
        tx.exec("insert into item values (1)");
        SQLException duplicate = assertThrows(SQLException.class, () -> tx.exec("insert into item values (1)"));

        SQLException e = assertThrows(SQLException.class, tx::commit);
        assertTrue(e.getMessage().contains("pool '" + db + "'"), e.getMessage());
        assertSame(duplicate, e.getCause());
        assertEquals(List.of(0), pool.query("select count(*) from item", rs -> rs.getInt(1)),
                "H2 would have committed the first insert: the pool rolled it back");
    }

    @Test
    void commit_afterFailureOfAnEarlierTransactionOnTheSameConnection_commits() throws SQLException {
        Pool pool = PgFixtures.open();
        String table = createTable(pool, "failure_forgotten");
        try (Tx tx = pool.begin()) {
            assertThrows(SQLException.class, () -> tx.exec("insert into no_such_table_anywhere values (1)"));
        }
        Tx tx = pool.begin();
        tx.exec("insert into " + table + " values (1)");
        tx.commit();
        assertEquals(List.of(1), committedIds(table));
        assertEquals(1, pool.stats().open(), "the same connection served both");
    }

    // ---------------------------------------------------------------- a transaction opened in SQL

    @Test
    void return_afterBeginInSql_nextBorrowersAutoCommitWorkIsCommitted() throws SQLException {
        Pool pool = PgFixtures.open();
        String table = createTable(pool, "begin_in_sql");
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("begin");
            st.executeUpdate("insert into " + table + " values (1)");
        } // returned inside the transaction it opened

        assertEquals(1, pool.exec("insert into " + table + " values (2)"));
        assertEquals(List.of(2), committedIds(table), "borrower 2's row committed, borrower 1's rolled back");
        assertEquals(1, pool.stats().open(), "one connection served both borrowers");
    }

    @Test
    void return_afterFailedTransactionOpenedInSql_nextBorrowerCanWork() throws SQLException {
        Pool pool = PgFixtures.open();
        String table = createTable(pool, "failed_begin_in_sql");
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("begin");
            st.executeUpdate("insert into " + table + " values (1)");
            assertThrows(SQLException.class, () -> st.executeUpdate("insert into " + table + " values (1)"));
        } // returned inside a failed transaction (25P02 for anything but ROLLBACK)

        assertEquals(1, pool.exec("insert into " + table + " values (2)"));
        assertEquals(List.of(2), committedIds(table));
    }
}
