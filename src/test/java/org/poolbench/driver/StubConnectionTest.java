package org.poolbench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class StubConnectionTest {

    private final String name = StubServers.uniqueName("conn");
    private final StubServer server = StubDriver.server(name);
    private final String url = "jdbc:stub:" + name;

    private StubConnection connect() throws SQLException {
        return new StubDriver().connect(url, null);
    }

    // ---------------------------------------------------------------- session state

    @Test
    void sessionState_defaults() throws SQLException {
        try (StubConnection c = connect()) {
            assertEquals(1, c.id());
            assertSame(server, c.server());
            assertEquals(url, c.settings().url());
            assertTrue(c.getAutoCommit());
            assertFalse(c.isReadOnly());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            assertEquals(ResultSet.CLOSE_CURSORS_AT_COMMIT, c.getHoldability());
            assertEquals(name, c.getCatalog());
            assertEquals("public", c.getSchema());
            assertEquals(0, c.getNetworkTimeout());
            assertTrue(c.getTypeMap().isEmpty());
            assertTrue(c.getClientInfo().isEmpty());
            assertNull(c.getWarnings());
            assertEquals("select 1", c.nativeSQL("select 1"));
        }
    }

    @Test
    void sessionState_storedAndReturned() throws SQLException {
        try (StubConnection c = connect()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setHoldability(ResultSet.HOLD_CURSORS_OVER_COMMIT);
            c.setCatalog("other");
            c.setSchema("app");
            c.setNetworkTimeout(Runnable::run, 1500);
            c.setTypeMap(Map.of("t", String.class));
            c.setClientInfo("ApplicationName", "bench");
            Properties p = new Properties();
            p.setProperty("ClientUser", "u");

            assertFalse(c.getAutoCommit());
            assertTrue(c.isReadOnly());
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
            assertEquals(ResultSet.HOLD_CURSORS_OVER_COMMIT, c.getHoldability());
            assertEquals("other", c.getCatalog());
            assertEquals("app", c.getSchema());
            assertEquals(1500, c.getNetworkTimeout());
            assertEquals(Map.of("t", String.class), c.getTypeMap());
            assertEquals("bench", c.getClientInfo("ApplicationName"));
            c.setClientInfo(p);
            assertEquals(p, c.getClientInfo());
            c.setClientInfo("ClientUser", null);
            assertNull(c.getClientInfo("ClientUser"));
        }
    }

    @Test
    void sessionState_invalidValues_throwNamingTheAccepted() throws SQLException {
        try (StubConnection c = connect()) {
            var isolation = assertThrows(SQLException.class, () -> c.setTransactionIsolation(Connection.TRANSACTION_NONE));
            assertEquals("22023", isolation.getSQLState());
            assertEquals("invalid transaction isolation 0: expected Connection.TRANSACTION_READ_UNCOMMITTED (1),"
                    + " TRANSACTION_READ_COMMITTED (2), TRANSACTION_REPEATABLE_READ (4) or TRANSACTION_SERIALIZABLE"
                    + " (8)", isolation.getMessage());
            assertThrows(SQLException.class, () -> c.setHoldability(99));
            assertThrows(SQLException.class, () -> c.setNetworkTimeout(Runnable::run, -1));
            assertThrows(SQLException.class, () -> c.setNetworkTimeout(null, 10));
            assertThrows(SQLException.class, () -> c.createStatement(1, ResultSet.CONCUR_READ_ONLY));
        }
    }

    @Test
    void commitAndRollback_counted_evenInAutoCommitMode() throws SQLException {
        try (StubConnection c = connect()) {
            c.commit();
            c.setAutoCommit(false);
            c.commit();
            c.rollback();
            assertEquals(2, server.commits());
            assertEquals(1, server.rollbacks());
        }
    }

    @Test
    void savepointsAndLobs_notSupported() throws SQLException {
        try (StubConnection c = connect()) {
            var e = assertThrows(SQLFeatureNotSupportedException.class, c::setSavepoint);
            assertEquals("the stub driver does not support Connection.setSavepoint(): it simulates connections,"
                    + " statements and a one-row result set, nothing more", e.getMessage());
            assertThrows(SQLFeatureNotSupportedException.class, c::createBlob);
            assertThrows(SQLFeatureNotSupportedException.class, () -> c.createArrayOf("int", new Object[0]));
        }
    }

    // ---------------------------------------------------------------- warnings

    @Test
    void warnings_addedByHook_chained_thenCleared() throws SQLException {
        try (StubConnection c = connect()) {
            c.addWarning("first");
            c.addWarning("second");
            SQLWarning warnings = c.getWarnings();
            assertEquals("first", warnings.getMessage());
            assertEquals("second", warnings.getNextWarning().getMessage());
            assertNull(warnings.getNextWarning().getNextWarning());
            c.clearWarnings();
            assertNull(c.getWarnings());
        }
    }

    @Test
    void createStatement_scrollableRequest_fallsBackToForwardOnlyWithWarning() throws SQLException {
        try (StubConnection c = connect()) {
            Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE);
            assertEquals(ResultSet.TYPE_FORWARD_ONLY, s.getResultSetType());
            assertEquals(ResultSet.CONCUR_READ_ONLY, s.getResultSetConcurrency());
            assertTrue(c.getWarnings().getMessage().startsWith("the stub driver has only TYPE_FORWARD_ONLY"));
        }
    }

    // ---------------------------------------------------------------- close and isValid

    @Test
    void close_isIdempotent_andCountedOnce() throws SQLException {
        StubConnection c = connect();
        assertEquals(1, server.live());
        c.close();
        c.close();
        assertTrue(c.isClosed());
        assertEquals(1, server.opened());
        assertEquals(1, server.closed());
        assertEquals(0, server.live());
        assertEquals(List.of(), server.liveConnections());
    }

    @Test
    void abort_closes() throws SQLException {
        StubConnection c = connect();
        assertThrows(SQLException.class, () -> c.abort(null));
        c.abort(Runnable::run);
        assertTrue(c.isClosed());
        assertEquals(1, server.closed());
    }

    @Test
    void closedConnection_everyOperationThrows08003() throws SQLException {
        StubConnection c = connect();
        c.close();

        List<Executable> operations = List.of(
                c::createStatement,
                () -> c.prepareStatement("x"),
                () -> c.prepareStatement("x", Statement.RETURN_GENERATED_KEYS),
                () -> c.prepareCall("x"),
                c::commit,
                c::rollback,
                () -> c.setAutoCommit(true),
                c::getAutoCommit,
                c::isReadOnly,
                c::getTransactionIsolation,
                c::getCatalog,
                c::getSchema,
                c::getNetworkTimeout,
                c::getWarnings,
                c::getMetaData,
                c::setSavepoint,
                () -> c.getClientInfo("x"));
        for (Executable operation : operations) {
            var e = assertThrows(SQLNonTransientConnectionException.class, operation);
            assertEquals("08003", e.getSQLState());
            assertEquals("stub connection 1 on server '" + name + "': connection is closed", e.getMessage());
        }
        var clientInfo = assertThrows(SQLClientInfoException.class, () -> c.setClientInfo("k", "v"));
        assertEquals("08003", clientInfo.getSQLState());
        assertFalse(c.isValid(0));
    }

    @Test
    void isValid_openHealthyConnection_true_negativeTimeoutThrows() throws SQLException {
        try (StubConnection c = connect()) {
            assertTrue(c.isValid(0));
            var e = assertThrows(SQLException.class, () -> c.isValid(-1));
            assertEquals("22023", e.getSQLState());
            assertEquals("invalid isValid timeout -1 s: expected 0 or more seconds", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- statements of the connection

    @Test
    void openStatements_countsCreatedMinusClosed_andZeroAfterConnectionClose() throws SQLException {
        StubConnection c = connect();
        Statement a = c.createStatement();
        Statement b = c.prepareStatement("x");
        Statement d = c.prepareCall("x");
        assertEquals(3, c.openStatements());
        b.close();
        b.close();
        assertEquals(2, c.openStatements());

        c.close();

        assertEquals(0, c.openStatements());
        assertTrue(a.isClosed());
        assertTrue(d.isClosed());
        a.close(); // closing after the connection is harmless
        assertEquals(0, c.openStatements());
    }

    @Test
    void prepare_countedByServer_createStatementIsNot() throws SQLException {
        try (StubConnection c = connect()) {
            c.createStatement();
            c.prepareStatement("a");
            c.prepareStatement("b", new int[] {1});
            c.prepareStatement("c", new String[] {"id"});
            c.prepareStatement("d", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            c.prepareCall("e");
            assertEquals(5, server.prepared());
            var e = assertThrows(SQLException.class, () -> c.prepareStatement(null));
            assertEquals("42601", e.getSQLState());
            assertEquals(5, server.prepared());
        }
    }

    // ---------------------------------------------------------------- wrappers and metadata

    @Test
    void unwrap_toStubConnection() throws SQLException {
        try (Connection c = connect()) {
            assertTrue(c.isWrapperFor(StubConnection.class));
            assertSame(c, c.unwrap(StubConnection.class));
            assertFalse(c.isWrapperFor(String.class));
            var e = assertThrows(SQLException.class, () -> c.unwrap(String.class));
            assertEquals("StubConnection does not implement java.lang.String; check isWrapperFor before unwrap",
                    e.getMessage());
        }
    }

    @Test
    void metaData_answersBasics_refusesTheRest() throws SQLException {
        try (StubConnection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            assertSame(c, md.getConnection());
            assertEquals(url, md.getURL());
            assertEquals("poolbench stub driver", md.getDriverName());
            assertEquals("0.1", md.getDriverVersion());
            assertEquals(4, md.getJDBCMajorVersion());
            assertTrue(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE));
            assertFalse(md.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE));
            assertTrue(md.isWrapperFor(DatabaseMetaData.class));
            var e = assertThrows(SQLFeatureNotSupportedException.class, () -> md.getTables(null, null, null, null));
            assertTrue(e.getMessage().startsWith("the stub driver does not support DatabaseMetaData.getTables()"));
        }
    }

    @Test
    void toString_showsIdServerAndState() throws SQLException {
        StubConnection c = connect();
        assertEquals("StubConnection[1 on " + name + ", open]", c.toString());
        server.breakAll();
        assertEquals("StubConnection[1 on " + name + ", broken (fault: breakAll())]", c.toString());
        c.close();
        assertEquals("StubConnection[1 on " + name + ", closed]", c.toString());
        assertInstanceOf(String.class, server.toString());
    }
}
