package org.poolbench.pool;

import java.sql.*;

/**
 * {@link DatabaseMetaData} whose {@code getConnection()} returns the borrower's handle, not the physical
 * connection, and whose result sets are wrapped so that they do not lead to it either ({@code getStatement()}
 * answers null, which JDBC allows for metadata result sets). Every query first checks that the connection has not
 * been returned, so a kept metadata object cannot reach the next borrower's session. The delegation was generated
 * from the interface.
 */
final class ProxyDatabaseMetaData implements DatabaseMetaData {
    private final ProxyConnection conn;
    private final DatabaseMetaData delegate;

    ProxyDatabaseMetaData(ProxyConnection conn, DatabaseMetaData delegate) {
        this.conn = conn;
        this.delegate = delegate;
    }

    private SQLException fail(SQLException e) {
        return conn.fail(e);
    }

    private ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new ProxyResultSet(conn, null, rs);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return conn; // harmless when stale: the handle itself refuses every call once closed
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        try {
            return delegate.unwrap(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this)) {
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
    public boolean allProceduresAreCallable() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.allProceduresAreCallable();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean allTablesAreSelectable() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.allTablesAreSelectable();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.autoCommitFailureClosesAllResultSets();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.dataDefinitionCausesTransactionCommit();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.dataDefinitionIgnoredInTransactions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean deletesAreDetected(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.deletesAreDetected(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.doesMaxRowSizeIncludeBlobs();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean generatedKeyAlwaysReturned() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.generatedKeyAlwaysReturned();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getAttributes(String p1, String p2, String p3, String p4) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getAttributes(p1, p2, p3, p4));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getBestRowIdentifier(String p1, String p2, String p3, int p4, boolean p5) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getBestRowIdentifier(p1, p2, p3, p4, p5));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getCatalogSeparator() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getCatalogSeparator();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getCatalogTerm() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getCatalogTerm();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getCatalogs());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getClientInfoProperties());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getColumnPrivileges(String p1, String p2, String p3, String p4) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getColumnPrivileges(p1, p2, p3, p4));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getColumns(String p1, String p2, String p3, String p4) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getColumns(p1, p2, p3, p4));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getCrossReference(String p1, String p2, String p3, String p4, String p5, String p6) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getCrossReference(p1, p2, p3, p4, p5, p6));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDatabaseMinorVersion();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getDatabaseProductName() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDatabaseProductName();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getDefaultTransactionIsolation() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDefaultTransactionIsolation();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getDriverMajorVersion() {
        return delegate.getDriverMajorVersion();
    }

    @Override
    public int getDriverMinorVersion() {
        return delegate.getDriverMinorVersion();
    }

    @Override
    public String getDriverName() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDriverName();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getDriverVersion() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getDriverVersion();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getExportedKeys(String p1, String p2, String p3) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getExportedKeys(p1, p2, p3));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getExtraNameCharacters() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getExtraNameCharacters();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getFunctionColumns(String p1, String p2, String p3, String p4) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getFunctionColumns(p1, p2, p3, p4));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getFunctions(String p1, String p2, String p3) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getFunctions(p1, p2, p3));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getIdentifierQuoteString() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getIdentifierQuoteString();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getImportedKeys(String p1, String p2, String p3) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getImportedKeys(p1, p2, p3));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getIndexInfo(String p1, String p2, String p3, boolean p4, boolean p5) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getIndexInfo(p1, p2, p3, p4, p5));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getJDBCMajorVersion() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getJDBCMajorVersion();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getJDBCMinorVersion() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getJDBCMinorVersion();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxBinaryLiteralLength() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxBinaryLiteralLength();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxCatalogNameLength() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxCatalogNameLength();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxCharLiteralLength() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxCharLiteralLength();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxColumnNameLength() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxColumnNameLength();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxColumnsInGroupBy() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxColumnsInGroupBy();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxColumnsInIndex() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxColumnsInIndex();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxColumnsInOrderBy() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxColumnsInOrderBy();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxColumnsInSelect() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxColumnsInSelect();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxColumnsInTable() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxColumnsInTable();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxConnections() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxConnections();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxCursorNameLength() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxCursorNameLength();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxIndexLength() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxIndexLength();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getMaxLogicalLobSize() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxLogicalLobSize();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxProcedureNameLength() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxProcedureNameLength();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxRowSize() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxRowSize();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxSchemaNameLength() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxSchemaNameLength();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxStatementLength() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxStatementLength();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxStatements() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxStatements();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxTableNameLength() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxTableNameLength();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxTablesInSelect() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxTablesInSelect();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxUserNameLength() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getMaxUserNameLength();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getNumericFunctions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getNumericFunctions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getPrimaryKeys(String p1, String p2, String p3) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getPrimaryKeys(p1, p2, p3));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getProcedureColumns(String p1, String p2, String p3, String p4) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getProcedureColumns(p1, p2, p3, p4));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getProcedureTerm() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getProcedureTerm();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getProcedures(String p1, String p2, String p3) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getProcedures(p1, p2, p3));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getPseudoColumns(String p1, String p2, String p3, String p4) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getPseudoColumns(p1, p2, p3, p4));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getResultSetHoldability();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public RowIdLifetime getRowIdLifetime() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getRowIdLifetime();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getSQLKeywords() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getSQLKeywords();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getSQLStateType() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getSQLStateType();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getSchemaTerm() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getSchemaTerm();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getSchemas());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getSchemas(String p1, String p2) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getSchemas(p1, p2));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getSearchStringEscape() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getSearchStringEscape();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getStringFunctions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getStringFunctions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getSuperTables(String p1, String p2, String p3) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getSuperTables(p1, p2, p3));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getSuperTypes(String p1, String p2, String p3) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getSuperTypes(p1, p2, p3));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getSystemFunctions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getSystemFunctions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getTablePrivileges(String p1, String p2, String p3) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getTablePrivileges(p1, p2, p3));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getTableTypes());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getTables(String p1, String p2, String p3, String[] p4) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getTables(p1, p2, p3, p4));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getTimeDateFunctions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getTimeDateFunctions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getTypeInfo());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getUDTs(String p1, String p2, String p3, int[] p4) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getUDTs(p1, p2, p3, p4));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getURL() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getURL();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getUserName() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.getUserName();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getVersionColumns(String p1, String p2, String p3) throws SQLException {
        conn.checkOpen();
        try {
            return wrap(delegate.getVersionColumns(p1, p2, p3));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean insertsAreDetected(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.insertsAreDetected(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isCatalogAtStart() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.isCatalogAtStart();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.isReadOnly();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean locatorsUpdateCopy() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.locatorsUpdateCopy();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean nullPlusNonNullIsNull() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.nullPlusNonNullIsNull();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean nullsAreSortedAtEnd() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.nullsAreSortedAtEnd();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean nullsAreSortedAtStart() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.nullsAreSortedAtStart();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean nullsAreSortedHigh() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.nullsAreSortedHigh();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean nullsAreSortedLow() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.nullsAreSortedLow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean othersDeletesAreVisible(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.othersDeletesAreVisible(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean othersInsertsAreVisible(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.othersInsertsAreVisible(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean othersUpdatesAreVisible(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.othersUpdatesAreVisible(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean ownDeletesAreVisible(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.ownDeletesAreVisible(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean ownInsertsAreVisible(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.ownInsertsAreVisible(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean ownUpdatesAreVisible(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.ownUpdatesAreVisible(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean storesLowerCaseIdentifiers() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.storesLowerCaseIdentifiers();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.storesLowerCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean storesMixedCaseIdentifiers() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.storesMixedCaseIdentifiers();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.storesMixedCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean storesUpperCaseIdentifiers() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.storesUpperCaseIdentifiers();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.storesUpperCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsANSI92EntryLevelSQL();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsANSI92FullSQL() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsANSI92FullSQL();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsANSI92IntermediateSQL();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsAlterTableWithAddColumn();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsAlterTableWithDropColumn();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsBatchUpdates() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsBatchUpdates();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsCatalogsInDataManipulation();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsCatalogsInIndexDefinitions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsCatalogsInPrivilegeDefinitions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsCatalogsInProcedureCalls();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsCatalogsInTableDefinitions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsColumnAliasing() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsColumnAliasing();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsConvert() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsConvert();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsConvert(int p1, int p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsConvert(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsCoreSQLGrammar() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsCoreSQLGrammar();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsCorrelatedSubqueries() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsCorrelatedSubqueries();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsDataDefinitionAndDataManipulationTransactions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsDataManipulationTransactionsOnly();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsDifferentTableCorrelationNames();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsExpressionsInOrderBy() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsExpressionsInOrderBy();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsExtendedSQLGrammar() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsExtendedSQLGrammar();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsFullOuterJoins() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsFullOuterJoins();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsGetGeneratedKeys() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsGetGeneratedKeys();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsGroupBy() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsGroupBy();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsGroupByBeyondSelect() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsGroupByBeyondSelect();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsGroupByUnrelated() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsGroupByUnrelated();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsIntegrityEnhancementFacility();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsLikeEscapeClause() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsLikeEscapeClause();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsLimitedOuterJoins() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsLimitedOuterJoins();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsMinimumSQLGrammar() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsMinimumSQLGrammar();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsMixedCaseIdentifiers();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsMixedCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsMultipleOpenResults() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsMultipleOpenResults();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsMultipleResultSets() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsMultipleResultSets();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsMultipleTransactions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsMultipleTransactions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsNamedParameters() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsNamedParameters();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsNonNullableColumns() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsNonNullableColumns();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsOpenCursorsAcrossCommit();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsOpenCursorsAcrossRollback();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsOpenStatementsAcrossCommit();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsOpenStatementsAcrossRollback();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsOrderByUnrelated() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsOrderByUnrelated();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsOuterJoins() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsOuterJoins();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsPositionedDelete() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsPositionedDelete();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsPositionedUpdate() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsPositionedUpdate();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsRefCursors() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsRefCursors();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsResultSetConcurrency(int p1, int p2) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsResultSetConcurrency(p1, p2);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsResultSetHoldability(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsResultSetHoldability(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsResultSetType(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsResultSetType(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSavepoints() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSavepoints();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSchemasInDataManipulation() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSchemasInDataManipulation();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSchemasInIndexDefinitions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSchemasInPrivilegeDefinitions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSchemasInProcedureCalls();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSchemasInTableDefinitions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSelectForUpdate() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSelectForUpdate();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSharding() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSharding();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsStatementPooling() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsStatementPooling();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsStoredFunctionsUsingCallSyntax();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsStoredProcedures() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsStoredProcedures();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInComparisons() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSubqueriesInComparisons();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInExists() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSubqueriesInExists();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInIns() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSubqueriesInIns();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsSubqueriesInQuantifieds();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsTableCorrelationNames() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsTableCorrelationNames();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsTransactionIsolationLevel(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsTransactions() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsTransactions();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsUnion() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsUnion();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean supportsUnionAll() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.supportsUnionAll();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean updatesAreDetected(int p1) throws SQLException {
        conn.checkOpen();
        try {
            return delegate.updatesAreDetected(p1);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean usesLocalFilePerTable() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.usesLocalFilePerTable();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean usesLocalFiles() throws SQLException {
        conn.checkOpen();
        try {
            return delegate.usesLocalFiles();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

}
