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
        // last over first: 91/89, 101/99, 111/109; the median 101/99
        assertEquals(101.0 / 99 - 1, r.drift(), 1e-12);
    }

    @Test
    void row_forksStillWarmingUp_showTheirTrend() {
        Variance.Row r = Variance.row("x", List.of(List.of(List.of(80.0, 100.0), List.of(84.0, 105.0))));

        assertEquals(0.25, r.drift(), 1e-12, "the median of 1.25 and 1.25, less 1");
        assertTrue(Variance.markdown(List.of(r)).contains("| +25.0% |"), Variance.markdown(List.of(r)));
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
    void designs_runMeanCv_isBetweenForksPlusTheIterationsShare_overTheForks() {
        Variance.Row r = new Variance.Row("x", 2, 4, 2, 0.04, 0.03, 0.05);

        // (0.03^2 + 0.04^2 / 2) / 4 = 0.000425 -> 2.06%
        assertEquals(Math.sqrt(0.000425), Variance.runMeanCv(r, new Variance.Design(4, 2)), 1e-12);
        // (0.03^2 + 0.04^2) / 1 = 0.0025 -> 5%
        assertEquals(0.05, Variance.runMeanCv(r, new Variance.Design(1, 1)), 1e-12);
        String table = Variance.designs(List.of(r), List.of(new Variance.Design(4, 2), new Variance.Design(1, 1)),
                2.0, 0.5);
        assertTrue(table.contains("| 4 x 2 | 12.0 | 2.1% | 2.1% | 1 of 1 |"), table);
        assertTrue(table.contains("| 1 x 1 | 2.5 | 5.0% | 5.0% | 0 of 1 |"), "5% drift is not more than 5%:\n"
                + table);
    }

    @Test
    void percentile_isTheNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, Variance.percentile(sorted, 0.5));
        assertEquals(9, Variance.percentile(sorted, 0.9));
        assertEquals(10, Variance.percentile(sorted, 1.0));
        assertEquals(1, Variance.percentile(sorted, 0.0));
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
