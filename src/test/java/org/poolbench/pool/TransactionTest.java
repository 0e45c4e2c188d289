package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.dataSource;
import static org.poolbench.pool.PoolFixtures.h2Url;
import static org.poolbench.pool.PoolFixtures.uniqueName;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * Transactions: {@link Pool#begin()} pins a {@link Tx} to one connection until commit or rollback, applies and then
 * undoes its options, rolls back when closed uncommitted, and {@link Pool#inTransaction} commits or rolls back.
 *
 * <p>Visibility is checked on a real database (H2 in memory) through an observer connection opened with
 * {@link DriverManager}, outside the pool, so that it never competes with the pool's limits. Failures and session
 * settings are checked on the stub driver, whose connections break on demand and keep every setting they are given
 * (H2 ignores {@code setReadOnly}).
 */
@ExtendWith(PoolCheck.class)
class TransactionTest {
    private static final String DONE = "already been committed or rolled back";

    private final String name;
    private final String h2Url;
    private final StubServer server;

    TransactionTest(TestInfo info) {
        name = "tx-" + info.getTestMethod().orElseThrow().getName();
        h2Url = "jdbc:h2:mem:" + name.replace('-', '_') + ";DB_CLOSE_DELAY=-1";
        server = StubDriver.server(name);
        server.reset();
    }

    @BeforeEach
    void createTable() throws SQLException {
        observe("create table item(id int primary key, name varchar(20))");
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        observe("shutdown");
    }

    private void observe(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(h2Url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Rows committed to the item table, as another session sees them. */
    private int committedRows() throws SQLException {
        try (Connection c = DriverManager.getConnection(h2Url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from item")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Pool h2Pool(UnaryOperator<PoolConfig> settings) {
        return PoolCheck.open(settings.apply(PoolConfig.forUrl(h2Url).name(name)));
    }

    private Pool stubPool(String urlKeys, UnaryOperator<PoolConfig> settings) {
        return PoolCheck.open(settings.apply(PoolConfig.forUrl("jdbc:stub:" + name + urlKeys).name(name)));
    }

    private static StubConnection stub(Connection c) throws SQLException {
        return c.unwrap(StubConnection.class);
    }

    private static void assertDone(Executable call) {
        SQLException e = assertThrows(SQLException.class, call);
        assertTrue(e.getMessage().contains(DONE), e.getMessage());
    }

    // ---------------------------------------------------------------- commit, rollback, close

    @Test
    void commit_makesWorkVisibleToOtherConnections() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            Tx tx = pool.begin();
            tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");
            assertEquals(0, committedRows(), "not visible before commit");
            assertEquals(List.of(0), pool.query("select count(*) from item", rs -> rs.getInt(1)));

            tx.commit();
            assertFalse(tx.isActive());
            assertEquals(1, committedRows());
            assertEquals(0, pool.stats().inUse(), "commit returns the connection");
        }
    }

    @Test
    void rollback_discardsWork() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            Tx tx = pool.begin();
            tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");
            tx.rollback();

            assertFalse(tx.isActive());
            assertEquals(0, committedRows());
            assertEquals(List.of(0), pool.query("select count(*) from item", rs -> rs.getInt(1)));
            assertEquals(0, pool.stats().inUse(), "rollback returns the connection");
        }
    }

    @Test
    void close_withoutCommitRollsBack() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            try (Tx tx = pool.begin()) {
                tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");
            }
            assertEquals(0, committedRows());

            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
                try (Tx tx = pool.begin()) {
                    tx.exec("insert into item(id, name) values (?, ?)", 2, "ink");
                    throw new IllegalStateException("work failed");
                }
            });
            assertEquals("work failed", thrown.getMessage());
            assertEquals(0, committedRows());
            assertEquals(0, pool.stats().inUse());
        }
    }

    @Test
    void close_afterCommitOrRollbackDoesNothing() throws SQLException {
        try (Pool pool = stubPool("", c -> c)) {
            Tx committed = pool.begin();
            committed.exec("update item set name = ?", "pen");
            committed.commit();
            committed.close();
            committed.close();
            assertEquals(1, server.commits());
            assertEquals(0, server.rollbacks(), "closing a committed transaction must not roll back");

            Tx rolledBack = pool.begin();
            rolledBack.exec("update item set name = ?", "ink");
            rolledBack.rollback();
            rolledBack.close();
            assertEquals(1, server.rollbacks(), "one rollback, not a second one on close");
            assertEquals(0, pool.stats().inUse());
        }
    }

    @Test
    void close_afterCommitKeepsCommittedData() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            try (Tx tx = pool.begin()) {
                tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");
                tx.commit();
            }
            assertEquals(1, committedRows());
        }
    }

    // ---------------------------------------------------------------- pinned to one connection

    @Test
    void begin_pinsOneConnectionForTheWholeTransaction() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            Tx tx = pool.begin();
            Connection wrapper = tx.connection();
            JdbcConnection physical = wrapper.unwrap(JdbcConnection.class);
            tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");
            assertSame(wrapper, tx.connection());
            assertSame(physical, tx.connection().unwrap(JdbcConnection.class));
            // Its own uncommitted row is visible to it: the query ran in the same session as the insert.
            assertEquals(List.of(1), tx.query("select count(*) from item", rs -> rs.getInt(1)));
            assertFalse(tx.connection().getAutoCommit());
            assertEquals(1, pool.stats().inUse());

            try (Connection other = pool.getConnection()) {
                assertNotSame(physical, other.unwrap(JdbcConnection.class), "a pinned connection is not lent");
            }
            tx.commit();
            assertEquals(0, pool.stats().inUse());
            assertEquals(2, pool.stats().idle());
            SQLException stale = assertThrows(SQLException.class, wrapper::createStatement);
            assertTrue(stale.getMessage().contains("returned to pool '" + name + "'"), stale.getMessage());
        }
    }

    // ---------------------------------------------------------------- options

    @Test
    void begin_appliesIsolationAndReadOnlyAndPutsThemBackAfterwards() throws SQLException {
        TxOptions options = new TxOptions(TxOptions.Isolation.SERIALIZABLE, true);
        try (Pool pool = stubPool("", c -> c.maxOpen(1).maxIdle(1))) {
            StubConnection physical;
            try (Connection c = pool.getConnection()) {
                physical = stub(c);
                assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation(), "stub default");
            }
            for (String ending : List.of("commit", "rollback", "close")) {
                Tx tx = pool.begin(options);
                Connection c = tx.connection();
                assertSame(physical, stub(c), "maxOpen 1 forces the same physical connection");
                assertEquals(Connection.TRANSACTION_SERIALIZABLE, physical.getTransactionIsolation(), ending);
                assertTrue(physical.isReadOnly(), ending);
                assertFalse(physical.getAutoCommit(), ending);
                switch (ending) {
                    case "commit" -> tx.commit();
                    case "rollback" -> tx.rollback();
                    default -> tx.close();
                }
                try (Connection next = pool.getConnection()) {
                    assertSame(physical, stub(next));
                    assertEquals(Connection.TRANSACTION_READ_COMMITTED, next.getTransactionIsolation(), ending);
                    assertFalse(next.isReadOnly(), ending);
                    assertTrue(next.getAutoCommit(), ending);
                }
            }
        }
    }

    @Test
    void begin_isolationAppliedOnH2AndPutBack() throws SQLException {
        try (Pool pool = h2Pool(c -> c.maxOpen(1).maxIdle(1))) {
            JdbcConnection physical;
            int defaultIsolation;
            try (Connection c = pool.getConnection()) {
                physical = c.unwrap(JdbcConnection.class);
                defaultIsolation = c.getTransactionIsolation();
            }
            assertNotEquals(Connection.TRANSACTION_SERIALIZABLE, defaultIsolation, "the test needs another default");
            pool.inTransaction(TxOptions.of(TxOptions.Isolation.SERIALIZABLE), tx -> {
                assertEquals(Connection.TRANSACTION_SERIALIZABLE, tx.connection().getTransactionIsolation());
                return tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");
            });
            try (Connection next = pool.getConnection()) {
                assertSame(physical, next.unwrap(JdbcConnection.class));
                assertEquals(defaultIsolation, next.getTransactionIsolation());
                assertTrue(next.getAutoCommit());
            }
            assertEquals(1, committedRows());
        }
    }

    @Test
    void inTransaction_readOnlyOptionAppliesToWork() throws SQLException {
        try (Pool pool = stubPool("", c -> c)) {
            boolean readOnlyTx = pool.inTransaction(TxOptions.readOnlyTx(), tx -> tx.connection().isReadOnly());
            boolean defaultTx = pool.inTransaction(tx -> tx.connection().isReadOnly());
            assertTrue(readOnlyTx);
            assertFalse(defaultTx, "put back after the read-only transaction");
        }
    }

    // ---------------------------------------------------------------- inTransaction

    @Test
    void inTransaction_commitsWhenWorkReturns() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            int inserted = pool.inTransaction(tx -> tx.exec("insert into item(id, name) values (?, ?)", 1, "pen")
                    + tx.exec("insert into item(id, name) values (?, ?)", 2, "ink"));
            assertEquals(2, inserted);
            assertEquals(2, committedRows());
            assertEquals(0, pool.stats().inUse());
        }
    }

    @Test
    void inTransaction_rollsBackAndRethrowsSQLException() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            SQLException failure = new SQLException("work failed", "22000");
            SQLException thrown = assertThrows(SQLException.class, () -> pool.inTransaction(tx -> {
                tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");
                throw failure;
            }));
            assertSame(failure, thrown);
            assertEquals(0, committedRows());
            assertEquals(0, pool.stats().inUse());
        }
    }

    @Test
    void inTransaction_rollsBackAndRethrowsRuntimeException() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            IllegalStateException failure = new IllegalStateException("work failed");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.inTransaction(tx -> {
                tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");
                throw failure;
            }));
            assertSame(failure, thrown);
            assertEquals(0, committedRows());
            assertEquals(0, pool.stats().inUse());
        }
    }

    @Test
    void inTransaction_rollsBackWhenStatementFails() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            SQLException thrown = assertThrows(SQLException.class, () -> pool.inTransaction(tx -> {
                tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");
                return tx.exec("insert into item(id, name) values (?, ?)", 1, "duplicate");
            }));
            assertTrue(thrown.getSQLState().startsWith("23"), "a constraint violation: " + thrown.getSQLState());
            assertEquals(0, committedRows(), "the first insert is rolled back with the second");
        }
    }

    // ---------------------------------------------------------------- after the end

    @Test
    void tx_useAfterCommitThrows() throws SQLException {
        try (Pool pool = h2Pool(c -> c); Stmt stmt = pool.prepare("select count(*) from item")) {
            Tx tx = pool.begin();
            tx.commit();
            assertDone(tx::connection);
            assertDone(() -> tx.exec("insert into item(id, name) values (?, ?)", 1, "pen"));
            assertDone(() -> tx.query("select count(*) from item", rs -> rs.getInt(1)));
            assertDone(() -> tx.exec(stmt));
            assertDone(() -> tx.query(stmt, rs -> rs.getInt(1)));
            assertDone(tx::commit);
            assertDone(tx::rollback);
            assertFalse(tx.isActive());
            assertEquals(0, committedRows());
        }
    }

    @Test
    void tx_useAfterRollbackThrows() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            Tx tx = pool.begin();
            tx.rollback();
            assertDone(tx::connection);
            assertDone(() -> tx.exec("insert into item(id, name) values (?, ?)", 1, "pen"));
            assertDone(tx::commit);
            assertDone(tx::rollback);
            assertEquals(0, committedRows());
        }
    }

    @Test
    void tx_connectionClosedDirectlyRollsBackAndEndsTransaction() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            Tx tx = pool.begin();
            tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");
            tx.connection().close();

            SQLException e = assertThrows(SQLException.class, tx::commit);
            assertTrue(e.getMessage().contains("closed directly"), e.getMessage());
            assertFalse(tx.isActive());
            tx.close();
            assertEquals(0, committedRows());
            assertEquals(0, pool.stats().inUse());
        }
    }

    @Test
    void close_afterConnectionClosedDirectlyEndsQuietlyAndWorkIsRolledBack() throws SQLException {
        try (Pool pool = h2Pool(c -> c)) {
            try (Tx tx = pool.begin()) {
                tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");
                tx.connection().close();
            } // must not throw: the pool already rolled the work back
            assertEquals(0, committedRows());
            assertEquals(0, pool.stats().inUse());
        }
    }

    // ---------------------------------------------------------------- failures

    @Test
    void commit_failingWithConnectionErrorDiscardsConnectionAndPropagates() throws SQLException {
        try (Pool pool = stubPool("", c -> c)) {
            Tx tx = pool.begin();
            tx.exec("update item set name = ?", "pen");
            server.breakAll();

            SQLException e = assertThrows(SQLException.class, tx::commit);
            assertEquals("08006", e.getSQLState());
            assertFalse(tx.isActive());
            assertEquals(0, server.commits());
            assertEquals(0, pool.stats().open(), "a broken connection is discarded, not pooled");
            assertEquals(0, server.live());
        }
    }

    @Test
    void commit_failingWithOtherErrorRollsBackAndKeepsConnection() throws SQLException {
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(failingCommits()).name(name).maxOpen(1))) {
            Tx tx = pool.begin();
            JdbcConnection physical = tx.connection().unwrap(JdbcConnection.class);
            tx.exec("insert into item(id, name) values (?, ?)", 1, "pen");

            SQLException e = assertThrows(SQLException.class, tx::commit);
            assertEquals("40001", e.getSQLState());
            assertFalse(tx.isActive());
            // Had the work not been rolled back, turning auto-commit back on would have committed it.
            assertEquals(0, committedRows());
            try (Connection next = pool.getConnection()) {
                assertSame(physical, next.unwrap(JdbcConnection.class), "not a connection error: kept");
                assertTrue(next.getAutoCommit());
                try (Statement st = next.createStatement(); ResultSet rs = st.executeQuery("select count(*) from item")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "the failed transaction's session has no leftover row");
                }
            }
        }
    }

    /** H2 connections whose commit always fails with a serialization failure (SQLState 40001). */
    private DataSource failingCommits() {
        ClassLoader loader = getClass().getClassLoader();
        return (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] {DataSource.class}, (ds, method, args) -> {
            if (!method.getName().equals("getConnection") || args != null) {
                throw new UnsupportedOperationException(method.getName());
            }
            return PoolFixtures.intercept(Connection.class, DriverManager.getConnection(h2Url), (real, m, a) -> {
                if (m.getName().equals("commit")) {
                    throw new SQLException("could not serialize access", "40001");
                }
                return PoolFixtures.PASS;
            });
        });
    }

    @Test
    void exec_insideTransactionIsNotRetriedOnBadConnection() throws SQLException {
        try (Pool pool = stubPool("", c -> c)) {
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Tx tx = pool.begin()) {
                    server.breakAll();
                    tx.exec("update item set name = ?", "pen");
                    tx.commit();
                }
            });
            assertEquals("08006", e.getSQLState());
            assertEquals(0, pool.stats().badConnRetries());
            assertEquals(1, server.opened(), "no second connection tried");
            assertEquals(0, pool.stats().open());
        }
    }

    @Test
    void failedOneShot_onManualCommitSession_isRolledBackNotCommittedByTheNextOne() throws SQLException {
        String db = uniqueName("manual-commit");
        String url = h2Url(db);
        DataSource ds = dataSource(() -> {
            Connection c = DriverManager.getConnection(url);
            c.setAutoCommit(false); // as a DataSource configured for manual commit hands them out
            return c;
        });
        try (Connection admin = DriverManager.getConnection(url);
                Pool pool = PoolCheck.open(new PoolConfig().dataSource(ds).maxOpen(1))) {
            admin.createStatement().execute("create table t(id int primary key)");
            pool.exec("insert into t values (?)", 1);

            // The insert inside the query runs, then the mapper throws: the one-shot failed.
            assertThrows(IllegalStateException.class, () -> pool.query(
                    "select id from final table (insert into t values (2))", rs -> {
                        throw new IllegalStateException("mapper failed");
                    }));
            pool.exec("insert into t values (?)", 3); // same connection (max open 1); commits its own work only

            List<Integer> ids = new ArrayList<>();
            var rs = admin.createStatement().executeQuery("select id from t order by id");
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
            assertEquals(List.of(1, 3), ids, "the failed query's insert must not have been committed");
        }
    }

    // ---------------------------------------------------------------- pool-level statements in a transaction

    @Test
    void exec_stmtRunsOnTxConnectionAndReusesPhysicalStatement() throws SQLException {
        try (Pool pool = h2Pool(c -> c.maxOpen(1));
             Stmt insert = pool.prepare("insert into item(id, name) values (?, ?)");
             Stmt count = pool.prepare("select count(*) from item")) {
            assertEquals(2, pool.stats().prepares());
            try (Tx tx = pool.begin()) {
                assertEquals(1, tx.exec(insert, 1, "pen"));
                assertEquals(1, tx.exec(insert, 2, "ink"));
                assertEquals(List.of(2), tx.query(count, rs -> rs.getInt(1)), "sees its own uncommitted rows");
                assertEquals(0, committedRows());
                tx.commit();
            }
            assertEquals(2, committedRows());
            PoolStats s = pool.stats();
            assertEquals(2, s.prepares(), "no statement prepared twice on the one connection");
            assertEquals(3, s.reuses());
        }
    }

    @Test
    void rollback_undoesStmtExecutions() throws SQLException {
        try (Pool pool = h2Pool(c -> c); Stmt insert = pool.prepare("insert into item(id, name) values (?, ?)")) {
            try (Tx tx = pool.begin()) {
                tx.exec(insert, 1, "pen");
            }
            assertEquals(0, committedRows());
        }
    }

    @Test
    void exec_stmtPreparesOnTxConnectionWhenNotThereYet() throws SQLException {
        try (Pool pool = stubPool("", c -> c); Stmt stmt = pool.prepare("update item set name = ?")) {
            try (Connection holdFirst = pool.getConnection(); Tx tx = pool.begin()) {
                assertEquals(1, stub(holdFirst).id());
                assertEquals(2, stub(tx.connection()).id());
                tx.exec(stmt, "pen");
                tx.exec(stmt, "ink");
                tx.commit();
            }
            PoolStats s = pool.stats();
            assertEquals(2, s.prepares(), "once on each connection");
            assertEquals(1, s.reuses());
            assertEquals(2, server.prepared());
            assertEquals(2, server.executions());
        }
    }

    // ---------------------------------------------------------------- begin retried on a bad connection

    @Test
    void begin_retriedOnNewConnectionWhenIdleOneIsBroken() throws SQLException {
        try (Pool pool = stubPool("", c -> c)) {
            pool.getConnection().close();
            assertEquals(1, server.breakAll());

            try (Tx tx = pool.begin()) {
                assertEquals(2, stub(tx.connection()).id());
                tx.exec("update item set name = ?", "pen");
                tx.commit();
            }
            PoolStats s = pool.stats();
            assertEquals(1, s.badConnRetries());
            assertEquals(2, server.opened());
            assertEquals(1, server.closed(), "the broken connection is discarded");
            assertEquals(1, server.commits());
        }
    }

    @Test
    void begin_retriedWhenDriverSaysConnectionDoesNotExist() throws SQLException {
        try (Pool pool = stubPool(";badState=08003", c -> c)) {
            pool.getConnection().close();
            server.breakAll();

            try (Tx tx = pool.begin(TxOptions.of(TxOptions.Isolation.SERIALIZABLE))) {
                assertEquals(Connection.TRANSACTION_SERIALIZABLE, tx.connection().getTransactionIsolation());
                tx.commit();
            }
            assertEquals(1, pool.stats().badConnRetries());
            assertEquals(2, server.opened());
            assertEquals(1, pool.stats().open());
        }
    }

    @Test
    void begin_afterTwoBrokenPooledConnectionsUsesNewOne() throws SQLException {
        try (Pool pool = stubPool("", c -> c.maxIdle(2))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            a.close();
            b.close();
            assertEquals(2, server.breakAll());

            try (Tx tx = pool.begin()) {
                assertEquals(3, stub(tx.connection()).id());
                tx.commit();
            }
            assertEquals(2, pool.stats().badConnRetries());
            assertEquals(2, server.closed());
            assertEquals(1, server.live());
        }
    }
}
