package org.poolbench.driver;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement of a {@link StubConnection}. Creating it waits the URL's {@code prepareLatency} and is counted
 * by {@link StubServer#prepared()}; executing it behaves as described on {@link StubStatement}. Parameters are
 * accepted and ignored: setters check only that the statement is open and the index is at least 1, so binding costs a
 * few nanoseconds in benchmarks.
 */
public class StubPreparedStatement extends StubStatement implements PreparedStatement {

    private final String sql;

    StubPreparedStatement(StubConnection connection, String sql, int resultSetHoldability) {
        // JDBC: prepared statements are poolable by default.
        super(connection, resultSetHoldability, true);
        this.sql = sql;
    }

    /** @return the SQL text this statement was prepared with */
    public String sql() {
        return sql;
    }

    final void checkParameter(int parameterIndex) throws SQLException {
        checkOpen();
        if (parameterIndex < 1) {
            throw Errors.invalidArgument("parameter index", parameterIndex, "1 or more (JDBC parameters are 1-based)");
        }
    }

    // ---------------------------------------------------------------- execution

    @Override
    public StubResultSet executeQuery() throws SQLException {
        beginExecution();
        return newResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        beginExecution();
        return updated();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        beginExecution();
        return updated();
    }

    /** @return always true: the result is a one-row result set, available from {@link #getResultSet()} */
    @Override
    public boolean execute() throws SQLException {
        beginExecution();
        newResultSet();
        return true;
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batchSize++;
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
    }

    /** @return the metadata of the one-column result every query returns */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return StubResultSetMetaData.INSTANCE;
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        throw Errors.unsupported("PreparedStatement.getParameterMetaData()");
    }

    // JDBC forbids the SQL-text methods on a prepared statement; the other overloads of Statement delegate to these.

    @Override
    public StubResultSet executeQuery(String sql) throws SQLException {
        throw textOnPrepared("executeQuery(String)");
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw textOnPrepared("executeUpdate(String)");
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw textOnPrepared("execute(String)");
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw textOnPrepared("addBatch(String)");
    }

    private SQLException textOnPrepared(String method) throws SQLException {
        checkOpen();
        // 42809 (wrong_object_type) is what pgjdbc reports for the same mistake.
        return new SQLException(method + " cannot be called on a PreparedStatement: it runs the SQL it was prepared"
                + " with; call the method without the SQL argument", "42809");
    }

    /** @return the class, connection id, SQL text and whether it is closed */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[connection " + connection.id() + ", " + sql
                + (isClosed() ? ", closed]" : "]");
    }

    // ---------------------------------------------------------------- parameters: accepted and ignored

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x, int length) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setNString(int parameterIndex, String x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setNClob(int parameterIndex, NClob x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setClob(int parameterIndex, Reader x, long length) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream x, long length) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setNClob(int parameterIndex, Reader x, long length) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setClob(int parameterIndex, Reader x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setNClob(int parameterIndex, Reader x) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        checkParameter(parameterIndex);
    }
}
