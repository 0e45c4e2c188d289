package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunFolder}: what the run folder holds however a run ends (completed, failed, interrupted by Ctrl-C), that
 * it is written once, that the temporary folder goes, and that no secret from the JMH results reaches it.
 */
class RunFolderTest {

    private static final Instant STARTED = Instant.parse("2026-11-21T12:00:00Z");
    private static final RunMetadata.Source SOURCE = new RunMetadata.Source("0123456789abcdef", false);
    private static final List<Plan.Step> STEPS = List.of(
            new Plan.Step("AcquireReleaseBenchmark", 2, List.of("^a$"), 1),
            new Plan.Step("IdleReuseBenchmark", 4, List.of("^b$"), 1));

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private RunFolder runFolder(List<String> userOptions) throws IOException {
        return new RunFolder(dir, dir.resolve("run"), dir.resolve("tmp"), Profile.QUICK, userOptions, SOURCE,
                STARTED, STEPS, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    /** Writes step {@code index}'s JMH result file as JMH would, with the given JVM arguments recorded in it. */
    private static void writePart(RunFolder run, int index, String benchmark, String... jvmArgs) throws IOException {
        String entry = JmhFixtures.entry(benchmark, "thrpt", 2, Map.of("pool", "hikari", "size", "4"), 10.0, "0.5",
                "ops/us", JmhFixtures.counters(0, 100, 0, 0));
        JsonArray array = JsonParser.parseString(JmhFixtures.array(entry)).getAsJsonArray();
        JsonArray args = new JsonArray();
        for (String a : jvmArgs) {
            args.add(a);
        }
        array.get(0).getAsJsonObject().add("jvmArgs", args);
        Files.writeString(run.partFile(index), array.toString(), StandardCharsets.UTF_8);
    }

    private List<Path> temporaryFolders() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("tmp"))) {
            return s.toList();
        }
    }

    @Test
    void finish_interrupted_keepsFinishedStepsMarksTheSummaryAndRemovesTheTemporaryFolder() throws IOException {
        RunFolder run = runFolder(List.of());
        writePart(run, 0, JmhFixtures.ACQUIRE, "-Xmx1g");
        run.stepFinished(0);
        // step 2 was running: its file is incomplete and must not be merged
        Files.writeString(run.partFile(1), "[ { \"benchmark\" : ", StandardCharsets.UTF_8);

        assertTrue(run.finish(RunRecord.Status.INTERRUPTED, Bench.interruptedMessage(1, 2, run.finishedSteps()),
                STARTED.plusSeconds(70)));

        JsonArray results = JsonParser.parseString(Files.readString(dir.resolve("run/results.json")))
                .getAsJsonArray();
        assertEquals(1, results.size());
        assertEquals(JmhFixtures.ACQUIRE, results.get(0).getAsJsonObject().get("benchmark").getAsString());
        JsonObject runJson = JsonParser.parseString(Files.readString(dir.resolve("run/run.json"))).getAsJsonObject();
        assertEquals("interrupted", runJson.get("status").getAsString());
        assertEquals("stopped by a signal (Ctrl-C) during JMH invocation 2 of 2; 1 finished",
                runJson.get("failure").getAsString());
        String summary = Files.readString(dir.resolve("run/summary.md"));
        assertTrue(summary.contains("- **INTERRUPTED**: stopped by a signal (Ctrl-C) during JMH invocation 2 of 2; "
                + "1 finished (the tables hold only what finished)\n"), summary);
        assertTrue(summary.contains("| hikari | 10.0 ± 0.5 (1.00×) |"), summary);
        assertEquals(List.of(), temporaryFolders(), "the temporary parts folder is removed");
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("bench: wrote run/{results.json,run.json,"
                + "summary.md,bmf.json,github-action-benchmark-bigger-is-better.json,"
                + "github-action-benchmark-smaller-is-better.json} in 1m10s"), console.toString(StandardCharsets.UTF_8));
        // the dashboards' formats, from the same scrubbed results
        assertEquals(1, JsonParser.parseString(Files.readString(dir.resolve("run/bmf.json"))).getAsJsonObject()
                .size());
    }

    @Test
    void finish_interruptedBeforeAnyStepFinished_stillWritesAMarkedFolder() throws IOException {
        RunFolder run = runFolder(List.of());

        assertTrue(run.finish(RunRecord.Status.INTERRUPTED, Bench.interruptedMessage(0, 2, 0), STARTED));

        assertEquals("[]", Files.readString(dir.resolve("run/results.json")).strip());
        assertTrue(Files.readString(dir.resolve("run/summary.md")).contains("**INTERRUPTED**"));
        assertTrue(Files.readString(dir.resolve("run/summary.md")).contains("No benchmark results."));
        assertEquals(List.of(), temporaryFolders());
    }

    @Test
    void finish_underReportsRuns_joinsTheIndexOfEveryRun_elsewhereNot() throws IOException {
        RunFolder elsewhere = runFolder(List.of());
        writePart(elsewhere, 0, JmhFixtures.ACQUIRE);
        elsewhere.stepFinished(0);
        elsewhere.finish(RunRecord.Status.OK, null, STARTED.plusSeconds(5));
        assertTrue(!Files.exists(dir.resolve("reports/history.md")), "a run outside reports/runs is not indexed");
        assertTrue(Files.isRegularFile(dir.resolve("run/" + Dashboard.FILE)), "every run gets its dashboard");
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("bench: dashboard: run/dashboard.html\n"),
                "without a history to link: " + console);

        RunFolder run = new RunFolder(dir, dir.resolve("reports/runs/20261121T120000Z-abc1234"), dir.resolve("tmp"),
                Profile.QUICK, List.of(), SOURCE, STARTED, STEPS, new PrintStream(console, true, StandardCharsets.UTF_8));
        writePart(run, 0, JmhFixtures.ACQUIRE);
        run.stepFinished(0);
        run.finish(RunRecord.Status.OK, null, STARTED.plusSeconds(5));

        assertTrue(Files.readString(dir.resolve("reports/history.md")).contains(
                "| [20261121T120000Z-abc1234](runs/20261121T120000Z-abc1234/summary.md) |"));
        assertTrue(Files.readString(dir.resolve("reports/history.json")).contains("size=4 pool=hikari"),
                "the run's results join their series");
        assertTrue(Files.isRegularFile(dir.resolve("reports/" + Dashboard.INDEX)), "the history's page");
        String dashboard = Files.readString(dir.resolve("reports/runs/20261121T120000Z-abc1234/" + Dashboard.FILE));
        assertTrue(Dashboard.dataOf(dashboard).toString().contains("Score by pool and thread count"), dashboard);
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("bench: dashboard: "
                + "reports/runs/20261121T120000Z-abc1234/dashboard.html (history: reports/index.html)\n"),
                console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void finish_secondCall_doesNothing() throws IOException {
        RunFolder run = runFolder(List.of());
        writePart(run, 0, JmhFixtures.ACQUIRE);
        run.stepFinished(0);

        assertTrue(run.finish(RunRecord.Status.OK, null, STARTED.plusSeconds(5)));
        String summary = Files.readString(dir.resolve("run/summary.md"));
        assertFalse(run.finish(RunRecord.Status.INTERRUPTED, "late signal", STARTED.plusSeconds(6)));

        assertEquals(summary, Files.readString(dir.resolve("run/summary.md")), "the first outcome stays");
        assertEquals("ok", JsonParser.parseString(Files.readString(dir.resolve("run/run.json"))).getAsJsonObject()
                .get("status").getAsString());
    }

    @Test
    void stepFinished_partFile_isScrubbedAtOnce() throws IOException {
        RunFolder run = runFolder(List.of());
        writePart(run, 0, JmhFixtures.ACQUIRE, "-Ddbpass=hunter2", "-Ddb.url=jdbc:postgresql://bob@corp:hunter2@db/app",
                "-Xmx1g");

        run.stepFinished(0);

        // a SIGKILL now (no shutdown hook, no finish) leaves only the scrubbed file behind
        String part = Files.readString(run.partFile(0));
        assertFalse(part.contains("hunter2") || part.contains("ter2"), part);
        assertTrue(part.contains("-Ddb.url=jdbc:postgresql://bob@corp:****@db/app"), part);
        assertEquals(1, run.finishedSteps());
        assertEquals(List.of(run.partFile(0)), partFiles(), "no scratch file is left beside it");
    }

    @Test
    void stepFinished_unreadablePartFile_isDeletedAndTheStepNotCounted() throws IOException {
        RunFolder run = runFolder(List.of());
        Files.writeString(run.partFile(0), "[ { \"jvmArgs\" : [\"-Dpassword=hunter2\"", StandardCharsets.UTF_8);

        assertThrows(RuntimeException.class, () -> run.stepFinished(0));

        assertFalse(Files.exists(run.partFile(0)), "the unscrubbed file does not stay");
        assertEquals(0, run.finishedSteps());
    }

    /** The run folder written from user options and JMH results that carry the secret in every form. */
    @Test
    void finish_secretsInEveryForm_appearInNoFileAndNotOnTheConsole() throws IOException {
        RunFolder run = runFolder(List.of(
                "-jvmArgsAppend", "-Ddbpass=hunter2 -Ddb.url=jdbc:postgresql://bob@corp:hunter2@db/app",
                "-p", "url=jdbc:mysql://db/app?user=bob&password=hun;ter2"));
        writePart(run, 0, JmhFixtures.ACQUIRE, "-Ddbpass=hunter2", "-Ddb.url=jdbc:postgresql://bob@corp:hunter2@db/app");
        run.stepFinished(0);

        run.finish(RunRecord.Status.FAILED, "JMH invocation 1 of 1 failed: cannot open jdbc:h2:mem:x;password = "
                + "hunter2;MODE=PostgreSQL", STARTED.plusSeconds(5));

        for (String file : List.of("results.json", "run.json", "summary.md", Dashboard.FILE)) {
            String text = Files.readString(dir.resolve("run").resolve(file));
            assertFalse(text.contains("hunter2") || text.contains("ter2"), file + ":\n" + text);
        }
        String shown = console.toString(StandardCharsets.UTF_8);
        assertFalse(shown.contains("hunter2") || shown.contains("ter2"), shown);
        assertTrue(Files.readString(dir.resolve("run/run.json")).contains("password = ****;MODE=PostgreSQL"),
                "the failure is kept, masked");
    }

    private List<Path> partFiles() throws IOException {
        try (Stream<Path> s = Files.list(temporaryFolders().get(0))) {
            return s.toList();
        }
    }

    @Test
    void finish_jvmArgsWithSecrets_areScrubbedInResultsJson() throws IOException {
        RunFolder run = runFolder(List.of("-jvmArgsAppend", "-Ddb.password=hunter2 -Xmx1g"));
        writePart(run, 0, JmhFixtures.ACQUIRE, "-Xms1g", "-Ddb.password=hunter2",
                "-Ddb.url=jdbc:postgresql://alice:s3cr3t@db/x", "-Xmx1g");
        run.stepFinished(0);

        run.finish(RunRecord.Status.OK, null, STARTED.plusSeconds(5));

        String results = Files.readString(dir.resolve("run/results.json"));
        for (String file : List.of("results.json", "run.json", "summary.md")) {
            String text = Files.readString(dir.resolve("run").resolve(file));
            assertFalse(text.contains("hunter2") || text.contains("s3cr3t"), file + ":\n" + text);
        }
        JsonArray args = JsonParser.parseString(results).getAsJsonArray().get(0).getAsJsonObject()
                .getAsJsonArray("jvmArgs");
        assertEquals(JsonParser.parseString("[\"-Xms1g\", \"-Ddb.password=****\", "
                + "\"-Ddb.url=jdbc:postgresql://alice:****@db/x\", \"-Xmx1g\"]"), args);
        assertTrue(Files.readString(dir.resolve("run/summary.md"))
                .contains("options: -jvmArgsAppend -Ddb.password=**** -Xmx1g\n"));
        assertFalse(console.toString(StandardCharsets.UTF_8).contains("hunter2"));
    }

    @Test
    void virtualStepFinished_summarisesTheRecordingsDeletesThemAndReportsThemInSummaryAndRunJson()
            throws Exception {
        RunFolder run = runFolder(List.of());
        writePart(run, 1, JmhFixtures.ACQUIRE, "-Djmh.executor=VIRTUAL");
        run.stepFinished(1);
        Path recordings = run.recordings(1);
        // an empty recording, as a fork in which nothing pinned leaves behind
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            r.start();
            r.stop();
            r.dump(recordings.resolve("fork-1.jfr"));
        }

        run.virtualStepFinished(1, Map.of("AcquireReleaseBenchmark.acquireRelease thrpt pool=hikari threads=4", 1));

        assertFalse(Files.exists(recordings), "the recordings are deleted once summarised");
        assertTrue(run.finish(RunRecord.Status.OK, null, STARTED.plusSeconds(10)));
        String summary = Files.readString(dir.resolve("run/summary.md"));
        assertTrue(summary.contains("| IdleReuseBenchmark, 4 virtual threads | all | 0 | 0 | none in 1 recording | |"),
                summary);
        assertTrue(summary.contains("**STALLED on 4 virtual threads: AcquireReleaseBenchmark.acquireRelease thrpt "
                + "pool=hikari threads=4: stalled once**"), summary);
        JsonObject virtual = JsonParser.parseString(Files.readString(dir.resolve("run/run.json"))).getAsJsonObject()
                .getAsJsonObject("virtualThreads");
        assertEquals(1, virtual.getAsJsonArray("steps").get(0).getAsJsonObject().get("recordings").getAsInt());
    }

    @Test
    void virtualStepFinished_unreadableRecording_isReportedNotFatal() throws Exception {
        RunFolder run = runFolder(List.of());
        Files.writeString(run.recordings(0).resolve("fork-1.jfr"), "not a recording");

        run.virtualStepFinished(0, Map.of());

        assertTrue(run.finish(RunRecord.Status.OK, null, STARTED.plusSeconds(10)));
        String summary = Files.readString(dir.resolve("run/summary.md"));
        assertTrue(summary.contains("| AcquireReleaseBenchmark, 2 virtual threads | – | – | – | not read: "), summary);
    }
}
