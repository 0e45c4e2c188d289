package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;

/** {@link JmhOptions#forStep}: the profile's values, the user's on top, and what the runner always sets. */
class JmhOptionsTest {

    private static final List<String> PARAM_NAMES = List.of("pool", "size", "backend");
    private static final Plan.Step STEP = new Plan.Step("IdleReuseBenchmark", 4,
            List.of("^\\Qorg.poolbench.bench.IdleReuseBenchmark.request\\E$"), 24);
    private static final Path RESULT = Path.of("/tmp/parts/01-IdleReuseBenchmark-t4.json");

    private static Options forStep(Profile profile, int feature, String... userArgs)
            throws CommandLineOptionException {
        return JmhOptions.forStep(profile, new CommandLineOptions(userArgs), PARAM_NAMES, STEP, RESULT, feature);
    }

    private static List<String> profilers(Options o) {
        return o.getProfilers().stream().map(p -> p.getKlass() + "|" + p.getOpts()).toList();
    }

    @Test
    void forStep_noUserOptions_usesTheProfile() throws Exception {
        Options o = forStep(Profile.QUICK, 21);

        assertEquals(2, o.getForkCount().get());
        assertEquals(1, o.getWarmupIterations().get());
        assertEquals(TimeValue.milliseconds(500), o.getWarmupTime().get());
        assertEquals(2, o.getMeasurementIterations().get());
        assertEquals(TimeValue.milliseconds(500), o.getMeasurementTime().get());
    }

    @Test
    void forStep_fullProfile_usesItsValues() throws Exception {
        Options o = forStep(Profile.FULL, 21);

        assertEquals(3, o.getForkCount().get());
        assertEquals(3, o.getWarmupIterations().get());
        assertEquals(TimeValue.milliseconds(2000), o.getWarmupTime().get());
        assertEquals(5, o.getMeasurementIterations().get());
        assertEquals(TimeValue.milliseconds(2000), o.getMeasurementTime().get());
    }

    @Test
    void forStep_userValues_winOverTheProfile() throws Exception {
        Options o = forStep(Profile.FULL, 21, "-f", "3", "-i", "7", "-wi", "0", "-r", "250ms", "-w", "2s");

        assertEquals(3, o.getForkCount().get());
        assertEquals(7, o.getMeasurementIterations().get());
        assertEquals(0, o.getWarmupIterations().get());
        assertEquals(new TimeValue(250, TimeUnit.MILLISECONDS), o.getMeasurementTime().get());
        assertEquals(new TimeValue(2, TimeUnit.SECONDS), o.getWarmupTime().get());
    }

    @Test
    void forStep_userForksZero_isKept() throws Exception {
        assertEquals(0, forStep(Profile.QUICK, 21, "-f", "0").getForkCount().get());
    }

    @Test
    void forStep_failOnError_alwaysTrue() throws Exception {
        assertEquals(true, forStep(Profile.QUICK, 21).shouldFailOnError().get());
        assertEquals(true, forStep(Profile.QUICK, 21, "-foe", "false").shouldFailOnError().get());
    }

    @Test
    void forStep_results_areJsonToTheStepFile() throws Exception {
        Options o = forStep(Profile.QUICK, 21, "-rf", "csv", "-rff", "elsewhere.csv");

        assertEquals(ResultFormatType.JSON, o.getResultFormat().get());
        assertEquals(RESULT.toString(), o.getResult().get());
    }

    @Test
    void forStep_humanOutputRedirect_isNotCopied() throws Exception {
        assertFalse(forStep(Profile.QUICK, 21, "-o", "out.txt").getOutput().hasValue());
    }

    @Test
    void forStep_noUserProfiler_addsGcOnce() throws Exception {
        Options o = forStep(Profile.QUICK, 21);

        assertEquals(List.of("gc"), o.getProfilers().stream().map(ProfilerConfig::getKlass).toList());
    }

    @Test
    void forStep_userGcProfiler_isNotDuplicated() throws Exception {
        assertEquals(List.of("gc|"), profilers(forStep(Profile.QUICK, 21, "-prof", "gc")));
        assertEquals(List.of("org.openjdk.jmh.profile.GCProfiler|"),
                profilers(forStep(Profile.QUICK, 21, "-prof", "org.openjdk.jmh.profile.GCProfiler")));
    }

    @Test
    void forStep_userOtherProfiler_isKeptWithItsOptionsBesideGc() throws Exception {
        assertEquals(List.of("stack|lines=3", "gc|"), profilers(forStep(Profile.QUICK, 21, "-prof", "stack:lines=3")));
    }

    @Test
    void forStep_includes_areExactlyTheSteps() throws Exception {
        Options o = forStep(Profile.QUICK, 21, "AcquireRelease", "IdleReuse", "-e", "handoff");

        assertEquals(STEP.includes(), o.getIncludes());
        assertEquals(List.of(), o.getExcludes(), "the plan applied the excludes already");
    }

    @Test
    void forStep_threads_areTheSteps() throws Exception {
        assertEquals(4, forStep(Profile.QUICK, 21).getThreads().get());
        assertEquals(4, forStep(Profile.QUICK, 21, "-t", "16").getThreads().get(), "the plan turned -t into steps");
    }

    @Test
    void forStep_jdk24OrNewer_appendsTheUnsafeFlag() throws Exception {
        assertEquals(List.of(JmhOptions.UNSAFE_FLAG), List.copyOf(forStep(Profile.QUICK, 24).getJvmArgsAppend().get()));
        assertEquals(List.of("--sun-misc-unsafe-memory-access=allow"),
                List.copyOf(forStep(Profile.QUICK, 25).getJvmArgsAppend().get()));
    }

    @Test
    void forStep_jdkBefore24_appendsNothing() throws Exception {
        assertFalse(forStep(Profile.QUICK, 21).getJvmArgsAppend().hasValue());
        assertFalse(forStep(Profile.QUICK, 23).getJvmArgsAppend().hasValue());
    }

    @Test
    void forStep_userJvmArgsAppend_isKeptAfterTheFlag() throws Exception {
        assertEquals(List.of(JmhOptions.UNSAFE_FLAG, "-Xmx1g", "-Dx=1"),
                List.copyOf(forStep(Profile.QUICK, 25, "-jvmArgsAppend", "-Xmx1g -Dx=1").getJvmArgsAppend().get()));
        assertEquals(List.of("-Xmx1g"),
                List.copyOf(forStep(Profile.QUICK, 21, "-jvmArgsAppend", "-Xmx1g").getJvmArgsAppend().get()));
    }

    private static final Plan.Step VIRTUAL_STEP = new Plan.Step("AcquireReleaseBenchmark", 16,
            List.of("^\\Qorg.poolbench.bench.AcquireReleaseBenchmark.acquireRelease\\E$"), 4, java.util.Map.of(),
            true);

    private static Options virtualStep(Path recordings, String... userArgs) throws CommandLineOptionException {
        return JmhOptions.forStep(Profile.QUICK, new CommandLineOptions(userArgs), PARAM_NAMES, VIRTUAL_STEP, RESULT,
                25, List.of("-Dpoolbench.pg.url=jdbc:postgresql://127.0.0.1:5432/x"), recordings);
    }

    @Test
    void jmh_repeatedJvmArgsAppend_commandLineAddsButTheBuilderKeepsTheLast() throws Exception {
        // JMH 1.37: the user's repeated -jvmArgsAppend on the command line accumulate...
        CommandLineOptions line = new CommandLineOptions("-jvmArgsAppend", "-Da=1", "-jvmArgsAppend", "-Db=2");
        assertEquals(List.of("-Da=1", "-Db=2"), List.copyOf(line.getJvmArgsAppend().get()));
        // ...but OptionsBuilder.jvmArgsAppend replaces: why forStep passes everything in one call
        Options built = new org.openjdk.jmh.runner.options.OptionsBuilder().jvmArgsAppend("-Da=1")
                .jvmArgsAppend("-Db=2").build();
        assertEquals(List.of("-Db=2"), List.copyOf(built.getJvmArgsAppend().get()));
        assertEquals(List.of(JmhOptions.UNSAFE_FLAG, "-Da=1", "-Db=2",
                        "-Dpoolbench.pg.url=jdbc:postgresql://127.0.0.1:5432/x", JmhOptions.VIRTUAL_EXECUTOR),
                List.copyOf(virtualStep(null, "-jvmArgsAppend", "-Da=1", "-jvmArgsAppend", "-Db=2")
                        .getJvmArgsAppend().get()));
    }

    @Test
    void forStep_virtualStep_appendsTheExecutorAfterTheUsersAndTheRunsArgs() throws Exception {
        Options o = virtualStep(null, "-jvmArgsAppend", "-Xmx1g -Djmh.executor=PLATFORM");

        List<String> append = List.copyOf(o.getJvmArgsAppend().get());
        assertEquals(List.of(JmhOptions.UNSAFE_FLAG, "-Xmx1g", "-Djmh.executor=PLATFORM",
                "-Dpoolbench.pg.url=jdbc:postgresql://127.0.0.1:5432/x", "-Djmh.executor=VIRTUAL"), append);
        assertEquals(16, o.getThreads().get());
    }

    @Test
    void forStep_platformStep_hasNoExecutorRecordingOrTimeout() throws Exception {
        Options o = JmhOptions.forStep(Profile.QUICK, new CommandLineOptions(), PARAM_NAMES, STEP, RESULT, 25,
                List.of(), Path.of("/tmp/jfr"));

        assertEquals(List.of(JmhOptions.UNSAFE_FLAG), List.copyOf(o.getJvmArgsAppend().get()));
        assertFalse(o.getTimeout().hasValue());
    }

    @Test
    void forStep_virtualStep_recordsPinningPerForkIntoTheFolder() throws Exception {
        Options o = virtualStep(Path.of("/tmp/parts/03-jfr"));

        List<String> append = List.copyOf(o.getJvmArgsAppend().get());
        assertEquals(JmhOptions.pinningRecording(Path.of("/tmp/parts/03-jfr")),
                append.subList(append.size() - 2, append.size()));
        String jfr = append.get(append.size() - 1);
        assertEquals("-XX:StartFlightRecording=settings=none,+jdk.VirtualThreadPinned#enabled=true,"
                + "+jdk.VirtualThreadPinned#threshold=0ms,+jdk.VirtualThreadPinned#stackTrace=true,"
                + "filename=/tmp/parts/03-jfr/fork-%p.jfr,dumponexit=true", jfr);
    }

    @Test
    void forStep_virtualStep_getsTheTimeoutUnlessTheUserGaveOne() throws Exception {
        assertEquals(TimeValue.seconds(5), virtualStep(null).getTimeout().get());
        assertEquals(TimeValue.seconds(5), virtualStep(null, "-to", "5s").getTimeout().get());
    }

    @Test
    void forStep_userJvmAndJvmArgs_areKept() throws Exception {
        Options o = forStep(Profile.QUICK, 21, "-jvm", "/opt/jdk/bin/java", "-jvmArgs", "-Xms2g",
                "-jvmArgsPrepend", "-XX:+UseG1GC");

        assertEquals("/opt/jdk/bin/java", o.getJvm().get());
        assertEquals(List.of("-Xms2g"), List.copyOf(o.getJvmArgs().get()));
        assertEquals(List.of("-XX:+UseG1GC"), List.copyOf(o.getJvmArgsPrepend().get()));
    }

    @Test
    void forStep_knownParam_isPassedThrough() throws Exception {
        Options o = forStep(Profile.QUICK, 21, "-p", "backend=h2", "-p", "pool=hikari,c3p0");

        assertEquals(List.of("h2"), List.copyOf(o.getParameter("backend").get()));
        assertEquals(List.of("hikari", "c3p0"), List.copyOf(o.getParameter("pool").get()));
        assertFalse(o.getParameter("size").hasValue());
    }

    @Test
    void forStep_unknownParamName_isDropped() throws Exception {
        assertFalse(forStep(Profile.QUICK, 21, "-p", "colour=red").getParameter("colour").hasValue());
    }

    @Test
    void forStep_userModesAndTimeUnit_areKept() throws Exception {
        Options o = forStep(Profile.QUICK, 21, "-bm", "avgt", "-tu", "ns", "-wf", "1", "-opi", "10");

        assertEquals(List.of(Mode.AverageTime), List.copyOf(o.getBenchModes()));
        assertEquals(TimeUnit.NANOSECONDS, o.getTimeUnit().get());
        assertEquals(1, o.getWarmupForkCount().get());
        assertEquals(10, o.getOperationsPerInvocation().get());
    }

    @Test
    void forStep_noUserModes_leavesTheAnnotatedOnes() throws Exception {
        Options o = forStep(Profile.QUICK, 21);

        assertEquals(List.of(), List.copyOf(o.getBenchModes()));
        assertFalse(o.getTimeUnit().hasValue());
    }

    @Test
    void forStep_stepParams_applyUnlessTheUserGaveTheParam() throws Exception {
        Plan.Step narrowed = new Plan.Step("IdleReuseBenchmark", 4, List.of("^x$"), 18,
                java.util.Map.of("backend", List.of("stub", "h2", "pg")));

        Options profile = JmhOptions.forStep(Profile.QUICK, new CommandLineOptions(), PARAM_NAMES, narrowed, RESULT, 21);
        assertEquals(List.of("stub", "h2", "pg"), List.copyOf(profile.getParameter("backend").get()));
        assertFalse(profile.getParameter("pool").hasValue(), "a parameter the step does not narrow runs every value");

        Options user = JmhOptions.forStep(Profile.QUICK, new CommandLineOptions("-p", "backend=h2"), PARAM_NAMES,
                narrowed, RESULT, 21);
        assertEquals(List.of("h2"), List.copyOf(user.getParameter("backend").get()));
    }

    @Test
    void forStep_virtualStepOfOnePool_runsThatPoolOfTheUsersList() throws Exception {
        Plan.Step hikari = new Plan.Step("AcquireReleaseBenchmark", 16, List.of("^x$"), 1,
                java.util.Map.of("pool", List.of("hikari")), true);

        Options o = JmhOptions.forStep(Profile.QUICK, new CommandLineOptions("-p", "pool=poolbench,hikari"),
                PARAM_NAMES, hikari, RESULT, 21);
        assertEquals(List.of("hikari"), List.copyOf(o.getParameter("pool").get()));
    }

    @Test
    void forStep_runArgs_reachEveryForkAfterTheUsersOwn_soTheyWin() throws Exception {
        Options o = JmhOptions.forStep(Profile.QUICK, new CommandLineOptions("-jvmArgsAppend", "-Dx=1"), PARAM_NAMES,
                STEP, RESULT, 21, List.of("-Dpoolbench.pg.url=jdbc:postgresql://127.0.0.1:5/bench"));
        assertEquals(List.of("-Dx=1", "-Dpoolbench.pg.url=jdbc:postgresql://127.0.0.1:5/bench"),
                List.copyOf(o.getJvmArgsAppend().get()));
    }
}
