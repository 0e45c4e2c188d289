package org.poolbench.pool;

import java.sql.*;

/**
 * A {@link ResultSet} whose {@code getStatement()} leads back to the borrower's statement wrapper (or to nothing,
 * for metadata result sets) rather than to the physical statement and from there to the physical connection,
 * which a borrower could otherwise keep past {@code close()}. Every method but {@code close()} and
 * {@code isClosed()} first checks that the connection has not been returned: a result set does not outlive its
 * connection (JDBC closes it with the connection), and metadata result sets are not tracked otherwise. The
 * delegation was generated from the interface.
 */
final class ProxyResultSet implements ResultSet {
    private final ProxyConnection conn;
    private final Statement statement;
    private final ResultSet delegate;

    ProxyResultSet(ProxyConnection conn, Statement statement, ResultSet delegate) {
        this.conn = conn;
        this.statement = statement;
        this.delegate = delegate;
    }

    private SQLException fail(SQLException e) {
        return conn.fail(e);
    }

    @Override
    public Statement getStatement() throws SQLException {
        conn.checkOpen();
        return statement;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        try {
            return delegate.unwrap(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this) || iface.isInstance(delegate)) {
            return true;
        }
        try {
            return delegate.isWrapperFor(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---------------------------------------------------------------- generated: delegation

    @Override
    public boolean absolute(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.absolute(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void afterLast() throws SQLException {
        conn.checkOpen();
        try {
            delegate.afterLast();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void beforeFirst() throws SQLException {
        conn.checkOpen();
        try {
            delegate.beforeFirst();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        conn.checkOpen();
        try {
            delegate.cancelRowUpdates();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        conn.checkOpen();
        try {
            delegate.clearWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            delegate.close();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void deleteRow() throws SQLException {
        conn.checkOpen();
        try {
            delegate.deleteRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int findColumn(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.findColumn(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean first() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.first();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Array getArray(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getArray(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Array getArray(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getArray(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.InputStream getAsciiStream(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getAsciiStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.InputStream getAsciiStream(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getAsciiStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    @Deprecated
    public java.math.BigDecimal getBigDecimal(String p1, int p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBigDecimal(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBigDecimal(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    @Deprecated
    public java.math.BigDecimal getBigDecimal(int p1, int p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBigDecimal(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBigDecimal(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.InputStream getBinaryStream(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBinaryStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.InputStream getBinaryStream(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBinaryStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Blob getBlob(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBlob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Blob getBlob(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBlob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getBoolean(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBoolean(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getBoolean(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBoolean(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte getByte(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getByte(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte getByte(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getByte(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte[] getBytes(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBytes(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte[] getBytes(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getBytes(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getCharacterStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getCharacterStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Clob getClob(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getClob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Clob getClob(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getClob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getConcurrency() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getConcurrency();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getCursorName() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getCursorName();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Date getDate(String p1, java.util.Calendar p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Date getDate(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDate(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Date getDate(int p1, java.util.Calendar p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Date getDate(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDate(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public double getDouble(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDouble(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public double getDouble(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDouble(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getFetchDirection();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getFetchSize();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public float getFloat(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getFloat(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public float getFloat(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getFloat(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getHoldability();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getInt(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getInt(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getInt(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getInt(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getLong(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getLong(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getLong(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getLong(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMetaData();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getNCharacterStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getNCharacterStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public NClob getNClob(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getNClob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public NClob getNClob(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getNClob(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getNString(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getNString(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getNString(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getNString(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public <T> T getObject(String p1, Class<T> p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(String p1, java.util.Map<String, Class<?>> p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getObject(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public <T> T getObject(int p1, Class<T> p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(int p1, java.util.Map<String, Class<?>> p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getObject(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Ref getRef(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getRef(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Ref getRef(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getRef(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getRow() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public RowId getRowId(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getRowId(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public RowId getRowId(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getRowId(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLXML getSQLXML(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getSQLXML(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLXML getSQLXML(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getSQLXML(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public short getShort(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getShort(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public short getShort(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getShort(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getString(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getString(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getString(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getString(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Time getTime(String p1, java.util.Calendar p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getTime(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Time getTime(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getTime(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Time getTime(int p1, java.util.Calendar p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getTime(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Time getTime(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getTime(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Timestamp getTimestamp(String p1, java.util.Calendar p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getTimestamp(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Timestamp getTimestamp(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getTimestamp(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Timestamp getTimestamp(int p1, java.util.Calendar p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getTimestamp(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Timestamp getTimestamp(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getTimestamp(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getType() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getType();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.net.URL getURL(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getURL(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.net.URL getURL(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getURL(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    @Deprecated
    public java.io.InputStream getUnicodeStream(String p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getUnicodeStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    @Deprecated
    public java.io.InputStream getUnicodeStream(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getUnicodeStream(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void insertRow() throws SQLException {
        conn.checkOpen();
        try {
            delegate.insertRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.isAfterLast();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.isBeforeFirst();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isFirst() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.isFirst();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isLast() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.isLast();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean last() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.last();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        conn.checkOpen();
        try {
            delegate.moveToCurrentRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        conn.checkOpen();
        try {
            delegate.moveToInsertRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean next() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.next();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean previous() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.previous();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void refreshRow() throws SQLException {
        conn.checkOpen();
        try {
            delegate.refreshRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean relative(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.relative(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.rowDeleted();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean rowInserted() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.rowInserted();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.rowUpdated();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setFetchDirection(int p1) throws SQLException {
        conn.checkOpen();
        try {
            delegate.setFetchDirection(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setFetchSize(int p1) throws SQLException {
        conn.checkOpen();
        try {
            delegate.setFetchSize(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateArray(String p1, Array p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateArray(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateArray(int p1, Array p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateArray(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateAsciiStream(String p1, java.io.InputStream p2, int p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateAsciiStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateAsciiStream(String p1, java.io.InputStream p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateAsciiStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateAsciiStream(String p1, java.io.InputStream p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateAsciiStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateAsciiStream(int p1, java.io.InputStream p2, int p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateAsciiStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateAsciiStream(int p1, java.io.InputStream p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateAsciiStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateAsciiStream(int p1, java.io.InputStream p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateAsciiStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBigDecimal(String p1, java.math.BigDecimal p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBigDecimal(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBigDecimal(int p1, java.math.BigDecimal p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBigDecimal(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBinaryStream(String p1, java.io.InputStream p2, int p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBinaryStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBinaryStream(String p1, java.io.InputStream p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBinaryStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBinaryStream(String p1, java.io.InputStream p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBinaryStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBinaryStream(int p1, java.io.InputStream p2, int p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBinaryStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBinaryStream(int p1, java.io.InputStream p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBinaryStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBinaryStream(int p1, java.io.InputStream p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBinaryStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBlob(String p1, java.io.InputStream p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBlob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBlob(String p1, java.io.InputStream p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBlob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBlob(String p1, Blob p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBlob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBlob(int p1, java.io.InputStream p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBlob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBlob(int p1, java.io.InputStream p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBlob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBlob(int p1, Blob p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBlob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBoolean(String p1, boolean p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBoolean(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBoolean(int p1, boolean p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBoolean(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateByte(String p1, byte p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateByte(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateByte(int p1, byte p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateByte(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBytes(String p1, byte[] p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBytes(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBytes(int p1, byte[] p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateBytes(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateCharacterStream(String p1, java.io.Reader p2, int p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateCharacterStream(String p1, java.io.Reader p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateCharacterStream(String p1, java.io.Reader p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateCharacterStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateCharacterStream(int p1, java.io.Reader p2, int p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateCharacterStream(int p1, java.io.Reader p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateCharacterStream(int p1, java.io.Reader p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateCharacterStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateClob(String p1, java.io.Reader p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateClob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateClob(String p1, java.io.Reader p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateClob(String p1, Clob p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateClob(int p1, java.io.Reader p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateClob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateClob(int p1, java.io.Reader p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateClob(int p1, Clob p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateDate(String p1, Date p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateDate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateDate(int p1, Date p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateDate(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateDouble(String p1, double p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateDouble(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateDouble(int p1, double p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateDouble(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateFloat(String p1, float p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateFloat(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateFloat(int p1, float p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateFloat(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateInt(String p1, int p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateInt(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateInt(int p1, int p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateInt(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateLong(String p1, long p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateLong(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateLong(int p1, long p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateLong(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNCharacterStream(String p1, java.io.Reader p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNCharacterStream(String p1, java.io.Reader p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNCharacterStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNCharacterStream(int p1, java.io.Reader p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNCharacterStream(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNCharacterStream(int p1, java.io.Reader p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNCharacterStream(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNClob(String p1, java.io.Reader p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNClob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNClob(String p1, java.io.Reader p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNClob(String p1, NClob p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNClob(int p1, java.io.Reader p2, long p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNClob(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNClob(int p1, java.io.Reader p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNClob(int p1, NClob p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNClob(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNString(String p1, String p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNString(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNString(int p1, String p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNString(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNull(String p1) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNull(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNull(int p1) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateNull(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(String p1, Object p2, int p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateObject(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(String p1, Object p2, SQLType p3, int p4) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateObject(p1, p2, p3, p4);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(String p1, Object p2, SQLType p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateObject(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(String p1, Object p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(int p1, Object p2, int p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateObject(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(int p1, Object p2, SQLType p3, int p4) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateObject(p1, p2, p3, p4);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(int p1, Object p2, SQLType p3) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateObject(p1, p2, p3);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(int p1, Object p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateObject(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateRef(String p1, Ref p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateRef(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateRef(int p1, Ref p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateRef(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateRow() throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateRowId(String p1, RowId p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateRowId(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateRowId(int p1, RowId p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateRowId(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateSQLXML(String p1, SQLXML p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateSQLXML(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateSQLXML(int p1, SQLXML p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateSQLXML(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateShort(String p1, short p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateShort(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateShort(int p1, short p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateShort(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateString(String p1, String p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateString(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateString(int p1, String p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateString(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateTime(String p1, Time p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateTime(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateTime(int p1, Time p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateTime(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateTimestamp(String p1, Timestamp p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateTimestamp(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateTimestamp(int p1, Timestamp p2) throws SQLException {
        conn.checkOpen();
        try {
            delegate.updateTimestamp(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean wasNull() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.wasNull();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

}
