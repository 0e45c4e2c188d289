package org.poolbench.driver;

import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The result of every stub query: forward-only, read-only, one row with one column, {@code value}, holding the
 * integer 1. Read it by index 1 or by label {@code value} (case-insensitive) with {@code getInt}, {@code getLong},
 * {@code getShort}, {@code getByte}, {@code getDouble}, {@code getFloat}, {@code getBigDecimal}, {@code getObject}
 * (an {@link Integer}), {@code getString} ({@code "1"}) or {@code getBoolean} (true). Other getters and every updater
 * throw {@link SQLFeatureNotSupportedException}.
 *
 * <p>Reading is client-side: it does not touch the connection, so it works on a broken connection, but not after the
 * result set, its statement or its connection was closed (SQLState {@code 55000}, or {@code 08003} for a closed
 * connection). Reading before {@code next()} or after it returned false throws SQLState {@code 24000}.
 */
public final class StubResultSet implements ResultSet {

    /** The column's value, boxed once so {@code getObject} allocates nothing. */
    private static final Integer VALUE = 1;
    private static final String LABEL = "value";

    private static final int BEFORE_FIRST = 0;
    private static final int ON_ROW = 1;
    private static final int AFTER_LAST = 2;

    private final StubStatement statement;
    private final int holdability;
    private volatile boolean closed;
    private int position = BEFORE_FIRST;
    private int fetchSize;

    StubResultSet(StubStatement statement, int holdability) {
        this.statement = statement;
        this.holdability = holdability;
    }

    // ---------------------------------------------------------------- state checks

    private void checkOpen() throws SQLException {
        if (closed || statement.isClosed()) {
            StubConnection connection = statement.connection;
            if (connection.closedFlag()) {
                throw connection.closedException();
            }
            throw new SQLException("result set of stub connection " + connection.id() + " is closed"
                    + (closed ? "" : " (its statement was closed)"), "55000");
        }
    }

    /** Checks that the result set is open, on its row, and that the index names its only column. */
    private void checkColumn(int columnIndex) throws SQLException {
        checkOpen();
        if (position != ON_ROW) {
            throw new SQLException(position == BEFORE_FIRST
                    ? "the result set is before its row: call next() first"
                    : "the result set is after its row: next() has returned false", "24000");
        }
        if (columnIndex != 1) {
            throw new SQLException("column index " + columnIndex + " is out of range: the stub result set has one"
                    + " column, index 1, label 'value'", "07009");
        }
    }

    private SQLException cannotRead(String method, int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return Errors.unsupported("ResultSet." + method + " (column 'value' is an INTEGER: read it with getInt,"
                + " getLong, getString, getBoolean, getBigDecimal or getObject)");
    }

    private SQLException readOnly(String method) throws SQLException {
        checkOpen();
        return new SQLFeatureNotSupportedException("ResultSet." + method + " is not supported: the stub result set is"
                + " CONCUR_READ_ONLY", "0A000");
    }

    private SQLException forwardOnly(String method) throws SQLException {
        checkOpen();
        return new SQLException("ResultSet." + method + " needs a scrollable result set; the stub result set is"
                + " TYPE_FORWARD_ONLY: use next()", "24000");
    }

    /** The statement closes its previous result set on re-execution or close; no closeOnCompletion callback then. */
    void closedByStatement() {
        closed = true;
    }

    // ---------------------------------------------------------------- cursor

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (position == BEFORE_FIRST) {
            position = ON_ROW;
            return true;
        }
        position = AFTER_LAST;
        return false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            statement.resultSetClosed(this);
        }
    }

    /** @return true if this result set, its statement or its connection has been closed */
    @Override
    public boolean isClosed() {
        return closed || statement.isClosed();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return position == BEFORE_FIRST;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return position == AFTER_LAST;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return position == ON_ROW;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return position == ON_ROW;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return position == ON_ROW ? 1 : 0;
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw forwardOnly("beforeFirst()");
    }

    @Override
    public void afterLast() throws SQLException {
        throw forwardOnly("afterLast()");
    }

    @Override
    public boolean first() throws SQLException {
        throw forwardOnly("first()");
    }

    @Override
    public boolean last() throws SQLException {
        throw forwardOnly("last()");
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        throw forwardOnly("absolute(int)");
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        throw forwardOnly("relative(int)");
    }

    @Override
    public boolean previous() throws SQLException {
        throw forwardOnly("previous()");
    }

    // ---------------------------------------------------------------- reading the value

    /** @return false: the value is never SQL NULL */
    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return false;
    }

    /** @return 1 for the label {@code value} (case-insensitive) */
    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        if (LABEL.equalsIgnoreCase(columnLabel)) {
            return 1;
        }
        // 42703 is PostgreSQL's undefined_column.
        throw new SQLException("column '" + columnLabel + "' not found: the stub result set has one column, 'value'",
                "42703");
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return 1;
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return 1L;
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return 1;
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return 1;
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return true;
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return 1f;
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return 1d;
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return BigDecimal.ONE;
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        checkColumn(columnIndex);
        return BigDecimal.ONE.setScale(scale);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return "1";
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return new StringReader("1");
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    /** @return the {@link Integer} 1 */
    @Override
    public Object getObject(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return VALUE;
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    /** The type map is ignored: the column is an INTEGER, not a user-defined type. */
    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        return getObject(columnIndex);
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    /**
     * Converts the value 1 to {@code Integer}, {@code Long}, {@code Short}, {@code Byte}, {@code Double},
     * {@code Float}, {@code BigDecimal}, {@code BigInteger}, {@code String}, {@code Boolean}, {@code Number} or
     * {@code Object}.
     */
    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        checkColumn(columnIndex);
        Object value;
        if (type == Integer.class || type == Number.class || type == Object.class) {
            value = VALUE;
        } else if (type == Long.class) {
            value = 1L;
        } else if (type == Short.class) {
            value = (short) 1;
        } else if (type == Byte.class) {
            value = (byte) 1;
        } else if (type == Double.class) {
            value = 1d;
        } else if (type == Float.class) {
            value = 1f;
        } else if (type == BigDecimal.class) {
            value = BigDecimal.ONE;
        } else if (type == BigInteger.class) {
            value = BigInteger.ONE;
        } else if (type == String.class) {
            value = "1";
        } else if (type == Boolean.class) {
            value = Boolean.TRUE;
        } else {
            throw Errors.unsupported("ResultSet.getObject(int, " + (type == null ? "null" : type.getName())
                    + ") (column 'value' is an INTEGER: ask for Integer, Long, Short, Byte, Double, Float, BigDecimal,"
                    + " BigInteger, String, Boolean, Number or Object)");
        }
        return type.cast(value);
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    // ---------------------------------------------------------------- conversions an INTEGER does not have

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        throw cannotRead("getBytes(int)", columnIndex);
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        throw cannotRead("getDate(int)", columnIndex);
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        throw cannotRead("getTime(int)", columnIndex);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        throw cannotRead("getTimestamp(int)", columnIndex);
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        throw cannotRead("getAsciiStream(int)", columnIndex);
    }

    @Deprecated
    @Override
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw cannotRead("getUnicodeStream(int)", columnIndex);
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        throw cannotRead("getBinaryStream(int)", columnIndex);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }

    @Deprecated
    @Override
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return getUnicodeStream(findColumn(columnLabel));
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        throw cannotRead("getRef(int)", columnIndex);
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        throw cannotRead("getBlob(int)", columnIndex);
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        throw cannotRead("getClob(int)", columnIndex);
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        throw cannotRead("getArray(int)", columnIndex);
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        return getRef(findColumn(columnLabel));
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return getBlob(findColumn(columnLabel));
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        return getClob(findColumn(columnLabel));
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return getArray(findColumn(columnLabel));
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        throw cannotRead("getDate(int, Calendar)", columnIndex);
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        return getDate(findColumn(columnLabel), cal);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        throw cannotRead("getTime(int, Calendar)", columnIndex);
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        return getTime(findColumn(columnLabel), cal);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        throw cannotRead("getTimestamp(int, Calendar)", columnIndex);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(columnLabel), cal);
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        throw cannotRead("getURL(int)", columnIndex);
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        return getURL(findColumn(columnLabel));
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        throw cannotRead("getRowId(int)", columnIndex);
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        return getRowId(findColumn(columnLabel));
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        throw cannotRead("getNClob(int)", columnIndex);
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        return getNClob(findColumn(columnLabel));
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        throw cannotRead("getSQLXML(int)", columnIndex);
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        return getSQLXML(findColumn(columnLabel));
    }

    // ---------------------------------------------------------------- properties

    @Override
    public StubStatement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return StubResultSetMetaData.INSTANCE;
    }

    /** @return null: result sets never have warnings */
    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public String getCursorName() throws SQLException {
        checkOpen();
        throw Errors.unsupported("ResultSet.getCursorName()");
    }

    /** Only {@link ResultSet#FETCH_FORWARD} is accepted, as JDBC requires of a forward-only result set. */
    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD) {
            throw Errors.invalidArgument("fetch direction", direction,
                    "ResultSet.FETCH_FORWARD (1000), the only direction of a TYPE_FORWARD_ONLY result set");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw Errors.invalidArgument("fetch size", rows, "0 (driver's choice) or more rows");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowInserted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface != null && iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw Errors.notWrapperFor(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface != null && iface.isInstance(this);
    }

    /** @return the connection id, cursor position and whether it is closed */
    @Override
    public String toString() {
        String where = position == BEFORE_FIRST ? "before row" : position == ON_ROW ? "on row" : "after row";
        return "StubResultSet[connection " + statement.connection.id() + ", " + where
                + (isClosed() ? ", closed]" : "]");
    }

    // ---------------------------------------------------------------- updates: read-only

    @Override
    public void insertRow() throws SQLException {
        throw readOnly("insertRow()");
    }

    @Override
    public void deleteRow() throws SQLException {
        throw readOnly("deleteRow()");
    }

    @Override
    public void refreshRow() throws SQLException {
        throw readOnly("refreshRow()");
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw readOnly("cancelRowUpdates()");
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw readOnly("moveToInsertRow()");
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw readOnly("moveToCurrentRow()");
    }

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        throw readOnly("updateNull(int)");
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        throw readOnly("updateBoolean(int, boolean)");
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        throw readOnly("updateByte(int, byte)");
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        throw readOnly("updateShort(int, short)");
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        throw readOnly("updateInt(int, int)");
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        throw readOnly("updateLong(int, long)");
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        throw readOnly("updateFloat(int, float)");
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        throw readOnly("updateDouble(int, double)");
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        throw readOnly("updateBigDecimal(int, BigDecimal)");
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        throw readOnly("updateString(int, String)");
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        throw readOnly("updateBytes(int, byte[])");
    }

    @Override
    public void updateDate(int columnIndex, Date x) throws SQLException {
        throw readOnly("updateDate(int, Date)");
    }

    @Override
    public void updateTime(int columnIndex, Time x) throws SQLException {
        throw readOnly("updateTime(int, Time)");
    }

    @Override
    public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
        throw readOnly("updateTimestamp(int, Timestamp)");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw readOnly("updateAsciiStream(int, InputStream, int)");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw readOnly("updateBinaryStream(int, InputStream, int)");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
        throw readOnly("updateCharacterStream(int, Reader, int)");
    }

    @Override
    public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
        throw readOnly("updateObject(int, Object, int)");
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        throw readOnly("updateObject(int, Object)");
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        throw readOnly("updateNull(String)");
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        throw readOnly("updateBoolean(String, boolean)");
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        throw readOnly("updateByte(String, byte)");
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        throw readOnly("updateShort(String, short)");
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        throw readOnly("updateInt(String, int)");
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        throw readOnly("updateLong(String, long)");
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        throw readOnly("updateFloat(String, float)");
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        throw readOnly("updateDouble(String, double)");
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        throw readOnly("updateBigDecimal(String, BigDecimal)");
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        throw readOnly("updateString(String, String)");
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        throw readOnly("updateBytes(String, byte[])");
    }

    @Override
    public void updateDate(String columnLabel, Date x) throws SQLException {
        throw readOnly("updateDate(String, Date)");
    }

    @Override
    public void updateTime(String columnLabel, Time x) throws SQLException {
        throw readOnly("updateTime(String, Time)");
    }

    @Override
    public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
        throw readOnly("updateTimestamp(String, Timestamp)");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw readOnly("updateAsciiStream(String, InputStream, int)");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw readOnly("updateBinaryStream(String, InputStream, int)");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException {
        throw readOnly("updateCharacterStream(String, Reader, int)");
    }

    @Override
    public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
        throw readOnly("updateObject(String, Object, int)");
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        throw readOnly("updateObject(String, Object)");
    }

    @Override
    public void updateRow() throws SQLException {
        throw readOnly("updateRow()");
    }

    @Override
    public void updateRef(int columnIndex, Ref x) throws SQLException {
        throw readOnly("updateRef(int, Ref)");
    }

    @Override
    public void updateRef(String columnLabel, Ref x) throws SQLException {
        throw readOnly("updateRef(String, Ref)");
    }

    @Override
    public void updateBlob(int columnIndex, Blob x) throws SQLException {
        throw readOnly("updateBlob(int, Blob)");
    }

    @Override
    public void updateBlob(String columnLabel, Blob x) throws SQLException {
        throw readOnly("updateBlob(String, Blob)");
    }

    @Override
    public void updateClob(int columnIndex, Clob x) throws SQLException {
        throw readOnly("updateClob(int, Clob)");
    }

    @Override
    public void updateClob(String columnLabel, Clob x) throws SQLException {
        throw readOnly("updateClob(String, Clob)");
    }

    @Override
    public void updateArray(int columnIndex, Array x) throws SQLException {
        throw readOnly("updateArray(int, Array)");
    }

    @Override
    public void updateArray(String columnLabel, Array x) throws SQLException {
        throw readOnly("updateArray(String, Array)");
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        throw readOnly("updateRowId(int, RowId)");
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        throw readOnly("updateRowId(String, RowId)");
    }

    @Override
    public void updateNString(int columnIndex, String x) throws SQLException {
        throw readOnly("updateNString(int, String)");
    }

    @Override
    public void updateNString(String columnLabel, String x) throws SQLException {
        throw readOnly("updateNString(String, String)");
    }

    @Override
    public void updateNClob(int columnIndex, NClob x) throws SQLException {
        throw readOnly("updateNClob(int, NClob)");
    }

    @Override
    public void updateNClob(String columnLabel, NClob x) throws SQLException {
        throw readOnly("updateNClob(String, NClob)");
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
        throw readOnly("updateSQLXML(int, SQLXML)");
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
        throw readOnly("updateSQLXML(String, SQLXML)");
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw readOnly("updateNCharacterStream(int, Reader, long)");
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw readOnly("updateNCharacterStream(String, Reader, long)");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw readOnly("updateAsciiStream(int, InputStream, long)");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw readOnly("updateBinaryStream(int, InputStream, long)");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw readOnly("updateCharacterStream(int, Reader, long)");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw readOnly("updateAsciiStream(String, InputStream, long)");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw readOnly("updateBinaryStream(String, InputStream, long)");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw readOnly("updateCharacterStream(String, Reader, long)");
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
        throw readOnly("updateBlob(int, InputStream, long)");
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
        throw readOnly("updateBlob(String, InputStream, long)");
    }

    @Override
    public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
        throw readOnly("updateClob(int, Reader, long)");
    }

    @Override
    public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
        throw readOnly("updateClob(String, Reader, long)");
    }

    @Override
    public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
        throw readOnly("updateNClob(int, Reader, long)");
    }

    @Override
    public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
        throw readOnly("updateNClob(String, Reader, long)");
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw readOnly("updateNCharacterStream(int, Reader)");
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw readOnly("updateNCharacterStream(String, Reader)");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
        throw readOnly("updateAsciiStream(int, InputStream)");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
        throw readOnly("updateBinaryStream(int, InputStream)");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw readOnly("updateCharacterStream(int, Reader)");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
        throw readOnly("updateAsciiStream(String, InputStream)");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
        throw readOnly("updateBinaryStream(String, InputStream)");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw readOnly("updateCharacterStream(String, Reader)");
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x) throws SQLException {
        throw readOnly("updateBlob(int, InputStream)");
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x) throws SQLException {
        throw readOnly("updateBlob(String, InputStream)");
    }

    @Override
    public void updateClob(int columnIndex, Reader x) throws SQLException {
        throw readOnly("updateClob(int, Reader)");
    }

    @Override
    public void updateClob(String columnLabel, Reader x) throws SQLException {
        throw readOnly("updateClob(String, Reader)");
    }

    @Override
    public void updateNClob(int columnIndex, Reader x) throws SQLException {
        throw readOnly("updateNClob(int, Reader)");
    }

    @Override
    public void updateNClob(String columnLabel, Reader x) throws SQLException {
        throw readOnly("updateNClob(String, Reader)");
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        throw readOnly("updateObject(int, Object, SQLType, int)");
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        throw readOnly("updateObject(String, Object, SQLType, int)");
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
        throw readOnly("updateObject(int, Object, SQLType)");
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
        throw readOnly("updateObject(String, Object, SQLType)");
    }
}
