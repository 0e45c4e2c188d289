package org.poolbench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * A run's results in the formats of the regression dashboards users already run, beside the standard JMH
 * {@code results.json}: Bencher's metric format ({@code bmf.json}) and github-action-benchmark's custom JSON, one file
 * per direction, since that action takes one tool per step ({@code customBiggerIsBetter} for rates,
 * {@code customSmallerIsBetter} for times; its own JMH reader treats every score as smaller-is-better, wrong for
 * throughput). A run is named as {@code scripts/compare} names it, pool included.
 */
final class Exports {

    static final String BMF = "bmf.json";
    static final String BIGGER = "github-action-benchmark-bigger-is-better.json";
    static final String SMALLER = "github-action-benchmark-smaller-is-better.json";

    /** Factors to Bencher's built-in units: operations per second, and nanoseconds per operation. */
    private static final Map<String, Double> TO_OPS_PER_S = Map.of("ops/s", 1.0, "ops/ms", 1e3, "ops/us", 1e6,
            "ops/ns", 1e9, "ops/min", 1 / 60.0);
    private static final Map<String, Double> TO_NS_PER_OP = Map.of("ns/op", 1.0, "us/op", 1e3, "ms/op", 1e6,
            "s/op", 1e9, "min/op", 60e9);

    private Exports() {
    }

    /** The files {@link #write} writes, for the runner's closing line. */
    static List<String> files() {
        return List.of(BMF, BIGGER, SMALLER);
    }

    /** Writes the three files into {@code folder}. */
    static void write(JsonArray results, Path folder) throws IOException {
        var gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        Files.writeString(folder.resolve(BMF), gson.toJson(bmf(results)) + "\n", StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(BIGGER), gson.toJson(githubActionBenchmark(results, true)) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(SMALLER), gson.toJson(githubActionBenchmark(results, false)) + "\n",
                StandardCharsets.UTF_8);
    }

    /**
     * Bencher Metric Format: per run, the score as {@code throughput} (ops/s) or {@code latency} (ns), Bencher's
     * built-in measures and units, with JMH's 99.9% interval as {@code lower_value} and {@code upper_value}; in
     * sample mode also {@code latency-p99} (ns). A unit Bencher has no measure for keeps its JMH name as the measure.
     */
    static JsonObject bmf(JsonArray results) {
        JsonObject bmf = new JsonObject();
        for (var e : results) {
            JsonObject run = e.getAsJsonObject();
            JsonObject primary = run.getAsJsonObject("primaryMetric");
            String unit = primary.get("scoreUnit").getAsString();
            double score = JmhResults.number(primary.get("score"));
            double error = JmhResults.number(primary.get("scoreError"));
            if (!Double.isFinite(score)) {
                continue; // JSON holds no NaN: a run without a score has nothing to export
            }
            String measure;
            double factor;
            if (TO_OPS_PER_S.containsKey(unit)) {
                measure = "throughput";
                factor = TO_OPS_PER_S.get(unit);
            } else if (TO_NS_PER_OP.containsKey(unit)) {
                measure = "latency";
                factor = TO_NS_PER_OP.get(unit);
            } else {
                measure = unit;
                factor = 1;
            }
            JsonObject measures = new JsonObject();
            measures.add(measure, metric(score * factor, error * factor));
            if (primary.has("scorePercentiles") && "latency".equals(measure)
                    && primary.getAsJsonObject("scorePercentiles").has("99.0")) {
                measures.add("latency-p99", metric(JmhResults.number(primary.getAsJsonObject("scorePercentiles")
                        .get("99.0")) * factor, Double.NaN));
            }
            bmf.add(ForkSamples.name(run), measures);
        }
        return bmf;
    }

    private static JsonObject metric(double value, double error) {
        JsonObject m = new JsonObject();
        m.addProperty("value", value);
        if (Double.isFinite(error)) {
            m.addProperty("lower_value", value - error);
            m.addProperty("upper_value", value + error);
        }
        return m;
    }

    /**
     * github-action-benchmark's custom format: the runs whose score is better higher ({@code bigger}) or lower, each
     * with its JMH unit, score and {@code ± error} as its range.
     */
    static JsonArray githubActionBenchmark(JsonArray results, boolean bigger) {
        JsonArray out = new JsonArray();
        for (var e : results) {
            JsonObject run = e.getAsJsonObject();
            JsonObject primary = run.getAsJsonObject("primaryMetric");
            String unit = primary.get("scoreUnit").getAsString();
            if (ForkSamples.Run.higherIsBetter(unit) != bigger
                    || !Double.isFinite(JmhResults.number(primary.get("score")))) {
                continue;
            }
            JsonObject entry = new JsonObject();
            entry.addProperty("name", ForkSamples.name(run));
            entry.addProperty("unit", unit);
            entry.addProperty("value", JmhResults.number(primary.get("score")));
            double error = JmhResults.number(primary.get("scoreError"));
            if (Double.isFinite(error)) {
                entry.addProperty("range", "± " + error);
            }
            entry.addProperty("extra", "forks " + run.get("forks").getAsInt() + ", JMH 99.9% interval");
            out.add(entry);
        }
        return out;
    }

}
