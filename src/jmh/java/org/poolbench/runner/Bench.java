package org.poolbench.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.poolbench.bench.Backend;
import org.poolbench.bench.pg.PgConfig;
import org.poolbench.bench.pg.PgServer;
import org.poolbench.bench.pg.Provisioning;
import org.poolbench.pool.Redact;

/**
 * The bench runner behind {@code scripts/bench} and the Maven {@code bench} profile:
 *
 * <pre>{@code
 * java -cp target/benchmarks.jar org.poolbench.runner.Bench [quick|full|smoke] [--out DIR] [JMH options and regexes]
 * }</pre>
 *
 * It plans the run (one JMH invocation per benchmark class and thread count of the profile), runs JMH in this
 * process (JMH forks a JVM per benchmark run, as usual) with a progress line before each benchmark run, then
 * writes {@code reports/runs/<UTC time>-<short commit>/} ({@code target/smoke-runs/...} for the smoke profile, or
 * {@code --out DIR}) holding {@code results.json}
 * (every step's JMH JSON merged into one standard JMH file), {@code run.json} (metadata) and {@code summary.md},
 * and prints the summary.
 *
 * <p>Exit status: 0 on success; 1 if a benchmark failed (JMH runs with fail-on-error; the folder then holds what
 * finished and a summary marked FAILED); 2 for a usage error (also for {@code --out} onto a folder that is not
 * empty, which the runner never overwrites); 130 after Ctrl-C (the folder then holds what finished and a summary
 * marked INTERRUPTED).
 *
 * <p>The benchmark classes to run come from JMH's {@code META-INF/BenchmarkList} and their thread counts from each
 * class's {@code @ThreadSweep}, so nothing here names a benchmark.
 */
public final class Bench {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** What a JVM ended by SIGINT exits with (128 + 2); returned when a signal stopped the run. */
    static final int INTERRUPTED = 130;

    private static final DateTimeFormatter FOLDER_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Bench() {
    }

    public static void main(String[] args) {
        int status = run(Arrays.asList(args), Path.of("").toAbsolutePath(), System.out);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Parsed command line: the profile, an output folder if given, the arguments left for JMH, the runner's own
     * system properties ({@code -Dpoolbench.pg.url=...}), set in this JVM before the run starts, and whether forks
     * are interleaved ({@link Interleave}; {@code --no-interleave} keeps JMH's order).
     */
    record Arguments(Profile profile, Path out, List<String> jmhArgs, Map<String, String> properties,
                     boolean interleave) {

        /** The option that keeps JMH's own fork order. */
        static final String NO_INTERLEAVE = "--no-interleave";

        Arguments(Profile profile, Path out, List<String> jmhArgs) {
            this(profile, out, jmhArgs, Map.of(), true);
        }

        /**
         * The options as {@code run.json} and the summary record them: JMH's, after {@link #NO_INTERLEAVE} when
         * given (it changes what the forks measured together).
         */
        List<String> recordedOptions() {
            if (interleave) {
                return jmhArgs;
            }
            List<String> recorded = new ArrayList<>();
            recorded.add(NO_INTERLEAVE);
            recorded.addAll(jmhArgs);
            return List.copyOf(recorded);
        }

        /** A JMH option spelled alone ({@code -jvmArgs}, not {@code -t4}): JMH takes the next word as its value. */
        private static final Pattern JMH_OPTION_WITH_VALUE = Pattern.compile("-[A-Za-z]+");
        /** JMH's options that take no value. */
        private static final Set<String> JMH_FLAGS = Set.of("-l", "-lp", "-lrf", "-lprof", "-h");
        /** The settings the runner takes as {@code -Dname=value}: where its PostgreSQL server is. */
        static final List<String> SETTINGS = List.of(PgConfig.URL, PgConfig.USER, PgConfig.PASSWORD, PgConfig.PORT);

        /** The arguments with every setting's value masked: one of them may be a password. */
        @Override
        public String toString() {
            return "Arguments[profile=" + profile + ", out=" + out + ", jmhArgs=" + jmhArgs + ", properties="
                    + properties.keySet() + "]";
        }

        static Arguments parse(List<String> args) {
            Profile profile = Profile.QUICK;
            Path out = null;
            List<String> rest = new ArrayList<>();
            Map<String, String> properties = new LinkedHashMap<>();
            boolean interleave = true;
            boolean jmhValue = false;
            boolean onlySettingsSoFar = true; // a profile is the first word, after any -D settings
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                boolean first = onlySettingsSoFar;
                onlySettingsSoFar &= !jmhValue && a.startsWith("-D");
                if (jmhValue) {
                    // the value of the JMH option before it, even if it starts with "--" (-jvmArgs --enable-preview)
                    rest.add(a);
                    jmhValue = false;
                } else if (first && Profile.isProfile(a)) {
                    profile = Profile.of(a);
                } else if (a.equals("--out")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--out needs a folder");
                    }
                    out = Path.of(args.get(++i));
                } else if (a.equals(NO_INTERLEAVE)) {
                    interleave = false;
                } else if (a.startsWith("-D")) {
                    // JMH has no -D option; a runner setting such as -Dpoolbench.pg.url=... (never shown: it may be
                    // a password)
                    int eq = a.indexOf('=');
                    if (eq <= 2) {
                        throw new IllegalArgumentException("a runner setting is -Dname=value; got one without '=' or "
                                + "name");
                    }
                    String name = a.substring(2, eq);
                    if (!SETTINGS.contains(name)) {
                        // a typo must not silently start an embedded server instead of the user's
                        throw new IllegalArgumentException("unknown runner setting -D" + name + "; the runner's "
                                + "settings are " + String.join(", ", SETTINGS) + "; JVM options for the benchmark "
                                + "JVMs go in -jvmArgsAppend");
                    }
                    properties.put(name, a.substring(eq + 1));
                } else if (a.startsWith("--")) {
                    throw new IllegalArgumentException("unknown option " + a + "; the runner's own options are "
                            + "a profile (quick, full, smoke) first, --out DIR and " + NO_INTERLEAVE
                            + "; JMH options have one dash");
                } else {
                    rest.add(a);
                    jmhValue = JMH_OPTION_WITH_VALUE.matcher(a).matches() && !JMH_FLAGS.contains(a);
                }
            }
            return new Arguments(profile, out, List.copyOf(rest), java.util.Collections.unmodifiableMap(properties),
                    interleave);
        }
    }

    static int run(List<String> args, Path root, PrintStream console) {
        return run(args, root, console, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Runs the bench with the command line {@code args}.
     *
     * @param root       the project root: run folders go under it, and git is asked there for the commit
     * @param console    where progress, JMH's output (scrubbed of secrets) and the summary go
     * @param tempParent where the steps' JMH result files wait until they are merged
     * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    static int run(List<String> args, Path root, PrintStream console, Path tempParent) {
        Arguments arguments;
        CommandLineOptions user;
        try {
            arguments = Arguments.parse(args);
            user = new CommandLineOptions(arguments.jmhArgs().toArray(String[]::new));
        } catch (IllegalArgumentException | CommandLineOptionException e) {
            console.println("bench: " + RunMetadata.sanitizeText(e.getMessage()));
            console.println(USAGE_LINE);
            return USAGE;
        }
        arguments.properties().forEach(System::setProperty);
        for (String ignored : List.of("-rf", "-rff", "-foe", "-o")) {
            if (arguments.jmhArgs().contains(ignored)) {
                console.println("bench: ignoring " + ignored + ": the runner writes JSON results into the run folder "
                        + "and always fails on a benchmark error");
            }
        }
        if (arguments.out() != null && holdsAnything(arguments.out())) {
            console.println("bench: --out " + arguments.out() + " already exists and is not an empty folder (an "
                    + "earlier run?); the runner never overwrites one: choose a new or empty folder");
            return USAGE;
        }
        // JMH prints each fork's JVM options; the user's -jvmArgs may hold a password
        PrintStream jmhConsole = new PrintStream(new ScrubbingOutputStream(console), true, StandardCharsets.UTF_8);
        OutputFormat out = OutputFormatFactory.createFormatInstance(jmhConsole,
                user.verbosity().orElse(VerboseMode.NORMAL));
        OutputFormat quiet = OutputFormatFactory.createFormatInstance(console, VerboseMode.SILENT);

        BenchmarkList list = BenchmarkList.defaultList();
        List<Plan.Step> steps;
        try {
            steps = Plan.of(arguments.profile(), user, list, quiet);
        } catch (IllegalArgumentException e) {
            console.println("bench: " + RunMetadata.sanitizeText(e.getMessage()));
            notAProfile(args, arguments, list, quiet).ifPresent(hint -> console.println("bench: " + hint));
            return USAGE;
        }
        Set<String> paramNames = new LinkedHashSet<>();
        for (BenchmarkListEntry e : list.getAll(quiet, List.of())) {
            if (e.getParams().hasValue()) {
                paramNames.addAll(e.getParams().get().keySet());
            }
        }

        PgServer postgres = null;
        if (Plan.paramValues(arguments.profile(), user, list, quiet, "backend").stream().anyMatch(Backend::onPostgres)) {
            try {
                postgres = startPostgres(console);
            } catch (RuntimeException e) {
                console.println("bench: PostgreSQL: " + RunMetadata.sanitizeText(e.getMessage()));
                return FAILED;
            }
        }
        try {
            return runSteps(arguments, user, steps, paramNames, root, console, tempParent, postgres, out, jmhConsole,
                    step -> Plan.valueOrder(step, user, list, quiet));
        } finally {
            if (postgres != null) {
                postgres.close(); // after a signal, the server's own shutdown hook stops it
            }
        }
    }

    /** Runs the planned steps and writes the run folder; see {@link #run(List, Path, PrintStream, Path)}. */
    private static int runSteps(Arguments arguments, CommandLineOptions user, List<Plan.Step> steps,
                                Set<String> paramNames, Path root, PrintStream console, Path tempParent,
                                PgServer postgres, OutputFormat out, PrintStream jmhConsole,
                                java.util.function.Function<Plan.Step, Map<String, List<String>>> valueOrder) {
        RunMetadata.Source source = RunMetadata.Source.of(root);
        Instant started = Instant.now();
        Path folder = arguments.out() != null
                ? arguments.out()
                : defaultFolder(root, arguments.profile(), started, source);
        int total = Plan.totalRuns(steps);
        double secondsPerRun = nominalSecondsPerRun(arguments.profile(), user);
        int forks = user.getForkCount().orElse(arguments.profile().forks);
        // what JMH starts: an interleaved step starts each of its runs once per round, each with one fork
        int starts = steps.stream().mapToInt(s -> s.runs() * Interleave.rounds(s, forks, arguments.interleave()))
                .sum();
        ProgressFormat progress = new ProgressFormat(out, starts, starts == 0 ? secondsPerRun
                : secondsPerRun * total / starts, System::nanoTime);
        console.printf("bench: profile %s: %d benchmark runs in %d JMH invocations, about %s; results go to %s%n",
                arguments.profile().label(), total, steps.size(),
                ProgressFormat.clock(Duration.ofSeconds(Math.round(total * secondsPerRun))), shown(root, folder));

        RunFolder run;
        try {
            run = new RunFolder(root, folder, tempParent, arguments.profile(), arguments.recordedOptions(), source,
                    started, steps, console);
        } catch (IOException e) {
            console.println("bench: could not create the run folder " + folder + ": " + e);
            return FAILED;
        }
        List<String> forkArgs = List.of();
        if (postgres != null) {
            run.postgres(postgres.describe());
            forkArgs = forkArguments(postgres);
        }
        Interruption interruption = new Interruption(run, steps.size(), console);
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        String failure = null;
        List<String> stalledSteps = new ArrayList<>();
        // JMH's timeout interrupts a stalled iteration but then waits for its threads for as long as they take (a
        // HikariCP fork at 16 virtual threads stayed stuck through 5 minutes of interrupts here): on virtual threads
        // the runner itself ends a benchmark run's fork once it has run far longer than it should
        Duration stallLimit = stallLimit(secondsPerRun);
        java.util.concurrent.atomic.AtomicBoolean virtualRunning = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ScheduledExecutorService watchdog =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "bench-stall-watchdog");
                    t.setDaemon(true);
                    return t;
                });
        watchdog.scheduleWithFixedDelay(() -> {
            if (virtualRunning.get()) {
                progress.running().filter(r -> r.getValue().compareTo(stallLimit) > 0).ifPresent(r -> {
                    console.println("bench: STALLED: " + r.getKey() + " on virtual threads ran for "
                            + ProgressFormat.clock(r.getValue()) + " (limit " + ProgressFormat.clock(stallLimit)
                            + "); ending its fork");
                    // where its virtual threads stood, before the fork goes: the stall's only evidence
                    String where = Interruption.jmhForks(false).map(StallDump::take)
                            .collect(java.util.stream.Collectors.joining("; "));
                    progress.noteKilled(r.getKey(), where);
                    // only processes known to be JMH forks: the run's PostgreSQL server is a descendant too
                    Interruption.endJmhForks(false);
                });
            }
        }, 1, 1, TimeUnit.SECONDS);
        // The forked JVM's own output reaches System.out/err directly (see ScrubbingOutputStream): scrub it too.
        try (ScrubbingOutputStream.SystemStreams forkOutput = ScrubbingOutputStream.installOnSystemStreams()) {
            for (int i = 0; i < steps.size() && failure == null; i++) {
                Plan.Step step = steps.get(i);
                interruption.running = i;
                console.printf("bench: JMH invocation %d of %d: %s with %s%n", i + 1, steps.size(),
                        step.benchmarkClass(), step.label());
                String stepFailure = null;
                virtualRunning.set(step.virtual());
                try {
                    Options options = JmhOptions.forStep(arguments.profile(), user, paramNames, step, run.partFile(i),
                            Runtime.version().feature(), forkArgs, step.virtual() ? run.recordings(i) : null);
                    int rounds = Interleave.rounds(step, forks, arguments.interleave());
                    if (rounds == 1) {
                        new Runner(options, progress).run();
                    } else {
                        runRounds(options, valueOrder.apply(step), rounds, run.partFile(i), progress, console);
                    }
                    run.stepFinished(i); // scrubs the step's result file at once
                } catch (RunnerException | IOException | RuntimeException e) {
                    virtualRunning.set(false);
                    stepFailure = "JMH invocation " + (i + 1) + " of " + steps.size() + " (" + step.benchmarkClass()
                            + ", " + step.label() + ") failed: " + rootMessage(e);
                }
                if (step.virtual()) {
                    // JMH's timeout interrupts every benchmark thread, and one interrupted in JMH's own code fails
                    // the invocation: a stall on virtual threads is a finding about a pool, so the run goes on with
                    // the next steps and ends FAILED naming it, rather than stopping here
                    Map<String, Integer> stalls = progress.takeStalls();
                    boolean stalled = stepFailure != null && !stalls.isEmpty();
                    run.virtualStepFinished(i, stalls, stalled ? stepFailure : null);
                    if (stalled) {
                        console.println("bench: STALLED: " + RunMetadata.sanitizeText(stepFailure) + "; going on");
                        stalledSteps.add(stepFailure);
                        stepFailure = null;
                    }
                }
                failure = stepFailure;
                virtualRunning.set(false);
                if (postgres != null && !postgres.isAlive()) {
                    // whatever the step reported, the runs after it cannot reach the server
                    failure = "the PostgreSQL server (" + postgres.provisioning().label()
                            + (postgres.pid().isPresent() ? ", pid " + postgres.pid().getAsLong() : "")
                            + ") stopped during JMH invocation " + (i + 1) + " of " + steps.size() + " (killed?)"
                            + (failure == null ? "" : "; " + failure);
                }
                jmhConsole.flush();
                forkOutput.flush();
            }
        }
        // Ctrl-C in a terminal also reaches JMH's fork, whose death can end the step before the hook has begun:
        // once the JVM is shutting down, the hook writes the folder (INTERRUPTED) and the JVM exits with 130.
        watchdog.shutdownNow();
        if (!interruption.remove() || interruption.signalled) {
            return INTERRUPTED;
        }
        // A stall is a finding about one pool, which since each virtual-thread step runs one pool costs only that
        // pool's results: the summary flags it above its tables and run.json lists it, and the run stays OK, so that
        // another project's pool stalling does not fail every default run (BenchSmokeIT fails on a stall of ours)
        for (String stalled : stalledSteps) {
            console.println("bench: note: stalled on virtual threads, no results for it: "
                    + RunMetadata.sanitizeText(stalled));
        }
        try {
            run.finish(failure == null ? RunRecord.Status.OK : RunRecord.Status.FAILED, failure, Instant.now());
        } catch (IOException | RuntimeException e) {
            console.println("bench: could not write the run folder " + folder + ": " + e);
            return FAILED;
        }
        if (failure != null) {
            console.println("bench: FAILED: " + RunMetadata.sanitizeText(failure));
            return FAILED;
        }
        return OK;
    }

    /**
     * Runs one step as {@code rounds} interleaved JMH invocations of one fork each ({@link Interleave}) and writes
     * their merged results to {@code partFile}. Each round's own result file (it holds the forks' JVM options, which
     * may name a password) is deleted as soon as it is read.
     */
    private static void runRounds(Options options, Map<String, List<String>> order, int rounds, Path partFile,
                                  OutputFormat progress, PrintStream console) throws RunnerException, IOException {
        List<Collection<RunResult>> results = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            console.printf("bench: round %d of %d (fork %d of every run, %s)%n", r + 1, rounds, r + 1,
                    r % 2 == 0 ? "in order" : "reversed");
            Path roundFile = partFile.resolveSibling(partFile.getFileName() + ".round" + (r + 1));
            try {
                results.add(new Runner(Interleave.round(options, order, r, roundFile), progress).run());
            } finally {
                Files.deleteIfExists(roundFile);
            }
        }
        Interleave.write(Interleave.merge(results, order), partFile);
    }

    /**
     * Starts the run's PostgreSQL server (or checks the given one) and says which, where and how fast.
     *
     * @throws IllegalStateException if it cannot be used; the message names why, never the password
     */
    private static PgServer startPostgres(PrintStream console) {
        PgConfig config = PgConfig.fromEnvironment();
        long start = System.nanoTime();
        PgServer server = PgServer.start(config);
        console.printf("bench: PostgreSQL %s (%s) at %s%s, ready in %.1f s%s%n",
                server.settings().getOrDefault("server_version", "?"), server.provisioning().label(),
                Redact.url(server.url()), server.pid().isPresent() ? ", pid " + server.pid().getAsLong() : "",
                (System.nanoTime() - start) / 1e9,
                server.provisioning() == Provisioning.URL ? "" : "; it stops when the run ends");
        return server;
    }

    /**
     * The system properties that point the benchmark JVMs at the run's server ({@link PgConfig}); also set in this
     * JVM, for a run with {@code -f 0}. A password from {@code PGPASSWORD} is not repeated: the forks inherit the
     * environment, and a command line is visible to the machine's other users.
     */
    static List<String> forkArguments(PgServer server) {
        List<String> args = new ArrayList<>();
        args.add("-D" + PgConfig.URL + "=" + server.url());
        System.setProperty(PgConfig.URL, server.url());
        if (server.user() != null) {
            args.add("-D" + PgConfig.USER + "=" + server.user());
            System.setProperty(PgConfig.USER, server.user());
        }
        if (server.password() != null) {
            System.setProperty(PgConfig.PASSWORD, server.password());
            if (!server.password().equals(System.getenv("PGPASSWORD"))) {
                args.add("-D" + PgConfig.PASSWORD + "=" + server.password());
            }
        }
        return List.copyOf(args);
    }

    static final String USAGE_LINE = "usage: scripts/bench [quick|full|smoke] [benchmark regex] [JMH options]";

    /**
     * Ctrl-C (SIGINT) or a plain {@code kill} during a run: the JVM runs its shutdown hooks and then exits with
     * 128 + the signal (130 for SIGINT). The hook stops JMH's forked benchmark JVM, keeps what finished (the run
     * folder written from the finished steps, marked INTERRUPTED) and removes the temporary folder. When the run
     * ends normally the hook is removed first, so the folder is written once either way.
     */
    static final class Interruption {
        /** The main class of a JMH fork's JVM. */
        static final String JMH_FORK_MAIN = "org.openjdk.jmh.runner.ForkedMain";
        final Thread hook;
        /** The step running when the signal came, 0-based. */
        volatile int running;
        /** Set by the hook before it stops anything, so the main thread takes the fork's death for what it is. */
        volatile boolean signalled;

        Interruption(RunFolder run, int steps, PrintStream console) {
            this.hook = new Thread(() -> {
                signalled = true;
                // JMH's forks are this JVM's children; an in-process run (-f 0) ends when the JVM halts after the
                // hooks. Only this process's own JMH forks are ended, by their process handles: the embedded
                // PostgreSQL server's shutdown hook runs at the same time and stops it with a pg_ctl child, which
                // must not be killed half-way (the server would keep running while its data directory is removed).
                endJmhForks();
                try {
                    if (run.finish(RunRecord.Status.INTERRUPTED, interruptedMessage(running, steps,
                            run.finishedSteps()), Instant.now())) {
                        console.println("bench: INTERRUPTED: kept the " + run.finishedSteps() + " finished of "
                                + steps + " JMH invocations");
                    }
                } catch (IOException | RuntimeException e) {
                    console.println("bench: interrupted, and could not write the run folder: " + e);
                }
                // a fork the main thread started while the folder was written
                endJmhForks();
                console.flush();
            }, "bench-interrupted");
        }

        /** Ends this JVM's JMH forks; a descendant whose command line the OS does not tell is ended too. */
        private static void endJmhForks() {
            endJmhForks(true);
        }

        /**
         * Ends this JVM's JMH forks.
         *
         * @param unknownToo whether a descendant whose command line the OS does not tell is ended too
         */
        static void endJmhForks(boolean unknownToo) {
            jmhForks(unknownToo).forEach(ProcessHandle::destroy);
        }

        /** This JVM's JMH forks ({@code unknownToo}: and descendants whose command line the OS does not tell). */
        static java.util.stream.Stream<ProcessHandle> jmhForks(boolean unknownToo) {
            return ProcessHandle.current().descendants()
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains(JMH_FORK_MAIN)).orElse(unknownToo));
        }

        /**
         * Removes the hook once the run has ended without a signal.
         *
         * @return false if the JVM is already shutting down (a signal came): the hook then writes the folder
         */
        boolean remove() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                return true;
            } catch (IllegalStateException shuttingDown) {
                return false;
            }
        }
    }

    /**
     * How long one benchmark run on virtual threads may take before the runner ends its fork as stalled: its
     * nominal time (all forks, see {@link #nominalSecondsPerRun}, JVM starts included) plus 8 s or a quarter, whichever
     * is more, past JMH's own timeout ({@link JmhOptions#VIRTUAL_TIMEOUT}), which interrupts a stalled iteration
     * first; 14 s for the quick profile (a healthy run there takes 6 to 7 s), 66 s for full. This bounds the case
     * where the benchmark threads ignore the interrupt, as HikariCP's and Vibur's did in every quick run here: each
     * such stall costs the run this long.
     */
    static Duration stallLimit(double nominalSecondsPerRun) {
        return Duration.ofSeconds(Math.round(Math.max(1.25 * nominalSecondsPerRun, nominalSecondsPerRun + 8)));
    }

    /** The INTERRUPTED line of the summary and {@code run.json}'s {@code failure}. */
    static String interruptedMessage(int running, int steps, int finished) {
        return "stopped by a signal (Ctrl-C) during JMH invocation " + (running + 1) + " of " + steps + "; "
                + finished + " finished";
    }

    /** Whether {@code path} exists as anything but an empty folder. */
    private static boolean holdsAnything(Path path) {
        if (!Files.exists(path)) {
            return false;
        }
        if (!Files.isDirectory(path)) {
            return true;
        }
        try (var entries = Files.list(path)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * A hint when the first argument, taken as a benchmark regex, matches nothing: it was probably meant as a
     * profile ({@code smok}, {@code Quick}), since only a profile word comes first.
     */
    static Optional<String> notAProfile(List<String> args, Arguments arguments, BenchmarkList list,
                                        OutputFormat quiet) {
        if (args.isEmpty() || Profile.isProfile(args.get(0)) || args.get(0).startsWith("-")
                || arguments.jmhArgs().isEmpty() || !arguments.jmhArgs().get(0).equals(args.get(0))) {
            return Optional.empty();
        }
        String word = args.get(0);
        try {
            if (!list.find(quiet, List.of(word), List.of()).isEmpty()) {
                return Optional.empty();
            }
        } catch (RuntimeException notARegex) {
            // an invalid regex is certainly no benchmark selection: fall through to the hint
        }
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        for (Profile p : Profile.values()) {
            if (p.label().startsWith(lower) || lower.startsWith(p.label()) || editDistance(lower, p.label()) <= 2) {
                return Optional.of("'" + word + "' is not a profile; did you mean '" + p.label() + "'? A first "
                        + "argument is a profile (" + Profile.labels() + ") or else a benchmark regex");
            }
        }
        return Optional.of("'" + word + "' is neither a profile (" + Profile.labels() + ") nor a regex matching any "
                + "benchmark");
    }

    /** Levenshtein distance: how many single-character edits turn {@code a} into {@code b}. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * {@code reports/runs/<UTC time>-<short commit>}; a smoke run measures nothing worth publishing, so by default it
     * goes to {@code target/smoke-runs/} instead.
     */
    static Path defaultFolder(Path root, Profile profile, Instant started, RunMetadata.Source source) {
        String parent = profile == Profile.SMOKE ? "target/smoke-runs/" : "reports/runs/";
        return root.resolve(parent + FOLDER_TIME.format(started) + "-" + source.shortCommit());
    }

    /**
     * The first estimate of one benchmark run: forks x (warm-up + measurement time) plus about 1.5 s per fork for
     * the JVM start and trial setup, with the user's JMH options in place of the profile's.
     */
    static double nominalSecondsPerRun(Profile p, Options user) {
        int forks = Math.max(1, user.getForkCount().orElse(p.forks));
        int wi = user.getWarmupIterations().orElse(p.warmupIterations);
        int mi = user.getMeasurementIterations().orElse(p.measurementIterations);
        double w = user.getWarmupTime().hasValue()
                ? user.getWarmupTime().get().convertTo(TimeUnit.MILLISECONDS) : p.warmupMillis;
        double r = user.getMeasurementTime().hasValue()
                ? user.getMeasurementTime().get().convertTo(TimeUnit.MILLISECONDS) : p.measurementMillis;
        return forks * ((wi * w + mi * r) / 1000.0 + 1.5);
    }

    /** The folder relative to the project root when it is inside it, else absolute. */
    static String shown(Path root, Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    /**
     * The failure in words. JMH wraps a benchmark's own exception as a suppressed exception of a
     * {@code BenchmarkException}, the cause of the {@code RunnerException}, so that is where the useful message is.
     */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StringBuilder b = new StringBuilder(String.valueOf(t.getMessage()));
        if (root.getSuppressed().length > 0) {
            b.append(" (cause: ").append(root.getSuppressed()[0]).append(')');
        } else if (root != t) {
            b.append(" (cause: ").append(root).append(')');
        }
        return b.toString();
    }
}
