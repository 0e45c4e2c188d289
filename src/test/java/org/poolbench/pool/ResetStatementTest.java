package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.poolbench.pool.PoolFixtures.stubConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * The opt-in reset statement ({@link PoolConfig#resetStatement}) on the stub driver: when it runs, in which
 * auto-commit mode, and what a failure does. What it undoes on a real server is {@code PgResetStatementTest}'s.
 */
@ExtendWith(PoolCheck.class)
class ResetStatementTest {

    @Test
    void return_withResetStatement_runsItOncePerReturn() throws SQLException {
        String name = PoolFixtures.uniqueName("reset-stmt");
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, "").resetStatement("DISCARD ALL"))) {
            pool.getConnection().close();
            pool.getConnection().close();
            assertEquals(2, server.executions(), "one reset statement per return");
            assertEquals(1, server.opened());
            assertEquals(0, server.closed());
        }
    }

    @Test
    void return_withoutResetStatement_runsNothing() throws SQLException {
        String name = PoolFixtures.uniqueName("reset-stmt");
        StubServer server = StubDriver.server(name);
        try (Pool pool = PoolCheck.open(stubConfig(name, ""))) {
            pool.getConnection().close();
            assertEquals(0, server.executions());
        }
    }

    @Test
    void return_onManualCommitSession_runsResetStatementUnderAutoCommitThenRestoresManualCommit()
            throws SQLException {
        String name = PoolFixtures.uniqueName("reset-stmt");
        PoolCheck.watch(name);
        List<Boolean> autoCommitAtReset = new CopyOnWriteArrayList<>();
        List<StubConnection> opened = new CopyOnWriteArrayList<>();
        try (Pool pool = PoolCheck.open(new PoolConfig().resetStatement("DISCARD ALL")
                .dataSource(PoolFixtures.dataSource(() -> {
                    StubConnection stub = StubDriver.instance().connect("jdbc:stub:" + name, new java.util.Properties());
                    stub.setAutoCommit(false); // a driver whose sessions start in manual commit
                    opened.add(stub);
                    return PoolFixtures.intercept(Connection.class, stub, (real, method, args) -> {
                        if (method.getName().equals("createStatement")) {
                            autoCommitAtReset.add(stub.getAutoCommit());
                        }
                        return PoolFixtures.PASS;
                    });
                })))) {
            pool.getConnection().close();
            assertEquals(List.of(true), autoCommitAtReset, "the reset statement ran outside a transaction");
            assertFalse(opened.get(0).getAutoCommit(), "the session's own mode is back");
            assertEquals(0, pool.stats().closed());
        }
    }

    @Test
    void return_resetStatementFails_connectionDiscarded() throws SQLException {
        String name = PoolFixtures.uniqueName("reset-stmt");
        PoolCheck.watch(name);
        try (Pool pool = PoolCheck.open(new PoolConfig().resetStatement("DISCARD ALL")
                .dataSource(PoolFixtures.dataSource(() -> {
                    StubConnection stub = StubDriver.instance().connect("jdbc:stub:" + name, new java.util.Properties());
                    return PoolFixtures.intercept(Connection.class, stub, (real, method, args) -> {
                        if (method.getName().equals("createStatement")) {
                            throw new SQLException("injected reset failure", "42883");
                        }
                        return PoolFixtures.PASS;
                    });
                })))) {
            pool.getConnection().close();
            PoolStats s = pool.stats();
            assertEquals(1, s.closed(), "a connection whose reset statement failed is never lent again");
            assertEquals(0, s.idle());
            assertEquals(1, StubDriver.server(name).closed());
        }
    }
}
