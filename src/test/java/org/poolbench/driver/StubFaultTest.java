package org.poolbench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each URL knob and each programmatic fault, one at a time. Time-based faults run on a test clock, never sleeping. */
class StubFaultTest {

    private static final long SECOND = 1_000_000_000L;

    private final StubDriver driver = new StubDriver();
    private final String name = StubServers.uniqueName("faults");
    private final StubServer server = StubDriver.server(name);
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private StubConnection connect(String settings) throws SQLException {
        return driver.connect("jdbc:stub:" + name + settings, null);
    }

    private static void assertBroken(String expectedState, String expectedMessage, Executable operation) {
        var e = assertThrows(SQLNonTransientConnectionException.class, operation);
        assertEquals(expectedState, e.getSQLState());
        assertEquals(expectedMessage, e.getMessage());
    }

    // ---------------------------------------------------------------- connect faults

    @Test
    void failConnect_failsOnlyTheNthAttemptOfTheServer() throws SQLException {
        connect(";failConnect=2").close();

        var e = assertThrows(SQLNonTransientConnectionException.class, () -> connect(";failConnect=2"));
        assertEquals("08001", e.getSQLState());
        assertEquals("stub server '" + name + "' refused connect attempt 2 (fault: failConnect=2)", e.getMessage());

        connect(";failConnect=2").close();
        assertEquals(3, server.connectAttempts());
        assertEquals(2, server.opened());
        assertEquals(0, server.live());
    }

    @Test
    void failConnects_whileOn_everyConnectFails_thenRecovers() throws SQLException {
        StubConnection survivor = connect("");
        server.failConnects(true);
        assertTrue(server.isFailingConnects());

        for (int i = 0; i < 3; i++) {
            var e = assertThrows(SQLNonTransientConnectionException.class, () -> connect(""));
            assertEquals("08001", e.getSQLState());
            assertTrue(e.getMessage().endsWith("(fault: failConnects(true))"), e.getMessage());
        }
        assertTrue(survivor.isValid(0), "connections already open are not affected");

        server.failConnects(false);
        connect("").close();
        assertEquals(5, server.connectAttempts());
        assertEquals(2, server.opened());
    }

    @Test
    void failConnectsFor_failsUntilWindowHasPassedOnServerClock() throws SQLException {
        server.clock(now::get);

        var first = assertThrows(SQLNonTransientConnectionException.class, () -> connect(";failConnectsFor=1s"));
        assertEquals("08001", first.getSQLState());
        assertEquals("stub server '" + name + "' refused connect attempt 1 (fault: failConnectsFor=1s, 0 elapsed)",
                first.getMessage());
        now.addAndGet(SECOND - 1_000_000);
        var later = assertThrows(SQLNonTransientConnectionException.class, () -> connect(";failConnectsFor=1s"));
        assertTrue(later.getMessage().endsWith("(fault: failConnectsFor=1s, 999ms elapsed)"), later.getMessage());

        now.addAndGet(1_000_000);
        connect(";failConnectsFor=1s").close();
        assertEquals(1, server.opened());
    }

    @Test
    void failConnectsFor_windowIsPerUrlAndRestartsAfterReset() throws SQLException {
        server.clock(now::get);
        assertThrows(SQLException.class, () -> connect(";failConnectsFor=1s"));
        now.addAndGet(SECOND);
        connect(";failConnectsFor=1s").close();
        // A different URL string opens its own window, starting now.
        assertThrows(SQLException.class, () -> connect(";failConnectsFor=1s;executeLatency=0"));

        server.reset();
        server.clock(now::get);
        assertThrows(SQLException.class, () -> connect(";failConnectsFor=1s"));
    }

    @Test
    void maxConnections_refusesBeyondLimit_withPostgresState53300() throws SQLException {
        StubConnection a = connect(";maxConnections=2");
        connect(";maxConnections=2");

        var e = assertThrows(SQLException.class, () -> connect(";maxConnections=2"));
        assertEquals("53300", e.getSQLState());
        assertEquals("sorry, too many clients already (stub server '" + name + "', maxConnections=2, live=2)",
                e.getMessage());
        assertEquals(2, server.live());

        a.close();
        connect(";maxConnections=2");
        assertEquals(2, server.live());
        assertEquals(4, server.connectAttempts());
    }

    @Test
    void maxConnections_connectInProgressHoldsASlot_andGivesItBackWhenItFails() throws Exception {
        // A connects with a long latency and is interrupted once it holds its slot, so the test never waits it out.
        var aFailure = new AtomicReference<SQLException>();
        Thread a = new Thread(() -> {
            try {
                connect(";maxConnections=1;connectLatency=60s").close();
            } catch (SQLException e) {
                aFailure.set(e);
            }
        });
        a.start();
        while (server.live() < 1) {
            Thread.onSpinWait(); // until A has taken its slot; a state, not a time
        }

        var refused = assertThrows(SQLException.class, () -> connect(";maxConnections=1"));
        assertEquals("53300", refused.getSQLState(), "B arrives while A is still connecting: no slot left");

        a.interrupt();
        a.join(10_000);
        assertFalse(a.isAlive());
        assertEquals("HY008", aFailure.get().getSQLState(), "A failed in its latency");
        assertEquals(0, server.live(), "the failed attempt gave its slot back");
        connect(";maxConnections=1").close();
        assertEquals(0, server.live());
    }

    @Test
    void maxConnections_faultsKeepPrecedenceOver53300() throws SQLException {
        connect(";maxConnections=1");
        server.failConnects(true);
        var e = assertThrows(SQLNonTransientConnectionException.class, () -> connect(";maxConnections=1"));
        assertEquals("08001", e.getSQLState());
        assertEquals(1, server.live(), "the refused attempt held no slot");
        server.failConnects(false);
    }

    // ---------------------------------------------------------------- connections going bad

    @Test
    void badAfterUses_firstNExecutionsSucceed_thenConnectionIsBroken() throws SQLException {
        StubConnection connection = connect(";badAfterUses=3");
        PreparedStatement ps = connection.prepareStatement("select 1");
        Statement st = connection.createStatement();

        ps.executeQuery();
        st.executeUpdate("update t set x = 1");
        assertTrue(connection.isValid(0));
        assertFalse(connection.isBroken());
        ps.execute();

        assertTrue(connection.isBroken());
        assertFalse(connection.isValid(0));
        String message = "stub connection 1 on server '" + name + "' is broken (fault: badAfterUses=3)";
        assertBroken("08006", message, ps::executeQuery);
        assertBroken("08006", message, () -> connection.prepareStatement("select 1"));
        assertEquals(3, server.executions(), "rejected executions are not counted");
    }

    @Test
    void badAfterUses_countsEveryKindOfExecute() throws SQLException {
        StubConnection connection = connect(";badAfterUses=5");
        PreparedStatement ps = connection.prepareStatement("insert");
        Statement st = connection.createStatement();
        ps.addBatch();
        ps.executeBatch();
        st.executeLargeBatch();
        ps.executeLargeUpdate();
        st.execute("select 1");
        assertTrue(connection.isValid(0));
        st.executeQuery("select 1");
        assertFalse(connection.isValid(0));
        assertEquals(5, server.executions());
    }

    @Test
    void badState_setsTheStateOfTheBrokenConnection() throws SQLException {
        StubConnection connection = connect(";badAfterUses=1;badState=57P01");
        connection.createStatement().execute("select 1");
        var e = assertThrows(SQLNonTransientConnectionException.class, connection::commit);
        assertEquals("57P01", e.getSQLState());
    }

    @Test
    void badAfterIdle_breaksOnlyWhenIdleLongerThanLimit_onServerClock() throws SQLException {
        server.clock(now::get);
        StubConnection connection = connect(";badAfterIdle=1s");

        now.addAndGet(SECOND);
        assertTrue(connection.isValid(0), "exactly the limit is not longer than it");
        now.addAndGet(SECOND);
        connection.setAutoCommit(false); // an operation restarts the idle time
        now.addAndGet(SECOND + 1);

        assertFalse(connection.isValid(0));
        assertTrue(connection.isBroken());
        assertBroken("08006", "stub connection 1 on server '" + name + "' is broken (fault: badAfterIdle=1s, idle for"
                + " 1000000001ns)", connection::getAutoCommit);
    }

    @Test
    void badAfterIdle_noticedAtNextOperation_notOnlyByIsValid() throws SQLException {
        server.clock(now::get);
        StubConnection connection = connect(";badAfterIdle=100ms");
        PreparedStatement ps = connection.prepareStatement("select 1");
        now.addAndGet(SECOND);

        assertFalse(connection.isBroken(), "isBroken does not evaluate idleness");
        var e = assertThrows(SQLNonTransientConnectionException.class, ps::executeQuery);
        assertTrue(e.getMessage().endsWith("(fault: badAfterIdle=100ms, idle for 1s)"), e.getMessage());
        assertTrue(connection.isBroken());
    }

    @Test
    void breakAll_breaksLiveConnectionsOnly() throws SQLException {
        StubConnection a = connect("");
        StubConnection b = connect("");
        StubConnection closed = connect("");
        closed.close();

        assertEquals(2, server.breakAll());

        assertFalse(a.isValid(0));
        assertFalse(b.isValid(0));
        assertFalse(closed.isBroken());
        assertBroken("08006", "stub connection 2 on server '" + name + "' is broken (fault: breakAll())",
                b::createStatement);
        StubConnection fresh = connect("");
        assertTrue(fresh.isValid(0));
        assertEquals(1, server.breakAll(), "only the fresh connection is left to break");
    }

    @Test
    void breakConnection_breaksThatOneOnly() throws SQLException {
        StubConnection a = connect("");
        StubConnection b = connect("");

        assertTrue(server.breakConnection(b.id()));
        assertFalse(server.breakConnection(b.id()), "already broken");
        assertFalse(server.breakConnection(99), "no such connection");

        assertTrue(a.isValid(0));
        assertFalse(b.isValid(0));
        assertEquals(List.of(a, b), server.liveConnections(), "broken connections stay live until closed");
    }

    @Test
    void brokenConnection_throwsOnEveryOperation_exceptCloseAndIsClosed() throws SQLException {
        StubConnection connection = connect(";badState=08S01");
        Statement statement = connection.createStatement();
        server.breakAll();

        List<Executable> operations = List.of(
                connection::createStatement,
                () -> connection.prepareStatement("x"),
                () -> connection.prepareCall("x"),
                () -> statement.executeQuery("x"),
                () -> statement.executeUpdate("x"),
                () -> statement.execute("x"),
                statement::executeBatch,
                connection::commit,
                connection::rollback,
                () -> connection.setAutoCommit(false),
                connection::getAutoCommit,
                () -> connection.setReadOnly(true),
                () -> connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE),
                () -> connection.setCatalog("c"),
                () -> connection.setSchema("s"),
                () -> connection.setHoldability(ResultSet.HOLD_CURSORS_OVER_COMMIT),
                () -> connection.setNetworkTimeout(Runnable::run, 1),
                connection::getWarnings,
                connection::clearWarnings,
                connection::getMetaData,
                () -> connection.nativeSQL("x"),
                () -> connection.setTypeMap(Map.of()));
        for (Executable operation : operations) {
            var e = assertThrows(SQLNonTransientConnectionException.class, operation);
            assertEquals("08S01", e.getSQLState());
            assertTrue(e.getMessage().contains("is broken (fault: breakAll())"), e.getMessage());
        }
        var clientInfo = assertThrows(SQLException.class, () -> connection.setClientInfo("k", "v"));
        assertEquals("08S01", clientInfo.getSQLState());
        assertInstanceOf(SQLNonTransientConnectionException.class, clientInfo.getCause());

        assertFalse(connection.isValid(5));
        assertFalse(connection.isClosed());
        connection.close();
        assertTrue(connection.isClosed());
        assertEquals(1, server.closed());
    }

    @Test
    void brokenConnection_statementSettersAndResultSetReadsStillWork() throws SQLException {
        StubConnection connection = connect("");
        PreparedStatement ps = connection.prepareStatement("select ?");
        ResultSet rs = ps.executeQuery();
        server.breakAll();

        ps.setInt(1, 42);
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
        assertThrows(SQLNonTransientConnectionException.class, ps::executeQuery);
    }

    // ---------------------------------------------------------------- reset

    @Test
    void reset_zeroesCountersClearsFaults_andDetachesOldConnections() throws SQLException {
        server.clock(now::get);
        // No time-based fault on the old connection: reset() swaps the manual clock for the system one, and the
        // distance between the two readings is arbitrary.
        StubConnection old = connect("");
        old.prepareStatement("x").executeQuery();
        old.commit();
        server.failConnects(true);

        server.reset();

        assertEquals(0, server.opened());
        assertEquals(0, server.live());
        assertEquals(0, server.prepared());
        assertEquals(0, server.executions());
        assertEquals(0, server.commits());
        assertEquals(0, server.connectAttempts());
        assertFalse(server.isFailingConnects());
        StubConnection fresh = connect("");
        assertEquals(1, fresh.id(), "ids restart at 1");
        // The old connection still works but counts elsewhere; closing it does not disturb the new counts.
        old.prepareStatement("x").executeQuery();
        old.close();
        assertEquals(1, server.live());
        assertEquals(0, server.closed());
        assertEquals(0, server.executions());
        assertEquals(List.of(fresh), server.liveConnections());
        assertEquals(1, server.breakAll(), "breakAll reaches only connections opened since the reset");
        assertNotNull(server.toString());
    }

    @Test
    void reset_restoresSystemClock() throws SQLException {
        server.clock(() -> 0L);
        server.reset();
        StubConnection connection = connect(";badAfterIdle=1s");
        assertTrue(connection.isValid(0), "with the system clock, a fresh connection has been idle for microseconds");
    }
}
