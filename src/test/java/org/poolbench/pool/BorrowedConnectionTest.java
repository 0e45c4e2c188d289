package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.h2Config;
import static org.poolbench.pool.PoolFixtures.h2Url;
import static org.poolbench.pool.PoolFixtures.invoke;
import static org.poolbench.pool.PoolFixtures.physical;
import static org.poolbench.pool.PoolFixtures.stubConfig;

import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbc.JdbcPreparedStatement;
import org.h2.jdbc.JdbcStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubPreparedStatement;
import org.poolbench.driver.StubServer;
import org.poolbench.pool.PoolFixtures.StubBackedDriver;

/**
 * The borrowed connection: what {@code close()} puts back, which connections are discarded instead
 * of pooled, what a closed or stale handle may still do, and how wrappers lead back to the borrower's handle.
 *
 * <p>Most pools here have max open 1 and max idle 1, so every borrow gets the same physical connection as long as
 * it is pooled; tests check that by unwrapping to the physical class. The stub driver checks the settings; H2
 * checks what needs a real database (rolled-back rows, statement state).
 */
@ExtendWith(PoolCheck.class)
class BorrowedConnectionTest {
    private static final Executor DIRECT = Runnable::run;

    private static String uniqueName() {
        return PoolFixtures.uniqueName("borrowed");
    }

    /** A pool of at most one connection on a fresh stub server whose URL carries {@code params}. */
    private static Pool singleStubPool(String server, String params) {
        return PoolCheck.open(stubConfig(server, params).maxOpen(1).maxIdle(1));
    }

    private static Pool singleH2Pool(String db) {
        return PoolCheck.open(h2Config(db).maxOpen(1).maxIdle(1));
    }

    /** Rows of {@code table} as seen by a connection outside the pool, so the pool's one connection can stay held. */
    private static int countOutsidePool(String db, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(h2Url(db));
             ResultSet rs = c.createStatement().executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // ---------------------------------------------------------------- session settings put back

    /** A session setting, how a borrower changes it, and how to read it on the physical connection. */
    enum Setting {
        AUTO_COMMIT(c -> c.setAutoCommit(false), Connection::getAutoCommit),
        READ_ONLY(c -> c.setReadOnly(true), Connection::isReadOnly),
        ISOLATION(c -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE),
                Connection::getTransactionIsolation),
        CATALOG(c -> c.setCatalog("elsewhere"), Connection::getCatalog),
        SCHEMA(c -> c.setSchema("other"), Connection::getSchema),
        NETWORK_TIMEOUT(c -> c.setNetworkTimeout(DIRECT, 1234), Connection::getNetworkTimeout);

        final SqlConsumer change;
        final SqlReader read;

        Setting(SqlConsumer change, SqlReader read) {
            this.change = change;
            this.read = read;
        }
    }

    @FunctionalInterface
    interface SqlConsumer {
        void accept(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface SqlReader {
        Object read(Connection c) throws SQLException;
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    void close_restoresChangedSetting(Setting setting) throws SQLException {
        try (Pool pool = singleStubPool(uniqueName(), "")) {
            StubConnection raw;
            Object original;
            try (Connection a = pool.getConnection()) {
                raw = physical(a);
                original = setting.read.read(a);
                setting.change.accept(a);
                assertNotEquals(original, setting.read.read(raw), "the change reached the physical connection");
            }
            assertEquals(original, setting.read.read(raw), "physical connection after return");
            try (Connection b = pool.getConnection()) {
                assertSame(raw, physical(b), "max open 1: the next borrower gets the same physical connection");
                assertEquals(original, setting.read.read(b));
            }
        }
    }

    @Test
    void close_restoresEverySettingChangedTogether() throws SQLException {
        try (Pool pool = singleStubPool(uniqueName(), "")) {
            StubConnection raw;
            try (Connection a = pool.getConnection()) {
                raw = physical(a);
                for (Setting s : Setting.values()) {
                    s.change.accept(a);
                }
            }
            try (Connection b = pool.getConnection()) {
                assertSame(raw, physical(b));
                assertTrue(b.getAutoCommit());
                assertFalse(b.isReadOnly());
                assertEquals(Connection.TRANSACTION_READ_COMMITTED, b.getTransactionIsolation());
                assertEquals(raw.server().name(), b.getCatalog());
                assertEquals("public", b.getSchema());
                assertEquals(0, b.getNetworkTimeout());
            }
        }
    }

    @Test
    void close_restoresOriginalNotPreviousBorrowersValue() throws SQLException {
        // The original is read once per connection; a second borrower's change must still go back to it.
        try (Pool pool = singleStubPool(uniqueName(), "")) {
            try (Connection a = pool.getConnection()) {
                a.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            }
            try (Connection b = pool.getConnection()) {
                b.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try (Connection c = pool.getConnection()) {
                assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            }
        }
    }

    @Test
    void close_restoresAutoCommitIsolationAndSchemaOnH2() throws SQLException {
        String db = uniqueName();
        try (Pool pool = singleH2Pool(db)) {
            pool.exec("create schema other");
            JdbcConnection raw;
            try (Connection a = pool.getConnection()) {
                raw = a.unwrap(JdbcConnection.class);
                a.setAutoCommit(false);
                a.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                a.setSchema("OTHER");
            }
            assertTrue(raw.getAutoCommit());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, raw.getTransactionIsolation());
            assertEquals("PUBLIC", raw.getSchema());
            try (Connection b = pool.getConnection()) {
                assertSame(raw, b.unwrap(JdbcConnection.class));
            }
        }
    }

    // ---------------------------------------------------------------- unfinished work, statements, warnings

    @Test
    void close_rollsBackOpenTransactionOnH2() throws SQLException {
        String db = uniqueName();
        try (Pool pool = singleH2Pool(db)) {
            pool.exec("create table item(id int primary key)");
            try (Connection a = pool.getConnection()) {
                a.setAutoCommit(false);
                try (PreparedStatement ps = a.prepareStatement("insert into item values (?)")) {
                    ps.setInt(1, 1);
                    assertEquals(1, ps.executeUpdate());
                }
                try (ResultSet rs = a.createStatement().executeQuery("select count(*) from item")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "the borrower sees its own uncommitted row");
                }
            } // closed without commit
            assertEquals(0, countOutsidePool(db, "item"));
            assertEquals(List.of(0), pool.query("select count(*) from item", rs -> rs.getInt(1)));
            assertEquals(1, pool.stats().opened(), "the rolled-back connection was pooled, not discarded");
        }
    }

    @Test
    void close_rollsBackOpenTransactionOnStub() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = singleStubPool(name, "")) {
            try (Connection a = pool.getConnection()) {
                a.setAutoCommit(false);
                a.createStatement().executeUpdate("update item set x = 1");
                assertEquals(0, server.rollbacks());
            }
            assertEquals(1, server.rollbacks());
            assertEquals(0, server.commits(), "a return must not commit the borrower's unfinished work");
        }
    }

    @Test
    void close_doesNotRollBackWhenNothingIsUnfinished() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = singleStubPool(name, "")) {
            try (Connection a = pool.getConnection()) {
                a.createStatement().executeUpdate("update item set x = 1"); // auto-commit: nothing left open
            }
            try (Connection a = pool.getConnection()) {
                a.setAutoCommit(false);
                a.createStatement().executeUpdate("update item set x = 1");
                a.commit();
            }
            assertEquals(0, server.rollbacks());
        }
    }

    @Test
    void close_closesStatementsLeftOpenOnStub() throws SQLException {
        try (Pool pool = singleStubPool(uniqueName(), "")) {
            StubConnection raw;
            try (Connection a = pool.getConnection()) {
                raw = physical(a);
                a.createStatement().executeQuery("select 1");
                a.prepareStatement("select ?");
                a.prepareCall("call p()");
                try (Statement closedByBorrower = a.createStatement()) {
                    closedByBorrower.execute("select 1");
                }
                assertEquals(3, raw.openStatements());
            }
            assertFalse(raw.isClosed(), "the connection itself is pooled");
            assertEquals(0, raw.openStatements());
            try (Connection b = pool.getConnection()) {
                assertSame(raw, physical(b));
            }
        }
    }

    @Test
    void close_closesStatementsLeftOpenOnH2() throws SQLException {
        try (Pool pool = singleH2Pool(uniqueName())) {
            JdbcStatement plain;
            JdbcPreparedStatement prepared;
            ResultSet rs;
            try (Connection a = pool.getConnection()) {
                Statement s = a.createStatement();
                plain = s.unwrap(JdbcStatement.class);
                PreparedStatement ps = a.prepareStatement("select 1");
                prepared = ps.unwrap(JdbcPreparedStatement.class);
                rs = ps.executeQuery();
                assertFalse(plain.isClosed());
                assertFalse(prepared.isClosed());
            }
            assertTrue(plain.isClosed());
            assertTrue(prepared.isClosed());
            assertTrue(rs.isClosed(), "result sets go with their statements");
        }
    }

    @Test
    void close_clearsWarnings() throws SQLException {
        try (Pool pool = singleStubPool(uniqueName(), "")) {
            StubConnection raw;
            try (Connection a = pool.getConnection()) {
                raw = physical(a);
                raw.addWarning("server notice for borrower A");
                assertNotNull(a.getWarnings());
            }
            assertNull(raw.getWarnings());
            try (Connection b = pool.getConnection()) {
                assertSame(raw, physical(b));
                assertNull(b.getWarnings());
            }
        }
    }

    // ---------------------------------------------------------------- which connections are discarded

    @Test
    void close_discardsConnectionThatThrewConnectionError() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = singleStubPool(name, ";badAfterUses=1;badState=08006")) {
            StubConnection first;
            try (Connection a = pool.getConnection(); Statement s = a.createStatement()) {
                first = physical(a);
                s.executeUpdate("update item set x = 1"); // the one use that succeeds
                SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("update item set x = 2"));
                assertEquals("08006", e.getSQLState());
                assertInstanceOf(SQLNonTransientConnectionException.class, e);
            }
            assertEquals(1, server.closed());
            assertEquals(0, pool.stats().open());
            try (Connection b = pool.getConnection()) {
                assertNotSame(first, physical(b));
                assertEquals(2, physical(b).id());
            }
            assertEquals(2, server.opened());
        }
    }

    /** Connection-class errors, each thrown by a connection that is otherwise healthy. */
    enum ConnectionError {
        CLASS_08_STATE(() -> new SQLException("link failure", "08S01")),
        NON_TRANSIENT_CONNECTION_TYPE(() -> new SQLNonTransientConnectionException("terminated by admin", "57P01")),
        RECOVERABLE_TYPE(() -> new SQLRecoverableException("retry on a new connection")),
        CLASS_08_IN_CAUSE(() -> new SQLException("wrapped", "HY000", new SQLException("socket reset", "08006")));

        final Supplier<SQLException> make;

        ConnectionError(Supplier<SQLException> make) {
            this.make = make;
        }
    }

    @ParameterizedTest
    @EnumSource(ConnectionError.class)
    void close_discardsHealthyConnectionAfterConnectionError(ConnectionError error) throws SQLException {
        // The physical connection would pass the reset: only the error it threw can get it discarded.
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + name).driver(driver).maxOpen(1).maxIdle(1))) {
            StubConnection first;
            try (Connection a = pool.getConnection()) {
                first = physical(a);
                driver.nativeSqlFailure.set(error.make.get());
                assertThrows(SQLException.class, () -> a.nativeSQL("select 1"));
            }
            assertTrue(first.isClosed());
            assertFalse(first.isBroken(), "the stub connection itself was healthy");
            try (Connection b = pool.getConnection()) {
                assertNotSame(first, physical(b));
            }
            assertEquals(2, server.opened());
            assertEquals(1, server.closed());
        }
    }

    @Test
    void close_discardsConnectionThatFailedIsValid() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + name).driver(driver).maxOpen(1).maxIdle(1))) {
            StubConnection first;
            try (Connection a = pool.getConnection()) {
                first = physical(a);
                driver.invalidOnce.set(true);
                assertFalse(a.isValid(1));
            }
            assertTrue(first.isClosed());
            assertFalse(first.isBroken(), "the stub connection itself was healthy");
            try (Connection b = pool.getConnection()) {
                assertNotSame(first, physical(b));
            }
            assertEquals(1, server.closed());
        }
    }

    @Test
    void close_discardsBrokenStubConnectionFoundByIsValid() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = singleStubPool(name, "")) {
            StubConnection first;
            try (Connection a = pool.getConnection()) {
                first = physical(a);
                assertTrue(server.breakConnection(first.id()));
                assertFalse(a.isValid(1));
            }
            assertEquals(1, server.closed());
            assertEquals(0, pool.stats().open());
            try (Connection b = pool.getConnection()) {
                assertTrue(b.isValid(1));
                assertNotSame(first, physical(b));
            }
        }
    }

    @Test
    void close_keepsConnectionAfterSyntaxError() throws SQLException {
        try (Pool pool = singleH2Pool(uniqueName())) {
            JdbcConnection raw;
            try (Connection a = pool.getConnection(); Statement s = a.createStatement()) {
                raw = a.unwrap(JdbcConnection.class);
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("selec 1"));
                assertTrue(e.getSQLState().startsWith("42"), e.getSQLState());
            }
            try (Connection b = pool.getConnection()) {
                assertSame(raw, b.unwrap(JdbcConnection.class));
            }
            assertEquals(1, pool.stats().opened());
            assertEquals(0, pool.stats().closed());
        }
    }

    @Test
    void close_keepsConnectionAfterNonConnectionErrorFromDriver() throws SQLException {
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + name).driver(driver).maxOpen(1).maxIdle(1))) {
            StubConnection first;
            try (Connection a = pool.getConnection()) {
                first = physical(a);
                driver.nativeSqlFailure.set(new SQLException("syntax error at or near \"selec\"", "42601"));
                assertThrows(SQLException.class, () -> a.nativeSQL("selec 1"));
            }
            try (Connection b = pool.getConnection()) {
                assertSame(first, physical(b));
            }
            assertEquals(0, StubDriver.server(name).closed());
        }
    }

    @Test
    void abort_discardsConnection() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = singleStubPool(name, "")) {
            Connection a = pool.getConnection();
            StubConnection first = physical(a);
            a.abort(DIRECT);
            assertTrue(a.isClosed());
            assertTrue(first.isClosed());
            assertEquals(1, server.closed());
            PoolStats s = pool.stats();
            assertEquals(0, s.open());
            assertEquals(0, s.inUse());
            try (Connection b = pool.getConnection()) {
                assertNotSame(first, physical(b));
            }
        }
    }

    @Test
    void abortThenClose_returnsTheConnectionOnce() throws SQLException {
        String name = PoolFixtures.uniqueName("abort-once");
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + name).maxOpen(2))) {
            Connection c = pool.getConnection();
            StubConnection physical = c.unwrap(StubConnection.class);
            c.abort(Runnable::run);
            c.close(); // the holder's close after a watchdog's abort must not return it a second time
            PoolStats s = pool.stats();
            assertEquals(0, s.open());
            assertEquals(0, s.inUse());
            assertEquals(1, s.closed());
            assertTrue(physical.isClosed());
            try (Connection next = pool.getConnection()) {
                assertSame(StubConnection.class, next.unwrap(StubConnection.class).getClass());
            }
            assertEquals(2, server.opened());
        }
    }

    // ---------------------------------------------------------------- after close

    @Test
    void connection_useAfterCloseThrowsNamingPool() throws SQLException {
        String name = uniqueName();
        StubDriver.server(name);
        try (Pool pool = PoolCheck.open(
                PoolConfig.forUrl("jdbc:stub:" + name).name("orders-pool").maxOpen(1).maxIdle(1))) {
            Connection a = pool.getConnection();
            a.close();
            assertTrue(a.isClosed());
            assertFalse(a.isValid(1));
            for (SqlConsumer use : new SqlConsumer[] {
                    Connection::createStatement,
                    c -> c.prepareStatement("select 1"),
                    c -> c.prepareCall("call p()"),
                    Connection::getAutoCommit,
                    c -> c.setAutoCommit(false),
                    Connection::commit,
                    Connection::rollback,
                    c -> c.setReadOnly(true),
                    Connection::getMetaData,
                    Connection::clearWarnings,
                    c -> c.unwrap(StubConnection.class)}) {
                SQLException e = assertThrows(SQLException.class, () -> use.accept(a));
                assertEquals("08003", e.getSQLState());
                assertTrue(e.getMessage().contains("returned to pool 'orders-pool'"), e.getMessage());
            }
        }
    }

    @Test
    void close_secondCallDoesNothing() throws SQLException {
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = singleStubPool(name, "")) {
            Connection a = pool.getConnection();
            a.close();
            PoolStats before = pool.stats();
            a.close();
            assertEquals(before, pool.stats());
            assertEquals(1, before.idle());
            assertEquals(0, server.closed());
        }
    }

    @Test
    void close_secondCallDoesNotReturnNextBorrowersLease() throws SQLException {
        try (Pool pool = singleStubPool(uniqueName(), "")) {
            Connection a = pool.getConnection();
            a.close();
            try (Connection b = pool.getConnection()) {
                a.close();
                PoolStats s = pool.stats();
                assertEquals(1, s.inUse(), "b still holds the connection");
                assertEquals(0, s.idle());
                assertTrue(b.getAutoCommit());
            }
        }
    }

    // ---------------------------------------------------------------- stale handles

    @Test
    void staleHandle_cannotTouchNextBorrowersLease() throws SQLException {
        String db = uniqueName();
        try (Pool pool = singleH2Pool(db)) {
            pool.exec("create table item(id int primary key)");
            Connection a = pool.getConnection();
            Statement aStatement = a.createStatement();
            PreparedStatement aPrepared = a.prepareStatement("insert into item values (99)");
            JdbcConnection raw = a.unwrap(JdbcConnection.class);
            a.close();

            Connection b = pool.getConnection();
            assertSame(raw, b.unwrap(JdbcConnection.class), "b got a's physical connection");
            b.setAutoCommit(false);
            PreparedStatement bPrepared = b.prepareStatement("insert into item values (?)");
            bPrepared.setInt(1, 1);
            bPrepared.executeUpdate();

            // Everything a still holds fails, and none of it reaches b's lease.
            assertThrows(SQLException.class, () -> a.setAutoCommit(true));
            assertThrows(SQLException.class, a::commit);
            assertThrows(SQLException.class, a::rollback);
            assertThrows(SQLException.class, () -> a.createStatement());
            assertThrows(SQLException.class, () -> aStatement.executeQuery("select count(*) from item"));
            assertThrows(SQLException.class, () -> aStatement.executeUpdate("delete from item"));
            assertThrows(SQLException.class, aPrepared::executeUpdate);
            assertThrows(SQLException.class, aStatement::getConnection);
            a.close();

            assertFalse(b.getAutoCommit());
            assertFalse(bPrepared.isClosed());
            assertEquals(0, countOutsidePool(db, "item"), "b's transaction is still open, not committed by a");
            bPrepared.setInt(1, 2);
            bPrepared.executeUpdate();
            b.commit();
            assertEquals(2, countOutsidePool(db, "item"));
            b.close();

            try (Connection c = pool.getConnection()) {
                assertSame(raw, c.unwrap(JdbcConnection.class), "a's stale failures did not get b's connection discarded");
            }
            assertEquals(1, pool.stats().opened());
        }
    }

    @Test
    void staleStatement_connectionErrorDoesNotMarkNextBorrowersConnection() throws SQLException {
        // a's statement reaches the driver (the injected failure comes before the physical statement's own check)
        // while the physical connection is b's: the connection-class error must not get b's connection discarded.
        FaultyDriver driver = new FaultyDriver();
        String name = uniqueName();
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + name).driver(driver).maxOpen(1).maxIdle(1))) {
            Connection a = pool.getConnection();
            Statement aStatement = a.createStatement();
            StubConnection raw = physical(a);
            a.close();
            try (Connection b = pool.getConnection()) {
                assertSame(raw, physical(b));
                driver.statementFailure.set(new SQLException("link failure", "08S01"));
                SQLException e = assertThrows(SQLException.class, () -> aStatement.executeQuery("select 1"));
                // The lease guard (issue 7, defect 2) refuses a's stale statement before it reaches b's session.
                assertEquals("08003", e.getSQLState(), "a's statement is refused: its lease has ended");
                assertNotNull(driver.statementFailure.getAndSet(null), "a's statement never reached the driver");
                try (Statement s = b.createStatement()) {
                    s.executeQuery("select 1").close();
                }
            }
            try (Connection c = pool.getConnection()) {
                assertSame(raw, physical(c), "b's connection was pooled, not discarded");
            }
            assertEquals(0, server.closed());
        }
    }

    @Test
    void staleMetaData_cannotReachNextBorrowersSession() throws SQLException {
        try (Pool pool = singleH2Pool(uniqueName())) {
            Connection a = pool.getConnection();
            DatabaseMetaData aMeta = a.getMetaData();
            a.close();
            try (Connection b = pool.getConnection()) {
                b.setAutoCommit(false);
                assertSame(a, aMeta.getConnection());
                // Anything else would run on b's physical session, inside b's transaction, perhaps from another thread.
                assertThrows(SQLException.class, () -> aMeta.getTables(null, null, "%", null),
                        "a's DatabaseMetaData, kept after a.close(), still queries the physical connection now b's");
                assertThrows(SQLException.class, aMeta::getUserName);
            }
        }
    }

    // ---------------------------------------------------------------- wrappers lead back to the handle

    @Test
    void getConnection_fromStatementsResultSetsAndMetaDataReturnsWrapper() throws SQLException {
        try (Pool pool = singleStubPool(uniqueName(), "");
             Connection c = pool.getConnection();
             Statement s = c.createStatement();
             PreparedStatement ps = c.prepareStatement("select ?");
             CallableStatement cs = c.prepareCall("call p()")) {
            assertSame(c, s.getConnection());
            assertSame(c, ps.getConnection());
            assertSame(c, cs.getConnection());
            try (ResultSet rs = s.executeQuery("select 1")) {
                assertSame(s, rs.getStatement());
                assertSame(c, rs.getStatement().getConnection());
            }
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertSame(ps, rs.getStatement());
                assertSame(c, rs.getStatement().getConnection());
            }
            assertSame(c, c.getMetaData().getConnection());
        }
    }

    @Test
    void unwrap_reachesPhysicalConnectionAndStatement() throws SQLException {
        try (Pool pool = singleStubPool(uniqueName(), "");
             Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("select 1")) {
            StubConnection raw = c.unwrap(StubConnection.class);
            assertNotNull(raw);
            assertNotSame(c, raw);
            assertSame(c, c.unwrap(Connection.class), "the handle itself is a Connection");
            assertTrue(c.isWrapperFor(StubConnection.class));
            assertTrue(c.isWrapperFor(Connection.class));
            assertFalse(c.isWrapperFor(String.class));
            assertThrows(SQLException.class, () -> c.unwrap(String.class));
            assertInstanceOf(StubPreparedStatement.class, ps.unwrap(StubPreparedStatement.class));
            assertTrue(ps.isWrapperFor(StubPreparedStatement.class));
        }
    }

    @Test
    void unwrap_reachesH2Connection() throws SQLException {
        try (Pool pool = singleH2Pool(uniqueName()); Connection c = pool.getConnection()) {
            assertInstanceOf(JdbcConnection.class, c.unwrap(JdbcConnection.class));
            assertTrue(c.isWrapperFor(JdbcConnection.class));
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Hands out stub connections behind a dynamic proxy that can make {@code nativeSQL} or the execute calls of
     * {@code createStatement()} statements throw a given exception once, or {@code isValid} report false once, while
     * the stub connection itself stays healthy. That separates
     * "the pool discards a connection because of what it threw" from "the reset failed on a broken connection".
     */
    static final class FaultyDriver extends StubBackedDriver {
        final AtomicReference<SQLException> nativeSqlFailure = new AtomicReference<>();
        final AtomicBoolean invalidOnce = new AtomicBoolean();
        final AtomicReference<SQLException> statementFailure = new AtomicReference<>();

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            StubConnection stub = StubDriver.instance().connect(url, info);
            if (stub == null) {
                return null;
            }
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("nativeSQL")) {
                            SQLException failure = nativeSqlFailure.getAndSet(null);
                            if (failure != null) {
                                throw failure;
                            }
                        }
                        if (method.getName().equals("isValid") && invalidOnce.getAndSet(false)) {
                            return false;
                        }
                        Object result = invoke(method, stub, args);
                        if (method.getName().equals("createStatement") && method.getParameterCount() == 0) {
                            return faultyStatement((Statement) result);
                        }
                        return result;
                    });
        }

        /** A statement whose execute* calls throw {@link #statementFailure} once, before reaching the stub. */
        private Statement faultyStatement(Statement stub) {
            return PoolFixtures.intercept(Statement.class, stub, (real, method, args) -> {
                if (method.getName().startsWith("execute")) {
                    SQLException failure = statementFailure.getAndSet(null);
                    if (failure != null) {
                        throw failure;
                    }
                }
                return PoolFixtures.PASS;
            });
        }
    }
}
