package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during a run, for real: starts the runner as its own process on two small steps, sends it SIGINT once the
 * first step has finished, and checks that the first step's results, {@code run.json} and a summary marked
 * INTERRUPTED are kept, the temporary folder is gone, JMH's forked JVM has stopped and the exit status is 130.
 * Nothing waits for time to pass: the test polls the runner's output for the second step's start, with a deadline.
 */
class BenchInterruptTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final long DEADLINE_SECONDS = 90;

    @TempDir
    Path dir;

    @Test
    @Timeout(150)
    void sigintDuringTheSecondStep_keepsTheFirstAndExits130() throws Exception {
        Path out = dir.resolve("run");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("console.log");
        List<String> command = new ArrayList<>(List.of(JAVA, "-Djava.io.tmpdir=" + tmp));
        if (Runtime.version().feature() >= 24) {
            command.add(JmhOptions.UNSAFE_FLAG);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName(), "smoke",
                "AcquireReleaseBenchmark.handoff$", "IdleReuseBenchmark", "-p", "pool=poolbench", "-p", "backend=stub",
                "--out", out.toString()));
        Process runner = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            // the third is IdleReuse on virtual threads (its @VirtualThreads smoke step)
            awaitOutput(runner, log, "bench: JMH invocation 2 of 3");
            List<ProcessHandle> forks = runner.toHandle().descendants().toList();
            // A process started with SIGINT ignored (a background job of a non-interactive shell) cannot see it,
            // and neither can its JVM: then SIGTERM drives the same shutdown path, exiting with 143.
            boolean sigintIgnored = ignoresSigint(runner.pid());
            signal(runner.pid(), sigintIgnored ? "TERM" : "INT");

            assertTrue(runner.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS), "no exit after the signal:\n" + read(log));
            String console = read(log);
            assertEquals(sigintIgnored ? 143 : 130, runner.exitValue(), console);
            for (ProcessHandle fork : forks) {
                fork.onExit().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
                assertFalse(fork.isAlive(), "JMH's fork " + fork.pid() + " outlived the runner");
            }
            JsonArray results = JsonParser.parseString(Files.readString(out.resolve("results.json")))
                    .getAsJsonArray();
            assertEquals(1, results.size(), "exactly the finished first step: " + results);
            assertEquals("org.poolbench.bench.AcquireReleaseBenchmark.handoff",
                    results.get(0).getAsJsonObject().get("benchmark").getAsString());
            assertEquals("interrupted", JsonParser.parseString(Files.readString(out.resolve("run.json")))
                    .getAsJsonObject().get("status").getAsString());
            String summary = Files.readString(out.resolve("summary.md"));
            assertTrue(summary.contains("**INTERRUPTED**: stopped by a signal (Ctrl-C) during JMH invocation 2 of 3; "
                    + "1 finished"), summary);
            assertTrue(summary.contains("handoff (reference)"), summary);
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("poolbench-parts"))
                        .toList(), "the temporary parts folder is removed");
            }
            assertTrue(console.contains("bench: INTERRUPTED: kept the 1 finished of 3 JMH invocations"), console);
        } finally {
            runner.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            runner.destroyForcibly();
        }
    }

    /** Polls the runner's output until it holds {@code text}; fails at the deadline or if the runner exits. */
    private static void awaitOutput(Process runner, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!read(log).contains(text)) {
            assertTrue(runner.isAlive(), "the runner exited before printing '" + text + "':\n" + read(log));
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' within " + DEADLINE_SECONDS + " s:\n"
                    + read(log));
            // waiting for the runner's output, not for time to pass: wake on its exit or after a short poll
            runner.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    private static boolean ignoresSigint(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring("SigIgn:".length()).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " failed");
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
