package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.await;
import static org.poolbench.pool.PoolFixtures.awaitFailure;
import static org.poolbench.pool.PoolFixtures.borrowAsync;
import static org.poolbench.pool.PoolFixtures.namedStubConfig;
import static org.poolbench.pool.PoolFixtures.uniqueName;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.poolbench.driver.StubConnection;
import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * Acquiring: LIFO reuse of idle connections, opening new ones under max open, waiting (FIFO queue; barging
 * within the barge limit, direct hand-off past it or under strict FIFO), the acquire timeout and its message, the per-call timeout, interrupts, and the wait statistics.
 * Every wait runs on a {@link ManualClock}; threads are lined up with {@link ManualClock#awaitParkedCount(int)}.
 */
@ExtendWith(PoolCheck.class)
class AcquireTest {

    private static long physicalId(Connection c) throws SQLException {
        return c.unwrap(StubConnection.class).id();
    }

    // ---------------------------------------------------------------- idle reuse and opening

    @Test
    void acquire_reusesMostRecentlyReturnedIdleConnection() throws Exception {
        StubServer server = StubDriver.server("acquire-lifo");
        try (Pool pool = PoolCheck.open(namedStubConfig("acquire-lifo", new ManualClock()).maxIdle(3))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            Connection c = pool.getConnection();
            long idA = physicalId(a);
            long idB = physicalId(b);
            long idC = physicalId(c);
            a.close();
            c.close();
            b.close();

            Connection first = pool.getConnection();
            Connection second = pool.getConnection();
            Connection third = pool.getConnection();
            assertEquals(List.of(idB, idC, idA), List.of(physicalId(first), physicalId(second), physicalId(third)),
                    "borrowers take the newest idle connection first");
            assertEquals(3, server.opened(), "no connection was opened for the reuses");
            first.close();
            second.close();
            third.close();
        }
    }

    @Test
    void acquire_noIdleConnection_opensNewOneUnderMaxOpen() throws Exception {
        StubServer server = StubDriver.server("acquire-open-new");
        try (Pool pool = PoolCheck.open(namedStubConfig("acquire-open-new", new ManualClock()).maxOpen(2))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();
            assertNotEquals(physicalId(a), physicalId(b));
            assertEquals(2, server.opened());
            PoolStats s = pool.stats();
            assertEquals(2, s.open());
            assertEquals(2, s.inUse());
            assertEquals(0, s.waitCount(), "borrowing under max open does not wait");
            a.close();
            Connection again = pool.getConnection();
            assertEquals(2, server.opened(), "an idle connection is reused before a new one is opened");
            again.close();
            b.close();
        }
    }

    // ---------------------------------------------------------------- waiting at max open

    @Test
    void acquire_atMaxOpen_waitersServedInArrivalOrder() throws Exception {
        ManualClock clock = new ManualClock();
        StubServer server = StubDriver.server("acquire-fifo");
        try (Pool pool = PoolCheck.open(namedStubConfig("acquire-fifo", clock).maxOpen(1).maxIdle(1))) {
            Connection held = pool.getConnection();
            long heldId = physicalId(held);
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<Long> ids = new CopyOnWriteArrayList<>();
            List<CompletableFuture<Connection>> waiters = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                int n = i;
                waiters.add(borrowAsync("acquire-fifo-waiter-" + n, () -> {
                    Connection c = pool.getConnection();
                    order.add(n);
                    ids.add(physicalId(c));
                    c.close(); // hands it to the next waiter
                    return c;
                }));
                clock.awaitParkedCount(i); // waiter n is queued before waiter n+1 starts
            }
            assertEquals(4, pool.stats().waiting());

            held.close();
            for (CompletableFuture<Connection> w : waiters) {
                await(w);
            }
            assertEquals(List.of(1, 2, 3, 4), order);
            assertEquals(List.of(heldId, heldId, heldId, heldId), ids, "the one connection passes from hand to hand");
            assertEquals(1, server.opened());
            assertEquals(0, pool.stats().waiting());
        }
    }

    @Test
    void release_strictFifoWithWaiter_handsConnectionOverSoBargerCannotTakeIt() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("acquire-handoff", clock).maxOpen(1).maxIdle(1)
                .bargeLimit(Duration.ZERO))) {
            assertHandedOver(pool, clock, "acquire-handoff");
        }
    }

    @Test
    void release_waiterPastBargeLimit_handsConnectionOverSoBargerCannotTakeIt() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("acquire-starving", clock).maxOpen(1).maxIdle(1))) {
            Connection held = pool.getConnection();
            CompletableFuture<Connection> waiter = borrowAsync("acquire-starving-waiter", pool::getConnection);
            clock.awaitParkedCount(1);
            // The waiter wakes at the barge limit, finds nothing, and puts the pool in hand-off mode.
            clock.advance(PoolConfig.DEFAULT_BARGE_LIMIT);
            clock.awaitParked("acquire-starving-waiter"); // parked again, now until its acquire timeout
            held.close();
            assertEquals(0, pool.stats().idle(), "in hand-off mode a returned connection never becomes idle");
            Connection got = await(waiter);
            got.close();
            assertEquals(1, pool.stats().idle(), "nobody waits any more: the pool barges again");
        }
    }

    /** With {@code held} lent and one thread waiting, returning it hands it over: a later borrower must queue. */
    private static void assertHandedOver(Pool pool, ManualClock clock, String name) throws Exception {
        Connection held = pool.getConnection();
        long heldId = physicalId(held);
        CompletableFuture<Connection> waiter = borrowAsync(name + "-waiter", pool::getConnection);
        clock.awaitParkedCount(1);

        held.close();
        PoolStats afterRelease = pool.stats();
        assertEquals(0, afterRelease.idle(), "a connection returned while a thread waits never becomes idle");
        assertEquals(1, afterRelease.inUse());

        // A thread arriving after the release finds nothing to take and has to queue.
        CompletableFuture<Connection> barger =
                borrowAsync(name + "-barger", () -> pool.getConnection(Duration.ofSeconds(1)));
        Connection got = await(waiter);
        assertEquals(heldId, physicalId(got));
        clock.awaitParkedCount(1);
        clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(SQLTransientConnectionException.class, awaitFailure(barger));
        got.close();
    }

    @Test
    void release_withWaiterWhileBarging_returnerMayTakeItBackAndTheWaiterGetsTheNextReturn() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("acquire-barge", clock).maxOpen(1).maxIdle(1)
                .bargeLimit(Duration.ofMinutes(1)))) {
            Connection held = pool.getConnection();
            long heldId = physicalId(held);
            CompletableFuture<Connection> waiter = borrowAsync("acquire-barge-waiter", pool::getConnection);
            clock.awaitParkedCount(1);

            // Holding the pool's lock keeps the woken waiter from looking until we are done (the lock is
            // reentrant, so our own return and borrow still pass through it where they need to).
            PoolCore core = PoolCheck.core(pool);
            Connection again;
            core.lock.lock();
            try {
                held.close();
                assertEquals(1, pool.stats().idle(), "returned while a thread waits, it is idle: anyone may take it");
                again = pool.getConnection();
                assertEquals(heldId, physicalId(again), "the returner took its connection back without waiting");
            } finally {
                core.lock.unlock();
            }
            assertEquals(1, pool.stats().waiting(), "the woken waiter found nothing and waits on");
            again.close();
            Connection got = await(waiter);
            assertEquals(heldId, physicalId(got));
            got.close();
            assertEquals(1, pool.stats().waitCount());
        }
    }

    @Test
    void alwaysNewAcquire_atMaxOpenWithAnIdleConnection_evictsItInsteadOfWaitingForever() throws Exception {
        String name = uniqueName("always-new");
        StubServer server = StubDriver.server(name);
        ManualClock clock = new ManualClock();
        PoolConfig config = PoolConfig.forUrl("jdbc:stub:" + name).maxOpen(2).maxIdle(2).clock(clock);
        PoolCore core = new PoolCore(config, name, () -> DriverManager.getConnection("jdbc:stub:" + name));
        try {
            PoolEntry held = core.acquire(TimeUnit.SECONDS.toNanos(1), false);
            PoolEntry idle = core.acquire(TimeUnit.SECONDS.toNanos(1), false);
            core.release(idle);
            assertEquals(1, core.stats().idle());

            // Go's third retry attempt: a new connection although the pool is full and one is idle.
            PoolEntry fresh = core.acquire(TimeUnit.SECONDS.toNanos(1), true);

            assertNotSame(idle, fresh);
            assertEquals(3, server.opened(), "a new physical connection was opened");
            assertEquals(1, server.closed(), "the idle one made room for it");
            PoolStats s = core.stats();
            assertEquals(2, s.open());
            assertEquals(0, s.idle());
            assertEquals(0, s.waiting());
            core.release(fresh);
            core.release(held);
            core.checkInvariants(true); // a core used directly is not tracked by PoolCheck: check it here
        } finally {
            core.close();
        }
    }

    // ---------------------------------------------------------------- timeouts

    @Test
    void acquire_timesOutWithPoolNameWaitAndCountsInMessage() throws Exception {
        ManualClock clock = new ManualClock();
        PoolConfig config =
                namedStubConfig("acquire-timeout", clock).maxOpen(1).maxIdle(1).acquireTimeout(Duration.ofSeconds(5));
        try (Pool pool = PoolCheck.open(config)) {
            Connection held = pool.getConnection();
            CompletableFuture<Connection> timesOut = borrowAsync("acquire-timeout-a", pool::getConnection);
            clock.awaitParkedCount(1);
            CompletableFuture<Connection> keepsWaiting =
                    borrowAsync("acquire-timeout-b", () -> pool.getConnection(Duration.ofMinutes(10)));
            clock.awaitParkedCount(2);

            clock.advance(Duration.ofSeconds(5));
            SQLTransientConnectionException e =
                    assertInstanceOf(SQLTransientConnectionException.class, awaitFailure(timesOut));
            String m = e.getMessage();
            assertTrue(m.contains("acquire-timeout"), m);
            assertTrue(m.contains("5000 ms"), m);
            assertTrue(m.contains("open 1"), m);
            assertTrue(m.contains("in use 1"), m);
            assertTrue(m.contains("idle 0"), m);
            assertTrue(m.contains("waiting 1"), m);
            assertNull(e.getCause(), "no connect has failed, so there is no cause");
            assertFalse(keepsWaiting.isDone());

            held.close();
            await(keepsWaiting).close();
        }
    }

    @Test
    void acquire_timeoutWhileConnectsFail_hasLastConnectFailureAsCause() throws Exception {
        ManualClock clock = new ManualClock();
        PoolConfig config = PoolConfig.forUrl("jdbc:stub:acquire-cause;failConnect=2")
                .name("acquire-cause").clock(clock).maxOpen(2).maxIdle(1);
        try (Pool pool = PoolCheck.open(config)) {
            Connection held = pool.getConnection();
            SQLException connectFailure = assertThrows(SQLException.class, pool::getConnection); // attempt 2 fails
            pool.setMaxOpen(1); // the next borrower waits instead of connecting

            CompletableFuture<Connection> waiter =
                    borrowAsync("acquire-cause-waiter", () -> pool.getConnection(Duration.ofSeconds(1)));
            clock.awaitParkedCount(1);
            clock.advance(Duration.ofSeconds(1));
            SQLTransientConnectionException e =
                    assertInstanceOf(SQLTransientConnectionException.class, awaitFailure(waiter));
            // The borrower saw the pool's error naming the pool; the timeout's cause is the driver's own beneath it.
            assertTrue(connectFailure.getMessage().startsWith("pool 'acquire-cause': "), connectFailure.getMessage());
            assertSame(connectFailure.getCause(), e.getCause());
            assertTrue(e.getMessage().contains("acquire-cause"), e.getMessage());
            assertTrue(e.getMessage().contains("1000 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("connect attempt 2"), "names the connect failure: " + e.getMessage());
            held.close();
        }
    }

    @Test
    void acquire_timeoutWhileConnectsFail_messageMasksSecretsTheDriverQuoted() throws Exception {
        // Real drivers quote the URL in connect errors; the pool's own message must not repeat what they leaked.
        SQLException quotingSecrets = new SQLException("could not connect to jdbc:postgresql://bob:hunter2@db/app"
                + "?password=hunter2&sslmode=require: connection refused", "08001");
        SQLTransientConnectionException e = timeoutWhileConnectsFail("acquire-secret-cause", quotingSecrets,
                namedStubConfig("acquire-secret-cause", new ManualClock()));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("; last connect failure: could not connect to"
                + " jdbc:postgresql://bob:****@db/app?password=****&sslmode=require: connection refused"),
                "the rest is still shown: " + e.getMessage());
        assertSame(quotingSecrets, e.getCause(), "the driver's own exception stays the cause, as it was");
    }

    /**
     * Drivers' connect failures that name the configured password in forms no rule alone recognises (in words, in a
     * URL whose user name holds an {@code @}, in a query value holding a {@code ;}): the pool knows its own
     * password and masks every occurrence of it in the text it quotes.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "FATAL: password authentication failed for user \"bob\" (password tried: hunter2)",
        "could not connect to jdbc:postgresql://bob@corp:hunter2@db/app: connection refused",
        "cannot open jdbc:mysql://db/app?user=bob&password=hun;ter2: access denied",
    })
    void acquire_timeoutWhileConnectsFail_messageMasksThePoolsOwnSecrets(String driverMessage) throws Exception {
        String name = uniqueName("acquire-own-secret");
        SQLTransientConnectionException e = timeoutWhileConnectsFail(name, new SQLException(driverMessage, "08001"),
                namedStubConfig(name, new ManualClock()).property("password", "hunter2")
                        .property("apiToken", "hun;ter2"));
        assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("ter2"), e.getMessage());
        assertTrue(e.getMessage().contains("; last connect failure: "), "still quotes the driver: " + e.getMessage());
    }

    /**
     * The secrets the pool knows for its timeout message come from the password and secret-keyed properties, from the
     * URL (its user-info password, its {@code password=} value) and from secrets inside other properties' values.
     */
    @Test
    void acquire_timeoutMessageQuotingTheDriver_masksSecretsFromUrlAndProperties() {
        PoolConfig config = PoolConfig.forUrl("jdbc:postgresql://bob:hunter1@db/app?password=hunter2&sslmode=require")
                .driver(new PoolFixtures.StubBackedDriver() {
                    @Override
                    public Connection connect(String url, Properties info) {
                        throw new AssertionError("no connection is opened by building the factory");
                    }
                })
                .property("options", "-c secret=hunter3")
                .property("sslPassword", "hunter4")
                .property("user", "bob");
        String quoted = ConnectionFactory.forConfig(config).redactQuoted(
                "tried hunter1, then hunter2, hunter3 and hunter4 for user bob");
        assertEquals("tried ****, then ****, **** and **** for user bob", quoted);
    }

    /**
     * Opens a pool of two on {@code config}, holds one connection, makes every further connect fail with
     * {@code failure}, and lets a second borrower's one-second wait run out.
     *
     * @return the waiter's timeout
     */
    private static SQLTransientConnectionException timeoutWhileConnectsFail(String name, SQLException failure,
                                                                            PoolConfig config) throws Exception {
        AtomicBoolean refusing = new AtomicBoolean();
        PoolFixtures.StubBackedDriver driver = new PoolFixtures.StubBackedDriver() {
            @Override
            public Connection connect(String url, Properties info) throws SQLException {
                if (refusing.get()) {
                    throw failure;
                }
                return StubDriver.instance().connect(url, info);
            }
        };
        ManualClock clock = (ManualClock) config.clock();
        try (Pool pool = PoolCheck.open(config.driver(driver).maxOpen(2))) {
            Connection held = pool.getConnection();
            refusing.set(true);
            // The borrower gets the pool's error, naming the pool, over the driver's own exception (issue 12).
            SQLException refused = assertThrows(SQLException.class, pool::getConnection);
            assertSame(failure, refused.getCause());
            assertTrue(refused.getMessage().startsWith("pool '" + name + "': "), refused.getMessage());
            assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
            pool.setMaxOpen(1); // the next borrower waits instead of connecting

            CompletableFuture<Connection> waiter =
                    borrowAsync(name + "-waiter", () -> pool.getConnection(Duration.ofSeconds(1)));
            clock.awaitParkedCount(1);
            clock.advance(Duration.ofSeconds(1));
            SQLTransientConnectionException e =
                    assertInstanceOf(SQLTransientConnectionException.class, awaitFailure(waiter));
            held.close();
            return e;
        }
    }

    @Test
    void acquire_timeoutAfterConnectsRecovered_hasNoStaleCause() throws Exception {
        ManualClock clock = new ManualClock();
        PoolConfig config = PoolConfig.forUrl("jdbc:stub:acquire-recovered;failConnect=2")
                .name("acquire-recovered").clock(clock).maxOpen(2);
        try (Pool pool = PoolCheck.open(config)) {
            Connection first = pool.getConnection();
            assertThrows(SQLException.class, pool::getConnection); // attempt 2 fails
            Connection second = pool.getConnection(); // attempt 3 succeeds: the outage is over

            CompletableFuture<Connection> waiter =
                    borrowAsync("acquire-recovered-waiter", () -> pool.getConnection(Duration.ofSeconds(1)));
            clock.awaitParkedCount(1);
            clock.advance(Duration.ofSeconds(1));
            SQLTransientConnectionException e =
                    assertInstanceOf(SQLTransientConnectionException.class, awaitFailure(waiter));
            assertNull(e.getCause(), "the pool is simply busy; an old connect failure would mislead");
            assertFalse(e.getMessage().contains("connect failure"), e.getMessage());
            first.close();
            second.close();
        }
    }

    @Test
    void getConnection_withTimeout_overridesPoolDefault() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("acquire-per-call", clock).maxOpen(1).maxIdle(1))) {
            assertEquals(Duration.ofSeconds(30), pool.getAcquireTimeout(), "the default acquire timeout");
            Connection held = pool.getConnection();
            CompletableFuture<Connection> byDefault = borrowAsync("acquire-per-call-default", pool::getConnection);
            clock.awaitParkedCount(1);
            CompletableFuture<Connection> shortWait =
                    borrowAsync("acquire-per-call-short", () -> pool.getConnection(Duration.ofSeconds(3)));
            clock.awaitParkedCount(2);

            clock.advance(Duration.ofSeconds(2));
            clock.awaitParkedCount(2);
            assertFalse(shortWait.isDone(), "3 s have not passed yet");
            clock.advance(Duration.ofSeconds(1));
            Throwable shortFailure = awaitFailure(shortWait);
            assertInstanceOf(SQLTransientConnectionException.class, shortFailure);
            assertTrue(shortFailure.getMessage().contains("3000 ms"), shortFailure.getMessage());
            assertFalse(byDefault.isDone(), "the pool default of 30 s still runs");

            clock.advance(Duration.ofSeconds(27));
            Throwable defaultFailure = awaitFailure(byDefault);
            assertInstanceOf(SQLTransientConnectionException.class, defaultFailure);
            assertTrue(defaultFailure.getMessage().contains("30000 ms"), defaultFailure.getMessage());
            held.close();
        }
    }

    @Test
    void getConnection_nonPositiveTimeout_rejected() throws Exception {
        try (Pool pool = PoolCheck.open(namedStubConfig("acquire-bad-timeout", new ManualClock()))) {
            IllegalArgumentException zero =
                    assertThrows(IllegalArgumentException.class, () -> pool.getConnection(Duration.ZERO));
            assertTrue(zero.getMessage().contains("timeout") && zero.getMessage().contains("PT0S")
                    && zero.getMessage().contains("positive"), zero.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pool.getConnection(Duration.ofSeconds(-1)));
            assertThrows(IllegalArgumentException.class, () -> pool.getConnection(null));
            assertEquals(0, pool.stats().open(), "a rejected call borrows nothing");
        }
    }

    // ---------------------------------------------------------------- interrupts

    @Test
    void acquire_interruptedWhileWaiting_failsWithInterruptedCauseAndKeepsFlag() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("acquire-interrupt", clock).maxOpen(1).maxIdle(1))) {
            Connection held = pool.getConnection();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean flagAfter = new AtomicBoolean();
            Thread t = new Thread(() -> {
                try {
                    pool.getConnection().close();
                } catch (Throwable e) {
                    failure.set(e);
                    flagAfter.set(Thread.currentThread().isInterrupted());
                }
            }, "acquire-interrupt-waiter");
            t.start();
            clock.awaitParkedCount(1);
            t.interrupt();
            t.join(10_000);
            assertFalse(t.isAlive(), "the interrupted waiter returned");

            SQLException e = assertInstanceOf(SQLException.class, failure.get());
            assertFalse(e instanceof SQLTransientConnectionException, "an interrupt is not a timeout");
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(e.getMessage().contains("acquire-interrupt"), e.getMessage());
            assertTrue(flagAfter.get(), "the interrupt status is kept");
            assertEquals(0, pool.stats().waiting(), "the interrupted waiter left the queue");

            held.close();
            assertEquals(1, pool.stats().idle(), "the returned connection is not handed to the departed waiter");
        }
    }

    // ---------------------------------------------------------------- wait statistics

    @Test
    void acquire_afterWaiting_countsWaitAndItsDuration() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = PoolCheck.open(namedStubConfig("acquire-wait-stats", clock).maxOpen(1).maxIdle(1))) {
            Connection held = pool.getConnection();
            assertEquals(0, pool.stats().waitCount());

            CompletableFuture<Connection> first = borrowAsync("acquire-wait-stats-1", pool::getConnection);
            clock.awaitParkedCount(1);
            assertEquals(1, pool.stats().waitCount(), "counted when the wait starts");
            clock.advance(Duration.ofMillis(700));
            held.close();
            Connection c = await(first);
            assertEquals(Duration.ofMillis(700), pool.stats().waitDuration());

            CompletableFuture<Connection> second = borrowAsync("acquire-wait-stats-2", pool::getConnection);
            clock.awaitParkedCount(1);
            clock.advance(Duration.ofMillis(300));
            c.close();
            await(second).close();
            PoolStats s = pool.stats();
            assertEquals(2, s.waitCount());
            assertEquals(Duration.ofSeconds(1), s.waitDuration());
        }
    }
}
