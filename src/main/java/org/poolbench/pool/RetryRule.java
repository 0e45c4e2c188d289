package org.poolbench.pool;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;

/**
 * The one home of the retry rule: when an operation the pool runs on a connection of its own choosing is tried
 * again, and how often.
 *
 * <h2>The rule</h2>
 * Go retries an operation that failed with {@code driver.ErrBadConn}, which a Go driver returns only when it knows
 * the request was not sent, whether the failure came from using a pooled connection or from opening a new one:
 * twice on a pooled connection ({@code maxBadConnRetries}), then once on a new one ({@code alwaysNewConn}). JDBC has
 * no such signal, so here an attempt is retried only when it failed with a <b>connection-class error</b> (SQLState
 * class 08; 57P01, 57P02 or 57P03, the server ending the session; {@link SQLNonTransientConnectionException} or
 * {@link SQLRecoverableException}; anywhere in the cause chain; see {@link #isConnectionError}) <em>and</em> the
 * work <b>cannot have run</b>:
 * <ul>
 *   <li>opening the connection failed (a failed connect sent nothing), and time is left before the deadline;</li>
 *   <li>or the failure came before the execute call (while validating, preparing or binding, or starting a
 *       transaction): the caller marks the moment with {@link #markSent} just before it executes;</li>
 *   <li>or the execute failed with a state that proves the work was not done ({@link #provesNotDone}): 08003,
 *       "connection does not exist", where the driver refused before sending; or 57P01 (admin_shutdown), 57P02
 *       (crash_shutdown) or 57P03 (cannot_connect_now), where the server ended the session instead of completing
 *       the statement, which rolls back the statement's transaction. A one-shot operation's transaction is its own
 *       (auto-commit, or the commit {@link #finishOneShot} adds), so nothing of it was committed. This is what Go
 *       with lib/pq does: the driver maps such a fatal server error to {@code driver.ErrBadConn}.</li>
 * </ul>
 * Any other connection failure during or after the execute call is never retried, because the database may have
 * done the work. Attempts: at most {@value #POOLED_ATTEMPTS} that take a pooled connection (or open one if none is idle),
 * then one on a new connection; {@value #ATTEMPTS} in all, within one acquire timeout (a retry never extends the
 * caller's wait). The exception thrown at the end carries the previous attempt's failure as a suppressed exception,
 * which carries the one before it. Statements inside a transaction, and plain {@link Pool#getConnection()}, are
 * never retried, whatever the state: the caller owns what happens on that connection, and a transaction's earlier
 * statements died with the session, so running the last one again elsewhere would commit it alone. Their
 * connection-class failures still mark the connection broken, so it is discarded on return.
 *
 * <p>The pool's own acquire timeout also has a connection-class failure in its cause chain (the last connect
 * failure), but it is never retried: it is only thrown once the deadline has passed.
 */
final class RetryRule {
    /** Go's {@code maxBadConnRetries}: attempts on pooled connections before one on a new connection. */
    static final int POOLED_ATTEMPTS = 2;
    /** Every attempt of one operation: the pooled ones and the one on a new connection. */
    static final int ATTEMPTS = POOLED_ATTEMPTS + 1;

    private RetryRule() {
    }

    /** Work on a connection the pool chose, for {@link #run}. */
    @FunctionalInterface
    interface Work<T> {
        T run(PoolEntry e) throws SQLException;
    }

    /**
     * Runs {@code work} on a borrowed connection under the rule above. With {@code release} the connection goes
     * back when the work is done; without it, a successful result keeps it (the work has wrapped it in something
     * that will return it).
     */
    static <T> T run(PoolCore core, long timeoutNanos, boolean release, Work<T> work) throws SQLException {
        // One deadline for all attempts, as Go's context: a retry never extends the caller's wait.
        long deadline = core.clock.nanoTime() + timeoutNanos;
        SQLException previous = null;
        for (int attempt = 0; ; attempt++) {
            boolean lastAttempt = attempt + 1 >= ATTEMPTS;
            long left = attempt == 0 ? timeoutNanos : deadline - core.clock.nanoTime();
            PoolEntry e;
            try {
                e = core.acquire(left, attempt >= POOLED_ATTEMPTS);
            } catch (SQLException ex) {
                withEarlier(ex, previous);
                // Only a failed connect reaches here with a connection-class error and time left: a timeout is
                // thrown at the deadline, a closed pool or an interrupt carries no connection-class state.
                if (lastAttempt || !isConnectionError(ex) || deadline - core.clock.nanoTime() <= 0) {
                    throw ex;
                }
                core.badConnRetries.increment();
                previous = ex;
                continue;
            }
            e.sent = false;
            // On a manual-commit session the work opens a transaction; unless it commits, the return rolls it back.
            e.txDirty = !e.autoCommit;
            T result;
            try {
                result = work.run(e);
            } catch (SQLException ex) {
                boolean bad = isConnectionError(ex);
                boolean notRun = !e.sent || provesNotDone(ex);
                if (bad) {
                    e.broken = true;
                }
                core.release(e);
                withEarlier(ex, previous);
                if (!bad || !notRun || lastAttempt) {
                    throw ex;
                }
                core.badConnRetries.increment();
                previous = ex;
                continue;
            } catch (RuntimeException | Error ex) {
                core.release(e);
                withEarlier(ex, previous);
                throw ex;
            }
            if (release) {
                core.release(e);
            }
            return result;
        }
    }

    /**
     * Marks the moment the work may reach the database: call it just before the execute call. From here on a
     * connection failure may mean the work was done, so it is retried only if {@link #provesNotDone} says otherwise.
     */
    static void markSent(PoolEntry e) {
        e.sent = true;
    }

    /**
     * Ends a one-shot operation's work on a connection whose driver default is manual commit: one-shot operations
     * mean "run it and be done", as Go's {@code DB.Exec} does on an auto-committing session. The commit comes after
     * {@link #markSent}, so its failure is never retried.
     */
    static void finishOneShot(PoolEntry e) throws SQLException {
        if (!e.autoCommit) {
            e.raw.commit();
            e.txDirty = false;
        }
    }

    /**
     * Whether {@code e} says the connection itself is unusable: SQLState class 08, a state of
     * {@link #isServerTermination the server ending the session}, or a {@link SQLNonTransientConnectionException}
     * or {@link SQLRecoverableException} (JDBC's "close the connection and start again"), anywhere in the cause
     * chain. Such a connection is also discarded on return.
     */
    static boolean isConnectionError(Throwable e) {
        for (int depth = 0; e != null && depth < 8; depth++, e = e.getCause()) {
            if (e instanceof SQLNonTransientConnectionException || e instanceof SQLRecoverableException) {
                return true;
            }
            if (e instanceof SQLException sql
                    && (isConnectionClass(sql.getSQLState()) || isServerTermination(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionClass(String sqlState) {
        return sqlState != null && sqlState.startsWith("08");
    }

    /**
     * Whether {@code sqlState} is the server ending the session: 57P01 (admin_shutdown: {@code pg_terminate_backend},
     * a smart or fast shutdown), 57P02 (crash_shutdown: another backend crashed) or 57P03 (cannot_connect_now: the
     * server is starting or stopping). PostgreSQL sends them as fatal errors and closes the session, and pgjdbc
     * reports them in a plain {@link SQLException}, not a connection-class one, so the state is all there is to go
     * by. Other class-57 states are not a lost session (57014 is a cancelled statement; 57P04, a dropped database,
     * leaves nothing to retry against).
     */
    static boolean isServerTermination(String sqlState) {
        return "57P01".equals(sqlState) || "57P02".equals(sqlState) || "57P03".equals(sqlState);
    }

    /**
     * Whether {@code e} proves the work was not done even though execution had begun: the driver refused because it
     * already knew the connection was gone (SQLState 08003, "connection does not exist"), or the server ended the
     * session instead of completing the statement ({@link #isServerTermination}), which rolls back its transaction.
     * The state is read where the driver put it, on the exception itself, not from a cause some wrapper chained.
     */
    static boolean provesNotDone(SQLException e) {
        String state = e.getSQLState();
        return "08003".equals(state) || isServerTermination(state);
    }

    /** Attaches the failure of the previous attempt, so the last exception tells the whole story. */
    private static <X extends Throwable> X withEarlier(X last, SQLException previous) {
        if (previous != null && previous != last) {
            last.addSuppressed(previous);
        }
        return last;
    }
}
