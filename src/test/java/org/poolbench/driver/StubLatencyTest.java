package org.poolbench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Latencies are lower bounds only: the machine may be slower than asked, never faster. No upper bound is asserted,
 * because a loaded two-core CI box can stall any thread for milliseconds.
 */
class StubLatencyTest {

    private final StubDriver driver = new StubDriver();
    private final String name = StubServers.uniqueName("latency");

    @Test
    void connectLatency_2ms_takesAtLeast2ms() throws SQLException {
        long start = System.nanoTime();
        driver.connect("jdbc:stub:" + name + ";connectLatency=2ms", null).close();
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= 2_000_000L, "connect took " + elapsed + " ns");
    }

    @Test
    void executeLatency_belowOneMs_spinsAtLeastThatLong() throws SQLException {
        try (StubConnection c = driver.connect("jdbc:stub:" + name + ";executeLatency=300us", null)) {
            PreparedStatement ps = c.prepareStatement("select 1");
            long start = System.nanoTime();
            ps.executeQuery();
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= 300_000L, "execute took " + elapsed + " ns");
        }
    }

    @Test
    void prepareLatency_appliesToPrepareOnly() throws SQLException {
        try (StubConnection c = driver.connect("jdbc:stub:" + name + ";prepareLatency=1ms", null)) {
            long start = System.nanoTime();
            c.prepareCall("call p()");
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= 1_000_000L, "prepare took " + elapsed + " ns");
        }
    }

    @Test
    void connectLatency_interrupted_throwsHY008_andKeepsInterruptFlag() {
        Thread.currentThread().interrupt();
        try {
            var e = assertThrows(SQLException.class,
                    () -> driver.connect("jdbc:stub:" + name + ";connectLatency=50ms", null));
            assertEquals("HY008", e.getSQLState());
            assertEquals("interrupted while simulating connectLatency=50ms on stub server '" + name + "'",
                    e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, StubDriver.server(name).live(), "an interrupted connect opens nothing");
    }
}
