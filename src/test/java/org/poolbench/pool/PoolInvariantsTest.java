package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.poolbench.pool.PoolFixtures.awaitFailure;
import static org.poolbench.pool.PoolFixtures.borrowAsync;
import static org.poolbench.pool.PoolFixtures.namedStubConfig;
import static org.poolbench.pool.PoolFixtures.uniqueName;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The executable invariant check, {@link PoolCore#checkInvariants(boolean)}, tested itself: it passes on healthy
 * pools in the states tests leave them in (empty, idle, lent out, waited for, over a lowered max open, expired,
 * closed with connections still lent out), and it names the invariant when a table slot, an entry's state or a
 * counter is corrupted on purpose. Corrupting needs the core's private fields, so these tests set them reflectively, then put them back
 * before closing the pool; their pools are not handed to {@link PoolCheck}.
 */
class PoolInvariantsTest {

    /** Opens an untracked pool on a fresh stub server: these tests check and corrupt it themselves. */
    private static Pool openPool(ManualClock clock, int maxOpen, int maxIdle) {
        return Pool.open(namedStubConfig(uniqueName("invariants"), clock).maxOpen(maxOpen).maxIdle(maxIdle));
    }

    private static PoolCore core(Pool pool) {
        return PoolCheck.core(pool);
    }

    private static Object get(PoolCore core, String field) throws ReflectiveOperationException {
        Field f = PoolCore.class.getDeclaredField(field);
        f.setAccessible(true);
        return f.get(core);
    }

    private static void set(PoolCore core, String field, Object value) throws ReflectiveOperationException {
        Field f = PoolCore.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(core, value);
    }

    private static List<Connection> borrow(Pool pool, int n) throws SQLException {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            held.add(pool.getConnection());
        }
        return held;
    }

    private static void giveBack(List<Connection> held) throws SQLException {
        for (Connection c : held) {
            c.close();
        }
    }

    /** Asserts that the quiescent check fails and that one violation contains {@code fragment}. */
    private static void assertBroken(Pool pool, String fragment) {
        List<String> broken = core(pool).invariantViolations(true);
        assertTrue(broken.stream().anyMatch(b -> b.contains(fragment)),
                () -> "expected a violation containing '" + fragment + "', got " + broken);
        AssertionError e = assertThrows(AssertionError.class, () -> core(pool).checkInvariants(true));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains(core(pool).name), "the message names the pool: " + e.getMessage());
    }

    private static void assertHealthy(Pool pool) {
        assertEquals(List.of(), core(pool).invariantViolations(true));
        core(pool).checkInvariants(true);
    }

    // ---------------------------------------------------------------- healthy pools pass

    @Test
    void check_healthyPoolsInVariedStates_findsNothing() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = openPool(clock, 4, 3)) {
            assertHealthy(pool); // fresh: nothing open

            List<Connection> held = borrow(pool, 4);
            assertHealthy(pool); // everything lent out
            giveBack(held.subList(0, 3));
            assertHealthy(pool); // three idle, one lent out

            clock.advance(Duration.ofSeconds(1));
            held.get(3).close();
            assertEquals(3, pool.stats().idle(), "max idle 3 closed the fourth");
            assertHealthy(pool);

            pool.setMaxOpen(1); // lowered: the surplus idle ones close at once
            assertHealthy(pool);
            List<Connection> again = borrow(pool, 1);
            pool.setMaxOpen(0);
            List<Connection> more = borrow(pool, 3);
            pool.setMaxOpen(2); // lowered below the four lent out: open stays above max open until they return
            assertEquals(4, pool.stats().open());
            assertHealthy(pool);
            giveBack(again);
            giveBack(more);
            assertTrue(pool.stats().open() <= 2, pool.stats().toString());
            assertHealthy(pool);

            pool.setMaxLifetime(Duration.ofMinutes(1));
            clock.awaitParked(core(pool).name + "-cleaner"); // started, waiting for its first sweep
            clock.advance(Duration.ofMinutes(2));
            clock.awaitParked(core(pool).name + "-cleaner"); // it swept the expired one and waits for the next sweep
            assertEquals(0, pool.stats().open(), pool.stats().toString());
            pool.getConnection().close();
            assertHealthy(pool);

            Connection kept = pool.getConnection();
            pool.close();
            assertHealthy(pool); // closed, one still lent out
            kept.close();
            assertHealthy(pool);
            assertEquals(0, pool.stats().open());
        }
    }

    @Test
    void check_threadWaiting_passesButIsNotQuiescent() throws Exception {
        ManualClock clock = new ManualClock();
        try (Pool pool = openPool(clock, 1, 1)) {
            Connection held = pool.getConnection();
            String waiterName = uniqueName("invariants-waiter");
            CompletableFuture<Connection> waiter = borrowAsync(waiterName, pool::getConnection);
            clock.awaitParked(waiterName);

            assertEquals(List.of(), core(pool).invariantViolations(false), "a waiter is a legal state");
            core(pool).checkInvariants(false);
            List<String> quiescent = core(pool).invariantViolations(true);
            assertTrue(quiescent.stream().anyMatch(b -> b.contains("1 thread(s) are waiting")), quiescent.toString());

            clock.advance(Duration.ofMinutes(1)); // past the acquire timeout: the waiter gives up
            awaitFailure(waiter);
            held.close();
            assertHealthy(pool);
        }
    }

    // ---------------------------------------------------------------- corruption is found

    /** The entries in the core's table, in slot order. */
    private static List<PoolEntry> entries(Pool pool) throws ReflectiveOperationException {
        List<PoolEntry> found = new ArrayList<>();
        for (PoolEntry e : (PoolEntry[]) get(core(pool), "table")) {
            if (e != null) {
                found.add(e);
            }
        }
        return found;
    }

    @Test
    void check_entryAtAnotherSlot_namesTheSlot() throws Exception {
        try (Pool pool = openPool(new ManualClock(), 3, 3)) {
            giveBack(borrow(pool, 2));
            PoolEntry e = entries(pool).get(1);
            int slot = e.slot;
            e.slot = 5;
            assertBroken(pool, "table: entry " + e.id + " sits at slot " + slot + " but says its slot is 5");
            e.slot = slot;
            assertHealthy(pool);
        }
    }

    @Test
    void check_entryTwiceInTheTable_namesIt() throws Exception {
        try (Pool pool = openPool(new ManualClock(), 3, 3)) {
            giveBack(borrow(pool, 1));
            PoolEntry[] table = (PoolEntry[]) get(core(pool), "table");
            PoolEntry e = entries(pool).get(0);
            table[table.length - 1] = e;
            assertBroken(pool, "table: entry " + e.id + " is in it twice (again at slot " + (table.length - 1) + ")");
            table[table.length - 1] = null;
            assertHealthy(pool);
        }
    }

    @Test
    void check_tableCountWrong_namesTheCount() throws Exception {
        try (Pool pool = openPool(new ManualClock(), 3, 3)) {
            giveBack(borrow(pool, 2));
            set(core(pool), "tableCount", 3);
            assertBroken(pool, "tableCount is 3 but the table holds 2");
            set(core(pool), "tableCount", 2);
            assertHealthy(pool);
        }
    }

    @Test
    void check_closedEntryStillInTheTable_namesIt() throws Exception {
        try (Pool pool = openPool(new ManualClock(), 2, 2)) {
            Connection held = pool.getConnection();
            PoolEntry lent = entries(pool).get(0);
            lent.state = PoolEntry.State.CLOSED;
            assertBroken(pool, "table: entry " + lent.id + " is in it but CLOSED");
            lent.state = PoolEntry.State.IN_USE;
            held.close();
            assertHealthy(pool);
        }
    }

    @Test
    void check_openCountWrong_namesTheCounts() throws Exception {
        try (Pool pool = openPool(new ManualClock(), 3, 3)) {
            giveBack(borrow(pool, 2));
            set(core(pool), "open", 1);
            List<String> broken = core(pool).invariantViolations(false);
            assertTrue(broken.stream().anyMatch(b -> b.contains("open 1 is less than the table (2)")),
                    broken.toString());
            set(core(pool), "open", 3); // one more than listed: a connect in flight, legal unless quiescent
            assertEquals(List.of(), core(pool).invariantViolations(false));
            assertBroken(pool, "quiescent, yet open is 3 while the table holds 2");
            set(core(pool), "open", 2);
            assertHealthy(pool);
        }
    }

    @Test
    void check_waitingCountWrong_namesTheQueue() throws Exception {
        try (Pool pool = openPool(new ManualClock(), 1, 1)) {
            set(core(pool), "waiting", 1);
            assertBroken(pool, "waiting is 1 but the waiter queue holds 0");
            set(core(pool), "waiting", 0);
            assertHealthy(pool);
        }
    }

    @Test
    void check_idleAboveMaxIdle_namesTheLimit() throws Exception {
        try (Pool pool = openPool(new ManualClock(), 3, 3)) {
            giveBack(borrow(pool, 3));
            set(core(pool), "maxIdle", 1);
            assertBroken(pool, "0 <= idle <= maxIdle does not hold: idle 3, maxIdle 1");
            set(core(pool), "maxIdle", 3);
            assertHealthy(pool);
        }
    }

    @Test
    void check_fastReturnGateWrong_namesTheGate() throws Exception {
        try (Pool pool = openPool(new ManualClock(), 3, 3)) {
            giveBack(borrow(pool, 1));
            set(core(pool), "fastReturn", false);
            assertBroken(pool, "the fast-return gate is shut with open 1, maxIdle 3");
            set(core(pool), "fastReturn", true);
            assertHealthy(pool);
        }
    }

    @Test
    void check_handOffModeWithNobodyWaiting_namesIt() throws Exception {
        try (Pool pool = openPool(new ManualClock(), 1, 1)) {
            set(core(pool), "starving", true);
            assertBroken(pool, "hand-off mode with nobody waiting");
            set(core(pool), "starving", false);
            assertHealthy(pool);
        }
    }

    @Test
    void check_idleEntryWithClosesPending_legalOnlyWhileThreadsRun() throws Exception {
        try (Pool pool = openPool(new ManualClock(), 2, 2)) {
            giveBack(borrow(pool, 1));
            PoolEntry idle = entries(pool).get(0);
            idle.deferredCloses = new ArrayList<>();
            assertEquals(List.of(), core(pool).invariantViolations(false), "a return publishes before it looks");
            assertBroken(pool, "quiescent, yet 1 idle connection(s) have statement closes pending");
            idle.deferredCloses = null;
            assertHealthy(pool);
        }
    }
}
