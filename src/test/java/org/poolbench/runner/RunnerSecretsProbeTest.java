package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Review r2 secrets probe (issue 7, defect 5): the runner's scrubbing of run.json, summary.md, results.json and
 * console lines. A failing test is a leak; the secret is "hunter2" or its tail "ter2".
 */
class RunnerSecretsProbeTest {

    private static final Instant STARTED = Instant.parse("2026-11-21T12:00:00Z");

    @TempDir
    Path dir;

    private static void assertHidden(String where, String shown) {
        assertFalse(shown.contains("hunter2") || shown.contains("ter2"), where + " shows the secret:\n" + shown);
    }

    /** JVM options and -p values a user may pass, as one argument each. */
    @ParameterizedTest
    @ValueSource(strings = {
        "-Ddbpass=hunter2",
        "-Ddb.url=jdbc:postgresql://bob@corp:hunter2@db/app",
        "-Ddb.url=jdbc:postgresql://bob:2024/hunter2@db/app",
        "-Ddb.url=jdbc:mysql://db/app?user=bob&password=hun;ter2",
        "url=jdbc:postgresql://db/app?password=hun?ter2",
    })
    void sanitizeText_userOption_probe(String option) {
        assertHidden("sanitizeText", RunMetadata.sanitizeText(option));
    }

    /**
     * Text with "key = value" (spaces around '='), which Redact.text masks ("password = x" is in issue 7, defect
     * 3), but which the runner's word-by-word scrubbing splits into three words: a failure message or a console line
     * quoting an H2 URL.
     */
    @Test
    void sanitizeText_spacedAssignment_probe() {
        String line = "java.sql.SQLException: cannot open jdbc:h2:mem:x;USER=sa;password = hunter2;MODE=PostgreSQL";
        assertHidden("Redact.text", org.poolbench.pool.Redact.text(line)); // passes: the pool's rule is right
        assertHidden("sanitizeText", RunMetadata.sanitizeText(line));
    }

    @Test
    void console_spacedAssignment_probe() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream jmh = new PrintStream(new ScrubbingOutputStream(console), true, StandardCharsets.UTF_8);
        jmh.println("<failure> java.sql.SQLException: cannot open jdbc:h2:mem:x;password = hunter2;MODE=PostgreSQL");
        assertHidden("console", console.toString(StandardCharsets.UTF_8));
    }

    /** The run folder written from -jvmArgsAppend / -p values that carry the secret in the forms above. */
    @Test
    void runFolder_filesAndConsole_probe() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<Plan.Step> steps = List.of(new Plan.Step("AcquireReleaseBenchmark", 2, List.of("^a$"), 1));
        RunFolder run = new RunFolder(dir, dir.resolve("run"), dir.resolve("tmp"), Profile.QUICK,
                List.of("-jvmArgsAppend", "-Ddbpass=hunter2 -Ddb.url=jdbc:postgresql://bob@corp:hunter2@db/app",
                        "-p", "url=jdbc:mysql://db/app?user=bob&password=hun;ter2"),
                new RunMetadata.Source("0123456789abcdef", false), STARTED, steps,
                new PrintStream(console, true, StandardCharsets.UTF_8));
        String entry = JmhFixtures.entry(JmhFixtures.ACQUIRE, "thrpt", 2, Map.of("pool", "hikari", "size", "4"), 10.0,
                "0.5", "ops/us", JmhFixtures.counters(0, 100, 0, 0));
        JsonArray array = JsonParser.parseString(JmhFixtures.array(entry)).getAsJsonArray();
        JsonArray args = new JsonArray();
        args.add("-Ddbpass=hunter2");
        args.add("-Ddb.url=jdbc:postgresql://bob@corp:hunter2@db/app");
        array.get(0).getAsJsonObject().add("jvmArgs", args);
        Files.writeString(run.partFile(0), array.toString(), StandardCharsets.UTF_8);
        run.stepFinished(0);

        run.finish(RunRecord.Status.FAILED, "JMH invocation 1 of 1 failed: cannot open jdbc:h2:mem:x;password = "
                + "hunter2;MODE=PostgreSQL", STARTED.plusSeconds(5));

        StringBuilder leaks = new StringBuilder();
        for (String file : List.of("results.json", "run.json", "summary.md")) {
            String text = Files.readString(dir.resolve("run").resolve(file));
            if (text.contains("hunter2") || text.contains("ter2")) {
                leaks.append(file).append(": ");
                text.lines().filter(l -> l.contains("ter2")).forEach(l -> leaks.append(l.strip()).append(" | "));
                leaks.append('\n');
            }
        }
        String shown = console.toString(StandardCharsets.UTF_8);
        if (shown.contains("ter2")) {
            leaks.append("console: ");
            shown.lines().filter(l -> l.contains("ter2")).forEach(l -> leaks.append(l.strip()).append(" | "));
        }
        assertHidden("run folder", leaks.toString());
    }
}
