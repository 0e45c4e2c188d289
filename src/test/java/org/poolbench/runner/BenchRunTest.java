package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Bench#run} end to end on the smallest real run: one reference benchmark, one forked JVM, one 100 ms
 * iteration (a few seconds). What only a real JMH run shows: JMH copies the user's JVM arguments into every result
 * and prints them as {@code # VM options:}, so that is where a password given with {@code -jvmArgsAppend} must be
 * masked.
 */
class BenchRunTest {

    @TempDir
    Path root;

    @Test
    @Timeout(120)
    void run_jvmArgsWithSecrets_areMaskedInResultsJsonAndOnTheConsole() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path out = root.resolve("run");

        int status = Bench.run(List.of("smoke", "AcquireReleaseBenchmark.handoff$",
                "-jvmArgsAppend", "-Ddb.password=hunter2 -Ddb.url=jdbc:postgresql://alice:s3cr3t@h/db -Dkeep=1",
                "--out", out.toString()), root, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String console = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Bench.OK, status, console);
        assertTrue(console.contains("# VM options: "), console);
        assertTrue(console.contains("-Ddb.password=****"), console);
        assertTrue(console.contains("-Ddb.url=jdbc:postgresql://alice:****@h/db"), console);
        assertFalse(console.contains("hunter2") || console.contains("s3cr3t"), console);
        for (String file : List.of("results.json", "run.json", "summary.md")) {
            String text = Files.readString(out.resolve(file));
            assertFalse(text.contains("hunter2") || text.contains("s3cr3t"), file + ":\n" + text);
        }
        String results = Files.readString(out.resolve("results.json"));
        assertTrue(results.contains("-Ddb.password=****"), results);
        assertTrue(results.contains("-Dkeep=1"), "what follows a secret is kept:\n" + results);
        assertTrue(Files.readString(out.resolve("summary.md")).contains("-Ddb.password=**** -Ddb.url="
                + "jdbc:postgresql://alice:****@h/db -Dkeep=1"), "the options line keeps what follows a secret");
    }
}
