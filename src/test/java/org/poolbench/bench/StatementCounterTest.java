package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.poolbench.driver.StubDriver;

/** What the driver-level prepare count counts, on the stub, whose server counts prepares too. */
class StatementCounterTest {

    private static int sequence;

    private static String url() {
        return "jdbc:stub:counter-test-" + (++sequence);
    }

    @Test
    void prepares_countedAsTheStubServerCountsThem() throws SQLException {
        String url = url();
        StatementCounter counter = new StatementCounter();
        CountingDataSource source = new CountingDataSource(StubDriver.instance(), url, new Properties(), counter);
        try (Connection c = source.getConnection()) {
            for (int i = 0; i < 3; i++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rows = ps.executeQuery()) {
                    assertTrue(rows.next());
                }
            }
            try (CallableStatement call = c.prepareCall("CALL x()")) {
                assertTrue(call instanceof CallableStatement);
            }
            try (Statement plain = c.createStatement()) {
                plain.executeQuery("SELECT 1").close(); // prepares nothing, counts nothing
            }
        }
        assertEquals(4, counter.prepares());
        // 3 x (prepare, execute, close) + prepareCall and its close + createStatement + connection close
        assertEquals(3 * 3 + 2 + 1 + 1, counter.wrappedCalls());
        assertEquals(StubDriver.server(url.substring("jdbc:stub:".length())).prepared(), counter.prepares());
        assertEquals(0, counter.openStatements());
    }

    @Test
    void openStatements_heldUntilTheirCloseOrTheirConnections() throws SQLException {
        StatementCounter counter = new StatementCounter();
        CountingDataSource source = new CountingDataSource(StubDriver.instance(), url(), new Properties(), counter);
        Connection a = source.getConnection();
        Connection b = source.getConnection();
        PreparedStatement a1 = a.prepareStatement("SELECT 1");
        a.prepareStatement("SELECT 2");
        b.prepareStatement("SELECT 1");
        assertEquals(3, counter.openStatements());
        a1.close();
        a1.close(); // a second close is no second statement
        assertEquals(2, counter.openStatements());
        a.close(); // takes its remaining statement with it
        assertEquals(1, counter.openStatements());
        a1.close();
        assertEquals(1, counter.openStatements(), "a statement of a closed connection is not counted twice");
        b.close();
        assertEquals(0, counter.openStatements());
        assertEquals(3, counter.prepares(), "closing does not undo a prepare");
    }

    @Test
    void wrappers_compareByIdentityAndRethrowTheDriversException() throws SQLException {
        StatementCounter counter = new StatementCounter();
        CountingDataSource source = new CountingDataSource(StubDriver.instance(), url(), new Properties(), counter);
        try (Connection a = source.getConnection(); Connection b = source.getConnection()) {
            Map<Connection, String> byConnection = new HashMap<>();
            byConnection.put(a, "a");
            byConnection.put(b, "b");
            assertEquals("a", byConnection.get(a));
            assertNotEquals(a, b);
            assertEquals(a, a);
            PreparedStatement ps = a.prepareStatement("SELECT 1");
            ps.close();
            // the stub's own exception (55000 after close), not a reflection wrapper
            SQLException e = assertThrows(SQLException.class, ps::executeQuery);
            assertEquals("55000", e.getSQLState());
        }
    }

    @Test
    void withoutCounter_theDriversConnectionIsHandedOutAsItIs() throws SQLException {
        CountingDataSource source = new CountingDataSource(StubDriver.instance(), url(), new Properties());
        try (Connection c = source.getConnection()) {
            assertEquals("org.poolbench.driver.StubConnection", c.getClass().getName());
        }
        assertEquals(null, source.statements());
    }
}
