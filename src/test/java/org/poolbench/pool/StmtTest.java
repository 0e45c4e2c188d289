package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.h2Config;
import static org.poolbench.pool.PoolFixtures.stubConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * Pool-level prepared statements: prepared once at {@link Pool#prepare}, reused on a connection
 * that has it, prepared again on each new connection it lands on, dropped with closed connections, closed on
 * idle connections at once and on lent-out ones when they return, and run on a transaction's own connection.
 */
@ExtendWith(PoolCheck.class)
class StmtTest {
    private static final String UPDATE = "update item set x = ?";

    private static String uniqueName() {
        return PoolFixtures.uniqueName("stmt");
    }

    private static StubServer server(String name) {
        return StubDriver.server(name); // also registers the driver before a pool looks it up
    }

    /** The stub connection with this id; it must still be open. */
    private static StubConnection connection(StubServer server, long id) {
        return server.liveConnections().stream().filter(c -> c.id() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no live connection " + id + " on " + server));
    }

    // ---------------------------------------------------------------- prepare

    @Test
    void prepare_preparesOnceOnOneConnectionNow() throws SQLException {
        String name = uniqueName();
        StubServer server = server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name)); Stmt stmt = pool.prepare(UPDATE)) {
            assertEquals(UPDATE, stmt.sql());
            assertEquals(1, server.opened());
            assertEquals(1, server.prepared());
            assertEquals(0, server.executions(), "preparing runs nothing");
            PoolStats s = pool.stats();
            assertEquals(1, s.prepares());
            assertEquals(0, s.reuses());
            assertEquals(1, s.idle(), "the connection went back to the pool");
            assertEquals(1, connection(server, 1).openStatements(), "the physical statement stays open for reuse");
        }
    }

    @Test
    void prepare_badSqlFailsAtPrepare() throws SQLException {
        try (Pool pool = PoolCheck.open(h2Config(uniqueName()))) {
            SQLException e = assertThrows(SQLException.class, () -> pool.prepare("selec 1"));
            assertTrue(e.getSQLState().startsWith("42"), e.getSQLState());
            PoolStats s = pool.stats();
            assertEquals(0, s.prepares());
            assertEquals(1, s.idle(), "a syntax error does not cost the connection");
            assertEquals(0, s.closed());
            assertEquals(0, s.badConnRetries());
        }
    }

    // ---------------------------------------------------------------- reuse and spreading over connections

    @Test
    void exec_reusesPhysicalStatementOnSameConnection() throws SQLException {
        String name = uniqueName();
        StubServer server = server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).maxOpen(1).maxIdle(1)); Stmt stmt = pool.prepare(UPDATE)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(1, stmt.exec(i));
            }
            assertEquals(List.of(1), stmt.query(rs -> rs.getInt(1), 1));
            PoolStats s = pool.stats();
            assertEquals(1, s.prepares());
            assertEquals(6, s.reuses());
            assertEquals(1, server.prepared());
            assertEquals(6, server.executions());
            assertEquals(1, connection(server, 1).openStatements());
        }
    }

    @Test
    void exec_preparesAgainOnAnotherConnection() throws SQLException {
        String name = uniqueName();
        StubServer server = server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).maxIdle(2)); Stmt stmt = pool.prepare(UPDATE)) {
            try (Connection held = pool.getConnection()) { // takes connection 1, which has the statement
                assertEquals(1, held.unwrap(StubConnection.class).id());
                stmt.exec(1); // lands on a new connection 2
                assertEquals(2, pool.stats().prepares());
                assertEquals(2, server.prepared());
                assertEquals(1, connection(server, 2).openStatements());
                stmt.exec(2); // connection 2 again
                assertEquals(1, pool.stats().reuses());
            }
            stmt.exec(3); // connection 1 is the newest idle one: reuse there
            stmt.exec(4);
            PoolStats s = pool.stats();
            assertEquals(2, s.prepares());
            assertEquals(3, s.reuses());
            assertEquals(2, server.prepared());
            assertEquals(2, server.opened());
        }
    }

    @Test
    void query_concurrentUseIsCorrectAndPreparesAtMostOncePerConnection() throws Exception {
        int threads = 8;
        int opsPerThread = 250;
        try (Pool pool = PoolCheck.open(h2Config(uniqueName()).maxOpen(3).maxIdle(3));
             Stmt stmt = pool.prepare("select cast(? as int) * 2");
             ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * opsPerThread;
                tasks.add(() -> {
                    int wrong = 0;
                    for (int i = base; i < base + opsPerThread; i++) {
                        List<Integer> rows = stmt.query(rs -> rs.getInt(1), i);
                        if (!rows.equals(List.of(2 * i))) {
                            wrong++;
                        }
                    }
                    return wrong;
                });
            }
            for (Future<Integer> f : executor.invokeAll(tasks)) {
                assertEquals(0, f.get(), "wrong results in one thread");
            }
            PoolStats s = pool.stats();
            assertTrue(s.opened() <= 3, "opened " + s.opened());
            assertTrue(s.prepares() <= s.opened(), "prepares " + s.prepares() + " > connections " + s.opened());
            assertEquals(threads * opsPerThread + 1, s.prepares() + s.reuses(), "each execution prepares or reuses");
            assertEquals(0, s.inUse());
        }
    }

    @Test
    void reusedStmt_doesNotKeepAnotherCallsParameters() throws SQLException {
        try (Pool pool = PoolCheck.open(h2Config(PoolFixtures.uniqueName("params")))) {
            pool.exec("create table t(a int, b int)");
            try (Stmt insert = pool.prepare("insert into t values (?, ?)")) {
                assertEquals(1, insert.exec(1, 2));
                // One argument for two parameters: a fresh statement would refuse; a reused one must too.
                assertThrows(SQLException.class, () -> insert.exec(3));
                assertTrue(pool.stats().reuses() >= 1, "the second call reused the physical statement");
            }
            assertEquals(List.of(1), pool.query("select count(*) from t", rs -> rs.getInt(1)));
        }
    }

    // ---------------------------------------------------------------- closed connections

    @Test
    void exec_afterConnectionPassedItsLifetimePreparesOnNewConnection() throws SQLException {
        String name = uniqueName();
        StubServer server = server(name);
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(stubConfig(name).clock(clock).maxLifetime(Duration.ofMinutes(1)));
             Stmt stmt = pool.prepare(UPDATE)) {
            clock.advance(Duration.ofMinutes(2));
            clock.awaitParked("cleaner"); // the cleaner or the next borrow closes connection 1: either will do
            assertEquals(1, stmt.exec(1));
            assertEquals(1, server.closed());
            assertEquals(2, pool.stats().prepares());
            assertEquals(0, pool.stats().reuses());
            assertEquals(2, server.prepared());
            assertEquals(1, connection(server, 2).openStatements());
        }
    }

    @Test
    void exec_afterIdleConnectionClosedByMaxIdlePreparesOnNewConnection() throws SQLException {
        String name = uniqueName();
        StubServer server = server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name)); Stmt stmt = pool.prepare(UPDATE)) {
            pool.setMaxIdle(0);
            assertEquals(1, server.closed());
            pool.setMaxIdle(2);
            assertEquals(1, stmt.exec(1));
            assertEquals(1, stmt.exec(2));
            PoolStats s = pool.stats();
            assertEquals(2, s.prepares());
            assertEquals(1, s.reuses());
            assertEquals(2, server.opened());
        }
    }

    // ---------------------------------------------------------------- close

    @Test
    void close_closesPhysicalStatementsOnIdleConnectionsAtOnce() throws SQLException {
        String name = uniqueName();
        StubServer server = server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name))) {
            Stmt stmt = pool.prepare(UPDATE);
            try (Connection held = pool.getConnection()) {
                stmt.exec(1); // prepared on connection 2 as well
            }
            assertEquals(2, pool.stats().idle());
            assertEquals(1, connection(server, 1).openStatements());
            assertEquals(1, connection(server, 2).openStatements());
            stmt.close();
            assertTrue(stmt.isClosed());
            assertEquals(0, connection(server, 1).openStatements());
            assertEquals(0, connection(server, 2).openStatements());
            assertEquals(0, server.closed(), "closing the statement keeps the connections");
        }
    }

    @Test
    void close_closesPhysicalStatementOnLentConnectionWhenReturned() throws SQLException {
        String name = uniqueName();
        StubServer server = server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).maxOpen(1).maxIdle(1))) {
            Stmt stmt = pool.prepare(UPDATE);
            Tx tx = pool.begin();
            assertEquals(1, tx.exec(stmt, 1));
            StubConnection raw = tx.connection().unwrap(StubConnection.class);
            stmt.close();
            assertEquals(1, raw.openStatements(), "still lent out: closed when it comes back");
            tx.commit();
            assertFalse(raw.isClosed());
            assertEquals(0, raw.openStatements());
            assertEquals(1, pool.stats().idle());
        }
    }

    @Test
    void close_isIdempotent() throws SQLException {
        String name = uniqueName();
        StubServer server = server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name))) {
            Stmt stmt = pool.prepare(UPDATE);
            stmt.close();
            stmt.close();
            assertTrue(stmt.isClosed());
            assertEquals(0, connection(server, 1).openStatements());
        }
    }

    @Test
    void exec_closedStmtThrows() throws SQLException {
        try (Pool pool = PoolCheck.open(stubConfig(uniqueName()))) {
            Stmt stmt = pool.prepare(UPDATE);
            stmt.close();
            SQLException e = assertThrows(SQLException.class, () -> stmt.exec(1));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertTrue(e.getMessage().contains(UPDATE), e.getMessage());
            assertThrows(SQLException.class, () -> stmt.query(rs -> rs.getInt(1), 1));
            try (Tx tx = pool.begin()) {
                assertThrows(SQLException.class, () -> tx.exec(stmt, 1));
                assertThrows(SQLException.class, () -> tx.query(stmt, rs -> rs.getInt(1), 1));
            }
            assertEquals(1, pool.stats().prepares(), "nothing prepared after close");
            assertEquals(0, pool.stats().inUse());
        }
    }

    // ---------------------------------------------------------------- in a transaction

    @Test
    void txExec_runsOnTransactionsConnection() throws SQLException {
        String db = uniqueName();
        try (Pool pool = PoolCheck.open(h2Config(db).maxIdle(2))) {
            pool.exec("create table item(id int primary key)");
            try (Stmt insert = pool.prepare("insert into item values (?)");
                 Stmt count = pool.prepare("select count(*) from item")) {
                Tx tx = pool.begin();
                assertEquals(1, tx.exec(insert, 1));
                assertEquals(List.of(1), tx.query(count, rs -> rs.getInt(1)), "the tx sees its own row");
                assertEquals(List.of(0), count.query(rs -> rs.getInt(1)), "other connections do not yet");
                tx.rollback();
                assertEquals(List.of(0), count.query(rs -> rs.getInt(1)));

                try (Tx tx2 = pool.begin()) {
                    tx2.exec(insert, 2);
                    tx2.commit();
                }
                assertEquals(List.of(1), count.query(rs -> rs.getInt(1)));
            }
        }
    }

    @Test
    void txExec_sharesPhysicalStatementWithPool() throws SQLException {
        String name = uniqueName();
        StubServer server = server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name).maxOpen(1).maxIdle(1)); Stmt stmt = pool.prepare(UPDATE)) {
            try (Tx tx = pool.begin()) {
                tx.exec(stmt, 1);
                tx.exec(stmt, 2);
                tx.commit();
            }
            stmt.exec(3);
            PoolStats s = pool.stats();
            assertEquals(1, s.prepares());
            assertEquals(3, s.reuses());
            assertEquals(1, server.prepared());
            assertEquals(1, server.commits());
        }
    }

    @Test
    void stmtFromAnotherPool_isRefusedInsideATransaction() throws SQLException {
        String a = PoolFixtures.uniqueName("pool-a");
        String b = PoolFixtures.uniqueName("pool-b");
        StubDriver.server(a);
        StubDriver.server(b);
        try (Pool poolA = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + a).name(a));
                Pool poolB = PoolCheck.open(PoolConfig.forUrl("jdbc:stub:" + b).name(b));
                Stmt stmtOfA = poolA.prepare("update x set y = ?");
                Tx txOfB = poolB.begin()) {
            SQLException e = assertThrows(SQLException.class, () -> txOfB.exec(stmtOfA, 1));
            assertTrue(e.getMessage().contains("'" + a + "'") && e.getMessage().contains("'" + b + "'"), e.getMessage());
            assertThrows(SQLException.class, () -> txOfB.query(stmtOfA, rs -> rs.getInt(1)));
            assertEquals(0, poolB.stats().prepares(), "nothing was prepared on pool b's connection");
        }
    }
}
