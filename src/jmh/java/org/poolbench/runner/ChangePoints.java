package org.poolbench.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * Change points in a benchmark's history: where its series (one point per run, each with its forks' values) moved
 * beyond the noise. A windowed test, the approach Apache Otava's windowed detector takes, on our own fork-level
 * statistics: at every run k, the forks of up to {@link #WINDOW} runs before it are compared with those of run k
 * and up to {@link #WINDOW} - 1 runs after it by {@link ForkComparison} (bootstrap interval of the ratio, Welch test
 * on log fork values); the p-values of every candidate of every series are adjusted together (Benjamini-Hochberg,
 * {@link ForkComparison#adjust}); a candidate is a change when its verdict is faster or slower at the threshold, and
 * a change point where its adjusted p-value is the lowest among the changes within a window of it (a step shows at
 * its neighbours too, more weakly).
 *
 * <p>Pooling a window's forks treats the runs in it as one sample, so a run-to-run offset inside a window widens
 * that side's spread rather than being modelled. A window holds runs of one series only (one fingerprint and
 * profile): never runs of another machine, JDK, library version or profile. A candidate needs at least
 * {@link ForkComparison#MIN_FORKS_FOR_CHANGE} forks on each side of a candidate: two quick runs of 2 forks.
 */
final class ChangePoints {

    /** Runs on each side of a candidate. */
    static final int WINDOW = 3;

    /** The alpha of the adjusted test, as {@code scripts/compare}'s default. */
    static final double ALPHA = 0.05;

    /** The minimum practical effect, as {@code scripts/compare}'s default. */
    static final double THRESHOLD = 0.05;

    /** One series: its name for messages, its unit, and each run's fork values, oldest first. */
    record Series(String name, String unit, List<List<Double>> runs) {
    }

    /** A change point: series {@code series} (index into the input) changes at run {@code run} (index into it). */
    record Change(int series, int run, ForkComparison.Result result) {
    }

    private ChangePoints() {
    }

    /** The change points of every series, their p-values adjusted over all candidates of all series. */
    static List<Change> find(List<Series> series) {
        List<int[]> where = new ArrayList<>();
        List<ForkComparison.Result> candidates = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            Series one = series.get(s);
            List<List<Double>> runs = one.runs();
            for (int k = 1; k < runs.size(); k++) {
                List<Double> before = pooled(runs, Math.max(0, k - WINDOW), k);
                List<Double> after = pooled(runs, k, Math.min(runs.size(), k + WINDOW));
                if (Math.min(before.size(), after.size()) < ForkComparison.MIN_FORKS_FOR_CHANGE) {
                    continue;
                }
                candidates.add(ForkComparison.compare(one.name() + " at run " + k, one.unit(),
                        ForkSamples.Run.higherIsBetter(one.unit()), before, after, THRESHOLD));
                where.add(new int[] {s, k});
            }
        }
        List<ForkComparison.Result> settled = ForkComparison.adjust(candidates, ALPHA);
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < settled.size(); i++) {
            if (isChange(settled.get(i)) && lowestNearby(settled, where, i)) {
                changes.add(new Change(where.get(i)[0], where.get(i)[1], settled.get(i)));
            }
        }
        return List.copyOf(changes);
    }

    private static boolean isChange(ForkComparison.Result r) {
        return r.verdict() == ForkComparison.Verdict.FASTER || r.verdict() == ForkComparison.Verdict.SLOWER;
    }

    /** Whether change {@code i} has the lowest adjusted p-value of the changes of its series within a window. */
    private static boolean lowestNearby(List<ForkComparison.Result> settled, List<int[]> where, int i) {
        for (int j = 0; j < settled.size(); j++) {
            if (j == i || where.get(j)[0] != where.get(i)[0] || !isChange(settled.get(j))
                    || Math.abs(where.get(j)[1] - where.get(i)[1]) >= WINDOW) {
                continue;
            }
            double qi = settled.get(i).q();
            double qj = settled.get(j).q();
            if (qj < qi || (qj == qi && where.get(j)[1] < where.get(i)[1])) {
                return false;
            }
        }
        return true;
    }

    private static List<Double> pooled(List<List<Double>> runs, int from, int to) {
        List<Double> forks = new ArrayList<>();
        for (int r = from; r < to; r++) {
            forks.addAll(runs.get(r));
        }
        return forks;
    }
}
