package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Bench.Arguments#parse} and the usage errors of {@link Bench#run}. The {@code run} cases all return from
 * {@code run} before the run folder is chosen and before any JMH {@code Runner} is built (a bad JMH option fails in
 * {@code new CommandLineOptions}, a filter matching nothing fails in {@code Plan.of}), so no benchmark runs here.
 */
class BenchArgumentsTest {

    @TempDir
    Path root;

    @Test
    void parse_noArguments_isQuickWithNothingForJmh() {
        Bench.Arguments a = Bench.Arguments.parse(List.of());

        assertEquals(Profile.QUICK, a.profile());
        assertNull(a.out());
        assertEquals(List.of(), a.jmhArgs());
        assertTrue(a.interleave(), "forks are interleaved unless asked not to");
        assertEquals(List.of(), a.recordedOptions());
    }

    @Test
    void parse_noInterleave_isTheRunnersOwn_andRecordedFirst() {
        Bench.Arguments a = Bench.Arguments.parse(List.of("quick", "IdleReuse", "--no-interleave", "-f", "4"));

        assertEquals(Profile.QUICK, a.profile());
        assertEquals(List.of("IdleReuse", "-f", "4"), a.jmhArgs());
        assertFalse(a.interleave());
        assertEquals(List.of("--no-interleave", "IdleReuse", "-f", "4"), a.recordedOptions());
    }

    @Test
    void parse_systemProperty_isTheRunnersOwnAndNotPassedToJmh() {
        Bench.Arguments a = Bench.Arguments.parse(List.of("quick", "IdleReuse", "-p", "backend=pg",
                "-Dpoolbench.pg.url=jdbc:postgresql://db:5432/x", "-Dpoolbench.pg.password=a=b"));

        assertEquals(List.of("IdleReuse", "-p", "backend=pg"), a.jmhArgs());
        assertEquals(java.util.Map.of("poolbench.pg.url", "jdbc:postgresql://db:5432/x", "poolbench.pg.password",
                "a=b"), a.properties());
    }

    @Test
    void parse_profileAfterSettings_isStillTheProfile() {
        Bench.Arguments a = Bench.Arguments.parse(List.of("-Dpoolbench.pg.url=jdbc:postgresql://db/x", "full",
                "IdleReuse"));

        assertEquals(Profile.FULL, a.profile());
        assertEquals(List.of("IdleReuse"), a.jmhArgs());
    }

    @Test
    void parse_unknownSetting_failsNamingItAndTheKnownOnes_withoutItsValue() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Bench.Arguments.parse(List.of("-Dpoolbench.pg.ulr=jdbc:postgresql://u:hunter2@db/x")));

        assertTrue(e.getMessage().startsWith("unknown runner setting -Dpoolbench.pg.ulr; the runner's settings are "
                + "poolbench.pg.url, poolbench.pg.user, poolbench.pg.password, poolbench.pg.port"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void toString_showsSettingNamesNotValues() {
        Bench.Arguments a = Bench.Arguments.parse(List.of("-Dpoolbench.pg.password=hunter2"));

        assertFalse(a.toString().contains("hunter2"), a.toString());
        assertTrue(a.toString().contains("poolbench.pg.password"), a.toString());
    }

    @Test
    void parse_jvmArgsValue_startingWithDash_D_staysJmhs() {
        Bench.Arguments a = Bench.Arguments.parse(List.of("-jvmArgsAppend", "-Dx=1"));

        assertEquals(List.of("-jvmArgsAppend", "-Dx=1"), a.jmhArgs());
        assertEquals(java.util.Map.of(), a.properties());
    }

    @Test
    void parse_systemPropertyWithoutValue_isAUsageErrorThatShowsNoValue() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Bench.Arguments.parse(List.of("-Dsecretvalue")));
        assertEquals("a runner setting is -Dname=value; got one without '=' or name", e.getMessage());
    }

    @Test
    void parse_profileWordFirst_selectsIt() {
        assertEquals(Profile.FULL, Bench.Arguments.parse(List.of("full")).profile());
        assertEquals(Profile.SMOKE, Bench.Arguments.parse(List.of("smoke", "IdleReuse")).profile());
        assertEquals(Profile.QUICK, Bench.Arguments.parse(List.of("quick")).profile());
    }

    @Test
    void parse_profileWordFirst_isNotPassedToJmh() {
        assertEquals(List.of("IdleReuse", "-t", "4"),
                Bench.Arguments.parse(List.of("full", "IdleReuse", "-t", "4")).jmhArgs());
    }

    @Test
    void parse_profileWordLater_isARegexForJmhAndTheProfileStaysQuick() {
        Bench.Arguments a = Bench.Arguments.parse(List.of("IdleReuse", "full"));

        assertEquals(Profile.QUICK, a.profile());
        assertEquals(List.of("IdleReuse", "full"), a.jmhArgs());
    }

    @Test
    void parse_out_setsTheFolderAndIsNotPassedToJmh() {
        Bench.Arguments a = Bench.Arguments.parse(List.of("smoke", "--out", "my/dir", "AcquireRelease"));

        assertEquals(Path.of("my/dir"), a.out());
        assertEquals(Profile.SMOKE, a.profile());
        assertEquals(List.of("AcquireRelease"), a.jmhArgs());
    }

    @Test
    void parse_outFirst_thenNoProfileWord() {
        Bench.Arguments a = Bench.Arguments.parse(List.of("--out", "d", "full"));

        assertEquals(Path.of("d"), a.out());
        assertEquals(Profile.QUICK, a.profile(), "a profile word is only recognised first");
        assertEquals(List.of("full"), a.jmhArgs());
    }

    @Test
    void parse_outWithoutValue_isRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bench.Arguments.parse(List.of("quick", "--out")));

        assertEquals("--out needs a folder", e.getMessage());
    }

    @Test
    void parse_unknownDoubleDashOption_isRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bench.Arguments.parse(List.of("quick", "IdleReuse", "--frobnicate")));

        assertTrue(e.getMessage().startsWith("unknown option --frobnicate;"), e.getMessage());
        assertTrue(e.getMessage().contains("--out DIR"), e.getMessage());
    }

    @Test
    void parse_remainingArguments_keptInOrder() {
        List<String> jmh = List.of("-p", "pool=hikari,c3p0", "IdleReuse", "-t", "3", "-prof", "stack", "-f", "1",
                "AcquireRelease");

        Bench.Arguments a = Bench.Arguments.parse(Stream.concat(Stream.of("full"), jmh.stream()).toList());

        assertEquals(jmh, a.jmhArgs());
    }

    @Test
    void parse_jmhOptionValueStartingWithTwoDashes_isKeptForJmh() {
        // JMH takes the word after -jvmArgsAppend as its value whatever it looks like.
        Bench.Arguments a = Bench.Arguments.parse(List.of("quick", "-jvmArgsAppend", "--enable-preview",
                "-jvmArgs", "--add-opens=java.base/java.lang=ALL-UNNAMED", "--out", "d"));

        assertEquals(List.of("-jvmArgsAppend", "--enable-preview", "-jvmArgs",
                "--add-opens=java.base/java.lang=ALL-UNNAMED"), a.jmhArgs());
        assertEquals(Path.of("d"), a.out());
    }

    @Test
    void parse_doubleDashAfterJmhFlagOrAttachedValue_isStillTheRunnersOption() {
        // -l takes no value and -t4 carries its own, so the next word is the runner's again.
        assertEquals(Path.of("d"), Bench.Arguments.parse(List.of("-l", "--out", "d")).out());
        assertThrows(IllegalArgumentException.class, () -> Bench.Arguments.parse(List.of("-t4", "--nope")));
    }

    private static PrintStream console(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private List<Path> filesUnderRoot() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.toList();
        }
    }

    @Test
    void run_unknownJmhOption_returnsUsageWithMessage() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = Bench.run(List.of("quick", "-zzz"), root, console(bytes));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Bench.USAGE, status);
        assertTrue(printed.startsWith("bench: "), printed);
        assertTrue(printed.contains("z is not a recognized option"), printed);
        assertTrue(printed.contains("usage: scripts/bench [quick|full|smoke]"), printed);
        assertEquals(List.of(), filesUnderRoot(), "nothing written for a usage error");
    }

    @Test
    void run_unknownRunnerOption_returnsUsageWithMessage() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = Bench.run(List.of("--frobnicate"), root, console(bytes));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Bench.USAGE, status);
        assertTrue(printed.startsWith("bench: unknown option --frobnicate;"), printed);
        assertEquals(List.of(), filesUnderRoot());
    }

    @Test
    void run_regexMatchingNoBenchmark_returnsUsageNamingTheRegex() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = Bench.run(List.of("smoke", "NoSuchBenchmarkAnywhere"), root, console(bytes));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Bench.USAGE, status);
        assertTrue(printed.startsWith("bench: no benchmark matches NoSuchBenchmarkAnywhere;"), printed);
        assertEquals(List.of(), filesUnderRoot(), "no run folder for a usage error");
    }

    @Test
    void run_ignoredOptionsAreReportedBeforeTheUsageError() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = Bench.run(List.of("-rf", "csv", "NoSuchBenchmarkAnywhere"), root, console(bytes));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Bench.USAGE, status);
        assertTrue(printed.startsWith("bench: ignoring -rf: "), printed);
    }

    @Test
    void run_outOntoAnEarlierRunFolder_isRefusedAndLeavesItAlone() throws IOException {
        Path earlier = Files.createDirectories(root.resolve("reports/runs/earlier"));
        Files.writeString(earlier.resolve("summary.md"), "the earlier run");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = Bench.run(List.of("smoke", "--out", earlier.toString()), root, console(bytes));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Bench.USAGE, status);
        assertTrue(printed.startsWith("bench: --out " + earlier + " already exists and is not an empty folder"),
                printed);
        assertEquals("the earlier run", Files.readString(earlier.resolve("summary.md")));
        try (Stream<Path> s = Files.list(earlier)) {
            assertEquals(List.of(earlier.resolve("summary.md")), s.toList());
        }
    }

    @Test
    void run_outOntoAFile_isRefused() throws IOException {
        Path file = Files.writeString(root.resolve("notes.txt"), "x");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = Bench.run(List.of("--out", file.toString()), root, console(bytes));

        assertEquals(Bench.USAGE, status);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("already exists and is not an empty folder"));
    }

    @Test
    void run_outOntoAnEmptyFolder_isAccepted() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        // accepted: the run goes on until the filter, which matches nothing
        int status = Bench.run(List.of("smoke", "--out", empty.toString(), "NoSuchBenchmarkAnywhere"), root,
                console(bytes));

        assertEquals(Bench.USAGE, status);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("bench: no benchmark matches"));
    }

    @Test
    void run_misspelledProfile_suggestsTheProfile() {
        for (String word : List.of("smok", "Quick", "ful", "smokee")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            int status = Bench.run(List.of(word), root, console(bytes));

            String printed = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(Bench.USAGE, status, word);
            String expected = word.toLowerCase(java.util.Locale.ROOT).startsWith("q") ? "quick"
                    : word.startsWith("f") ? "full" : "smoke";
            assertTrue(printed.contains("bench: '" + word + "' is not a profile; did you mean '" + expected
                    + "'? A first argument is a profile (smoke, quick, full) or else a benchmark regex"), printed);
        }
    }

    @Test
    void run_firstWordNeitherProfileNorMatchingRegex_saysSoAndNamesTheProfiles() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = Bench.run(List.of("nightly"), root, console(bytes));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Bench.USAGE, status);
        assertTrue(printed.startsWith("bench: no benchmark matches nightly;"), printed);
        assertTrue(printed.contains("bench: 'nightly' is neither a profile (smoke, quick, full) nor a regex matching "
                + "any benchmark"), printed);
    }

    @Test
    void run_regexAfterAProfile_getsNoProfileHint() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Bench.run(List.of("smoke", "smok"), root, console(bytes));

        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("is not a profile"));
    }

    @Test
    void editDistance_countsSingleCharacterEdits() {
        assertEquals(0, Bench.editDistance("smoke", "smoke"));
        assertEquals(1, Bench.editDistance("smok", "smoke"));
        assertEquals(2, Bench.editDistance("qiuck", "quick"));
        assertEquals(5, Bench.editDistance("", "quick"));
    }

    @Test
    void rootMessage_namesTheBenchmarksOwnExceptionThatJmhSuppressed() {
        Exception own = new IllegalArgumentException("unknown pool 'nosuch'");
        Exception benchmarkException = new RuntimeException("Benchmark error during the run");
        benchmarkException.addSuppressed(own);
        Exception runner = new Exception("Benchmark caught the exception", benchmarkException);
        assertEquals("Benchmark caught the exception (cause: java.lang.IllegalArgumentException: unknown pool "
                + "'nosuch')", Bench.rootMessage(runner));
        assertEquals("plain (cause: java.lang.IllegalStateException: deep)",
                Bench.rootMessage(new Exception("plain", new IllegalStateException("deep"))));
        assertEquals("alone", Bench.rootMessage(new Exception("alone")));
    }

    @Test
    void defaultFolder_utcTimeAndShortCommit_smokeRunsStayOutOfReports() {
        java.time.Instant at = java.time.Instant.parse("2026-11-21T12:41:18.5Z");
        RunMetadata.Source source = new RunMetadata.Source("b960e3e0123456789", false);
        assertEquals(root.resolve("reports/runs/20261121T124118Z-b960e3e"),
                Bench.defaultFolder(root, Profile.QUICK, at, source));
        assertEquals(root.resolve("target/smoke-runs/20261121T124118Z-b960e3e"),
                Bench.defaultFolder(root, Profile.SMOKE, at, source));
    }
}
