package org.poolbench.pool;

import java.sql.*;

/** A borrower's {@link CallableStatement}; see {@link ProxyStatement}. The delegation was generated from the interface. */
final class ProxyCallableStatement extends ProxyPreparedStatement implements CallableStatement {
    private final CallableStatement cs;

    ProxyCallableStatement(ProxyConnection conn, CallableStatement cs) {
        super(conn, cs);
        this.cs = cs;
    }

    // ---------------------------------------------------------------- generated: delegation

    @Override
    public Array getArray(String p1) throws SQLException {
        try {
            return cs.getArray(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Array getArray(int p1) throws SQLException {
        try {
            return cs.getArray(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String p1) throws SQLException {
        try {
            return cs.getBigDecimal(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    @Deprecated
    public java.math.BigDecimal getBigDecimal(int p1, int p2) throws SQLException {
        try {
            return cs.getBigDecimal(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int p1) throws SQLException {
        try {
            return cs.getBigDecimal(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Blob getBlob(String p1) throws SQLException {
        try {
            return cs.getBlob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Blob getBlob(int p1) throws SQLException {
        try {
            return cs.getBlob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getBoolean(String p1) throws SQLException {
        try {
            return cs.getBoolean(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getBoolean(int p1) throws SQLException {
        try {
            return cs.getBoolean(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte getByte(String p1) throws SQLException {
        try {
            return cs.getByte(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte getByte(int p1) throws SQLException {
        try {
            return cs.getByte(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte[] getBytes(String p1) throws SQLException {
        try {
            return cs.getBytes(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte[] getBytes(int p1) throws SQLException {
        try {
            return cs.getBytes(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(String p1) throws SQLException {
        try {
            return cs.getCharacterStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(int p1) throws SQLException {
        try {
            return cs.getCharacterStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Clob getClob(String p1) throws SQLException {
        try {
            return cs.getClob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Clob getClob(int p1) throws SQLException {
        try {
            return cs.getClob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Date getDate(String p1, java.util.Calendar p2) throws SQLException {
        try {
            return cs.getDate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Date getDate(String p1) throws SQLException {
        try {
            return cs.getDate(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Date getDate(int p1, java.util.Calendar p2) throws SQLException {
        try {
            return cs.getDate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Date getDate(int p1) throws SQLException {
        try {
            return cs.getDate(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public double getDouble(String p1) throws SQLException {
        try {
            return cs.getDouble(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public double getDouble(int p1) throws SQLException {
        try {
            return cs.getDouble(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public float getFloat(String p1) throws SQLException {
        try {
            return cs.getFloat(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public float getFloat(int p1) throws SQLException {
        try {
            return cs.getFloat(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getInt(String p1) throws SQLException {
        try {
            return cs.getInt(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getInt(int p1) throws SQLException {
        try {
            return cs.getInt(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getLong(String p1) throws SQLException {
        try {
            return cs.getLong(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getLong(int p1) throws SQLException {
        try {
            return cs.getLong(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(String p1) throws SQLException {
        try {
            return cs.getNCharacterStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(int p1) throws SQLException {
        try {
            return cs.getNCharacterStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public NClob getNClob(String p1) throws SQLException {
        try {
            return cs.getNClob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public NClob getNClob(int p1) throws SQLException {
        try {
            return cs.getNClob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getNString(String p1) throws SQLException {
        try {
            return cs.getNString(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getNString(int p1) throws SQLException {
        try {
            return cs.getNString(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public <T> T getObject(String p1, Class<T> p2) throws SQLException {
        try {
            return cs.getObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(String p1, java.util.Map<String, Class<?>> p2) throws SQLException {
        try {
            return cs.getObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(String p1) throws SQLException {
        try {
            return cs.getObject(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public <T> T getObject(int p1, Class<T> p2) throws SQLException {
        try {
            return cs.getObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(int p1, java.util.Map<String, Class<?>> p2) throws SQLException {
        try {
            return cs.getObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(int p1) throws SQLException {
        try {
            return cs.getObject(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Ref getRef(String p1) throws SQLException {
        try {
            return cs.getRef(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Ref getRef(int p1) throws SQLException {
        try {
            return cs.getRef(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public RowId getRowId(String p1) throws SQLException {
        try {
            return cs.getRowId(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public RowId getRowId(int p1) throws SQLException {
        try {
            return cs.getRowId(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLXML getSQLXML(String p1) throws SQLException {
        try {
            return cs.getSQLXML(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLXML getSQLXML(int p1) throws SQLException {
        try {
            return cs.getSQLXML(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public short getShort(String p1) throws SQLException {
        try {
            return cs.getShort(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public short getShort(int p1) throws SQLException {
        try {
            return cs.getShort(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getString(String p1) throws SQLException {
        try {
            return cs.getString(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getString(int p1) throws SQLException {
        try {
            return cs.getString(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Time getTime(String p1, java.util.Calendar p2) throws SQLException {
        try {
            return cs.getTime(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Time getTime(String p1) throws SQLException {
        try {
            return cs.getTime(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Time getTime(int p1, java.util.Calendar p2) throws SQLException {
        try {
            return cs.getTime(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Time getTime(int p1) throws SQLException {
        try {
            return cs.getTime(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Timestamp getTimestamp(String p1, java.util.Calendar p2) throws SQLException {
        try {
            return cs.getTimestamp(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Timestamp getTimestamp(String p1) throws SQLException {
        try {
            return cs.getTimestamp(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Timestamp getTimestamp(int p1, java.util.Calendar p2) throws SQLException {
        try {
            return cs.getTimestamp(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Timestamp getTimestamp(int p1) throws SQLException {
        try {
            return cs.getTimestamp(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.net.URL getURL(String p1) throws SQLException {
        try {
            return cs.getURL(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.net.URL getURL(int p1) throws SQLException {
        try {
            return cs.getURL(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String p1, int p2, String p3) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String p1, int p2, int p3) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String p1, int p2) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String p1, SQLType p2, String p3) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String p1, SQLType p2, int p3) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String p1, SQLType p2) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(int p1, int p2, String p3) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(int p1, int p2, int p3) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(int p1, int p2) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(int p1, SQLType p2, String p3) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(int p1, SQLType p2, int p3) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(int p1, SQLType p2) throws SQLException {
        try {
            cs.registerOutParameter(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setAsciiStream(String p1, java.io.InputStream p2, int p3) throws SQLException {
        try {
            cs.setAsciiStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setAsciiStream(String p1, java.io.InputStream p2, long p3) throws SQLException {
        try {
            cs.setAsciiStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setAsciiStream(String p1, java.io.InputStream p2) throws SQLException {
        try {
            cs.setAsciiStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBigDecimal(String p1, java.math.BigDecimal p2) throws SQLException {
        try {
            cs.setBigDecimal(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBinaryStream(String p1, java.io.InputStream p2, int p3) throws SQLException {
        try {
            cs.setBinaryStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBinaryStream(String p1, java.io.InputStream p2, long p3) throws SQLException {
        try {
            cs.setBinaryStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBinaryStream(String p1, java.io.InputStream p2) throws SQLException {
        try {
            cs.setBinaryStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBlob(String p1, java.io.InputStream p2, long p3) throws SQLException {
        try {
            cs.setBlob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBlob(String p1, java.io.InputStream p2) throws SQLException {
        try {
            cs.setBlob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBlob(String p1, Blob p2) throws SQLException {
        try {
            cs.setBlob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBoolean(String p1, boolean p2) throws SQLException {
        try {
            cs.setBoolean(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setByte(String p1, byte p2) throws SQLException {
        try {
            cs.setByte(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBytes(String p1, byte[] p2) throws SQLException {
        try {
            cs.setBytes(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCharacterStream(String p1, java.io.Reader p2, int p3) throws SQLException {
        try {
            cs.setCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCharacterStream(String p1, java.io.Reader p2, long p3) throws SQLException {
        try {
            cs.setCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCharacterStream(String p1, java.io.Reader p2) throws SQLException {
        try {
            cs.setCharacterStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClob(String p1, java.io.Reader p2, long p3) throws SQLException {
        try {
            cs.setClob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClob(String p1, java.io.Reader p2) throws SQLException {
        try {
            cs.setClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClob(String p1, Clob p2) throws SQLException {
        try {
            cs.setClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setDate(String p1, Date p2, java.util.Calendar p3) throws SQLException {
        try {
            cs.setDate(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setDate(String p1, Date p2) throws SQLException {
        try {
            cs.setDate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setDouble(String p1, double p2) throws SQLException {
        try {
            cs.setDouble(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setFloat(String p1, float p2) throws SQLException {
        try {
            cs.setFloat(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setInt(String p1, int p2) throws SQLException {
        try {
            cs.setInt(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setLong(String p1, long p2) throws SQLException {
        try {
            cs.setLong(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNCharacterStream(String p1, java.io.Reader p2, long p3) throws SQLException {
        try {
            cs.setNCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNCharacterStream(String p1, java.io.Reader p2) throws SQLException {
        try {
            cs.setNCharacterStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNClob(String p1, java.io.Reader p2, long p3) throws SQLException {
        try {
            cs.setNClob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNClob(String p1, java.io.Reader p2) throws SQLException {
        try {
            cs.setNClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNClob(String p1, NClob p2) throws SQLException {
        try {
            cs.setNClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNString(String p1, String p2) throws SQLException {
        try {
            cs.setNString(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNull(String p1, int p2, String p3) throws SQLException {
        try {
            cs.setNull(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNull(String p1, int p2) throws SQLException {
        try {
            cs.setNull(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(String p1, Object p2, int p3, int p4) throws SQLException {
        try {
            cs.setObject(p1, p2, p3, p4);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(String p1, Object p2, int p3) throws SQLException {
        try {
            cs.setObject(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(String p1, Object p2, SQLType p3, int p4) throws SQLException {
        try {
            cs.setObject(p1, p2, p3, p4);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(String p1, Object p2, SQLType p3) throws SQLException {
        try {
            cs.setObject(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(String p1, Object p2) throws SQLException {
        try {
            cs.setObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setRowId(String p1, RowId p2) throws SQLException {
        try {
            cs.setRowId(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setSQLXML(String p1, SQLXML p2) throws SQLException {
        try {
            cs.setSQLXML(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setShort(String p1, short p2) throws SQLException {
        try {
            cs.setShort(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setString(String p1, String p2) throws SQLException {
        try {
            cs.setString(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTime(String p1, Time p2, java.util.Calendar p3) throws SQLException {
        try {
            cs.setTime(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTime(String p1, Time p2) throws SQLException {
        try {
            cs.setTime(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTimestamp(String p1, Timestamp p2, java.util.Calendar p3) throws SQLException {
        try {
            cs.setTimestamp(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTimestamp(String p1, Timestamp p2) throws SQLException {
        try {
            cs.setTimestamp(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setURL(String p1, java.net.URL p2) throws SQLException {
        try {
            cs.setURL(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean wasNull() throws SQLException {
        try {
            return cs.wasNull();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

}
