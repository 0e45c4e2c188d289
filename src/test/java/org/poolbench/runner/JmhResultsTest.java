package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poolbench.runner.JmhResults.Metric;
import org.poolbench.runner.JmhResults.Row;

/**
 * {@link JmhResults}: reading JMH's JSON (including its "NaN" strings), merging the per-thread-count files of one run
 * into one standard JMH array in a fixed order, refusing duplicates and files that are not JMH output, and the typed
 * rows the summary is built from.
 */
class JmhResultsTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** benchmark method | mode | params | threads, for comparing orders compactly. */
    private static String key(JsonElement element) {
        JsonObject run = element.getAsJsonObject();
        String benchmark = run.get("benchmark").getAsString();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1) + " " + run.get("mode").getAsString() + " "
                + (run.has("params") ? run.get("params").toString() : "-") + " " + run.get("threads").getAsInt();
    }

    private static List<String> keys(JsonArray array) {
        List<String> keys = new ArrayList<>();
        array.forEach(e -> keys.add(key(e)));
        return keys;
    }

    private static Row row(List<Row> rows, String method, String mode, String pool, int threads) {
        return rows.stream()
                .filter(r -> r.method().equals(method) && r.mode().equals(mode) && r.threads() == threads
                        && java.util.Objects.equals(r.param("pool"), pool))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + method + " " + mode + " " + pool));
    }

    // ---------------------------------------------------------------- merge

    @Test
    void metric_eventCounterSummedOverIterations_perIterationIsItsMean() {
        // JMH sums an @AuxCounters event counter over every iteration of every fork: 2 forks x 3 iterations of 20
        String file = JmhFixtures.array(JmhFixtures.entry("org.poolbench.bench.StatementReuseBenchmark.request",
                "thrpt", 4, Map.of("pool", "hikari"), 10, "1", "ops/ms", """
                        "heldStatements" : {
                            "score" : 120.0, "scoreError" : "NaN", "scoreConfidence" : [ "NaN", "NaN" ],
                            "scorePercentiles" : { }, "scoreUnit" : "#",
                            "rawData" : [ [ 20.0, 20.0, 20.0 ], [ 20.0, 20.0, 20.0 ] ]
                        }"""));
        Metric held = JmhResults.rows(JsonParser.parseString(file).getAsJsonArray()).get(0).secondary()
                .get("heldStatements");

        assertEquals(6, held.iterations());
        assertEquals(20.0, held.perIteration(), 0.0);
        assertEquals(7.0, new Metric(7, 0, "#", Map.of()).perIteration(), 0.0, "without raw data: the score");
    }

    @Test
    void merge_filesOfTwoThreadCounts_sortedByBenchmarkModeParamsThreads() throws IOException {
        Path t8 = file("threads-8.json", JmhFixtures.threads8());
        Path t1 = file("threads-1.json", JmhFixtures.threads1());

        // The files in "wrong" order: the result must not depend on it.
        JsonArray merged = JmhResults.merge(List.of(t8, t1));

        assertEquals(List.of(
                "acquireRelease sample {\"pool\":\"hikari\",\"size\":\"4\"} 1",
                "acquireRelease sample {\"pool\":\"hikari\",\"size\":\"4\"} 8",
                "acquireRelease sample {\"pool\":\"poolbench\",\"size\":\"4\"} 1",
                "acquireRelease sample {\"pool\":\"poolbench\",\"size\":\"4\"} 8",
                "acquireRelease thrpt {\"pool\":\"c3p0\",\"size\":\"4\"} 1",
                "acquireRelease thrpt {\"pool\":\"c3p0\",\"size\":\"4\"} 8",
                "acquireRelease thrpt {\"pool\":\"hikari\",\"size\":\"4\"} 1",
                "acquireRelease thrpt {\"pool\":\"hikari\",\"size\":\"4\"} 8",
                "acquireRelease thrpt {\"pool\":\"poolbench\",\"size\":\"4\"} 1",
                "acquireRelease thrpt {\"pool\":\"poolbench\",\"size\":\"4\"} 8",
                "handoff thrpt {\"size\":\"4\"} 1",
                "handoff thrpt {\"size\":\"4\"} 8",
                "connect avgt - 1"), keys(merged));
    }

    @Test
    void merge_anyInputOrder_sameResult() throws IOException {
        Path t1 = file("threads-1.json", JmhFixtures.threads1());
        Path t8 = file("threads-8.json", JmhFixtures.threads8());

        assertEquals(JmhResults.merge(List.of(t1, t8)), JmhResults.merge(List.of(t8, t1)));
    }

    @Test
    void merge_elements_keptExactlyAsJmhWroteThem() throws IOException {
        JsonArray inputs = new JsonArray();
        JsonParser.parseString(JmhFixtures.threads1()).getAsJsonArray().forEach(inputs::add);
        JsonParser.parseString(JmhFixtures.threads8()).getAsJsonArray().forEach(inputs::add);

        JsonArray merged = JmhResults.merge(List.of(file("a.json", JmhFixtures.threads1()),
                file("b.json", JmhFixtures.threads8())));

        assertEquals(inputs.size(), merged.size());
        for (JsonElement input : inputs) {
            assertTrue(merged.contains(input), "missing or altered: " + key(input));
        }
        // The legacy metric name, the NaN strings and the histogram survive untouched.
        JsonObject sample = merged.get(2).getAsJsonObject();
        assertEquals(JsonParser.parseString(JmhFixtures.SAMPLE_POOLBENCH_1), sample);
        JsonObject connect = merged.get(12).getAsJsonObject();
        assertEquals(new JsonPrimitive("NaN"), connect.getAsJsonObject("primaryMetric").get("scoreError"));
        assertFalse(connect.has("params"));
        JsonObject poolbench1 = merged.get(8).getAsJsonObject();
        assertTrue(poolbench1.getAsJsonObject("secondaryMetrics").has("·gc.alloc.rate.norm"));
    }

    @Test
    void merge_sameRunInTwoFiles_throwsNamingDuplicateAndBothFiles() throws IOException {
        Path first = file("first.json", JmhFixtures.threads1());
        Path again = file("again.json", JmhFixtures.array(JmhFixtures.entry(JmhFixtures.ACQUIRE, "thrpt", 1,
                Map.of("pool", "hikari", "size", "4"), 1.0, "0.1", "ops/us", "")));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.merge(List.of(first, again)));

        assertEquals("duplicate JMH result for " + JmhFixtures.ACQUIRE + ", mode thrpt, params {pool=hikari, size=4}, "
                + "threads 1: in " + first + " element 1 and in " + again + " element 0", e.getMessage());
    }

    @Test
    void merge_sameBenchmarkDifferentThreads_notADuplicate() throws IOException {
        String one = JmhFixtures.entry(JmhFixtures.HANDOFF, "thrpt", 1, Map.of(), 1.0, "0.1", "ops/us", "");
        String two = JmhFixtures.entry(JmhFixtures.HANDOFF, "thrpt", 2, Map.of(), 1.0, "0.1", "ops/us", "");

        JsonArray merged = JmhResults.merge(List.of(file("2.json", JmhFixtures.array(two)),
                file("1.json", JmhFixtures.array(one))));

        assertEquals(List.of("handoff thrpt - 1", "handoff thrpt - 2"), keys(merged));
    }

    @Test
    void merge_fileWithObjectNotArray_throwsNamingFile() throws IOException {
        Path notArray = file("not-array.json", JmhFixtures.CONNECT_NO_PARAMS);
        Path good = file("good.json", JmhFixtures.threads1());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.merge(List.of(good, notArray)));

        assertEquals(notArray + ": not a JMH result file: expected a JSON array at the top level, found an object",
                e.getMessage());
    }

    @Test
    void merge_fileWithInvalidJson_throwsNamingFile() throws IOException {
        Path truncated = file("truncated.json", JmhFixtures.threads1().substring(0, 200));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.merge(List.of(truncated)));

        assertTrue(e.getMessage().startsWith(truncated + ": not valid JSON"), e.getMessage());
    }

    @Test
    void merge_emptyFile_throwsNamingFile() throws IOException {
        Path empty = file("empty.json", "");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.merge(List.of(empty)));

        assertEquals(empty + ": not a JMH result file: expected a JSON array at the top level, found nothing "
                + "(empty file or null)", e.getMessage());
    }

    @Test
    void merge_arrayElementWithoutBenchmark_throwsNamingFileAndElement() throws IOException {
        Path odd = file("odd.json", "[ { \"mode\" : \"thrpt\", \"threads\" : 1 } ]");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.merge(List.of(odd)));

        assertEquals(odd + " element 0: missing or non-string field \"benchmark\"", e.getMessage());
    }

    @Test
    void merge_missingFile_throwsNoSuchFileNamingFile() {
        Path missing = dir.resolve("never-written.json");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> JmhResults.merge(List.of(missing)));

        assertEquals(missing + ": JMH result file not found", e.getMessage());
    }

    @Test
    void merge_noFiles_emptyArray() throws IOException {
        assertEquals(new JsonArray(), JmhResults.merge(List.of()));
    }

    @Test
    void mergeArrays_params_comparedEntryByEntryNumbersNumericallyAbsentFirst() {
        JsonArray input = JsonParser.parseString(JmhFixtures.array(
                JmhFixtures.entry(JmhFixtures.HANDOFF, "thrpt", 1, Map.of("size", "4"), 1.0, "0.1", "ops/us", ""),
                JmhFixtures.entry(JmhFixtures.HANDOFF, "thrpt", 1, Map.of("size", "16"), 1.0, "0.1", "ops/us", ""),
                JmhFixtures.entry(JmhFixtures.HANDOFF, "thrpt", 1, Map.of(), 1.0, "0.1", "ops/us", ""),
                JmhFixtures.entry(JmhFixtures.HANDOFF, "thrpt", 1, Map.of("backend", "h2", "size", "4"), 1.0, "0.1",
                        "ops/us", ""))).getAsJsonArray();

        JsonArray merged = JmhResults.mergeArrays(List.of(input));

        // Keys in order, then values: numbers numerically (size=4 before size=16), so tools and the summary agree.
        assertEquals(List.of("handoff thrpt - 1",
                "handoff thrpt {\"backend\":\"h2\",\"size\":\"4\"} 1",
                "handoff thrpt {\"size\":\"4\"} 1",
                "handoff thrpt {\"size\":\"16\"} 1"), keys(merged));
    }

    @Test
    void mergeArrays_duplicateInsideOneArray_namesInputAndElements() {
        String entry = JmhFixtures.entry(JmhFixtures.HANDOFF, "avgt", 4, Map.of(), 1.0, "0.1", "ns/op", "");
        JsonArray input = JsonParser.parseString(JmhFixtures.array(entry, entry)).getAsJsonArray();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.mergeArrays(List.of(new JsonArray(), input)));

        assertEquals("duplicate JMH result for " + JmhFixtures.HANDOFF + ", mode avgt, params {}, threads 4: "
                + "in input #2 element 0 and in input #2 element 1", e.getMessage());
    }

    // ---------------------------------------------------------------- write and read

    @Test
    void write_thenRead_sameArrayPrettyPrintedUtf8() throws IOException {
        JsonArray merged = JmhResults.merge(List.of(file("1.json", JmhFixtures.threads1())));
        Path out = dir.resolve("results.json");

        JmhResults.write(merged, out);

        assertEquals(merged, JmhResults.read(out));
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("[\n  {\n    \"jmhVersion\": \"1.37\",\n"), text.substring(0, 60));
        assertTrue(text.contains("\"·gc.alloc.rate.norm\": {"), "legacy name written unescaped");
        assertTrue(text.contains("\"scoreError\": \"NaN\""), "NaN kept as JMH's string");
        assertTrue(text.endsWith("]\n"));
    }

    // ---------------------------------------------------------------- numbers

    @Test
    void number_jmhNonFiniteStrings_parsed() {
        assertTrue(Double.isNaN(JmhResults.number(new JsonPrimitive("NaN"))));
        assertEquals(Double.POSITIVE_INFINITY, JmhResults.number(new JsonPrimitive("Infinity")));
        assertEquals(Double.NEGATIVE_INFINITY, JmhResults.number(new JsonPrimitive("-Infinity")));
        assertEquals(0.3104, JmhResults.number(JsonParser.parseString("0.3104")));
        assertEquals(12.5, JmhResults.number(new JsonPrimitive("12.5")));
        assertTrue(Double.isNaN(JmhResults.number(null)), "absent means unknown");
    }

    @Test
    void number_notANumber_throws() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.number(new JsonPrimitive("fast")));

        assertEquals("value: expected a number, found \"fast\"", e.getMessage());
    }

    // ---------------------------------------------------------------- rows

    @Test
    void rows_thrptEntry_allFieldsRead() throws IOException {
        List<Row> rows = JmhResults.rows(JmhResults.merge(List.of(file("1.json", JmhFixtures.threads1()))));

        Row hikari = row(rows, "acquireRelease", "thrpt", "hikari", 1);

        assertEquals(JmhFixtures.ACQUIRE, hikari.benchmark());
        assertEquals("AcquireReleaseBenchmark", hikari.benchClass());
        assertEquals("acquireRelease", hikari.method());
        assertEquals(Map.of("pool", "hikari", "size", "4"), hikari.params());
        assertEquals(List.of("pool", "size"), List.copyOf(hikari.params().keySet()));
        assertEquals(23.87, hikari.primary().score());
        assertEquals(0.2, hikari.primary().error());
        assertEquals("ops/us", hikari.primary().unit());
        assertEquals(List.of("connects", "failedAcquires", "gc.alloc.rate.norm", "requests", "waits"),
                List.copyOf(hikari.secondary().keySet()));
        assertEquals(2000.0, hikari.secondary().get("requests").score());
        assertEquals("#", hikari.secondary().get("requests").unit());
    }

    @Test
    void rows_legacyDotPrefixedGcMetric_nameNormalised() throws IOException {
        List<Row> rows = JmhResults.rows(JmhResults.merge(List.of(file("1.json", JmhFixtures.threads1()),
                file("8.json", JmhFixtures.threads8()))));

        Metric legacy = row(rows, "acquireRelease", "thrpt", "poolbench", 1).secondary().get("gc.alloc.rate.norm");
        Metric current = row(rows, "acquireRelease", "thrpt", "poolbench", 8).secondary().get("gc.alloc.rate.norm");

        assertEquals(24.0003, legacy.score());
        assertEquals("B/op", legacy.unit());
        assertEquals(24.5, current.score());
        assertFalse(row(rows, "acquireRelease", "thrpt", "poolbench", 1).secondary().containsKey("·gc.alloc.rate.norm"));
    }

    @Test
    void rows_nanScoreErrorAndNoParams_nanErrorEmptyParams() throws IOException {
        List<Row> rows = JmhResults.rows(JmhResults.merge(List.of(file("1.json", JmhFixtures.threads1()))));

        Row connect = row(rows, "connect", "avgt", null, 1);

        assertEquals("StubDriverBenchmark", connect.benchClass());
        assertEquals(Map.of(), connect.params());
        assertEquals(812.3456, connect.primary().score());
        assertTrue(Double.isNaN(connect.primary().error()));
        assertTrue(Double.isNaN(row(rows, "acquireRelease", "thrpt", "c3p0", 1).primary().error()));
    }

    @Test
    void rows_samplePercentiles_inNumericOrder() throws IOException {
        List<Row> rows = JmhResults.rows(JmhResults.merge(List.of(file("1.json", JmhFixtures.threads1()))));

        Metric sample = row(rows, "acquireRelease", "sample", "poolbench", 1).primary();

        assertEquals(List.of("0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99", "99.999", "99.9999", "100.0"),
                List.copyOf(sample.percentiles().keySet()));
        assertEquals(0.039, sample.percentile("50.0"));
        assertEquals(0.0811, sample.percentile("99.0"));
        assertEquals(0.812, sample.percentile("99.9"));
        assertTrue(Double.isNaN(sample.percentile("75.0")), "absent percentile is NaN");
        assertEquals(0.0412, sample.score());
        assertEquals("us/op", sample.unit());
    }

    @Test
    void normaliseMetricName_onlyLeadingDotStripped() {
        assertEquals("gc.alloc.rate.norm", JmhResults.normaliseMetricName("·gc.alloc.rate.norm"));
        assertEquals("gc.alloc.rate.norm", JmhResults.normaliseMetricName("gc.alloc.rate.norm"));
        assertEquals("a·b", JmhResults.normaliseMetricName("a·b"));
    }

    @Test
    void merge_sameRunOnPlatformAndVirtualThreads_keepsBothAndMarksTheVirtualOne() {
        JsonArray merged = JmhResults.mergeArrays(List.of(
                JsonParser.parseString(JmhFixtures.threads8()).getAsJsonArray(),
                JsonParser.parseString(JmhFixtures.virtual8()).getAsJsonArray()));

        List<JmhResults.Row> rows = JmhResults.rows(merged);
        List<JmhResults.Row> poolbench8 = rows.stream().filter(r -> r.mode().equals("thrpt") && r.threads() == 8
                && "poolbench".equals(r.param("pool"))).toList();
        assertEquals(List.of(false, true), poolbench8.stream().map(JmhResults.Row::virtual).toList(),
                "platform first, then virtual");
    }

    @Test
    void virtual_lastExecutorSettingWins() {
        JsonObject run = new JsonObject();
        assertFalse(JmhResults.virtual(run), "no jvmArgs");
        JsonArray args = new JsonArray();
        args.add("-Djmh.executor=VIRTUAL");
        args.add("-Djmh.executor=PLATFORM");
        run.add("jvmArgs", args);
        assertFalse(JmhResults.virtual(run));
        args.add("-Djmh.executor=VIRTUAL");
        assertTrue(JmhResults.virtual(run));
    }
}
