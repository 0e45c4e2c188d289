package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The bench runner from {@code target/benchmarks.jar} as its own process, the way a user starts it, for the
 * PostgreSQL integration tests: its console goes to a file that the tests poll for a line (with a deadline, never
 * waiting for time to pass), and what it started can be inspected on Linux through {@code /proc}.
 */
final class RunnerProcess implements AutoCloseable {

    static final Path JAR = Path.of("target/benchmarks.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** The runner's line once the run's server is ready: {@code ..., pid 1234, ready in 1.7 s; ...}. */
    private static final Pattern READY_PID = Pattern.compile("bench: PostgreSQL .* pid (\\d+), ready in ");

    final Process process;
    final Path console;

    private RunnerProcess(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    /**
     * Starts {@code java [jvmOptions] -cp target/benchmarks.jar org.poolbench.runner.Bench [args]} in {@code dir},
     * with {@code env} added to this JVM's environment (a null value removes the variable).
     */
    static RunnerProcess start(Path dir, List<String> jvmOptions, List<String> args, Map<String, String> env)
            throws IOException {
        List<String> javaArgs = new ArrayList<>(jvmOptions);
        javaArgs.addAll(List.of("-cp", JAR.toAbsolutePath().toString(), Bench.class.getName()));
        javaArgs.addAll(args);
        return java(dir, javaArgs, env);
    }

    /**
     * Starts {@code java [javaArgs]} in {@code dir} (for the jar as JMH's own main: {@code -jar
     * target/benchmarks.jar ...}), with {@code env} as in {@link #start}.
     */
    static RunnerProcess java(Path dir, List<String> javaArgs, Map<String, String> env) throws IOException {
        assertTrue(Files.isRegularFile(JAR), "target/benchmarks.jar is missing: run through `./mvnw verify`");
        List<String> command = new ArrayList<>(List.of(JAVA));
        if (Runtime.version().feature() >= 24) {
            command.add(JmhOptions.UNSAFE_FLAG);
        }
        command.addAll(javaArgs);
        Path console = dir.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(console.toFile());
        // the test's own login must not leak into a run that is meant to have none, or to have another
        builder.environment().remove("PGUSER");
        builder.environment().remove("PGPASSWORD");
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        return new RunnerProcess(builder.start(), console);
    }

    /** The runner's console so far. */
    String output() throws IOException {
        return Files.exists(console) ? Files.readString(console, StandardCharsets.UTF_8) : "";
    }

    /** Waits until the console holds {@code text}; fails at the deadline or if the runner exits first. */
    void awaitOutput(String text, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!output().contains(text)) {
            assertTrue(process.isAlive(), "the runner exited before printing '" + text + "':\n" + output());
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' within " + seconds + " s:\n" + output());
            // waits for the runner's output, not for time to pass: wakes on its exit or after a short poll
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits for the runner to exit and returns its status; fails if it has not within {@code seconds}. */
    int awaitExit(long seconds) throws Exception {
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS),
                "the runner did not end within " + seconds + " s:\n" + output());
        return process.exitValue();
    }

    /** The postmaster's pid from the runner's ready line. */
    long postmasterPid() throws IOException {
        Matcher m = READY_PID.matcher(output());
        assertTrue(m.find(), "no PostgreSQL ready line with a pid:\n" + output());
        return Long.parseLong(m.group(1));
    }

    /** Sends {@code kill -SIGNAL pid}. */
    static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + pid
                + " failed");
    }

    /**
     * Whether the runner was started with SIGINT ignored (a background job of a non-interactive shell): its JVM
     * then cannot see Ctrl-C at all, and SIGTERM is the signal that drives the same shutdown.
     */
    boolean ignoresSigint() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring("SigIgn:".length()).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    /**
     * Whether {@code p} still runs. An exited process that its parent has not reaped yet (a zombie) has stopped:
     * the postmaster is re-parented to init, and an init that reaps late, or a container whose pid 1 does not reap
     * at all, keeps it a zombie, which {@link ProcessHandle#isAlive()} still reports alive.
     */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return p.isAlive(); // gone from /proc meanwhile
        }
    }

    /**
     * Waits until none of {@code processes} runs, for processes that end by themselves (a postmaster's children
     * notice its death); fails naming those left at the deadline.
     */
    static void awaitStopped(List<ProcessHandle> processes, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (ProcessHandle p : processes) {
            while (running(p) && System.nanoTime() < deadline) {
                try {
                    // wakes when it is reaped; a zombie is re-checked after the short wait
                    p.onExit().get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillThere) {
                    // check again
                }
            }
            assertTrue(!running(p), "process " + p.pid() + " " + p.info().commandLine().orElse("") + " still runs "
                    + seconds + " s later");
        }
    }

    /** The paths under {@code dir} of the files whose text contains {@code secret}. */
    static List<Path> filesContaining(Path dir, String secret) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> found = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret)) {
                    found.add(f);
                }
            }
            return found;
        }
    }

    @Override
    public void close() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
