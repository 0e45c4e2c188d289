package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Idle connections whose server sessions were ended under them, on the real PostgreSQL server: each stale one
 * answers its next statement with SQLState 57P01 (admin_shutdown), as after {@code pg_terminate_backend}, a fast
 * shutdown or a restart. The pool treats that as a connection error: the connection is discarded, a one-shot
 * operation is retried (the server did not complete the statement), a statement inside a transaction is not.
 */
@ExtendWith(PoolCheck.class)
class PgServerTerminationTest {

    /**
     * Leaves {@code n} idle connections in {@code pool} and returns their server process ids: borrows them all at
     * once so that each is a different connection.
     */
    private static List<Integer> idleBackends(Pool pool, int n) throws SQLException {
        pool.setMaxIdle(n);
        List<Connection> held = new ArrayList<>();
        List<Integer> pids = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Connection c = pool.getConnection();
                held.add(c);
                pids.add(backendPid(c));
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertEquals(n, pool.stats().idle());
        return pids;
    }

    private static int backendPid(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Ends these server sessions from outside the pool and waits (bounded) until each process has exited. */
    private static void terminate(List<Integer> pids) throws SQLException {
        try (Connection direct = PgFixtures.direct();
                PreparedStatement ps = direct.prepareStatement("select pg_terminate_backend(?, 10000)")) {
            for (int pid : pids) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertTrue(rs.getBoolean(1), "backend " + pid + " terminated within 10 s");
                }
            }
        }
    }

    @Test
    void query_afterIdleBackendsTerminated_isRetriedOnAFreshConnection() throws SQLException {
        Pool pool = PgFixtures.open();
        terminate(idleBackends(pool, 3));

        // Two stale pooled connections, then the retry on a new one: the caller sees no failure.
        assertEquals(List.of(1), pool.query("select 1", rs -> rs.getInt(1)));
        PoolStats s = pool.stats();
        assertEquals(2, s.badConnRetries());
        assertEquals(2, s.closed(), "both stale connections discarded");
        assertEquals(4, s.opened());
        assertEquals(2, s.idle(), "the fresh connection and the stale one the attempts did not reach");
        // The third stale connection is still idle behind the fresh one (LIFO): hold the fresh one, and the next
        // one-shot meets the stale one and is retried in its turn.
        try (Connection fresh = pool.getConnection()) {
            assertEquals(0, pool.exec("do $$ begin end $$"));
        }
        s = pool.stats();
        assertEquals(3, s.badConnRetries());
        assertEquals(3, s.closed(), "every stale connection discarded");
        assertEquals(0, s.inUse());
    }

    @Test
    void txStatement_afterBackendTerminated_failsWith57P01AndIsNotRetried() throws SQLException {
        Pool pool = PgFixtures.open();
        terminate(idleBackends(pool, 1));

        // pgjdbc sends nothing when auto-commit goes off, so the transaction starts on the stale connection.
        Tx tx = pool.begin();
        try {
            SQLException e = assertThrows(SQLException.class, () -> tx.exec("select 1"));
            assertEquals("57P01", e.getSQLState());
        } finally {
            // The server ended the session, and with it the transaction: closing must not fail for pgjdbc's refusal
            // to roll back on a connection it has closed.
            tx.close();
        }
        assertFalse(tx.isActive());
        PoolStats s = pool.stats();
        assertEquals(0, s.badConnRetries(), "a statement inside a transaction is never retried");
        assertEquals(1, s.closed(), "the terminated connection was discarded");
        assertEquals(0, s.idle());
        assertEquals(List.of(1), pool.query("select 1", rs -> rs.getInt(1)));
        assertEquals(0, pool.stats().badConnRetries());
    }
}
