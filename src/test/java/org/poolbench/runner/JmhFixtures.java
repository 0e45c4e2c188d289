package org.poolbench.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * JMH 1.37 JSON written the way {@code -rf json} writes it, for the runner tests.
 *
 * <p>The fixture is one small run as the runner produces it: JMH started once with {@code -t 1} and once with
 * {@code -t 8}, giving two files. It holds three pools and a reference point of {@code AcquireReleaseBenchmark} in
 * throughput mode, two pools in sample mode (with percentiles and a raw histogram), and a benchmark without
 * {@code @Param} whose single iteration left JMH without an error ({@code "NaN"}). The thread-1 file was written by
 * an older JMH, so its allocation metric carries the legacy {@code ·} prefix. c3p0 failed 3 acquires at 8 threads.
 *
 * <p>Most entries come from {@link #entry}, which produces the full shape of a JMH entry; the sample-mode entry
 * and the entry without params are spelled out literally, as JMH wrote them.
 */
final class JmhFixtures {

    static final String ACQUIRE = "org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease";
    static final String HANDOFF = "org.poolbench.bench.AcquireReleaseBenchmark.handoff";
    static final String CONNECT = "org.poolbench.bench.StubDriverBenchmark.connect";

    private JmhFixtures() {
    }

    /** The file JMH wrote for {@code -t 1}. */
    static String threads1() {
        return array(
                entry(ACQUIRE, "thrpt", 1, Map.of("pool", "poolbench", "size", "4"), 25.06, "0.3104", "ops/us",
                        counters(0, 1000, 4, 0) + ",\n" + alloc("·gc.alloc.rate.norm", 24.0003)),
                entry(ACQUIRE, "thrpt", 1, Map.of("pool", "hikari", "size", "4"), 23.87, "0.2", "ops/us",
                        counters(0, 2000, 4, 10) + ",\n" + alloc("·gc.alloc.rate.norm", 120.4)),
                entry(ACQUIRE, "thrpt", 1, Map.of("pool", "c3p0", "size", "4"), 2.512, "\"NaN\"", "ops/us",
                        counters(0, 0, 0, 0)),
                entry(HANDOFF, "thrpt", 1, Map.of("size", "4"), 80.2, "1.1", "ops/us",
                        alloc("·gc.alloc.rate.norm", 0.0)),
                SAMPLE_POOLBENCH_1,
                entry(ACQUIRE, "sample", 1, Map.of("pool", "hikari", "size", "4"), 0.0433, "0.0004", "us/op",
                        "", Map.of("50.0", 0.041, "99.0", 0.09, "99.9", 1.2)),
                CONNECT_NO_PARAMS);
    }

    /** The file JMH wrote for {@code -t 8}. */
    static String threads8() {
        return array(
                entry(ACQUIRE, "thrpt", 8, Map.of("pool", "poolbench", "size", "4"), 12.34, "0.5", "ops/us",
                        counters(0, 4000, 5, 1000) + ",\n" + alloc("gc.alloc.rate.norm", 24.5)),
                entry(ACQUIRE, "thrpt", 8, Map.of("pool", "hikari", "size", "4"), 11.0, "0.4", "ops/us",
                        counters(0, 3000, 8, 1234) + ",\n" + alloc("gc.alloc.rate.norm", 121.0)),
                entry(ACQUIRE, "thrpt", 8, Map.of("pool", "c3p0", "size", "4"), 0.4123, "0.02", "ops/us",
                        counters(3, 500, 9, 400)),
                entry(HANDOFF, "thrpt", 8, Map.of("size", "4"), 40.0, "2.0", "ops/us",
                        alloc("gc.alloc.rate.norm", 0.0)),
                entry(ACQUIRE, "sample", 8, Map.of("pool", "poolbench", "size", "4"), 0.35, "0.01", "us/op",
                        "", Map.of("50.0", 0.3, "99.0", 2.5, "99.9", 14.21)),
                entry(ACQUIRE, "sample", 8, Map.of("pool", "hikari", "size", "4"), 0.3, "0.01", "us/op",
                        "", Map.of("50.0", 0.25, "99.0", 1.9, "99.9", 9.9)));
    }

    static final String LIMIT = "org.poolbench.bench.ConnectionLimitBenchmark.request";
    static final String LIMIT_LATENCY = "org.poolbench.bench.ConnectionLimitBenchmark.requestLatency";

    /**
     * A {@code ConnectionLimitBenchmark} run at 32 threads: hikari succeeds on every request; unpooled, over both
     * methods, on 93,100 of 100,000 (93.1%), the other 6,900 refused with 53300.
     */
    static String connectionLimit() {
        Map<String, String> hikari = Map.of("pool", "hikari", "backend", "stub_1ms", "size", "10");
        Map<String, String> unpooled = Map.of("pool", "unpooled", "backend", "stub_1ms", "size", "10");
        return array(
                entry(LIMIT, "thrpt", 32, hikari, 112.0, "5.0", "ops/ms", outcomes(300_000, 300_000, 0, 0, 0)),
                entry(LIMIT, "thrpt", 32, unpooled, 18.8, "0.5", "ops/ms", outcomes(60_000, 55_860, 4_140, 0, 0)),
                entry(LIMIT_LATENCY, "sample", 32, hikari, 250.0, "3.0", "us/op", outcomes(100_000, 100_000, 0, 0, 0),
                        Map.of("50.0", 8.0, "99.0", 199.0, "99.9", 900.0)),
                entry(LIMIT_LATENCY, "sample", 32, unpooled, 1290.0, "80.0", "us/op",
                        outcomes(40_000, 37_240, 2_760, 0, 0), Map.of("50.0", 1140.0, "99.0", 7400.0, "99.9", 15700.0)));
    }

    /** The outcome counters of {@code ConnectionLimitBenchmark}, as JMH writes event counters. */
    static String outcomes(long requests, long succeeded, long tooManyClients, long acquireTimeouts, long other) {
        return String.join(",\n", counter("acquireTimeouts", acquireTimeouts), counter("otherFailures", other),
                counter("requests", requests), counter("succeeded", succeeded),
                counter("tooManyClients", tooManyClients));
    }

    /** A sample-mode entry as JMH writes it: percentiles, and the raw data as a histogram per fork and iteration. */
    static final String SAMPLE_POOLBENCH_1 = """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease",
                    "mode" : "sample",
                    "threads" : 1,
                    "forks" : 2,
                    "jvm" : "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java",
                    "jvmArgs" : [
                        "-Xms1g",
                        "-Xmx1g"
                    ],
                    "jdkVersion" : "25.0.1",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "25.0.1+8-LTS",
                    "warmupIterations" : 3,
                    "warmupTime" : "1 s",
                    "warmupBatchSize" : 1,
                    "measurementIterations" : 2,
                    "measurementTime" : "1 s",
                    "measurementBatchSize" : 1,
                    "params" : {
                        "pool" : "poolbench",
                        "size" : "4"
                    },
                    "primaryMetric" : {
                        "score" : 0.0412,
                        "scoreError" : 0.0003,
                        "scoreConfidence" : [
                            0.0409,
                            0.0415
                        ],
                        "scorePercentiles" : {
                            "0.0" : 0.03,
                            "50.0" : 0.039,
                            "90.0" : 0.045,
                            "95.0" : 0.05,
                            "99.0" : 0.0811,
                            "99.9" : 0.812,
                            "99.99" : 9.5,
                            "99.999" : 20.1,
                            "99.9999" : 20.1,
                            "100.0" : 20.1
                        },
                        "scoreUnit" : "us/op",
                        "rawDataHistogram" : [
                            [
                                [
                                    [ 0.03, 812 ],
                                    [ 0.039, 40211 ],
                                    [ 20.1, 1 ]
                                ],
                                [
                                    [ 0.039, 40100 ],
                                    [ 0.812, 40 ]
                                ]
                            ],
                            [
                                [
                                    [ 0.039, 39876 ]
                                ],
                                [
                                    [ 0.04, 40020 ]
                                ]
                            ]
                        ]
                    },
                    "secondaryMetrics" : {
                    }
                }""";

    /** A benchmark without {@code @Param}: JMH leaves {@code params} out; one iteration, so the error is "NaN". */
    static final String CONNECT_NO_PARAMS = """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "org.poolbench.bench.StubDriverBenchmark.connect",
                    "mode" : "avgt",
                    "threads" : 1,
                    "forks" : 1,
                    "jvm" : "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java",
                    "jvmArgs" : [
                    ],
                    "jdkVersion" : "25.0.1",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "25.0.1+8-LTS",
                    "warmupIterations" : 1,
                    "warmupTime" : "1 s",
                    "warmupBatchSize" : 1,
                    "measurementIterations" : 1,
                    "measurementTime" : "1 s",
                    "measurementBatchSize" : 1,
                    "primaryMetric" : {
                        "score" : 812.3456,
                        "scoreError" : "NaN",
                        "scoreConfidence" : [
                            "NaN",
                            "NaN"
                        ],
                        "scorePercentiles" : {
                            "0.0" : 812.3456,
                            "50.0" : 812.3456,
                            "90.0" : 812.3456,
                            "95.0" : 812.3456,
                            "99.0" : 812.3456,
                            "99.9" : 812.3456,
                            "99.99" : 812.3456,
                            "99.999" : 812.3456,
                            "99.9999" : 812.3456,
                            "100.0" : 812.3456
                        },
                        "scoreUnit" : "ns/op",
                        "rawData" : [
                            [
                                812.3456
                            ]
                        ]
                    },
                    "secondaryMetrics" : {
                    }
                }""";

    /** The entry as JMH writes it for a fork run with {@code -Djmh.executor=VIRTUAL} (benchmark threads virtual). */
    static String onVirtualThreads(String entry) {
        return entry.replace("\"-Xmx1g\"\n", "\"-Xmx1g\",\n            \"-Djmh.executor=VIRTUAL\"\n");
    }

    /**
     * The file of a virtual-thread step at 8 threads, the same benchmarks and pools as {@link #threads8()}: poolbench
     * 6.0 and hikari 1.5 ops/us (poolbench/hikari = 4.00×, where on platform threads it is 12.34/11.0 = 1.12×).
     */
    static String virtual8() {
        return array(
                onVirtualThreads(entry(ACQUIRE, "thrpt", 8, Map.of("pool", "poolbench", "size", "4"), 6.0, "0.5",
                        "ops/us", counters(0, 4000, 4, 0))),
                onVirtualThreads(entry(ACQUIRE, "thrpt", 8, Map.of("pool", "hikari", "size", "4"), 1.5, "0.4",
                        "ops/us", counters(2, 3000, 4, 0))));
    }

    static String array(String... entries) {
        return "[\n" + String.join(",\n", entries) + "\n]\n";
    }

    static String entry(String benchmark, String mode, int threads, Map<String, String> params, double score,
                        String error, String unit, String secondary) {
        return entry(benchmark, mode, threads, params, score, error, unit, secondary, Map.of());
    }

    /**
     * One JMH entry with every field JMH 1.37 writes: 2 forks of 3 iterations, or 1 fork of 1 iteration when
     * {@code error} is {@code "NaN"} (which is when JMH cannot compute an error).
     *
     * @param params      the {@code @Param} values; empty means the entry has no {@code params} field at all
     * @param error       the scoreError as JSON text: a number, or {@code "\"NaN\""}
     * @param secondary   the members of {@code secondaryMetrics}, as JSON text
     * @param percentiles percentiles to write instead of all equal to the score (sample mode)
     */
    static String entry(String benchmark, String mode, int threads, Map<String, String> params, double score,
                        String error, String unit, String secondary, Map<String, Double> percentiles) {
        boolean single = error.contains("NaN");
        String iterations = single ? "1" : "3";
        String confidence = single ? "\"NaN\", \"NaN\""
                : num(score - Double.parseDouble(error)) + ", " + num(score + Double.parseDouble(error));
        StringBuilder paramsJson = new StringBuilder();
        if (!params.isEmpty()) {
            List<String> members = new ArrayList<>();
            // JMH writes params in declaration order; sorted here is as good as any fixed order.
            new TreeMap<>(params).forEach((k, v) -> members.add("\"" + k + "\" : \"" + v + "\""));
            paramsJson.append("    \"params\" : {\n        ").append(String.join(",\n        ", members))
                    .append("\n    },\n");
        }
        String raw = single ? "[ [ " + num(score) + " ] ]"
                : "[ [ %1$s, %1$s, %1$s ], [ %1$s, %1$s, %1$s ] ]".formatted(num(score));
        return """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "%s",
                    "mode" : "%s",
                    "threads" : %d,
                    "forks" : %s,
                    "jvm" : "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java",
                    "jvmArgs" : [
                        "-Xms1g",
                        "-Xmx1g"
                    ],
                    "jdkVersion" : "25.0.1",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "25.0.1+8-LTS",
                    "warmupIterations" : 3,
                    "warmupTime" : "1 s",
                    "warmupBatchSize" : 1,
                    "measurementIterations" : %s,
                    "measurementTime" : "1 s",
                    "measurementBatchSize" : 1,
                %s    "primaryMetric" : {
                        "score" : %s,
                        "scoreError" : %s,
                        "scoreConfidence" : [ %s ],
                        "scorePercentiles" : { %s },
                        "scoreUnit" : "%s",
                        "rawData" : %s
                    },
                    "secondaryMetrics" : {
                %s
                    }
                }""".formatted(benchmark, mode, threads, single ? "1" : "2", iterations, paramsJson, num(score), error,
                confidence, percentiles(score, percentiles), unit, raw, secondary);
    }

    /** The four {@code @AuxCounters} of the acquire benchmarks, as JMH writes event counters (unit "#"). */
    static String counters(long failed, long requests, long connects, long waits) {
        return String.join(",\n", counter("failedAcquires", failed), counter("requests", requests),
                counter("connects", connects), counter("waits", waits));
    }

    static String counter(String name, double value) {
        return metric(name, value, "#");
    }

    /** The normalised allocation rate of {@code -prof gc}, under the given (new or legacy) name. */
    static String alloc(String name, double bytesPerOp) {
        return metric(name, bytesPerOp, "B/op");
    }

    private static String metric(String name, double value, String unit) {
        return """
                        "%s" : {
                            "score" : %s,
                            "scoreError" : "NaN",
                            "scoreConfidence" : [ "NaN", "NaN" ],
                            "scorePercentiles" : { %s },
                            "scoreUnit" : "%s",
                            "rawData" : [ [ %s ] ]
                        }""".formatted(name, num(value), percentiles(value, Map.of()), unit, num(value));
    }

    private static String percentiles(double score, Map<String, Double> given) {
        // Percentiles not given take the nearest given one below (or the lowest given), so they stay monotonic.
        TreeMap<Double, Double> byRank = new TreeMap<>();
        given.forEach((k, v) -> byRank.put(Double.parseDouble(k), v));
        List<String> members = new ArrayList<>();
        for (String p : List.of("0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99", "99.999", "99.9999",
                "100.0")) {
            double rank = Double.parseDouble(p);
            Map.Entry<Double, Double> below = byRank.floorEntry(rank);
            double value = byRank.isEmpty() ? score : below != null ? below.getValue() : byRank.firstEntry().getValue();
            members.add("\"" + p + "\" : " + num(value));
        }
        return String.join(", ", members);
    }

    private static String num(double value) {
        // JMH writes doubles in Java's own notation; Locale.ROOT keeps the decimal point a point.
        return String.format(Locale.ROOT, "%s", value);
    }
}
