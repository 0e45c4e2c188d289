package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.poolbench.pool.PoolFixtures.await;
import static org.poolbench.pool.PoolFixtures.awaitFailure;
import static org.poolbench.pool.PoolFixtures.borrowAsync;
import static org.poolbench.pool.PoolFixtures.namedStubConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * The barging protocol's single wake-up ({@code awake}): a returner that sees a waiter already awake does not wake
 * anyone, trusting that waiter to look at the table. If that waiter then leaves the queue without looking (served
 * another way, timed out, interrupted), the wake-up must pass to the next waiter, or that one waits beside an idle
 * connection that nobody will tell it about.
 *
 * <p>The barge limit is set above the acquire timeouts, so waiters park until their deadline, as waiters that
 * started to wait while the pool was in hand-off mode do; the manual clock never reaches the second waiter's
 * deadline, so only a wake-up can serve it.
 */
@ExtendWith(PoolCheck.class)
class LostWakeUpTest {

    private static long physicalId(Connection c) throws SQLException {
        return c.unwrap(StubConnection.class).id();
    }

    /**
     * maxOpen 2, maxIdle 1, both lent, waiters W1 and W2. A comes back: idle, W1 woken (awake). Before W1 looks,
     * B comes back: over max idle, so it is closed, and its freed slot is granted to W1, the first waiter, which
     * leaves to open a connection. A stays idle and W2, parked until its deadline, is never woken.
     */
    @Test
    void awakeWaiterGrantedASlotInstead_nextWaiterStillGetsTheIdleConnection() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("lost-wake-grant", clock).maxOpen(2).maxIdle(1)
                .bargeLimit(Duration.ofMinutes(5)))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            long idA = physicalId(a);
            CompletableFuture<Connection> w1 = borrowAsync("lost-wake-grant-w1", pool::getConnection);
            clock.awaitParkedCount(1);
            CompletableFuture<Connection> w2 = borrowAsync("lost-wake-grant-w2", pool::getConnection);
            clock.awaitParkedCount(2);

            PoolCore core = PoolCheck.core(pool);
            core.lock.lock(); // W1, once woken, cannot look before we are done
            try {
                a.close(); // gate shut (open 2 > maxIdle 1): placed under the lock, idle, W1 marked awake
                assertEquals(1, pool.stats().idle());
                b.close(); // idle count at max idle: closed; the freed slot goes to W1
            } finally {
                core.lock.unlock();
            }
            Connection c1 = await(w1); // W1 opened a new connection in the freed slot
            try {
                Connection c2 = await(w2); // fails (times out) while the wake-up is lost
                assertEquals(idA, physicalId(c2), "W2 got the connection that was idle");
                c2.close();
            } finally {
                c1.close();
            }
        }
    }

    /**
     * maxOpen 1, W1 (1 s timeout) then W2 (default timeout) wait. W1's deadline comes; it looks once more, finds
     * nothing, and is about to leave. The connection comes back now: the returner marks W1 awake and wakes it, but W1
     * leaves on its timeout without looking, and W2 is never woken.
     */
    @Test
    void awakeWaiterTimesOutWithoutLooking_nextWaiterStillGetsTheIdleConnection() throws Exception {
        ManualClock manual = new ManualClock();
        AtomicReference<PoolCore> coreRef = new AtomicReference<>();
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch w1AtLoopTop = new CountDownLatch(1);
        CountDownLatch letW1Go = new CountDownLatch(1);
        // Holds W1 at its first clock reading outside the pool's lock once armed: the top of its wait loop, right
        // after the look it made when its park returned at the deadline.
        PoolClock clock = new PoolClock() {
            @Override
            public long nanoTime() {
                PoolCore core = coreRef.get();
                if (core != null && Thread.currentThread().getName().equals("lost-wake-timeout-w1")
                        && !core.lock.isHeldByCurrentThread() && armed.compareAndSet(true, false)) {
                    w1AtLoopTop.countDown();
                    try {
                        if (!letW1Go.await(10, TimeUnit.SECONDS)) {
                            throw new AssertionError("the test never released W1");
                        }
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
                return manual.nanoTime();
            }

            @Override
            public void parkNanos(Object blocker, long nanos) {
                manual.parkNanos(blocker, nanos);
            }
        };
        try (Pool pool = PoolCheck.open(PoolFixtures.stubConfig("lost-wake-timeout").name("lost-wake-timeout")
                .clock(clock).maxOpen(1).maxIdle(1).bargeLimit(Duration.ofMinutes(5)))) {
            coreRef.set(PoolCheck.core(pool));
            Connection held = pool.getConnection();
            long heldId = physicalId(held);
            CompletableFuture<Connection> w1 =
                    borrowAsync("lost-wake-timeout-w1", () -> pool.getConnection(Duration.ofSeconds(1)));
            manual.awaitParkedCount(1);
            CompletableFuture<Connection> w2 = borrowAsync("lost-wake-timeout-w2", pool::getConnection);
            manual.awaitParkedCount(2);

            armed.set(true);
            manual.advance(Duration.ofSeconds(1)); // W1's deadline, not W2's
            assertEquals(true, w1AtLoopTop.await(10, TimeUnit.SECONDS), "W1 reached the top of its wait loop");
            held.close(); // fast return: idle, and W1 (first, none awake) is marked awake and unparked
            letW1Go.countDown();

            assertInstanceOf(SQLTransientConnectionException.class, awaitFailure(w1), "W1 timed out");
            Connection c2 = await(w2); // fails (times out) while the wake-up is lost
            assertEquals(heldId, physicalId(c2), "W2 got the connection that was idle");
            c2.close();
        }
    }

    /**
     * maxOpen 2, maxIdle 1, both lent, one waiter. A comes back (idle, the waiter is woken); before the waiter looks,
     * B comes back with the idle count at max idle. The previous core handed B to the waiter (Go hands a returned
     * connection to a waiting request before it looks at max idle); closing B instead makes the waiter open a new
     * physical connection in B's slot: a close and a connect, on the database, while a thread waits.
     */
    @Test
    void returnAtMaxIdleWhileAThreadWaits_goesToTheWaiterInsteadOfClosingAndReopening() throws Exception {
        StubServer server = StubDriver.server("lost-wake-churn");
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("lost-wake-churn", clock).maxOpen(2).maxIdle(1)
                .bargeLimit(Duration.ofMinutes(5)))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            CompletableFuture<Connection> w1 = borrowAsync("lost-wake-churn-w1", pool::getConnection);
            clock.awaitParkedCount(1);

            PoolCore core = PoolCheck.core(pool);
            core.lock.lock(); // the woken waiter cannot look before we are done
            try {
                a.close();
                b.close();
            } finally {
                core.lock.unlock();
            }
            try (Connection c1 = await(w1)) {
                assertEquals(0, pool.stats().maxIdleClosed(), "no healthy connection was closed while a thread waited");
                assertEquals(2, server.opened(), "the waiter was given a pooled connection, not a new one");
            }
        }
    }
}
