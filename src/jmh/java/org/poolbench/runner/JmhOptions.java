package org.poolbench.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH options of one {@link Plan.Step}: the profile's values, replaced by any the user gave, with the step's
 * own benchmarks and thread count. The user's options are copied one by one rather than chained as a parent,
 * because JMH unions a parent's include regexes with the child's, which would run the user's whole selection in
 * every step.
 *
 * <p>A virtual-thread step ({@link Plan.Step#virtual()}) appends {@link #VIRTUAL_EXECUTOR} after the user's own
 * {@code -jvmArgsAppend} (JMH's command line adds up repeated {@code -jvmArgsAppend}, but its
 * {@code OptionsBuilder} keeps only the last call, so the runner passes one list holding everything: the unsafe
 * flag, the user's, the run's own, then the step's), records pinning with JFR and gets a timeout.
 *
 * <p>Always set, whatever the user passed: fail on error (a benchmark error must fail the run), JSON results to
 * the step's file, and the {@code gc} profiler (allocation per operation is part of every summary).
 */
final class JmhOptions {

    /** JDK 24+ warns about JMH's sun.misc.Unsafe use; JDK 21 rejects the flag that silences it. */
    static final String UNSAFE_FLAG = "--sun-misc-unsafe-memory-access=allow";

    /** What makes JMH 1.37 run the benchmark threads of a fork as virtual threads. */
    static final String VIRTUAL_EXECUTOR = "-Djmh.executor=VIRTUAL";

    /**
     * JMH's per-iteration timeout on virtual threads (JMH's default is 10 minutes). A HikariCP run at 16 virtual
     * threads once did not finish its first 1 s iteration within 100 s (TOOLCHAIN.md); with this timeout JMH
     * interrupts the benchmark threads of an iteration still running 5 s after it began (2.5 to 10 times the
     * iterations of the profiles) and prints "(benchmark timed out, interrupted N times)", which the runner counts
     * as a stall and the summary flags, instead of the whole run waiting for minutes. An acquire that the interrupt
     * ends is counted by the benchmark as a failed acquire, which the summary warns about too; a benchmark thread
     * that the interrupt finds in JMH's own code (waiting for the others) fails the invocation, and the runner then
     * records the stall as a finding about that step's one pool and goes on with the next step (tried here with
     * {@code -to 1ms}). JMH keeps interrupting threads that do not end, without limit: {@code Bench.stallLimit}
     * bounds that case.
     */
    static final TimeValue VIRTUAL_TIMEOUT = TimeValue.seconds(5);

    private JmhOptions() {
    }

    /**
     * The JVM options that record {@code jdk.VirtualThreadPinned} events (threshold 0 ms: every pin, however short,
     * with its stack trace) into {@code recordings/fork-<pid>.jfr}, one file per fork, written when the fork exits.
     * {@code settings=none} enables nothing else: no system properties, JVM arguments or environment go into the file
     * (a PostgreSQL password may be among the fork's {@code -D} options), and the recording costs nothing when no
     * thread pins. JFR's start-up message is silenced ({@code -Xlog:jfr+startup=error}). Works on JDK 21+.
     */
    static List<String> pinningRecording(Path recordings) {
        return List.of("-Xlog:jfr+startup=error",
                "-XX:StartFlightRecording=settings=none,+" + PinningReport.EVENT + "#enabled=true,+"
                        + PinningReport.EVENT + "#threshold=0ms,+" + PinningReport.EVENT + "#stackTrace=true,filename="
                        + recordings.toAbsolutePath().resolve("fork-%p.jfr") + ",dumponexit=true");
    }

    static Options forStep(Profile profile, Options user, Collection<String> paramNames, Plan.Step step,
                           Path resultFile, int javaFeatureVersion) {
        return forStep(profile, user, paramNames, step, resultFile, javaFeatureVersion, List.of());
    }

    /**
     * As above, with {@code runArgs} appended to every fork's JVM options after the user's own: what the run itself
     * passes to its benchmark JVMs, such as the URL and login of the PostgreSQL server it started.
     */
    static Options forStep(Profile profile, Options user, Collection<String> paramNames, Plan.Step step,
                           Path resultFile, int javaFeatureVersion, List<String> runArgs) {
        return forStep(profile, user, paramNames, step, resultFile, javaFeatureVersion, runArgs, null);
    }

    /**
     * As above; a {@link Plan.Step#virtual() virtual-thread} step also gets {@link #VIRTUAL_EXECUTOR}, a JFR
     * recording of pinning into {@code recordings} (see {@link #pinningRecording(Path)}; none when null) and, unless
     * the user gave {@code -to}, the timeout {@link #VIRTUAL_TIMEOUT}.
     */
    static Options forStep(Profile profile, Options user, Collection<String> paramNames, Plan.Step step,
                           Path resultFile, int javaFeatureVersion, List<String> runArgs, Path recordings) {
        ChainedOptionsBuilder b = new OptionsBuilder();
        step.includes().forEach(b::include);
        b.threads(step.threads());
        b.shouldFailOnError(true);
        b.resultFormat(ResultFormatType.JSON);
        b.result(resultFile.toString());

        b.forks(user.getForkCount().orElse(profile.forks));
        b.warmupIterations(user.getWarmupIterations().orElse(profile.warmupIterations));
        b.warmupTime(user.getWarmupTime().orElse(TimeValue.milliseconds(profile.warmupMillis)));
        b.measurementIterations(user.getMeasurementIterations().orElse(profile.measurementIterations));
        b.measurementTime(user.getMeasurementTime().orElse(TimeValue.milliseconds(profile.measurementMillis)));

        Set<String> profilers = new LinkedHashSet<>();
        for (ProfilerConfig p : user.getProfilers()) {
            if (profilers.add(p.getKlass())) {
                b.addProfiler(p.getKlass(), p.getOpts());
            }
        }
        if (!profilers.contains("gc") && !profilers.contains("org.openjdk.jmh.profile.GCProfiler")) {
            b.addProfiler("gc");
        }

        List<String> append = new ArrayList<>();
        if (javaFeatureVersion >= 24) {
            append.add(UNSAFE_FLAG);
        }
        if (user.getJvmArgsAppend().hasValue()) {
            append.addAll(user.getJvmArgsAppend().get());
        }
        // last, so that they win: run.json describes the server the run started, and the forks must use that one
        append.addAll(runArgs);
        if (step.virtual()) {
            // after the user's: a later -D wins in the JVM, and the step is labelled virtual in the summary
            append.add(VIRTUAL_EXECUTOR);
            if (recordings != null) {
                append.addAll(pinningRecording(recordings));
            }
        }
        if (!append.isEmpty()) {
            b.jvmArgsAppend(append.toArray(String[]::new));
        }
        if (user.getJvm().hasValue()) {
            b.jvm(user.getJvm().get());
        }
        if (user.getJvmArgs().hasValue()) {
            b.jvmArgs(user.getJvmArgs().get().toArray(String[]::new));
        }
        if (user.getJvmArgsPrepend().hasValue()) {
            b.jvmArgsPrepend(user.getJvmArgsPrepend().get().toArray(String[]::new));
        }
        for (String name : paramNames) {
            // a virtual-thread step's one pool is one of the user's values (Plan.SPLIT_PARAM): it wins
            boolean stepsPool = step.virtual() && name.equals(Plan.SPLIT_PARAM) && step.params().containsKey(name);
            if (user.getParameter(name).hasValue() && !stepsPool) {
                b.param(name, user.getParameter(name).get().toArray(String[]::new));
            } else if (step.params().containsKey(name)) {
                b.param(name, step.params().get(name).toArray(String[]::new));
            }
        }
        for (Mode mode : user.getBenchModes()) {
            b.mode(mode);
        }
        if (user.getWarmupForkCount().hasValue()) {
            b.warmupForks(user.getWarmupForkCount().get());
        }
        if (user.getWarmupBatchSize().hasValue()) {
            b.warmupBatchSize(user.getWarmupBatchSize().get());
        }
        if (user.getMeasurementBatchSize().hasValue()) {
            b.measurementBatchSize(user.getMeasurementBatchSize().get());
        }
        if (user.getWarmupMode().hasValue()) {
            b.warmupMode(user.getWarmupMode().get());
        }
        if (user.getTimeUnit().hasValue()) {
            b.timeUnit(user.getTimeUnit().get());
        }
        if (user.getOperationsPerInvocation().hasValue()) {
            b.operationsPerInvocation(user.getOperationsPerInvocation().get());
        }
        if (user.getTimeout().hasValue()) {
            b.timeout(user.getTimeout().get());
        } else if (step.virtual()) {
            b.timeout(VIRTUAL_TIMEOUT);
        }
        if (user.shouldDoGC().hasValue()) {
            b.shouldDoGC(user.shouldDoGC().get());
        }
        if (user.shouldSyncIterations().hasValue()) {
            b.syncIterations(user.shouldSyncIterations().get());
        }
        if (user.verbosity().hasValue()) {
            b.verbosity(user.verbosity().get());
        }
        return b.build();
    }
}
