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

    /**
     * Two forks of two pools run as two rounds, the second reversed (hikari, poolbench, then poolbench, hikari), and
     * the results hold one run per pool with its two forks; with {@code --no-interleave} JMH's own order runs both
     * forks of one pool before the other.
     */
    @Test
    @Timeout(180)
    void run_twoForksOfTwoPools_interleavesThemAndMergesEachPoolsForks() throws Exception {
        List<String> interleaved = poolOrder(runTwoPools("interleaved"));
        assertEquals(List.of("hikari", "poolbench", "poolbench", "hikari"), interleaved);
        List<String> sequential = poolOrder(runTwoPools("sequential", Bench.Arguments.NO_INTERLEAVE));
        assertEquals(List.of("hikari", "poolbench"), sequential, "JMH's order: one start per run, its forks inside");
    }

    private String runTwoPools(String name, String... extra) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path out = root.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("smoke"));
        args.addAll(List.of(extra));
        args.addAll(List.of("AcquireReleaseBenchmark.acquireRelease$", "-p", "pool=hikari,poolbench", "-bm", "thrpt",
                "-t", "1", "-f", "2", "-wi", "0", "-i", "1", "-r", "50ms", "--out", out.toString()));
        int status = Bench.run(args, root, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String console = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Bench.OK, status, console);
        var results = com.google.gson.JsonParser.parseString(Files.readString(out.resolve("results.json")))
                .getAsJsonArray();
        List<String> pools = new java.util.ArrayList<>();
        for (var e : results) {
            var run = e.getAsJsonObject();
            if (run.toString().contains(JmhOptions.VIRTUAL_EXECUTOR)) {
                continue; // the class's virtual-thread axis: one pool per invocation, never interleaved
            }
            pools.add(run.getAsJsonObject("params").get("pool").getAsString());
            assertEquals(2, run.get("forks").getAsInt());
            assertEquals(2, run.getAsJsonObject("primaryMetric").getAsJsonArray("rawData").size(),
                    "each pool keeps both forks:\n" + run);
        }
        assertEquals(List.of("hikari", "poolbench"), pools, "JMH's order of runs in results.json");
        assertTrue(name.equals("sequential") == Files.readString(out.resolve("run.json"))
                .contains(Bench.Arguments.NO_INTERLEAVE), "run.json records the fork order option");
        return console;
    }

    /** The pool of each benchmark run JMH started on platform threads, in the order it started them. */
    private static List<String> poolOrder(String console) {
        List<String> order = new java.util.ArrayList<>();
        int virtual = console.indexOf(" virtual thread"); // the virtual-thread steps follow the platform one
        var m = java.util.regex.Pattern.compile("\\[bench\\] run \\d+ of \\d+ .*pool=(\\w+)")
                .matcher(virtual < 0 ? console : console.substring(0, virtual));
        while (m.find()) {
            order.add(m.group(1));
        }
        return order;
    }
}
