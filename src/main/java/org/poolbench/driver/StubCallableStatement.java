package org.poolbench.driver;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A callable statement of a {@link StubConnection}: a {@link StubPreparedStatement} that also accepts named
 * parameters and OUT-parameter registrations, and ignores them. The stub has no procedures, so reading an OUT
 * parameter throws {@link SQLFeatureNotSupportedException}; executing behaves as on {@link StubStatement}.
 */
public final class StubCallableStatement extends StubPreparedStatement implements CallableStatement {

    StubCallableStatement(StubConnection connection, String sql, int resultSetHoldability) {
        super(connection, sql, resultSetHoldability);
    }

    private void checkParameter(String parameterName) throws SQLException {
        checkOpen();
        if (parameterName == null || parameterName.isEmpty()) {
            throw Errors.invalidArgument("parameter name", parameterName == null ? null : "''", "a non-empty name");
        }
    }

    private SQLException noOutParameters(String method) throws SQLException {
        checkOpen();
        return Errors.unsupported("CallableStatement." + method
                + " (the stub has no procedures, so no OUT parameters)");
    }

    /** @return false: no OUT parameter is ever read */
    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return false;
    }

    // ---------------------------------------------------------------- parameters: IN accepted, OUT reads refused

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public String getString(int parameterIndex) throws SQLException {
        throw noOutParameters("getString");
    }

    @Override
    public boolean getBoolean(int parameterIndex) throws SQLException {
        throw noOutParameters("getBoolean");
    }

    @Override
    public byte getByte(int parameterIndex) throws SQLException {
        throw noOutParameters("getByte");
    }

    @Override
    public short getShort(int parameterIndex) throws SQLException {
        throw noOutParameters("getShort");
    }

    @Override
    public int getInt(int parameterIndex) throws SQLException {
        throw noOutParameters("getInt");
    }

    @Override
    public long getLong(int parameterIndex) throws SQLException {
        throw noOutParameters("getLong");
    }

    @Override
    public float getFloat(int parameterIndex) throws SQLException {
        throw noOutParameters("getFloat");
    }

    @Override
    public double getDouble(int parameterIndex) throws SQLException {
        throw noOutParameters("getDouble");
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
        throw noOutParameters("getBigDecimal");
    }

    @Override
    public byte[] getBytes(int parameterIndex) throws SQLException {
        throw noOutParameters("getBytes");
    }

    @Override
    public Date getDate(int parameterIndex) throws SQLException {
        throw noOutParameters("getDate");
    }

    @Override
    public Time getTime(int parameterIndex) throws SQLException {
        throw noOutParameters("getTime");
    }

    @Override
    public Timestamp getTimestamp(int parameterIndex) throws SQLException {
        throw noOutParameters("getTimestamp");
    }

    @Override
    public Object getObject(int parameterIndex) throws SQLException {
        throw noOutParameters("getObject");
    }

    @Override
    public BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
        throw noOutParameters("getBigDecimal");
    }

    @Override
    public Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
        throw noOutParameters("getObject");
    }

    @Override
    public Ref getRef(int parameterIndex) throws SQLException {
        throw noOutParameters("getRef");
    }

    @Override
    public Blob getBlob(int parameterIndex) throws SQLException {
        throw noOutParameters("getBlob");
    }

    @Override
    public Clob getClob(int parameterIndex) throws SQLException {
        throw noOutParameters("getClob");
    }

    @Override
    public Array getArray(int parameterIndex) throws SQLException {
        throw noOutParameters("getArray");
    }

    @Override
    public Date getDate(int parameterIndex, Calendar cal) throws SQLException {
        throw noOutParameters("getDate");
    }

    @Override
    public Time getTime(int parameterIndex, Calendar cal) throws SQLException {
        throw noOutParameters("getTime");
    }

    @Override
    public Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
        throw noOutParameters("getTimestamp");
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, int scale) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public URL getURL(int parameterIndex) throws SQLException {
        throw noOutParameters("getURL");
    }

    @Override
    public void setURL(String parameterName, URL x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setNull(String parameterName, int sqlType) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setBoolean(String parameterName, boolean x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setByte(String parameterName, byte x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setShort(String parameterName, short x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setInt(String parameterName, int x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setLong(String parameterName, long x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setFloat(String parameterName, float x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setDouble(String parameterName, double x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setString(String parameterName, String x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setBytes(String parameterName, byte[] x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setDate(String parameterName, Date x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setTime(String parameterName, Time x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setTimestamp(String parameterName, Timestamp x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x, int length) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x, int length) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setObject(String parameterName, Object x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setCharacterStream(String parameterName, Reader x, int length) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setDate(String parameterName, Date x, Calendar cal) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setTime(String parameterName, Time x, Calendar cal) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setTimestamp(String parameterName, Timestamp x, Calendar cal) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public String getString(String parameterName) throws SQLException {
        throw noOutParameters("getString");
    }

    @Override
    public boolean getBoolean(String parameterName) throws SQLException {
        throw noOutParameters("getBoolean");
    }

    @Override
    public byte getByte(String parameterName) throws SQLException {
        throw noOutParameters("getByte");
    }

    @Override
    public short getShort(String parameterName) throws SQLException {
        throw noOutParameters("getShort");
    }

    @Override
    public int getInt(String parameterName) throws SQLException {
        throw noOutParameters("getInt");
    }

    @Override
    public long getLong(String parameterName) throws SQLException {
        throw noOutParameters("getLong");
    }

    @Override
    public float getFloat(String parameterName) throws SQLException {
        throw noOutParameters("getFloat");
    }

    @Override
    public double getDouble(String parameterName) throws SQLException {
        throw noOutParameters("getDouble");
    }

    @Override
    public byte[] getBytes(String parameterName) throws SQLException {
        throw noOutParameters("getBytes");
    }

    @Override
    public Date getDate(String parameterName) throws SQLException {
        throw noOutParameters("getDate");
    }

    @Override
    public Time getTime(String parameterName) throws SQLException {
        throw noOutParameters("getTime");
    }

    @Override
    public Timestamp getTimestamp(String parameterName) throws SQLException {
        throw noOutParameters("getTimestamp");
    }

    @Override
    public Object getObject(String parameterName) throws SQLException {
        throw noOutParameters("getObject");
    }

    @Override
    public BigDecimal getBigDecimal(String parameterName) throws SQLException {
        throw noOutParameters("getBigDecimal");
    }

    @Override
    public Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
        throw noOutParameters("getObject");
    }

    @Override
    public Ref getRef(String parameterName) throws SQLException {
        throw noOutParameters("getRef");
    }

    @Override
    public Blob getBlob(String parameterName) throws SQLException {
        throw noOutParameters("getBlob");
    }

    @Override
    public Clob getClob(String parameterName) throws SQLException {
        throw noOutParameters("getClob");
    }

    @Override
    public Array getArray(String parameterName) throws SQLException {
        throw noOutParameters("getArray");
    }

    @Override
    public Date getDate(String parameterName, Calendar cal) throws SQLException {
        throw noOutParameters("getDate");
    }

    @Override
    public Time getTime(String parameterName, Calendar cal) throws SQLException {
        throw noOutParameters("getTime");
    }

    @Override
    public Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
        throw noOutParameters("getTimestamp");
    }

    @Override
    public URL getURL(String parameterName) throws SQLException {
        throw noOutParameters("getURL");
    }

    @Override
    public RowId getRowId(int parameterIndex) throws SQLException {
        throw noOutParameters("getRowId");
    }

    @Override
    public RowId getRowId(String parameterName) throws SQLException {
        throw noOutParameters("getRowId");
    }

    @Override
    public void setRowId(String parameterName, RowId x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setNString(String parameterName, String x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader x, long length) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setNClob(String parameterName, NClob x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setClob(String parameterName, Reader x, long length) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setBlob(String parameterName, InputStream x, long length) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setNClob(String parameterName, Reader x, long length) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public NClob getNClob(int parameterIndex) throws SQLException {
        throw noOutParameters("getNClob");
    }

    @Override
    public NClob getNClob(String parameterName) throws SQLException {
        throw noOutParameters("getNClob");
    }

    @Override
    public void setSQLXML(String parameterName, SQLXML x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public SQLXML getSQLXML(int parameterIndex) throws SQLException {
        throw noOutParameters("getSQLXML");
    }

    @Override
    public SQLXML getSQLXML(String parameterName) throws SQLException {
        throw noOutParameters("getSQLXML");
    }

    @Override
    public String getNString(int parameterIndex) throws SQLException {
        throw noOutParameters("getNString");
    }

    @Override
    public String getNString(String parameterName) throws SQLException {
        throw noOutParameters("getNString");
    }

    @Override
    public Reader getNCharacterStream(int parameterIndex) throws SQLException {
        throw noOutParameters("getNCharacterStream");
    }

    @Override
    public Reader getNCharacterStream(String parameterName) throws SQLException {
        throw noOutParameters("getNCharacterStream");
    }

    @Override
    public Reader getCharacterStream(int parameterIndex) throws SQLException {
        throw noOutParameters("getCharacterStream");
    }

    @Override
    public Reader getCharacterStream(String parameterName) throws SQLException {
        throw noOutParameters("getCharacterStream");
    }

    @Override
    public void setBlob(String parameterName, Blob x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setClob(String parameterName, Clob x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x, long length) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x, long length) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setCharacterStream(String parameterName, Reader x, long length) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setCharacterStream(String parameterName, Reader x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setClob(String parameterName, Reader x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setBlob(String parameterName, InputStream x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setNClob(String parameterName, Reader x) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
        throw noOutParameters("getObject");
    }

    @Override
    public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
        throw noOutParameters("getObject");
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName) throws SQLException {
        checkParameter(parameterIndex);
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, int scale) throws SQLException {
        checkParameter(parameterName);
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, String typeName) throws SQLException {
        checkParameter(parameterName);
    }
}
