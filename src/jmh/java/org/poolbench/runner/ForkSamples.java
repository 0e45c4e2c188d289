package org.poolbench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The primary score of every JMH run in a result file, one value per fork: the fork is the unit of replication
 * (forks of one run differ more than the iterations within a fork do, README "How to read the numbers"), so every
 * statistic {@code scripts/compare} computes starts from these values. A fork's value is the mean of its measured
 * iterations ({@code rawData}); in sample mode, the mean of every sample it took ({@code rawDataHistogram}).
 */
final class ForkSamples {

    /**
     * One JMH run's forks.
     *
     * @param benchmark what the run measured: benchmark, mode and threads (with {@code virtual})
     * @param params    its parameters, by name
     * @param unit      the score's unit, e.g. {@code ops/us} or {@code ns/op}
     * @param forks     one value per fork, in fork order
     */
    record Run(String benchmark, SortedMap<String, String> params, String unit, List<Double> forks) {

        Run {
            params = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(params));
            forks = List.copyOf(forks);
        }

        /** Whether a higher score is better: a rate ({@code ops/us}) is, a time per operation ({@code ns/op}) not. */
        boolean higherIsBetter() {
            return higherIsBetter(unit);
        }

        /**
         * How the run is named in a table, and matched across result files: the benchmark, then its parameters by
         * name with the pool last ({@code AcquireReleaseBenchmark.acquireRelease thrpt threads=2 size=4 pool=hikari}).
         */
        String name() {
            return nameWithout(null);
        }

        /** {@link #name()} without parameter {@code param}: what pairs two values of it within one result set. */
        String nameWithout(String param) {
            StringBuilder name = new StringBuilder(benchmark);
            params.forEach((k, v) -> {
                if (!k.equals(param) && !k.equals(Plan.SPLIT_PARAM)) {
                    name.append(' ').append(k).append('=').append(v);
                }
            });
            String pool = params.get(Plan.SPLIT_PARAM);
            if (pool != null && !Plan.SPLIT_PARAM.equals(param)) {
                name.append(' ').append(Plan.SPLIT_PARAM).append('=').append(pool);
            }
            return name.toString();
        }

        static boolean higherIsBetter(String unit) {
            return !unit.endsWith("/op");
        }
    }

    private ForkSamples() {
    }

    /**
     * Reads a run folder (its {@code results.json}) or a JMH result file.
     *
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException if it is neither, or a run in it has no per-fork raw data
     */
    static List<Run> read(Path path) throws IOException {
        Path file = resultsFile(path);
        return of(JmhResults.read(file), file.toString());
    }

    /**
     * The JMH result file a user named: a run folder's {@code results.json}, or the file itself.
     *
     * @throws IllegalArgumentException if it is neither
     */
    static Path resultsFile(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("results.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(path + " is neither a run folder with a results.json nor a JMH "
                    + "result file");
        }
        return file;
    }

    /** The runs of a JMH result array; {@code origin} names it in errors. */
    static List<Run> of(JsonArray results, String origin) {
        List<Run> runs = new ArrayList<>();
        for (JsonElement e : results) {
            runs.add(run(e.getAsJsonObject(), origin));
        }
        return List.copyOf(runs);
    }

    /** A run's name, as {@link Run#name()}. */
    static String name(JsonObject run) {
        return new Run(benchmark(run), params(run), "", List.of()).name();
    }

    private static SortedMap<String, String> params(JsonObject run) {
        SortedMap<String, String> params = new TreeMap<>();
        JsonObject p = run.getAsJsonObject("params");
        if (p != null) {
            p.entrySet().forEach(entry -> params.put(entry.getKey(), entry.getValue().getAsString()));
        }
        return params;
    }

    private static String benchmark(JsonObject run) {
        String benchmark = run.get("benchmark").getAsString();
        return Plan.simpleName(benchmark.substring(0, benchmark.lastIndexOf('.')))
                + benchmark.substring(benchmark.lastIndexOf('.')) + " " + run.get("mode").getAsString()
                + " threads=" + run.get("threads").getAsInt() + (JmhResults.virtual(run) ? " virtual" : "");
    }

    /**
     * Each fork's value of one JMH result, unchecked: the mean of its iterations, or of its samples in sample mode;
     * empty without raw data.
     */
    static List<Double> forkValues(JsonObject run) {
        JsonObject primary = run.getAsJsonObject("primaryMetric");
        return primary.has("rawDataHistogram") ? histogramForks(primary.getAsJsonArray("rawDataHistogram"))
                : rawForks(primary.getAsJsonArray("rawData"));
    }

    private static Run run(JsonObject run, String origin) {
        JsonObject primary = run.getAsJsonObject("primaryMetric");
        List<Double> forks = forkValues(run);
        Run result = new Run(benchmark(run), params(run), primary.get("scoreUnit").getAsString(), forks);
        if (forks.isEmpty()) {
            throw new IllegalArgumentException(origin + ": " + result.name() + " has no per-fork raw data (rawData)");
        }
        if (forks.stream().anyMatch(f -> !Double.isFinite(f) || f <= 0)) {
            throw new IllegalArgumentException(origin + ": " + result.name() + " has a fork whose score is not a "
                    + "positive number: " + forks);
        }
        return result;
    }

    private static List<Double> rawForks(JsonArray raw) {
        List<Double> forks = new ArrayList<>();
        if (raw == null) {
            return forks;
        }
        for (JsonElement fork : raw) {
            double sum = 0;
            int n = 0;
            for (JsonElement iteration : fork.getAsJsonArray()) {
                sum += JmhResults.number(iteration);
                n++;
            }
            if (n > 0) {
                forks.add(sum / n);
            }
        }
        return forks;
    }

    /** Sample mode: per fork, per iteration, a list of {@code [value, count]} pairs. */
    private static List<Double> histogramForks(JsonArray histogram) {
        List<Double> forks = new ArrayList<>();
        for (JsonElement fork : histogram) {
            double sum = 0;
            double count = 0;
            for (JsonElement iteration : fork.getAsJsonArray()) {
                for (JsonElement pair : iteration.getAsJsonArray()) {
                    double value = JmhResults.number(pair.getAsJsonArray().get(0));
                    double times = JmhResults.number(pair.getAsJsonArray().get(1));
                    sum += value * times;
                    count += times;
                }
            }
            if (count > 0) {
                forks.add(sum / count);
            }
        }
        return forks;
    }

    /**
     * The runs by {@link Run#name()}, in their order.
     *
     * @throws IllegalArgumentException if a name repeats in {@code origin}
     */
    static Map<String, Run> byName(List<Run> runs, Object origin) {
        Map<String, Run> map = new LinkedHashMap<>();
        for (Run r : runs) {
            if (map.put(r.name(), r) != null) {
                throw new IllegalArgumentException(origin + " has " + r.name() + " twice");
            }
        }
        return map;
    }
}
