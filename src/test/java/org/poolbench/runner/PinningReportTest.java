package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poolbench.runner.PinningReport.Frame;
import org.poolbench.runner.PinningReport.Pin;

/**
 * {@link PinningReport}: which pool a pin is attributed to, and, end to end, that a JVM started with the runner's
 * JFR options records a pin that {@link PinningReport#read(Path)} names, with no secret in the recording.
 */
class PinningReportTest {

    private static final Frame PARK = new Frame("java.lang.VirtualThread", "park");
    private static final Frame LOCK = new Frame("java.util.concurrent.locks.LockSupport", "park");

    @Test
    void attributedFrame_poolLibraryFrameBelowJdkFrames_isThePoolFrame() {
        Frame vibur = new Frame("org.vibur.objectpool.ConcurrentPool", "take");
        Frame bench = new Frame("org.poolbench.bench.AcquireReleaseBenchmark", "acquireRelease");

        assertEquals(vibur, PinningReport.attributedFrame(List.of(PARK, LOCK, vibur, bench)));
        assertEquals("Vibur DBCP", PinningReport.owner(vibur));
    }

    @Test
    void attributedFrame_eachLibrary_namedByItsPackage() {
        assertEquals("poolbench", PinningReport.owner(new Frame("org.poolbench.pool.PoolCore", "acquire")));
        assertEquals("HikariCP", PinningReport.owner(new Frame("com.zaxxer.hikari.util.ConcurrentBag", "borrow")));
        assertEquals("c3p0", PinningReport.owner(new Frame("com.mchange.v2.c3p0.impl.C3P0PooledConnectionPool",
                "checkoutPooledConnection")));
        assertEquals("other: org.poolbench.driver.StubConnection",
                PinningReport.owner(new Frame("org.poolbench.driver.StubConnection", "close")));
    }

    @Test
    void attributedFrame_noPoolFrame_isTheTopFrameOutsideTheJdk_elseTheTopFrame() {
        Frame driver = new Frame("org.postgresql.core.PGStream", "receive");
        assertEquals(driver, PinningReport.attributedFrame(List.of(PARK, LOCK, driver)));
        assertEquals(PARK, PinningReport.attributedFrame(List.of(PARK, LOCK)));
        assertNull(PinningReport.attributedFrame(List.of()));
    }

    @Test
    void of_pinsGroupedByOwner_mostEventsFirst_timesSummed_mostFrequentFrame() {
        Frame take = new Frame("com.zaxxer.hikari.util.ConcurrentBag", "borrow");
        Frame other = new Frame("com.zaxxer.hikari.pool.HikariPool", "getConnection");
        Frame ours = new Frame("org.poolbench.pool.PoolCore", "acquire");
        PinningReport report = PinningReport.of(3, List.of(
                new Pin(List.of(PARK, take), Duration.ofNanos(100), "native frame"),
                new Pin(List.of(PARK, other), Duration.ofNanos(10), "native frame"),
                new Pin(List.of(PARK, take), Duration.ofNanos(1), "VM call to X.<clinit> on stack"),
                new Pin(List.of(ours), Duration.ofNanos(5)),
                new Pin(List.of(), Duration.ofNanos(7))));

        assertEquals(List.of(
                new PinningReport.Line("HikariCP", 3, Duration.ofNanos(111), take.toString(), "native frame"),
                new PinningReport.Line("other: (no stack)", 1, Duration.ofNanos(7), "?", ""),
                new PinningReport.Line("poolbench", 1, Duration.ofNanos(5), ours.toString(), "")), report.lines());
        assertEquals(5, report.events());
        assertEquals(3, report.recordings());
    }

    @Test
    void read_missingFolder_noRecordingsNoEvents() throws IOException {
        PinningReport report = PinningReport.read(Path.of("/nonexistent/poolbench-jfr"));

        assertEquals(0, report.recordings());
        assertTrue(report.lines().isEmpty());
    }

    @Test
    void read_aForkThatPinsOnPurpose_namesTheFrameAndKeepsNoSecret(@TempDir Path dir) throws Exception {
        String secret = "pinning-test-s3cret";
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JmhOptions.pinningRecording(dir));
        command.add("-Dpoolbench.pg.password=" + secret);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PinOnPurpose.class.getName());
        Process fork = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("fork.log").toFile()).start();
        assertTrue(fork.waitFor(60, TimeUnit.SECONDS), "the fork did not end");
        assertEquals(0, fork.exitValue(), Files.readString(dir.resolve("fork.log")));
        String log = Files.readString(dir.resolve("fork.log"));
        assertFalse(log.contains("Started recording"), "JFR's start-up message is silenced: " + log);
        Files.delete(dir.resolve("fork.log"));

        PinningReport report = PinningReport.read(dir);

        assertEquals(1, report.recordings(), "one recording per fork, named by its pid");
        assertEquals(1, report.lines().size(), report.toString());
        PinningReport.Line line = report.lines().get(0);
        assertEquals("other: " + PinOnPurpose.BlocksInItsInitializer.class.getName(), line.owner());
        assertEquals(PinOnPurpose.BlocksInItsInitializer.class.getName() + ".<clinit>", line.topFrame());
        assertEquals(1, line.events());
        if (Runtime.version().feature() >= 24) {
            assertTrue(line.reason().contains("<clinit>"), line.reason());
        } else {
            assertEquals("", line.reason(), "JFR gives no pinnedReason before JDK 24");
        }
        assertFalse(line.pinned().isNegative());
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(secret), file + " holds the fork's -D options");
            }
        }
    }
}
