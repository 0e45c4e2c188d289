package org.poolbench.pool;

import java.sql.*;

/** A borrower's {@link PreparedStatement}; see {@link ProxyStatement}. The delegation was generated from the interface. */
class ProxyPreparedStatement extends ProxyStatement implements PreparedStatement {
    private final PreparedStatement ps;

    ProxyPreparedStatement(ProxyConnection conn, PreparedStatement ps) {
        super(conn, ps);
        this.ps = ps;
    }

    @Override
    public final ResultSet executeQuery() throws SQLException {
        markExecuted();
        try {
            return wrap(ps.executeQuery());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---------------------------------------------------------------- generated: executions

    @Override
    public boolean execute() throws SQLException {
        markExecuted();
        try {
            return ps.execute();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        markExecuted();
        try {
            return ps.executeLargeUpdate();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        markExecuted();
        try {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---------------------------------------------------------------- generated: delegation

    @Override
    public void addBatch() throws SQLException {
        try {
            ps.addBatch();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        try {
            ps.clearParameters();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        try {
            return ps.getMetaData();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        try {
            return ps.getParameterMetaData();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setArray(int p1, Array p2) throws SQLException {
        try {
            ps.setArray(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setAsciiStream(int p1, java.io.InputStream p2, int p3) throws SQLException {
        try {
            ps.setAsciiStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setAsciiStream(int p1, java.io.InputStream p2, long p3) throws SQLException {
        try {
            ps.setAsciiStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setAsciiStream(int p1, java.io.InputStream p2) throws SQLException {
        try {
            ps.setAsciiStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBigDecimal(int p1, java.math.BigDecimal p2) throws SQLException {
        try {
            ps.setBigDecimal(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBinaryStream(int p1, java.io.InputStream p2, int p3) throws SQLException {
        try {
            ps.setBinaryStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBinaryStream(int p1, java.io.InputStream p2, long p3) throws SQLException {
        try {
            ps.setBinaryStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBinaryStream(int p1, java.io.InputStream p2) throws SQLException {
        try {
            ps.setBinaryStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBlob(int p1, java.io.InputStream p2, long p3) throws SQLException {
        try {
            ps.setBlob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBlob(int p1, java.io.InputStream p2) throws SQLException {
        try {
            ps.setBlob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBlob(int p1, Blob p2) throws SQLException {
        try {
            ps.setBlob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBoolean(int p1, boolean p2) throws SQLException {
        try {
            ps.setBoolean(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setByte(int p1, byte p2) throws SQLException {
        try {
            ps.setByte(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBytes(int p1, byte[] p2) throws SQLException {
        try {
            ps.setBytes(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCharacterStream(int p1, java.io.Reader p2, int p3) throws SQLException {
        try {
            ps.setCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCharacterStream(int p1, java.io.Reader p2, long p3) throws SQLException {
        try {
            ps.setCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCharacterStream(int p1, java.io.Reader p2) throws SQLException {
        try {
            ps.setCharacterStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClob(int p1, java.io.Reader p2, long p3) throws SQLException {
        try {
            ps.setClob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClob(int p1, java.io.Reader p2) throws SQLException {
        try {
            ps.setClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClob(int p1, Clob p2) throws SQLException {
        try {
            ps.setClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setDate(int p1, Date p2, java.util.Calendar p3) throws SQLException {
        try {
            ps.setDate(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setDate(int p1, Date p2) throws SQLException {
        try {
            ps.setDate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setDouble(int p1, double p2) throws SQLException {
        try {
            ps.setDouble(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setFloat(int p1, float p2) throws SQLException {
        try {
            ps.setFloat(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setInt(int p1, int p2) throws SQLException {
        try {
            ps.setInt(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setLong(int p1, long p2) throws SQLException {
        try {
            ps.setLong(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNCharacterStream(int p1, java.io.Reader p2, long p3) throws SQLException {
        try {
            ps.setNCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNCharacterStream(int p1, java.io.Reader p2) throws SQLException {
        try {
            ps.setNCharacterStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNClob(int p1, java.io.Reader p2, long p3) throws SQLException {
        try {
            ps.setNClob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNClob(int p1, java.io.Reader p2) throws SQLException {
        try {
            ps.setNClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNClob(int p1, NClob p2) throws SQLException {
        try {
            ps.setNClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNString(int p1, String p2) throws SQLException {
        try {
            ps.setNString(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNull(int p1, int p2, String p3) throws SQLException {
        try {
            ps.setNull(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNull(int p1, int p2) throws SQLException {
        try {
            ps.setNull(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(int p1, Object p2, int p3, int p4) throws SQLException {
        try {
            ps.setObject(p1, p2, p3, p4);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(int p1, Object p2, int p3) throws SQLException {
        try {
            ps.setObject(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(int p1, Object p2, SQLType p3, int p4) throws SQLException {
        try {
            ps.setObject(p1, p2, p3, p4);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(int p1, Object p2, SQLType p3) throws SQLException {
        try {
            ps.setObject(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(int p1, Object p2) throws SQLException {
        try {
            ps.setObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setRef(int p1, Ref p2) throws SQLException {
        try {
            ps.setRef(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setRowId(int p1, RowId p2) throws SQLException {
        try {
            ps.setRowId(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setSQLXML(int p1, SQLXML p2) throws SQLException {
        try {
            ps.setSQLXML(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setShort(int p1, short p2) throws SQLException {
        try {
            ps.setShort(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setString(int p1, String p2) throws SQLException {
        try {
            ps.setString(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTime(int p1, Time p2, java.util.Calendar p3) throws SQLException {
        try {
            ps.setTime(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTime(int p1, Time p2) throws SQLException {
        try {
            ps.setTime(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTimestamp(int p1, Timestamp p2, java.util.Calendar p3) throws SQLException {
        try {
            ps.setTimestamp(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTimestamp(int p1, Timestamp p2) throws SQLException {
        try {
            ps.setTimestamp(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setURL(int p1, java.net.URL p2) throws SQLException {
        try {
            ps.setURL(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int p1, java.io.InputStream p2, int p3) throws SQLException {
        try {
            ps.setUnicodeStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

}
