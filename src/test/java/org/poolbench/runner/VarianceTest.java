package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VarianceTest {

    @Test
    void row_forksThatDifferMoreThanTheirIterations_areSaidToDominate() {
        // one run, 3 forks at 90, 100, 110, each with iterations +-1 around its mean
        Variance.Row r = Variance.row("x", List.of(List.of(List.of(89.0, 91.0), List.of(99.0, 101.0),
                List.of(109.0, 111.0))));

        assertEquals(1, r.runs());
        assertEquals(3, r.forks());
        assertEquals(2, r.iterations());
        // within: each fork's 2 values 1 from the mean: variance 2, sd 1.414, over the grand mean 100
        assertEquals(Math.sqrt(2) / 100, r.withinFork(), 1e-12);
        // between: fork means' variance 100, less the iterations' share 2/2
        assertEquals(Math.sqrt(99) / 100, r.betweenForks(), 1e-12);
        assertTrue(Double.isNaN(r.betweenRuns()));
        assertTrue(Variance.markdown(List.of(r)).contains("forks dominate: more, shorter forks"));
    }

    @Test
    void row_twoRuns_splitsOffTheRunToRunPart() {
        // run A's forks at 100, run B's at 120, each fork's iterations identical
        Variance.Row r = Variance.row("x", List.of(
                List.of(List.of(100.0, 100.0), List.of(100.0, 100.0)),
                List.of(List.of(120.0, 120.0), List.of(120.0, 120.0))));

        assertEquals(0, r.withinFork(), 1e-12);
        assertEquals(0, r.betweenForks(), 1e-12);
        // run means 100 and 120: variance 200, sd 14.1, over the grand mean 110
        assertEquals(Math.sqrt(200) / 110, r.betweenRuns(), 1e-12);
    }

    @Test
    void command_missingInput_exitsTwo(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        assertEquals(Compare.USAGE, Variance.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                dir.resolve("none").toString()));
        assertTrue(err.toString().contains("is neither a run folder"), err.toString());
    }

    @Test
    void command_readsRunFolders(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("run/results.json"), """
                [{"benchmark": "org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease", "mode": "thrpt",
                  "threads": 2, "forks": 2, "jvmArgs": [], "params": {"pool": "hikari", "size": "4"},
                  "primaryMetric": {"score": 1, "scoreError": 0, "scoreUnit": "ops/us",
                    "rawData": [[1.0, 1.2], [2.0, 2.2]]}}]""");
        StringWriter out = new StringWriter();

        assertEquals(0, Variance.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                dir.resolve("run").toString()));
        assertTrue(out.toString().contains("| AcquireReleaseBenchmark.acquireRelease thrpt threads=2 size=4 "
                + "pool=hikari | 1 | 2 | 2 |"), out.toString());
    }
}
