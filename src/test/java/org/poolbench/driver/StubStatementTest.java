package org.poolbench.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StubStatementTest {

    private final String name = StubServers.uniqueName("stmt");
    private final StubServer server = StubDriver.server(name);
    private StubConnection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = new StubDriver().connect("jdbc:stub:" + name, null);
    }

    @AfterEach
    void close() {
        connection.close();
    }

    // ---------------------------------------------------------------- results

    @Test
    void executeQuery_returnsOneRowWithValueOne() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("select 1");
        ResultSet rs = ps.executeQuery();

        assertTrue(rs.isBeforeFirst());
        assertTrue(rs.next());
        assertEquals(1, rs.getRow());
        assertEquals(1, rs.getInt(1));
        assertEquals(1, rs.getInt("value"));
        assertEquals(1, rs.getInt("VALUE"));
        assertEquals(1L, rs.getLong(1));
        assertEquals(1, rs.getShort("value"));
        assertEquals(1.0, rs.getDouble(1));
        assertEquals(BigDecimal.ONE, rs.getBigDecimal("value"));
        assertEquals("1", rs.getString(1));
        assertEquals("1", rs.getString("value"));
        assertTrue(rs.getBoolean(1));
        assertEquals(Integer.valueOf(1), rs.getObject(1));
        assertEquals(Long.valueOf(1), rs.getObject("value", Long.class));
        assertEquals("1", rs.getObject(1, String.class));
        assertFalse(rs.wasNull());
        assertFalse(rs.next());
        assertTrue(rs.isAfterLast());
        assertFalse(rs.next());
        assertSame(ps, rs.getStatement());
        assertEquals(1, server.executions());
    }

    @Test
    void resultSet_metaData_describesOneIntegerColumn() throws SQLException {
        ResultSetMetaData md = connection.createStatement().executeQuery("select 1").getMetaData();
        assertEquals(1, md.getColumnCount());
        assertEquals("value", md.getColumnLabel(1));
        assertEquals(Types.INTEGER, md.getColumnType(1));
        assertThrows(SQLException.class, () -> md.getColumnLabel(2));
    }

    @Test
    void resultSet_readOutsideRow_throws24000() throws SQLException {
        ResultSet rs = connection.createStatement().executeQuery("select 1");
        var before = assertThrows(SQLException.class, () -> rs.getInt(1));
        assertEquals("24000", before.getSQLState());
        assertEquals("the result set is before its row: call next() first", before.getMessage());
        rs.next();
        rs.next();
        var after = assertThrows(SQLException.class, () -> rs.getInt(1));
        assertEquals("24000", after.getSQLState());
    }

    @Test
    void resultSet_badColumn_throwsNamingTheColumn() throws SQLException {
        ResultSet rs = connection.createStatement().executeQuery("select 1");
        rs.next();
        var index = assertThrows(SQLException.class, () -> rs.getInt(2));
        assertEquals("07009", index.getSQLState());
        assertEquals("column index 2 is out of range: the stub result set has one column, index 1, label 'value'",
                index.getMessage());
        var label = assertThrows(SQLException.class, () -> rs.getInt("id"));
        assertEquals("42703", label.getSQLState());
        assertEquals("column 'id' not found: the stub result set has one column, 'value'", label.getMessage());
    }

    @Test
    void resultSet_forwardOnlyAndReadOnly() throws SQLException {
        ResultSet rs = connection.createStatement().executeQuery("select 1");
        rs.next();
        assertEquals(ResultSet.TYPE_FORWARD_ONLY, rs.getType());
        assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
        var previous = assertThrows(SQLException.class, rs::previous);
        assertEquals("24000", previous.getSQLState());
        assertThrows(SQLFeatureNotSupportedException.class, () -> rs.updateInt(1, 2));
        assertThrows(SQLFeatureNotSupportedException.class, () -> rs.getDate(1));
        assertThrows(SQLFeatureNotSupportedException.class, () -> rs.getObject(1, java.util.UUID.class));
    }

    @Test
    void executeUpdate_returnsOne_andSetsUpdateCount() throws SQLException {
        Statement st = connection.createStatement();
        assertEquals(1, st.executeUpdate("update t set x = 1"));
        assertEquals(1, st.getUpdateCount());
        assertNull(st.getResultSet());
        assertEquals(1L, connection.prepareStatement("u").executeLargeUpdate());
        assertEquals(2, server.executions());
    }

    @Test
    void execute_returnsTrue_andExposesResultSet() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("select 1");
        assertTrue(ps.execute());
        ResultSet rs = ps.getResultSet();
        assertTrue(rs.next());
        assertEquals(1, rs.getInt("value"));
        assertEquals(-1, ps.getUpdateCount());
        assertFalse(ps.getMoreResults());
        assertTrue(rs.isClosed(), "getMoreResults closes the current result set");
        assertNull(ps.getResultSet());
    }

    @Test
    void executeBatch_returnsOnePerAddBatch_andCountsOneExecution() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("insert");
        ps.setInt(1, 1);
        ps.addBatch();
        ps.addBatch();
        ps.addBatch();
        assertArrayEquals(new int[] {1, 1, 1}, ps.executeBatch());
        assertArrayEquals(new int[0], ps.executeBatch(), "the batch is emptied by executing it");

        Statement st = connection.createStatement();
        st.addBatch("a");
        st.addBatch("b");
        st.clearBatch();
        st.addBatch("c");
        assertArrayEquals(new long[] {1L}, st.executeLargeBatch());
        assertEquals(3, server.executions());
    }

    @Test
    void reexecute_closesPreviousResultSet() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("select 1");
        ResultSet first = ps.executeQuery();
        ResultSet second = ps.executeQuery();
        assertTrue(first.isClosed());
        assertFalse(second.isClosed());
        var e = assertThrows(SQLException.class, first::next);
        assertEquals("55000", e.getSQLState());
    }

    @Test
    void getConnection_returnsTheStubConnection() throws SQLException {
        StubConnection fromStatement = connection.createStatement().getConnection();
        assertSame(connection, fromStatement);
        assertSame(connection, connection.prepareStatement("x").getConnection());
    }

    @Test
    void preparedStatement_sqlTextMethods_throw42809() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("select 1");
        var e = assertThrows(SQLException.class, () -> ps.executeQuery("select 2"));
        assertEquals("42809", e.getSQLState());
        assertEquals("executeQuery(String) cannot be called on a PreparedStatement: it runs the SQL it was prepared"
                + " with; call the method without the SQL argument", e.getMessage());
        assertThrows(SQLException.class, () -> ps.executeUpdate("x", Statement.RETURN_GENERATED_KEYS));
        assertThrows(SQLException.class, () -> ps.execute("x"));
        assertThrows(SQLException.class, () -> ps.addBatch("x"));
        assertEquals(0, server.executions());
    }

    @Test
    void preparedStatement_parameters_acceptedUnlessIndexBelowOne() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("select ?");
        ps.setInt(1, 5);
        ps.setString(2, "x");
        ps.setObject(3, null);
        ps.clearParameters();
        var e = assertThrows(SQLException.class, () -> ps.setLong(0, 1L));
        assertEquals("invalid parameter index 0: expected 1 or more (JDBC parameters are 1-based)", e.getMessage());
        assertTrue(ps.isPoolable());
        assertEquals("select ?", ((StubPreparedStatement) ps).sql());
    }

    @Test
    void callableStatement_inParametersAccepted_outReadsRefused() throws SQLException {
        CallableStatement cs = connection.prepareCall("{call p(?, ?)}");
        cs.setInt("a", 1);
        cs.registerOutParameter(2, Types.INTEGER);
        assertTrue(cs.execute());
        var e = assertThrows(SQLFeatureNotSupportedException.class, () -> cs.getInt(2));
        assertTrue(e.getMessage().contains("CallableStatement.getInt (the stub has no procedures"), e.getMessage());
        assertEquals(1, server.prepared());
        assertEquals(1, server.executions());
    }

    // ---------------------------------------------------------------- closed objects

    @Test
    void closedStatement_throws55000_andClosesItsResultSet() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("select 1");
        ResultSet rs = ps.executeQuery();
        ps.close();

        assertTrue(ps.isClosed());
        assertTrue(rs.isClosed());
        var e = assertThrows(SQLException.class, ps::executeQuery);
        assertEquals("55000", e.getSQLState());
        assertEquals("StubPreparedStatement of stub connection 1 is closed", e.getMessage());
        assertThrows(SQLException.class, () -> ps.setInt(1, 1));
        assertThrows(SQLException.class, rs::next);
        assertEquals(1, server.executions());
    }

    @Test
    void statementOfClosedConnection_throws08003() throws SQLException {
        Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("select 1");
        connection.close();

        assertTrue(st.isClosed());
        assertTrue(rs.isClosed());
        var e = assertThrows(SQLNonTransientConnectionException.class, () -> st.executeQuery("select 1"));
        assertEquals("08003", e.getSQLState());
        var fromResultSet = assertThrows(SQLException.class, rs::next);
        assertEquals("08003", fromResultSet.getSQLState());
    }

    @Test
    void closedResultSet_throws55000() throws SQLException {
        ResultSet rs = connection.createStatement().executeQuery("select 1");
        rs.close();
        rs.close();
        var e = assertThrows(SQLException.class, () -> rs.getInt(1));
        assertEquals("55000", e.getSQLState());
        assertEquals("result set of stub connection 1 is closed", e.getMessage());
    }

    @Test
    void closeOnCompletion_closesStatementWithItsResultSet() throws SQLException {
        Statement st = connection.createStatement();
        st.closeOnCompletion();
        ResultSet rs = st.executeQuery("select 1");
        assertFalse(st.isClosed());
        rs.close();
        assertTrue(st.isClosed());
        assertEquals(0, connection.openStatements());
    }

    @Test
    void statementProperties_storedAndValidated() throws SQLException {
        Statement st = connection.createStatement();
        st.setFetchSize(50);
        st.setMaxRows(10);
        st.setQueryTimeout(3);
        assertEquals(50, st.getFetchSize());
        assertEquals(10, st.getMaxRows());
        assertEquals(3, st.getQueryTimeout());
        assertNull(st.getWarnings());
        assertFalse(st.isPoolable());
        var e = assertThrows(SQLException.class, () -> st.setQueryTimeout(-1));
        assertEquals("invalid query timeout -1 s: expected 0 (none) or more seconds", e.getMessage());
    }
}
