package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.bench.pg.PgServer;

/**
 * What a return puts back, on the real PostgreSQL server with pgjdbc: the driver keeps session state in live
 * objects (client info, the type map) and maps {@code setSchema} onto the whole search path, so a reset that is
 * right on the stub driver can still hand the next borrower another session. Each test borrows twice from a pool of
 * one connection, so that the second borrower gets the first one's physical connection.
 */
@ExtendWith(PoolCheck.class)
class PgSessionResetTest {

    /** A pool of one connection over the test JVM's server, so that every borrow reuses the same session. */
    private static Pool onePool() {
        PgServer server = PgFixtures.server();
        return PoolCheck.open(PoolConfig.forUrl(server.url()).driver(new org.postgresql.Driver())
                .properties(server.connectionProperties()).name(PoolFixtures.uniqueName("pg-reset"))
                .maxOpen(1).maxIdle(1));
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A name PostgreSQL takes unquoted: the unique names' dash becomes an underscore. */
    private static String sqlName(String prefix) {
        return PoolFixtures.uniqueName(prefix).replace('-', '_');
    }

    @Test
    void clientInfo_setByBorrower_isNotSeenByNextBorrower() throws SQLException {
        try (Pool pool = onePool()) {
            int backend;
            String original;
            try (Connection a = pool.getConnection()) {
                backend = backendPid(a);
                original = a.getClientInfo("ApplicationName");
                a.setClientInfo("ApplicationName", "borrower-a");
                assertEquals("borrower-a", show(a, "application_name"), "the change reached the server");
            }
            try (Connection b = pool.getConnection()) {
                assertEquals(backend, backendPid(b), "max open 1: the same physical connection");
                assertEquals(original, b.getClientInfo("ApplicationName"));
                assertEquals(original, show(b, "application_name"), "the server's session");
            }
        }
    }

    @Test
    void clientInfo_setAgainByLaterBorrowers_isRestoredEachTime() throws SQLException {
        // The original is read once per connection life: a later borrower's change must not rewrite it either.
        try (Pool pool = onePool()) {
            String original;
            try (Connection a = pool.getConnection()) {
                original = show(a, "application_name");
                a.setClientInfo("ApplicationName", "borrower-a");
            }
            try (Connection b = pool.getConnection()) {
                b.getClientInfo().setProperty("ApplicationName", "mutated-by-b");
                b.setClientInfo("ApplicationName", "borrower-b");
            }
            try (Connection c = pool.getConnection()) {
                assertEquals(original, show(c, "application_name"));
                assertEquals(original, c.getClientInfo("ApplicationName"));
            }
        }
    }

    @Test
    void typeMap_changedInPlaceAndSetByBorrower_isEmptyForNextBorrower() throws SQLException {
        // JDBC's own idiom: get the map, add to it, set it. pgjdbc's getTypeMap() returns its live map.
        try (Pool pool = onePool()) {
            Map<String, Class<?>> original;
            try (Connection a = pool.getConnection()) {
                original = Map.copyOf(a.getTypeMap());
                Map<String, Class<?>> map = a.getTypeMap();
                map.put("money", java.math.BigDecimal.class);
                a.setTypeMap(map);
            }
            try (Connection b = pool.getConnection()) {
                assertEquals(original, b.getTypeMap());
            }
        }
    }

    @Test
    void schema_setByBorrower_restoresTheWholeSearchPath() throws SQLException {
        // Where the role has a schema of its own name, "$user" comes first in the default search path and
        // getSchema() names only that schema: restoring it alone would hide public from every later borrower.
        String table = sqlName("reset_item");
        String other = sqlName("reset_other");
        try (Connection admin = PgFixtures.direct(); Statement ddl = admin.createStatement()) {
            ddl.execute("create schema \"" + admin.getMetaData().getUserName() + "\"");
            try {
                ddl.execute("create table public." + table + "(id int)");
                ddl.execute("insert into public." + table + " values (7)");
                try (Pool pool = onePool()) {
                    String originalPath;
                    try (Connection a = pool.getConnection()) {
                        originalPath = show(a, "search_path");
                        assertEquals(admin.getMetaData().getUserName(), a.getSchema(),
                                "the role's own schema comes first, as the test means");
                        a.setSchema(other);
                        assertNotEquals(originalPath, show(a, "search_path"), "the change reached the server");
                    }
                    try (Connection b = pool.getConnection()) {
                        assertEquals(originalPath, show(b, "search_path"));
                        try (Statement s = b.createStatement();
                                ResultSet rs = s.executeQuery("select id from " + table)) {
                            rs.next();
                            assertEquals(7, rs.getInt(1), "an unqualified table in public");
                        }
                    }
                }
            } finally {
                // The shared server: a schema named after the role would change every later test's search path.
                ddl.execute("drop table if exists public." + table);
                ddl.execute("drop schema \"" + admin.getMetaData().getUserName() + "\" cascade");
            }
        }
    }

    @Test
    void schema_setInABorrowersUncommittedTransaction_isRestoredAndLeavesNoTransactionOpen() throws SQLException {
        // pgjdbc's setSchema is a SET statement, so outside auto-commit it opens a transaction of its own; the
        // reset must still give the next borrower the original search path and no transaction left open.
        try (Pool pool = onePool()) {
            String originalPath;
            try (Connection a = pool.getConnection()) {
                originalPath = show(a, "search_path");
                a.setAutoCommit(false);
                a.setSchema(sqlName("reset_other"));
            }
            try (Connection b = pool.getConnection()) {
                assertEquals(originalPath, show(b, "search_path"));
                assertEquals("idle", transactionState(b), "no transaction left open by the reset");
            }
        }
    }

    @Test
    void schema_ofASessionOpenedOutsideAutoCommit_isRestoredAndCommitted() throws SQLException {
        // A data source may hand out connections in manual-commit mode; the reset's set_config then runs in a
        // transaction, which must be committed (or the next rollback undoes it) and not left open.
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(PoolFixtures.dataSource(() -> {
            Connection c = PgFixtures.direct();
            c.setAutoCommit(false);
            return c;
        })).maxOpen(1).maxIdle(1))) {
            manualCommitSchemaReset(pool);
        }
    }

    @Test
    void settings_ofASessionOpenedOutsideAutoCommit_areRestoredOnTheSameConnection() throws SQLException {
        // The pool's own read of the original search path opens a transaction on a manual-commit session, and
        // pgjdbc refuses to change read-only or isolation inside one: the restores must still succeed, keeping
        // the connection, and leave no transaction open.
        try (Pool pool = PoolCheck.open(new PoolConfig().dataSource(PoolFixtures.dataSource(() -> {
            Connection c = PgFixtures.direct();
            c.setAutoCommit(false);
            return c;
        })).maxOpen(1).maxIdle(1))) {
            int backend;
            String originalPath;
            String originalIsolation;
            try (Connection a = pool.getConnection()) {
                backend = backendPid(a);
                originalPath = show(a, "search_path");
                originalIsolation = show(a, "transaction_isolation");
                a.commit();
                // In this order: pgjdbc refuses the borrower's read-only and isolation changes inside a transaction
                // too, and setSchema opens one.
                a.setReadOnly(true);
                a.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                a.setSchema(sqlName("reset_manual"));
            }
            assertEquals("idle", stateOf(backend), "no transaction left open by the reset");
            try (Connection b = pool.getConnection()) {
                assertEquals(backend, backendPid(b), "the pool kept its one idle connection");
                assertEquals(false, b.getAutoCommit());
                assertEquals(false, b.isReadOnly());
                assertEquals(originalPath, show(b, "search_path"));
                assertEquals(originalIsolation, show(b, "transaction_isolation"));
                assertEquals("off", show(b, "transaction_read_only"));
                b.rollback();
            }
            assertEquals(0, pool.stats().closed(), "nothing discarded");
        }
    }

    private static void manualCommitSchemaReset(Pool pool) throws SQLException {
        String originalPath;
        int backend;
        try (Connection a = pool.getConnection()) {
            backend = backendPid(a);
            originalPath = show(a, "search_path");
            a.commit();
            a.setSchema(sqlName("reset_other"));
        }
        assertEquals("idle", stateOf(backend), "no transaction left open by the reset");
        try (Connection b = pool.getConnection()) {
            assertEquals(backend, backendPid(b), "the pool kept its one idle connection");
            b.rollback(); // a rollback must not bring the borrower's schema back
            assertEquals(originalPath, show(b, "search_path"));
        }
    }

    /** The server process of {@code c}'s session: the same one means the same physical connection. */
    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** pg_stat_activity's state of this session, as seen from a second connection. */
    private static String transactionState(Connection c) throws SQLException {
        return stateOf(backendPid(c));
    }

    /** pg_stat_activity's state of server process {@code pid}, as seen from a connection of its own. */
    private static String stateOf(int pid) throws SQLException {
        try (Connection observer = PgFixtures.direct(); Statement s = observer.createStatement();
                ResultSet rs = s.executeQuery("select state from pg_stat_activity where pid = " + pid)) {
            // No row: the session is gone, which to these tests means the pool discarded the connection.
            return rs.next() ? rs.getString(1) : "gone (the pool closed the connection)";
        }
    }
}
