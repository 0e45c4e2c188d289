package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportsTest {

    private static final JsonArray RESULTS = JsonParser.parseString("""
            [{"benchmark": "org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease", "mode": "thrpt",
              "threads": 2, "forks": 2, "jvmArgs": [], "params": {"pool": "hikari", "size": "4"},
              "primaryMetric": {"score": 15.5, "scoreError": 0.5, "scoreUnit": "ops/us"}},
             {"benchmark": "org.poolbench.bench.AcquireReleaseBenchmark.acquireReleaseLatency", "mode": "sample",
              "threads": 16, "forks": 2, "jvmArgs": ["-Djmh.executor=VIRTUAL"],
              "params": {"pool": "poolbench", "size": "4"},
              "primaryMetric": {"score": 2.5, "scoreError": "NaN", "scoreUnit": "us/op",
                "scorePercentiles": {"50.0": 1.0, "99.0": 4.0}}}]
            """).getAsJsonArray();

    @Test
    void bmf_usesBenchersBuiltInMeasuresAndUnits_withJmhsInterval() {
        JsonObject bmf = Exports.bmf(RESULTS);

        JsonObject thrpt = bmf.getAsJsonObject("AcquireReleaseBenchmark.acquireRelease thrpt threads=2 size=4 "
                + "pool=hikari").getAsJsonObject("throughput");
        assertEquals(15.5e6, thrpt.get("value").getAsDouble(), 1e-3, "ops/us as ops/s");
        assertEquals(15.0e6, thrpt.get("lower_value").getAsDouble(), 1e-3);
        assertEquals(16.0e6, thrpt.get("upper_value").getAsDouble(), 1e-3);
        JsonObject sample = bmf.getAsJsonObject("AcquireReleaseBenchmark.acquireReleaseLatency sample threads=16 "
                + "virtual size=4 pool=poolbench");
        assertEquals(2500, sample.getAsJsonObject("latency").get("value").getAsDouble(), 1e-9, "us/op as ns");
        assertFalse(sample.getAsJsonObject("latency").has("lower_value"), "no interval where JMH gave none");
        assertEquals(4000, sample.getAsJsonObject("latency-p99").get("value").getAsDouble(), 1e-9);
    }

    @Test
    void githubActionBenchmark_splitsByDirection() {
        JsonArray bigger = Exports.githubActionBenchmark(RESULTS, true);
        JsonArray smaller = Exports.githubActionBenchmark(RESULTS, false);

        assertEquals(1, bigger.size());
        assertEquals("ops/us", bigger.get(0).getAsJsonObject().get("unit").getAsString());
        assertEquals(15.5, bigger.get(0).getAsJsonObject().get("value").getAsDouble());
        assertEquals("± 0.5", bigger.get(0).getAsJsonObject().get("range").getAsString());
        assertEquals(1, smaller.size());
        assertTrue(smaller.get(0).getAsJsonObject().get("name").getAsString().contains("threads=16 virtual"));
    }

    @Test
    void write_putsTheThreeFilesInTheFolder(@TempDir Path dir) throws Exception {
        Exports.write(RESULTS, dir);

        for (String file : Exports.files()) {
            assertTrue(Files.size(dir.resolve(file)) > 2, file);
        }
        assertEquals(2, JsonParser.parseString(Files.readString(dir.resolve(Exports.BMF))).getAsJsonObject().size());
    }
}
