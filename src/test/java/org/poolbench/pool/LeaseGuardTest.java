package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.AWAIT_SECONDS;
import static org.poolbench.pool.PoolFixtures.PASS;
import static org.poolbench.pool.PoolFixtures.TEST_THREADS;
import static org.poolbench.pool.PoolFixtures.await;
import static org.poolbench.pool.PoolFixtures.dataSource;
import static org.poolbench.pool.PoolFixtures.h2Config;
import static org.poolbench.pool.PoolFixtures.intercept;
import static org.poolbench.pool.PoolFixtures.stubConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbc.JdbcDatabaseMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubResultSet;
import org.poolbench.driver.StubServer;
import org.poolbench.driver.StubStatement;

/**
 * A handle kept past its lease (a metadata object, a statement, a result set, a {@link Tx} another thread still
 * uses) never reaches the connection once it is lent to the next borrower: {@code unwrap} and
 * {@code isWrapperFor} check the lease like every other method, and a call in flight on the physical connection
 * holds the lease's end back until it leaves.
 */
@ExtendWith(PoolCheck.class)
class LeaseGuardTest {

    // ---------------------------------------------------------------- unwrap checks the lease

    @Test
    void keptMetaData_unwrapAfterClose_cannotCommitNextBorrowersTransaction() throws SQLException {
        String db = PoolFixtures.uniqueName("lease-md");
        try (Pool pool = PoolCheck.open(h2Config(db).maxOpen(1).maxIdle(1))) {
            pool.exec("create table item(id int primary key)");
            Connection a = pool.getConnection();
            DatabaseMetaData kept = a.getMetaData();
            a.close();

            try (Connection b = pool.getConnection()) {
                b.setAutoCommit(false);
                b.createStatement().executeUpdate("insert into item values (1)");
                SQLException refused = assertThrows(SQLException.class, () -> kept.unwrap(JdbcDatabaseMetaData.class));
                assertEquals("08003", refused.getSQLState());
                assertThrows(SQLException.class, () -> kept.isWrapperFor(JdbcDatabaseMetaData.class));
                b.rollback();
            }
            assertEquals(List.of(0), pool.query("select count(*) from item", rs -> rs.getInt(1)),
                    "b's rollback undid its insert: nothing committed it behind its back");
        }
    }

    @Test
    void keptStatementAndResultSet_unwrapAfterClose_areRefused() throws SQLException {
        String name = PoolFixtures.uniqueName("lease-unwrap");
        try (Pool pool = PoolCheck.open(stubConfig(name).maxOpen(1))) {
            Connection a = pool.getConnection();
            Statement statement = a.createStatement();
            ResultSet rows = a.createStatement().executeQuery("select 1");
            assertTrue(statement.isWrapperFor(StubStatement.class), "while the lease lives, unwrapping works");
            a.close();

            try (Connection b = pool.getConnection()) {
                assertThrows(SQLException.class, () -> statement.unwrap(StubStatement.class));
                assertThrows(SQLException.class, () -> statement.isWrapperFor(StubStatement.class));
                assertThrows(SQLException.class, () -> rows.unwrap(StubResultSet.class));
                assertThrows(SQLException.class, () -> rows.isWrapperFor(StubResultSet.class));
                assertFalse(b.isClosed());
            }
        }
    }

    // ---------------------------------------------------------------- one call at a time on a lease

    /**
     * A pool whose physical connections hold {@code setReadOnly} and {@code executeQuery} until {@code release}
     * opens, after counting down {@code inside}: a test can keep one call in flight while another thread calls.
     */
    private static Pool holdingPool(String name, CountDownLatch inside, CountDownLatch release) {
        return holdingPool(name, inside, release, new AtomicInteger());
    }

    /** As above, counting the physical statements' {@code cancel()} calls in {@code cancels}. */
    private static Pool holdingPool(String name, CountDownLatch inside, CountDownLatch release, AtomicInteger cancels) {
        String url = "jdbc:stub:" + name;
        return PoolCheck.open(new PoolConfig().name(name).maxOpen(1).dataSource(dataSource(() -> {
            Connection real = DriverManager.getConnection(url);
            return intercept(Connection.class, real, (target, method, args) -> {
                if (method.getName().equals("setReadOnly")) {
                    inside.countDown();
                    release.await(AWAIT_SECONDS, TimeUnit.SECONDS);
                    return PASS;
                }
                if (method.getName().equals("createStatement") && method.getParameterCount() == 0) {
                    Statement statement = real.createStatement();
                    return intercept(Statement.class, statement, (st, m, a) -> {
                        if (m.getName().equals("executeQuery")) {
                            inside.countDown();
                            release.await(AWAIT_SECONDS, TimeUnit.SECONDS);
                        } else if (m.getName().equals("cancel")) {
                            cancels.incrementAndGet();
                        }
                        return PASS;
                    });
                }
                return PASS;
            });
        })));
    }

    @Test
    void secondThreadsCall_whileACallIsInFlight_isRefusedNamingTheMisuse() throws Exception {
        String name = PoolFixtures.uniqueName("lease-one-at-a-time");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Pool pool = holdingPool(name, inside, release); Connection c = pool.getConnection()) {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
                try {
                    c.setReadOnly(true);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, TEST_THREADS);
            assertTrue(inside.await(AWAIT_SECONDS, TimeUnit.SECONDS), "the first call is in flight");

            SQLException refused = assertThrows(SQLException.class, () -> c.setAutoCommit(false));
            assertEquals("HY010", refused.getSQLState());
            assertTrue(refused.getMessage().contains("in use by another thread"), refused.getMessage());
            assertTrue(refused.getMessage().contains(name), refused.getMessage());
            assertThrows(SQLException.class, c::createStatement, "statement creation is refused too");
            assertFalse(c.isClosed(), "isClosed is for any thread");
            assertTrue(c.isValid(1), "isValid is for any thread");

            release.countDown();
            await(first);
            assertTrue(c.getAutoCommit(), "the refused call changed nothing");
            c.setAutoCommit(false); // once the first call has left, calls go through again
            c.setAutoCommit(true);
            assertTrue(c.isReadOnly());
        }
        try (Pool pool = holdingPool(name + "-after", new CountDownLatch(1), new CountDownLatch(0));
             Connection c = pool.getConnection()) {
            assertFalse(c.isReadOnly(), "a fresh pool's connection, for contrast");
        }
    }

    @Test
    void cancel_fromAnotherThreadWhileAStatementRuns_reachesTheDriver() throws Exception {
        String name = PoolFixtures.uniqueName("lease-cancel");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger cancels = new AtomicInteger();
        try (Pool pool = holdingPool(name, inside, release, cancels); Connection c = pool.getConnection()) {
            Statement statement = c.createStatement();
            CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rows = statement.executeQuery("select 1")) {
                    return null;
                } catch (SQLException e) {
                    return e; // the statement was closed under it: the driver's own answer, not the pool's refusal
                }
            }, TEST_THREADS);
            assertTrue(inside.await(AWAIT_SECONDS, TimeUnit.SECONDS), "the query is in flight");

            statement.cancel(); // JDBC's one statement call meant for another thread: not refused
            assertEquals(1, cancels.get(), "the cancel reached the driver");
            statement.close(); // beside the running query: closes the physical statement, not refused

            release.countDown();
            SQLException queryFailure = await(running);
            if (queryFailure != null) {
                assertFalse("HY010".equals(queryFailure.getSQLState()), "the running query was never refused");
            }
            c.createStatement().close(); // the connection works on once the query has left
        }
    }

    // ---------------------------------------------------------------- a second thread on one lease

    /**
     * The owner runs transactions while a second thread (the misuse) keeps running statements through the same
     * {@link Tx}, and an innocent borrower takes the one connection in turn. Every prepare takes 100 us, so the
     * misusing thread is usually inside one when the owner commits. No execution may happen on the innocent's
     * lease but its own, and no innocent call may fail; the misusing thread gets only {@link SQLException}s.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void txUsedByASecondThreadWhileItsOwnerEndsIt_neverReachesTheNextBorrower() throws Exception {
        String name = PoolFixtures.uniqueName("lease-misuse");
        StubServer server = StubDriver.server(name);
        int transactions = 400;
        int innocentStatements = 3;
        AtomicReference<Tx> shared = new AtomicReference<>();
        AtomicInteger ownerDone = new AtomicInteger();
        AtomicInteger foreignExecutions = new AtomicInteger();
        AtomicInteger ownerRefusals = new AtomicInteger();
        List<Throwable> innocentFailures = new ArrayList<>();
        List<Throwable> misuseFailures = new ArrayList<>();
        List<Throwable> ownerFailures = new ArrayList<>();

        try (Pool pool = PoolCheck.open(stubConfig(name, ";prepareLatency=100us").maxOpen(1).maxIdle(1))) {
            Thread owner = new Thread(() -> {
                try {
                    for (int i = 0; i < transactions; i++) {
                        try (Tx tx = pool.begin()) {
                            shared.set(tx);
                            tx.exec("update owner");
                            tx.commit();
                        } catch (SQLException e) {
                            // The misusing thread's call was in flight: the owner's overlapping call is refused,
                            // naming the misuse, and the transaction rolls back. Anything else is a failure.
                            if (!"HY010".equals(e.getSQLState())) {
                                throw e;
                            }
                            ownerRefusals.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    ownerFailures.add(t);
                } finally {
                    ownerDone.set(1);
                }
            }, "owner");
            Thread misuse = new Thread(() -> {
                while (ownerDone.get() == 0) {
                    Tx tx = shared.get();
                    if (tx == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    try {
                        tx.exec("update misuse");
                    } catch (SQLException expected) {
                        // the lease has ended: the misuse is refused
                    } catch (Throwable t) {
                        misuseFailures.add(t);
                    }
                }
            }, "misuse");
            Thread innocent = new Thread(() -> {
                while (ownerDone.get() == 0) {
                    try (Connection c = pool.getConnection()) {
                        long before = server.executions();
                        for (int i = 0; i < innocentStatements; i++) {
                            try (PreparedStatement ps = c.prepareStatement("update innocent")) {
                                ps.executeUpdate();
                            }
                        }
                        if (server.executions() - before != innocentStatements) {
                            foreignExecutions.incrementAndGet();
                        }
                    } catch (Throwable t) {
                        innocentFailures.add(t);
                        if (innocentFailures.size() > 20) {
                            return;
                        }
                    }
                }
            }, "innocent");
            owner.start();
            misuse.start();
            innocent.start();
            owner.join(TimeUnit.SECONDS.toMillis(50));
            ownerDone.set(1);
            misuse.join(TimeUnit.SECONDS.toMillis(5));
            innocent.join(TimeUnit.SECONDS.toMillis(5));
            assertFalse(owner.isAlive() || misuse.isAlive() || innocent.isAlive(), "the threads finished");

            assertEquals(List.of(), ownerFailures, "the owner's own transactions fail only with the misuse named");
            assertTrue(ownerRefusals.get() < transactions, "some of the owner's transactions went through");
            assertEquals(List.of(), innocentFailures, "the innocent borrower never suffers the misuse");
            assertEquals(0, foreignExecutions.get(), "no statement ran on the innocent borrower's lease but its own");
            assertEquals(List.of(), misuseFailures, "the misusing thread fails only with SQLException");
            PoolStats stats = pool.stats();
            assertEquals(0, stats.inUse(), "every connection came back");
            assertEquals(stats.open(), server.live(), "pool and driver agree");
        }
    }
}
