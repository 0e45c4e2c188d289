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
 * <p>Always set, whatever the user passed: fail on error (a benchmark error must fail the run), JSON results to
 * the step's file, and the {@code gc} profiler (allocation per operation is part of every summary).
 */
final class JmhOptions {

    /** JDK 24+ warns about JMH's sun.misc.Unsafe use; JDK 21 rejects the flag that silences it. */
    static final String UNSAFE_FLAG = "--sun-misc-unsafe-memory-access=allow";

    private JmhOptions() {
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
            if (user.getParameter(name).hasValue()) {
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
