package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/compare} on real JMH output from {@code target/benchmarks.jar}: a slowdown made with the stub's
 * connect latency (IdleReuse's {@code unpooled}, which connects per request, on {@code stub} against
 * {@code stub_100us}) is flagged slower with exit status 1, and two runs of the same setting (A/A) are not. The A/A
 * pair runs at a 25% threshold: this test checks the mechanism end to end on real forks of a shared machine, whose
 * drift between two invocations a minute apart can exceed 5%; the false-alarm rate at the defaults is a property of
 * the profiles, measured on committed A/A runs (README "Comparing runs").
 */
class CompareIT {

    private static final Path JAR = Path.of("target/benchmarks.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void knownSlowdownIsFlagged_aaPairIsNot() throws Exception {
        Path both = jmh("stub,stub_100us", "both.json");
        Path again = jmh("stub", "again.json");

        StringWriter out = new StringWriter();
        Path json = dir.resolve("slow.json");
        int status = Compare.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--pair",
                "backend=stub,stub_100us", "--json", json.toString(), both.toString());
        assertEquals(Compare.REGRESSION, status, out.toString());
        JsonObject row = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonArray("results")
                .get(0).getAsJsonObject();
        assertEquals("slower", row.get("verdict").getAsString(), out.toString());
        assertTrue(row.get("ratio").getAsDouble() < 0.5, "a 100 us connect per request: " + out);

        StringWriter aa = new StringWriter();
        Path stubOnly = dir.resolve("stub-only.json");
        Files.writeString(stubOnly, onlyBackend(both, "stub"));
        assertEquals(Compare.NO_REGRESSION, Compare.run(new PrintWriter(aa), new PrintWriter(new StringWriter()),
                "--threshold", "25%", stubOnly.toString(), again.toString()), aa.toString());
        assertTrue(!aa.toString().contains("**slower**"), aa.toString());
    }

    /**
     * Runs IdleReuse's {@code unpooled} request on {@code backends} with 4 short forks (the fewest for a verdict),
     * writing JMH's JSON.
     */
    private Path jmh(String backends, String file) throws IOException, InterruptedException {
        Path result = dir.resolve(file);
        List<String> command = new ArrayList<>(List.of(JAVA));
        if (Runtime.version().feature() >= 24) {
            command.add(JmhOptions.UNSAFE_FLAG);
        }
        command.addAll(List.of("-jar", JAR.toString(), "IdleReuseBenchmark.request$", "-p", "pool=unpooled", "-p",
                "backend=" + backends, "-t", "1", "-f", "4", "-wi", "1", "-w", "200ms", "-i", "2", "-r", "200ms",
                "-foe", "true", "-rf", "json", "-rff", result.toString()));
        Path log = dir.resolve(file + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(100, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("JMH did not finish in 100 s:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        assertEquals(0, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        return result;
    }

    private static String onlyBackend(Path results, String backend) throws IOException {
        var array = JsonParser.parseString(Files.readString(results)).getAsJsonArray();
        var kept = new com.google.gson.JsonArray();
        array.forEach(e -> {
            if (backend.equals(e.getAsJsonObject().getAsJsonObject("params").get("backend").getAsString())) {
                kept.add(e);
            }
        });
        return kept.toString();
    }
}
