package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.AWAIT_SECONDS;
import static org.poolbench.pool.PoolFixtures.PASS;
import static org.poolbench.pool.PoolFixtures.TEST_THREADS;
import static org.poolbench.pool.PoolFixtures.dataSource;
import static org.poolbench.pool.PoolFixtures.h2Config;
import static org.poolbench.pool.PoolFixtures.intercept;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubDriver;

/**
 * Where a lease ends: the caller's code run inside a pool call (a row mapper) may end its own transaction or use it
 * again; a statement closed by a stale thread while the owner closes the connection is still closed before the next
 * borrower gets it; result sets of metadata queries and metadata objects are closed or refused with the lease; a
 * one-shot query's mapper cannot keep a way to the connection. Tests that could hang clean up before they assert.
 */
@ExtendWith(PoolCheck.class)
class LeaseBoundaryTest {

    private static ProxyConnection proxyOf(Tx tx) throws ReflectiveOperationException {
        Field f = Tx.class.getDeclaredField("conn");
        f.setAccessible(true);
        return (ProxyConnection) f.get(tx);
    }

    private static void forceBusy(ProxyConnection c, int value) throws ReflectiveOperationException {
        Field f = ProxyConnection.class.getDeclaredField("busy");
        f.setAccessible(true);
        f.setInt(c, value);
    }

    /**
     * A mapper of {@code Tx.query(Stmt, ...)} that ends the transaction must not wait for its own call in flight:
     * the rows are mapped after the execution has left the connection.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void txQueryOfStmt_mapperThatRollsBack_doesNotHang() throws Exception {
        String db = PoolFixtures.uniqueName("r1-selfwait");
        try (Pool pool = PoolCheck.open(h2Config(db).maxOpen(1).maxIdle(1))) {
            pool.exec("create table item(id int primary key)");
            pool.exec("insert into item values (1)");
            try (Stmt ids = pool.prepare("select id from item")) {
                Tx tx = pool.begin();
                ProxyConnection conn = proxyOf(tx);
                CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
                    try {
                        return tx.query(ids, rs -> {
                            tx.rollback(); // e.g. a mapper that gives up on a bad row
                            return rs.getInt(1);
                        });
                    } catch (SQLException e) {
                        return e;
                    }
                }, TEST_THREADS);
                boolean hung = false;
                try {
                    running.get(3, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    hung = true;
                }
                boolean hungAfterAbort = false;
                if (hung) {
                    conn.abort(Runnable::run); // guarantee (3): abort from another thread should free a waiting close
                    try {
                        running.get(2, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        hungAfterAbort = true;
                        forceBusy(conn, 0); // clean-up only: let the self-wait end so the pool can be checked
                        running.get(AWAIT_SECONDS, TimeUnit.SECONDS);
                    }
                }
                assertFalse(hung, "tx.rollback() inside a Tx.query(Stmt) mapper must not wait forever for its own"
                        + " call (it did; still hung after abort(): " + hungAfterAbort + ")");
            }
        }
    }

    /** A mapper may use its transaction again, with a pool statement as with plain SQL. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void txQueryOfStmt_nestedCallInMapper_isNotRefusedAsAnotherThread() throws Exception {
        String db = PoolFixtures.uniqueName("r1-nested");
        try (Pool pool = PoolCheck.open(h2Config(db).maxOpen(1).maxIdle(1))) {
            pool.exec("create table item(id int primary key)");
            pool.exec("insert into item values (1)");
            try (Stmt ids = pool.prepare("select id from item"); Tx tx = pool.begin()) {
                // With plain SQL the nested call works:
                List<Integer> viaSql = tx.query("select id from item",
                        rs -> tx.query("select count(*) from item", r -> r.getInt(1)).get(0));
                assertEquals(List.of(1), viaSql);
                // With a pool statement it is refused as if another thread were using the connection:
                AtomicReference<SQLException> nested = new AtomicReference<>();
                tx.query(ids, rs -> {
                    try {
                        return tx.query("select count(*) from item", r -> r.getInt(1)).get(0);
                    } catch (SQLException e) {
                        nested.set(e);
                        return -1;
                    }
                });
                assertNull(nested.get(), "nested call on the same thread refused: "
                        + (nested.get() == null ? "" : nested.get().getSQLState() + " " + nested.get().getMessage()));
            }
        }
    }

    /**
     * A statement closed by a stale thread while the owner's close() waits for a shared call: the stale close finds
     * the lease ending and touches nothing, and the return closes the physical statement before the next borrower
     * gets the connection. (Were the statement marked closed first, the return would skip it and leave it open.)
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void staleStatementClose_racingOwnersClose_isStillClosedByTheReset() throws Exception {
        String name = PoolFixtures.uniqueName("lease-stale-close");
        StubDriver.server(name);
        String url = "jdbc:stub:" + name;
        CountDownLatch validInside = new CountDownLatch(1);
        CountDownLatch validRelease = new CountDownLatch(1);
        AtomicInteger staleCloses = new AtomicInteger();
        AtomicReference<Statement> realStatement = new AtomicReference<>();
        try (Pool pool = PoolCheck.open(new PoolConfig().name(name).maxOpen(1).maxIdle(1).dataSource(dataSource(() -> {
            Connection real = DriverManager.getConnection(url);
            return intercept(Connection.class, real, (target, method, args) -> {
                if (method.getName().equals("isValid") && validInside.getCount() > 0) {
                    validInside.countDown();
                    validRelease.await(AWAIT_SECONDS, TimeUnit.SECONDS);
                    return true;
                }
                if (method.getName().equals("createStatement") && method.getParameterCount() == 0) {
                    Statement statement = real.createStatement();
                    realStatement.set(statement);
                    return intercept(Statement.class, statement, (st, m, a) -> {
                        if (m.getName().equals("close") && Thread.currentThread().getName().equals("stale")) {
                            staleCloses.incrementAndGet();
                        }
                        return PASS;
                    });
                }
                return PASS;
            });
        })))) {
            Connection c = pool.getConnection();
            Statement kept = c.createStatement();
            ProxyConnection proxy = (ProxyConnection) c;

            CompletableFuture<Boolean> checker = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.isValid(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, TEST_THREADS);
            assertTrue(validInside.await(AWAIT_SECONDS, TimeUnit.SECONDS));
            CompletableFuture<Void> owner = CompletableFuture.runAsync(proxy::close, TEST_THREADS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
            while (!proxy.closed() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(proxy.closed(), "the owner's close() has ended the lease and waits for the shared call");

            Thread stale = new Thread(() -> {
                try {
                    kept.close();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "stale");
            stale.start();
            stale.join(TimeUnit.SECONDS.toMillis(AWAIT_SECONDS));
            assertFalse(stale.isAlive(), "the stale close returned");
            assertEquals(0, staleCloses.get(), "the stale close touched nothing once the lease was ending");

            validRelease.countDown();
            checker.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            owner.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            try (Connection next = pool.getConnection()) {
                assertTrue(realStatement.get().isClosed(), "the return closed the previous lease's statement before"
                        + " the connection was lent again");
                next.createStatement().close();
            }
        } finally {
            validRelease.countDown();
        }
    }

    /**
     * Result sets of metadata queries are tracked like statements: one left open is closed on return, so the next
     * borrower inherits no cursor or server resources.
     */
    @Test
    void metadataResultSetLeftOpen_isClosedWhenTheConnectionIsReturned() throws Exception {
        String db = PoolFixtures.uniqueName("r1-mdrs");
        try (Pool pool = PoolCheck.open(h2Config(db).maxOpen(1).maxIdle(1))) {
            pool.exec("create table item(id int primary key)");
            Connection a = pool.getConnection();
            ResultSet tables = a.getMetaData().getTables(null, null, "%", null);
            ResultSet rows = a.createStatement().executeQuery("select * from item");
            a.close();
            assertTrue(rows.isClosed(), "a statement's result set is closed by the reset (for contrast)");
            assertTrue(tables.isClosed(), "a metadata result set left open outlives the lease on the physical"
                    + " connection");
        }
    }

    /**
     * Result-set and parameter metadata are the borrower's too: kept past close(), they refuse every call (a driver
     * may query the catalog to answer them), while during the lease they work.
     */
    @Test
    void keptResultSetAndParameterMetaData_afterClose_areRefused() throws Exception {
        String db = PoolFixtures.uniqueName("lease-md");
        try (Pool pool = PoolCheck.open(h2Config(db).maxOpen(1).maxIdle(1))) {
            pool.exec("create table item(id int primary key, name varchar(10))");
            Connection a = pool.getConnection();
            PreparedStatement ps = a.prepareStatement("select id, name from item where id = ?");
            ps.setInt(1, 1);
            ResultSetMetaData columns = ps.executeQuery().getMetaData();
            ParameterMetaData parameters = ps.getParameterMetaData();
            assertEquals(2, columns.getColumnCount(), "during the lease the metadata works");
            assertEquals(1, parameters.getParameterCount());
            a.close();
            try (Connection b = pool.getConnection()) {
                assertEquals("08003", assertThrows(SQLException.class, columns::getColumnCount).getSQLState());
                assertEquals("08003", assertThrows(SQLException.class, parameters::getParameterCount).getSQLState());
                assertThrows(SQLException.class, () -> columns.unwrap(ResultSetMetaData.class).getColumnName(1));
                assertFalse(b.isClosed());
            }
        }
    }

    /**
     * A one-shot query hands its mapper a result set of a lease of its own: {@code getStatement()} leads nowhere
     * near the physical connection, and a result set the mapper keeps refuses every call once the query is over.
     */
    @Test
    void oneShotQueryMapper_cannotKeepAWayToTheConnection() throws Exception {
        String db = PoolFixtures.uniqueName("lease-oneshot");
        try (Pool pool = PoolCheck.open(h2Config(db).maxOpen(1).maxIdle(1))) {
            pool.exec("create table item(id int primary key)");
            pool.exec("insert into item values (1)");
            AtomicReference<ResultSet> kept = new AtomicReference<>();
            List<Integer> ids = pool.query("select id from item", rs -> {
                kept.set(rs);
                assertNull(rs.getStatement(), "no way back to the physical statement and connection");
                return rs.getInt(1);
            });
            assertEquals(List.of(1), ids);
            assertEquals("08003", assertThrows(SQLException.class, () -> kept.get().getInt(1)).getSQLState());
            assertThrows(SQLException.class, () -> kept.get().unwrap(ResultSet.class));

            try (Stmt byId = pool.prepare("select id from item where id = ?")) {
                byId.query(rs -> {
                    kept.set(rs);
                    return rs.getInt(1);
                }, 1);
                assertThrows(SQLException.class, () -> kept.get().next(), "a pool statement's mapper likewise");
            }
        }
    }
}
