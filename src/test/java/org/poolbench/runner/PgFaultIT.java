package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's embedded PostgreSQL server under faults, with the runner from {@code target/benchmarks.jar} as its own
 * process on one tiny selection (IdleReuse, HikariCP, smoke profile): a normal run, Ctrl-C, and the server killed
 * in the middle. Each time the run ends within a deadline and no {@code postgres} process or data directory is
 * left. The postmaster's pid comes from the runner's ready line, its data directory from {@code /proc/PID/cwd}, so
 * these tests need Linux.
 */
class PgFaultIT {

    // two JMH invocations: IdleReuse on platform threads, then on virtual threads (@VirtualThreads smoke)
    private static final List<String> SELECTION = List.of("smoke", "IdleReuse", "-p", "backend=pg", "-p",
            "pool=hikari", "--out", "run");
    private static final long DEADLINE_SECONDS = 90;

    @TempDir
    Path dir;

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc (Linux) to find the server's processes");
    }

    /** The server as it runs, seen from outside: the postmaster, its children and its data directory. */
    record Server(ProcessHandle postmaster, List<ProcessHandle> processes, Path dataDirectory) {

        static Server of(long pid) throws Exception {
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no postmaster "
                    + pid + " running right after the runner said it was ready"));
            // the postmaster writes its pid file before it forks its background processes: on a busy machine the
            // first of them can follow a moment later, so wait for them (for the processes, not for time)
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            List<ProcessHandle> processes = new ArrayList<>(postmaster.descendants().toList());
            while (processes.isEmpty() && postmaster.isAlive() && System.nanoTime() < deadline) {
                try {
                    postmaster.onExit().get(10, java.util.concurrent.TimeUnit.MILLISECONDS); // returns if it dies
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    // still starting: look for its background processes again
                }
                processes = new ArrayList<>(postmaster.descendants().toList());
            }
            assertFalse(processes.isEmpty(), "a running postmaster has its background processes");
            processes.add(postmaster);
            Path data = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
            assertTrue(Files.isRegularFile(data.resolve("postmaster.pid")), "not a data directory: " + data);
            return new Server(postmaster, List.copyOf(processes), data);
        }

        /**
         * Nothing of the server left: no process runs, the data directory is gone, and its stop went as planned
         * (zonky logs it at ERROR when {@code pg_ctl stop} fails, and then removes the data directory under a
         * server that still runs).
         */
        void assertGone(RunnerProcess runner) throws Exception {
            assertFalse(runner.output().contains("Could not stop postmaster"), runner.output());
            RunnerProcess.awaitStopped(processes, 0);
            assertFalse(Files.exists(dataDirectory), "data directory left behind: " + dataDirectory + "\n"
                    + runner.output());
        }
    }

    @Test
    @Timeout(150)
    void normalRun_leavesNoPostgresProcessOrDataDirectory() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(dir, List.of(), SELECTION, Map.of())) {
            runner.awaitOutput("bench: JMH invocation 1 of 2", DEADLINE_SECONDS);
            Server server = Server.of(runner.postmasterPid());

            assertEquals(0, runner.awaitExit(DEADLINE_SECONDS), runner.output());
            // the runner stops the server and waits for it before it exits: nothing to wait for here
            server.assertGone(runner);
            assertEquals("ok", status(dir.resolve("run")));
        }
    }

    @Test
    @Timeout(150)
    void standaloneJar_startsItsOwnServerAndLeavesNothing() throws Exception {
        // no runner: the fork provisions the server itself (PgServers) and stops it when it exits. Its pid is not
        // printed, so the run gets a temporary folder of its own and the check is that no process works in it
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String tmpOption = "-Djava.io.tmpdir=" + tmp;
        try (RunnerProcess jmh = RunnerProcess.java(dir, List.of(tmpOption, "-jar",
                RunnerProcess.JAR.toAbsolutePath().toString(), "IdleReuse", "-p", "backend=pg", "-p", "pool=hikari",
                "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms", "-foe", "true", "-jvmArgsAppend", tmpOption),
                Map.of())) {
            assertEquals(0, jmh.awaitExit(DEADLINE_SECONDS), jmh.output());
            assertTrue(jmh.output().contains("IdleReuseBenchmark.request"), jmh.output());
            assertTrue(Files.isDirectory(tmp.resolve("embedded-pg")), "the fork's server was not provisioned from "
                    + "the run's temporary folder, so this test would not see it");
            List<ProcessHandle> left = ProcessHandle.allProcesses().filter(RunnerProcess::running)
                    .filter(p -> workingDirectory(p).startsWith(tmp)).toList();
            assertEquals(List.of(), left.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                    .toList(), "processes still working in the run's temporary folder");
            try (var files = Files.list(tmp)) {
                assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("poolbench-postgres")).toList(), "the server's data or log left");
            }
        }
    }

    private static Path workingDirectory(ProcessHandle p) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"));
        } catch (Exception notOursOrGone) {
            return Path.of("/proc/unknown"); // another user's process, or one that has ended
        }
    }

    @Test
    @Timeout(150)
    void ctrlC_exits130AndStopsTheServer() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(dir, List.of(), SELECTION, Map.of())) {
            runner.awaitOutput("bench: JMH invocation 1 of 2", DEADLINE_SECONDS);
            Server server = Server.of(runner.postmasterPid());
            // see RunnerProcess.ignoresSigint: SIGTERM drives the same shutdown, exiting with 143
            boolean sigintIgnored = runner.ignoresSigint();
            RunnerProcess.signal(runner.process.pid(), sigintIgnored ? "TERM" : "INT");

            assertEquals(sigintIgnored ? 143 : 130, runner.awaitExit(DEADLINE_SECONDS), runner.output());
            // the server's shutdown hook waits until it is gone, and the JVM exits only after its hooks
            server.assertGone(runner);
            assertEquals("interrupted", status(dir.resolve("run")));
        }
    }

    @Test
    @Timeout(150)
    void ctrlCWhileTheServerStarts_leavesNoPostgresProcess() throws Exception {
        // The signal comes once the postmaster runs but before the runner says the server is ready (it is still
        // setting up the role and logins): the moment a user who waits for a first line presses Ctrl-C. The
        // runner gets a temporary folder of its own to see the postmaster's data directory appear.
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (RunnerProcess runner = RunnerProcess.start(dir, List.of("-Djava.io.tmpdir=" + tmp), SELECTION,
                Map.of())) {
            Path pidFile = awaitPostmasterPidFile(runner, tmp);
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            Server server = Server.of(pid);
            boolean sigintIgnored = runner.ignoresSigint();
            RunnerProcess.signal(runner.process.pid(), sigintIgnored ? "TERM" : "INT");

            assertEquals(sigintIgnored ? 143 : 130, runner.awaitExit(DEADLINE_SECONDS), runner.output());
            server.assertGone(runner);
        }
    }

    /** Waits until a postmaster has written its pid file in a data directory under {@code tmp}. */
    private static Path awaitPostmasterPidFile(RunnerProcess runner, Path tmp) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (true) {
            try (var entries = Files.list(tmp)) {
                for (Path e : entries.toList()) {
                    Path pidFile = e.resolve("postmaster.pid");
                    // the file is written whole once the server runs; its first line is the pid
                    if (Files.isRegularFile(pidFile) && Files.readAllLines(pidFile).size() >= 8) {
                        return pidFile;
                    }
                }
            }
            assertTrue(runner.process.isAlive(), "the runner exited before a server started:\n" + runner.output());
            assertTrue(System.nanoTime() < deadline, "no postmaster.pid under " + tmp + ":\n" + runner.output());
            // waits for the server's pid file, not for time to pass
            runner.process.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    @Test
    @Timeout(150)
    void sigterm_exits143AndStopsTheServer() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(dir, List.of(), SELECTION, Map.of())) {
            runner.awaitOutput("bench: JMH invocation 1 of 2", DEADLINE_SECONDS);
            Server server = Server.of(runner.postmasterPid());
            RunnerProcess.signal(runner.process.pid(), "TERM");

            assertEquals(143, runner.awaitExit(DEADLINE_SECONDS), runner.output());
            server.assertGone(runner);
        }
    }

    @Test
    @Timeout(150)
    void serverKilledDuringTheRun_failsTheRunSayingTheServerStopped() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(dir, List.of(), SELECTION, Map.of())) {
            runner.awaitOutput("bench: JMH invocation 1 of 2", DEADLINE_SECONDS);
            long pid = runner.postmasterPid();
            Server server = Server.of(pid);
            RunnerProcess.signal(pid, "KILL");

            int exit = runner.awaitExit(DEADLINE_SECONDS); // a failed run, not a hang
            String console = runner.output();
            assertEquals(Bench.FAILED, exit, console);
            assertTrue(console.contains("bench: FAILED: the PostgreSQL server (embedded, pid " + pid + ") stopped "
                    + "during JMH invocation 1 of 2"), console);
            assertEquals("failed", status(dir.resolve("run")));
            assertFalse(console.contains("Could not stop postmaster"), "no stop attempt on a dead server:\n"
                    + console);
            assertTrue(Files.readString(dir.resolve("run/summary.md")).contains("the PostgreSQL server (embedded, pid "
                    + pid + ") stopped"), "the summary says why");
            // the postmaster's children notice its death and end by themselves
            RunnerProcess.awaitStopped(server.processes(), DEADLINE_SECONDS);
            assertFalse(Files.exists(server.dataDirectory()), "data directory left behind: "
                    + server.dataDirectory());
        }
    }

    private static String status(Path run) throws Exception {
        return JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject().get("status")
                .getAsString();
    }
}
