package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link ChangePoints} on series whose answer is known: flat, one step, too few forks. */
class ChangePointsTest {

    /** Two forks per run about 1% apart, at {@code level}; each run a little different, as runs are. */
    private static List<List<Double>> runs(double... levels) {
        List<List<Double>> runs = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            double wobble = 1 + 0.004 * ((i * 7) % 5 - 2); // -0.8% .. +0.8% from run to run
            runs.add(List.of(levels[i] * wobble * 0.995, levels[i] * wobble * 1.005));
        }
        return runs;
    }

    @Test
    void flatSeries_hasNoChangePoint() {
        var flat = new ChangePoints.Series("flat", "ops/us", runs(100, 100, 100, 100, 100, 100, 100));

        assertEquals(List.of(), ChangePoints.find(List.of(flat)));
    }

    @Test
    void oneStepDown_isOneChangePoint_atTheFirstRunAfterIt_slowerForThroughput_fasterForTime() {
        var throughput = new ChangePoints.Series("thrpt", "ops/us", runs(100, 100, 100, 80, 80, 80));
        var time = new ChangePoints.Series("time", "us/op", runs(100, 100, 100, 80, 80, 80));

        List<ChangePoints.Change> changes = ChangePoints.find(List.of(throughput, time));

        assertEquals(2, changes.size(), changes.toString());
        for (ChangePoints.Change c : changes) {
            assertEquals(3, c.run(), "the first run at the new level: " + c);
            assertEquals(0.8, c.result().ratio(), 0.01);
            assertTrue(c.result().high() < 1 / 1.05, "its interval lies beyond the threshold: " + c);
        }
        assertEquals(ForkComparison.Verdict.SLOWER, changes.get(0).result().verdict());
        assertEquals(ForkComparison.Verdict.FASTER, changes.get(1).result().verdict(), "less time is faster");
    }

    @Test
    void stepSmallerThanTheThreshold_isNoChangePoint() {
        var small = new ChangePoints.Series("small", "ops/us", runs(100, 100, 100, 98, 98, 98));

        assertEquals(List.of(), ChangePoints.find(List.of(small)));
    }

    @Test
    void oneForkPerRun_twoRuns_isTooFewToTest() {
        var few = new ChangePoints.Series("few", "ops/us", List.of(List.of(100.0), List.of(50.0)));

        assertEquals(List.of(), ChangePoints.find(List.of(few)));
    }
}
