package org.poolbench.runner;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads, merges and writes the JSON that JMH 1.37 writes with {@code -rf json}, and offers a small typed view of it
 * for the summary.
 *
 * <p>The runner starts JMH once per thread count, so one run leaves several JSON files behind. {@link #merge(List)}
 * joins them into one array that is still standard JMH JSON (every element is kept exactly as JMH wrote it), so
 * other JMH tools such as JMH Visualizer can read the merged {@code results.json}. The order of the merged array is
 * fixed (benchmark, mode, params, threads) so that two runs over the same benchmarks produce files that diff well.
 *
 * <p>JMH writes non-finite numbers as the JSON strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}
 * (a score error is {@code "NaN"} when there was only one measurement iteration); {@link #number(JsonElement)}
 * accepts both forms.
 */
final class JmhResults {

    /** A parameter value that compares as a number. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    /**
     * Pretty printing matches the layout of JMH's own files closely enough for humans; HTML escaping is off so the
     * {@code ·} that older JMH versions put in front of profiler metric names stays readable.
     */
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Older JMH versions prefix profiler metrics with this character, e.g. {@code ·gc.alloc.rate.norm}. */
    private static final String LEGACY_METRIC_PREFIX = "·";

    private JmhResults() {
    }

    // ---------------------------------------------------------------- reading and writing

    /**
     * Reads one JMH JSON result file.
     *
     * @param file the file JMH wrote with {@code -rf json}
     * @return the top-level array, as parsed
     * @throws IOException              if the file is missing or cannot be read; the message names the file
     * @throws IllegalArgumentException if the file is not valid JSON or not a JSON array; the message names the file
     */
    static JsonArray read(Path file) throws IOException {
        JsonElement root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(in);
        } catch (NoSuchFileException e) {
            NoSuchFileException named = new NoSuchFileException(file.toString(), null, "JMH result file not found");
            named.initCause(e);
            throw named;
        } catch (JsonIOException e) {
            // Gson wraps read errors of the underlying reader; they are I/O failures, not bad content.
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not valid JSON, so not a JMH result file: " + e.getMessage(), e);
        }
        if (!root.isJsonArray()) {
            throw new IllegalArgumentException(file + ": not a JMH result file: expected a JSON array at the top level, found "
                    + describe(root));
        }
        return root.getAsJsonArray();
    }

    /**
     * Writes a JMH result array pretty-printed in UTF-8, ending with a newline, replacing the file if it exists.
     *
     * @param results the array to write, typically from {@link #merge(List)}
     * @param file    where to write it; its parent directory must exist
     * @throws IOException if writing fails
     */
    static void write(JsonArray results, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            PRETTY.toJson(results, out);
            out.write('\n');
        }
    }

    // ---------------------------------------------------------------- merging

    /**
     * Reads several JMH JSON files and merges them as {@link #mergeArrays(List)} does; errors name the file.
     *
     * @param files the files, in any order; an empty list gives an empty array
     * @return a new array holding copies of all elements, in the deterministic order described on the class
     * @throws IOException              if a file is missing or unreadable
     * @throws IllegalArgumentException if a file is not a JMH JSON array, an element lacks its identifying fields, or
     *                                  two elements describe the same run (benchmark, mode, params, threads)
     */
    static JsonArray merge(List<Path> files) throws IOException {
        List<Source> sources = new ArrayList<>(files.size());
        for (Path file : files) {
            sources.add(new Source(file.toString(), read(file)));
        }
        return mergeSources(sources);
    }

    /**
     * Concatenates JMH result arrays already in memory and sorts the result by benchmark name, then mode, then params
     * (keys in their natural order, keys and values compared as strings; no params sorts first), then threads
     * ascending. Elements are deep-copied and otherwise unchanged.
     *
     * @param arrays the arrays; in error messages the i-th one is called {@code input #i} (from 1)
     * @return a new merged array; empty for an empty list
     * @throws IllegalArgumentException if an element lacks its identifying fields or two elements describe the same run
     */
    static JsonArray mergeArrays(List<JsonArray> arrays) {
        List<Source> sources = new ArrayList<>(arrays.size());
        for (int i = 0; i < arrays.size(); i++) {
            sources.add(new Source("input #" + (i + 1), arrays.get(i)));
        }
        return mergeSources(sources);
    }

    /** One array to merge plus the name errors use for it (a file name, or {@code input #n}). */
    private record Source(String name, JsonArray array) {
    }

    /** An element waiting to be sorted, with its identity and where it came from. */
    private record Keyed(RunKey key, JsonElement element, String origin) {
    }

    private static JsonArray mergeSources(List<Source> sources) {
        List<Keyed> all = new ArrayList<>();
        // A duplicate means the runner ran the same configuration twice (or merged a file twice): a bug worth a loud
        // failure, because silently keeping one of the two would make the summary depend on the order of the files.
        Map<RunKey, String> seen = new HashMap<>();
        for (Source source : sources) {
            JsonArray array = source.array();
            for (int i = 0; i < array.size(); i++) {
                String origin = source.name() + " element " + i;
                RunKey key = RunKey.of(array.get(i), origin);
                String previous = seen.putIfAbsent(key, origin);
                if (previous != null) {
                    throw new IllegalArgumentException("duplicate JMH result for " + key + ": in " + previous + " and in "
                            + origin);
                }
                all.add(new Keyed(key, array.get(i).deepCopy(), origin));
            }
        }
        all.sort(Comparator.comparing(Keyed::key));
        JsonArray merged = new JsonArray(all.size());
        for (Keyed keyed : all) {
            merged.add(keyed.element());
        }
        return merged;
    }

    /**
     * What identifies one JMH run inside a result array: JMH emits one element per benchmark method, mode and
     * parameter combination, and the runner adds the thread count as a dimension by running JMH once per count.
     */
    private record RunKey(String benchmark, String mode, SortedMap<String, String> params, int threads,
                          boolean virtual) implements Comparable<RunKey> {

        static RunKey of(JsonElement element, String origin) {
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException(origin + ": expected a JSON object for one JMH run, found "
                        + describe(element));
            }
            JsonObject run = element.getAsJsonObject();
            return new RunKey(requiredString(run, "benchmark", origin), requiredString(run, "mode", origin),
                    readParams(run, origin), requiredInt(run, "threads", origin), JmhResults.virtual(run));
        }

        @Override
        public int compareTo(RunKey other) {
            int c = benchmark.compareTo(other.benchmark);
            if (c == 0) {
                c = mode.compareTo(other.mode);
            }
            if (c == 0) {
                c = compareParams(params, other.params);
            }
            if (c == 0) {
                c = Integer.compare(threads, other.threads);
            }
            // platform threads first
            return c != 0 ? c : Boolean.compare(virtual, other.virtual);
        }

        @Override
        public String toString() {
            return benchmark + ", mode " + mode + ", params " + params + ", threads " + threads
                    + (virtual ? " (virtual)" : "");
        }
    }

    /**
     * Whether a run's benchmark threads were virtual threads: its forks' JVM options (JMH's {@code jvmArgs}) set
     * {@code jmh.executor} to {@code VIRTUAL}, the last setting winning as it does in the JVM. The runner runs the
     * same benchmark at the same thread count on both kinds of thread, so this is part of a run's identity.
     */
    static boolean virtual(JsonObject run) {
        JsonElement args = run.get("jvmArgs");
        if (args == null || !args.isJsonArray()) {
            return false;
        }
        String executor = null;
        for (JsonElement a : args.getAsJsonArray()) {
            if (a.isJsonPrimitive() && a.getAsString().startsWith(EXECUTOR_PROPERTY)) {
                executor = a.getAsString().substring(EXECUTOR_PROPERTY.length());
            }
        }
        return "VIRTUAL".equalsIgnoreCase(executor);
    }

    private static final String EXECUTOR_PROPERTY = "-Djmh.executor=";

    // ---------------------------------------------------------------- typed view for the summary

    /**
     * One JMH run, reduced to what the summary needs.
     *
     * @param benchmark  the full benchmark name, e.g. {@code org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease}
     * @param benchClass the simple class name, e.g. {@code AcquireReleaseBenchmark}
     * @param method     the benchmark method, e.g. {@code acquireRelease}
     * @param mode       JMH's short mode name: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
     * @param threads    the number of benchmark threads
     * @param params     the {@code @Param} values, sorted by name; empty when the benchmark has none
     * @param primary    the primary metric
     * @param secondary  the secondary metrics by name, sorted, with the legacy {@code ·} prefix removed
     * @param virtual    whether the benchmark threads were virtual threads (see {@link #virtual(JsonObject)})
     */
    record Row(String benchmark, String benchClass, String method, String mode, int threads,
               SortedMap<String, String> params, Metric primary, SortedMap<String, Metric> secondary,
               boolean virtual) {

        Row {
            params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
            secondary = Collections.unmodifiableSortedMap(new TreeMap<>(secondary));
        }

        /** A run on platform threads. */
        Row(String benchmark, String benchClass, String method, String mode, int threads,
            SortedMap<String, String> params, Metric primary, SortedMap<String, Metric> secondary) {
            this(benchmark, benchClass, method, mode, threads, params, primary, secondary, false);
        }

        /** The value of a {@code @Param}, or {@code null} if this run has no such parameter. */
        String param(String name) {
            return params.get(name);
        }
    }

    /**
     * One metric of a run.
     *
     * @param score       the score (the mean for sample mode)
     * @param error       half-width of JMH's 99.9% confidence interval; NaN when unknown (a single iteration)
     * @param unit        the unit, e.g. {@code ops/us}, {@code ns/op}, {@code B/op}, {@code #}
     * @param percentiles the score percentiles keyed as JMH writes them ({@code "50.0"}, {@code "99.9"}, ...), in
     *                    ascending numeric order; empty when JMH wrote none
     */
    record Metric(double score, double error, String unit, Map<String, Double> percentiles, int iterations) {

        Metric {
            percentiles = Collections.unmodifiableMap(new LinkedHashMap<>(percentiles));
        }

        /** A metric without its raw data. */
        Metric(double score, double error, String unit, Map<String, Double> percentiles) {
            this(score, error, unit, percentiles, 0);
        }

        /**
         * The score per measured iteration: JMH sums an {@code @AuxCounters} event counter over every iteration of
         * every fork, so a level read once per iteration reads as its mean only once divided by their number (the
         * values in {@code rawData}). The score itself when the file has no raw data.
         */
        double perIteration() {
            return iterations > 0 ? score / iterations : score;
        }

        /** The percentile JMH wrote under this key (e.g. {@code "99.0"}), or NaN if it wrote none. */
        double percentile(String key) {
            Double value = percentiles.get(key);
            return value == null ? Double.NaN : value;
        }
    }

    /**
     * Converts a JMH result array into rows, in the array's order.
     *
     * @param results a JMH result array, e.g. from {@link #read(Path)} or {@link #merge(List)}
     * @return immutable rows
     * @throws IllegalArgumentException if an element lacks a field the summary needs or a number cannot be parsed
     */
    static List<Row> rows(JsonArray results) {
        List<Row> rows = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            rows.add(row(results.get(i), "element " + i));
        }
        return List.copyOf(rows);
    }

    private static Row row(JsonElement element, String origin) {
        RunKey key = RunKey.of(element, origin);
        JsonObject run = element.getAsJsonObject();
        String where = origin + " (" + key.benchmark() + ")";

        // JMH names benchmarks package.Class.method; the class is the segment before the last dot.
        String benchmark = key.benchmark();
        int lastDot = benchmark.lastIndexOf('.');
        String method = benchmark.substring(lastDot + 1);
        String qualifiedClass = lastDot < 0 ? "" : benchmark.substring(0, lastDot);
        String benchClass = qualifiedClass.substring(qualifiedClass.lastIndexOf('.') + 1);

        JsonElement primary = run.get("primaryMetric");
        if (primary == null || !primary.isJsonObject()) {
            throw new IllegalArgumentException(where + ": missing primaryMetric object");
        }
        SortedMap<String, Metric> secondary = new TreeMap<>();
        JsonElement secondaryElement = run.get("secondaryMetrics");
        if (secondaryElement != null && secondaryElement.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : secondaryElement.getAsJsonObject().entrySet()) {
                if (e.getValue().isJsonObject()) {
                    secondary.put(normaliseMetricName(e.getKey()),
                            metric(e.getValue().getAsJsonObject(), where + " secondary metric " + e.getKey()));
                }
            }
        }
        return new Row(benchmark, benchClass, method, key.mode(), key.threads(), key.params(),
                metric(primary.getAsJsonObject(), where + " primaryMetric"), secondary, key.virtual());
    }

    private static Metric metric(JsonObject metric, String where) {
        JsonElement score = metric.get("score");
        if (score == null) {
            throw new IllegalArgumentException(where + ": missing score");
        }
        JsonElement unit = metric.get("scoreUnit");
        // Sort percentiles numerically so "99.0" comes before "100.0" whatever order the file uses.
        TreeMap<Double, Map.Entry<String, Double>> byValue = new TreeMap<>();
        JsonElement percentiles = metric.get("scorePercentiles");
        if (percentiles != null && percentiles.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : percentiles.getAsJsonObject().entrySet()) {
                double p = parseNumber(e.getKey(), where + " percentile key");
                byValue.put(p, Map.entry(e.getKey(), number(e.getValue(), where + " percentile " + e.getKey())));
            }
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        byValue.values().forEach(e -> ordered.put(e.getKey(), e.getValue()));
        int iterations = 0;
        JsonElement raw = metric.get("rawData");
        if (raw != null && raw.isJsonArray()) {
            for (JsonElement fork : raw.getAsJsonArray()) {
                iterations += fork.isJsonArray() ? fork.getAsJsonArray().size() : 0;
            }
        }
        return new Metric(number(score, where + " score"), number(metric.get("scoreError"), where + " scoreError"),
                unit == null || unit.isJsonNull() ? "" : unit.getAsString(), ordered, iterations);
    }

    /** Strips the {@code ·} that JMH before 1.35 or so put in front of profiler metrics. */
    static String normaliseMetricName(String name) {
        return name.startsWith(LEGACY_METRIC_PREFIX) ? name.substring(LEGACY_METRIC_PREFIX.length()) : name;
    }

    // ---------------------------------------------------------------- JSON helpers

    /**
     * Reads a JMH number, which is either a JSON number or one of the strings {@code "NaN"}, {@code "Infinity"},
     * {@code "-Infinity"} that JMH writes for non-finite values.
     *
     * @param value the element; {@code null} or JSON null gives NaN (the value is unknown)
     * @return the number
     * @throws IllegalArgumentException if the element is neither a number nor a string holding one
     */
    static double number(JsonElement value) {
        return number(value, "value");
    }

    private static double number(JsonElement value, String where) {
        if (value == null || value.isJsonNull()) {
            return Double.NaN;
        }
        if (value.isJsonPrimitive()) {
            JsonPrimitive p = value.getAsJsonPrimitive();
            if (p.isNumber()) {
                return p.getAsDouble();
            }
            if (p.isString()) {
                return parseNumber(p.getAsString(), where);
            }
        }
        throw new IllegalArgumentException(where + ": expected a number, found " + describe(value));
    }

    private static double parseNumber(String text, String where) {
        // Double.parseDouble accepts "NaN", "Infinity", "-Infinity" and "+Infinity" as JMH writes them.
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": expected a number, found \"" + text + "\"", e);
        }
    }

    private static String requiredString(JsonObject run, String field, String origin) {
        JsonElement value = run.get(field);
        if (value == null || !value.isJsonPrimitive()) {
            throw new IllegalArgumentException(origin + ": missing or non-string field \"" + field + "\"");
        }
        return value.getAsString();
    }

    private static int requiredInt(JsonObject run, String field, String origin) {
        JsonElement value = run.get(field);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(origin + ": missing or non-numeric field \"" + field + "\"");
        }
        return value.getAsInt();
    }

    /** JMH omits {@code params} when a benchmark has no {@code @Param}; that reads as no params. */
    private static SortedMap<String, String> readParams(JsonObject run, String origin) {
        SortedMap<String, String> params = new TreeMap<>();
        JsonElement value = run.get("params");
        if (value == null || value.isJsonNull()) {
            return params;
        }
        if (!value.isJsonObject()) {
            throw new IllegalArgumentException(origin + ": \"params\" is not an object");
        }
        for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
            if (!e.getValue().isJsonPrimitive()) {
                throw new IllegalArgumentException(origin + ": param \"" + e.getKey() + "\" is not a string");
            }
            params.put(e.getKey(), e.getValue().getAsString());
        }
        return params;
    }

    private static String describe(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return "nothing (empty file or null)";
        }
        if (element.isJsonObject()) {
            return "an object";
        }
        if (element.isJsonArray()) {
            return "an array";
        }
        return "the value " + element;
    }

    /**
     * Params entry by entry in key order; values that are both plain numbers compare numerically, so size=4
     * precedes size=16; a prefix sorts first. Used for results.json's order and the summary's.
     */
    static int compareParams(SortedMap<String, String> a, SortedMap<String, String> b) {
        Iterator<Map.Entry<String, String>> ia = a.entrySet().iterator();
        Iterator<Map.Entry<String, String>> ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<String, String> ea = ia.next();
            Map.Entry<String, String> eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = compareValues(ea.getValue(), eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }

    private static int compareValues(String a, String b) {
        if (PLAIN_NUMBER.matcher(a).matches() && PLAIN_NUMBER.matcher(b).matches()) {
            int c = new BigDecimal(a).compareTo(new BigDecimal(b));
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }
}
