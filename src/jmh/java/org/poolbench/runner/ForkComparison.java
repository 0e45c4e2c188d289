package org.poolbench.runner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The statistics of {@code scripts/compare}, at fork level: for one JMH run measured in two result sets (two runs
 * of the suite, or two pools of one run), the ratio NEW/BASE of the fork means with a bootstrap confidence interval
 * over forks, a two-sided Welch test on the logarithms of the fork values (whose p-values {@link #adjust} controls
 * over the whole matrix, Benjamini-Hochberg), a two-sided Mann-Whitney rank test over them as a check that needs no
 * normality, and a verdict against a minimum practical effect.
 *
 * <p>Why Welch for the gate and not the rank test: an exact rank test over n forks a side cannot go below
 * 2/C(2n, n), and the adjustment multiplies the smallest p-value by the number of rows, so over a suite's hundred
 * rows no change could ever be flagged with fewer than about 8 forks a side. The rank test is reported beside it.
 *
 * <p>Why forks: a fork is one JVM, with its own JIT decisions, memory layout and share of a noisy machine, and the
 * forks of one run differ more than the iterations within a fork; iterations are averaged within their fork and
 * never counted as independent samples.
 */
final class ForkComparison {

    /** Bootstrap resamples per comparison. */
    static final int RESAMPLES = 10_000;
    /** The confidence level of the ratio's interval. */
    static final double CONFIDENCE = 0.95;
    /**
     * Forks each side needs before an interval, and so any verdict, says anything: a bootstrap over 2 or 3 values
     * has 3 or 10 distinct means, and understates the spread even with the small-sample correction it gets.
     */
    static final int MIN_FORKS_FOR_INTERVAL = 4;
    /** Forks each side a change needs: as many as an interval. */
    static final int MIN_FORKS_FOR_CHANGE = MIN_FORKS_FOR_INTERVAL;
    /** Above this many label assignments the rank test uses its normal approximation instead of enumerating. */
    private static final long EXACT_LIMIT = 200_000;

    /** What a comparison concludes. */
    enum Verdict {
        /** NEW is better than BASE by more than the threshold, established at fork level. */
        FASTER("faster"),
        /** NEW is worse than BASE by more than the threshold, established at fork level. */
        SLOWER("slower"),
        /** The interval lies within the threshold either way. */
        NO_CHANGE("no change"),
        /** The interval spans a threshold, or too few forks to say. */
        INCONCLUSIVE("inconclusive");

        final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /**
     * One comparison.
     *
     * @param name        the run's name ({@link ForkSamples.Run#name()}), or key and both pools within a run
     * @param unit        the score's unit
     * @param higherIsBetter whether a higher score is better (throughput) or worse (time per operation)
     * @param baseForks   BASE's fork values
     * @param newForks    NEW's fork values
     * @param ratio       mean(NEW) / mean(BASE)
     * @param low         the ratio's interval, lower end (NaN with fewer than {@link #MIN_FORKS_FOR_INTERVAL} forks)
     * @param high        the ratio's interval, upper end
     * @param p           the Welch test's two-sided p-value on the log fork values
     * @param q           {@code p} adjusted over the matrix ({@link #adjust}); NaN before
     * @param rankP       the rank test's two-sided p-value, reported as a check
     * @param threshold   the minimum practical effect, e.g. 0.05
     * @param verdict     the verdict; {@link Verdict#INCONCLUSIVE} before {@link #adjust} can settle a change
     * @param forksNeeded for an inconclusive verdict, forks per side that would likely settle it (by the interval's
     *                    width shrinking with the square root of the forks); -1 if no number of forks would (the
     *                    estimate sits on a threshold); 0 when settled
     */
    record Result(String name, String unit, boolean higherIsBetter, List<Double> baseForks, List<Double> newForks,
                  double ratio, double low, double high, double p, double q, double rankP, double threshold,
                  Verdict verdict, int forksNeeded) {

        Result {
            baseForks = List.copyOf(baseForks);
            newForks = List.copyOf(newForks);
        }

        /** The ratio turned so that above 1 is better for NEW, whatever the unit. */
        double gain() {
            return higherIsBetter ? ratio : 1 / ratio;
        }

        double gainLow() {
            return higherIsBetter ? low : 1 / high;
        }

        double gainHigh() {
            return higherIsBetter ? high : 1 / low;
        }
    }

    private ForkComparison() {
    }

    /**
     * Compares BASE's and NEW's forks of one run; the verdict is provisional until {@link #adjust}.
     *
     * @param threshold the minimum practical effect as a fraction (0.05 for 5%), in (0, 1)
     * @throws IllegalArgumentException if a side has no fork or the threshold is out of range
     */
    static Result compare(String name, String unit, boolean higherIsBetter, List<Double> base, List<Double> next,
                          double threshold) {
        if (base.isEmpty() || next.isEmpty()) {
            throw new IllegalArgumentException(name + ": each side needs at least one fork");
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1 (exclusive), was " + threshold);
        }
        double ratio = mean(next) / mean(base);
        double[] interval = Math.min(base.size(), next.size()) < MIN_FORKS_FOR_INTERVAL
                ? new double[] {Double.NaN, Double.NaN}
                : bootstrapRatio(base, next, RESAMPLES, name.hashCode());
        double p = welchP(base, next);
        Result provisional = new Result(name, unit, higherIsBetter, base, next, ratio, interval[0], interval[1], p,
                Double.NaN, rankTestP(base, next), threshold, Verdict.INCONCLUSIVE, 0);
        return settle(provisional, Double.NaN, 0.05);
    }

    /**
     * Adjusts every result's p-value over the whole matrix (Benjamini-Hochberg) and settles its verdict: a change
     * (faster or slower) needs its interval beyond the threshold and its adjusted p-value at most {@code alpha}.
     */
    static List<Result> adjust(List<Result> results, double alpha) {
        double[] q = benjaminiHochberg(results.stream().mapToDouble(Result::p).toArray());
        List<Result> settled = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            settled.add(settle(results.get(i), q[i], alpha));
        }
        return List.copyOf(settled);
    }

    private static Result settle(Result r, double q, double alpha) {
        double t = r.threshold();
        double up = 1 + t;
        double down = 1 / up; // symmetric on a log scale: 5% slower in time is as far as 5% faster
        int forks = Math.min(r.baseForks().size(), r.newForks().size());
        Verdict verdict;
        if (Double.isNaN(r.low())) {
            verdict = Verdict.INCONCLUSIVE;
        } else if (r.gainLow() >= down && r.gainHigh() <= up) {
            verdict = Verdict.NO_CHANGE;
        } else if (r.gainLow() > up && q <= alpha && forks >= MIN_FORKS_FOR_CHANGE) {
            verdict = Verdict.FASTER;
        } else if (r.gainHigh() < down && q <= alpha && forks >= MIN_FORKS_FOR_CHANGE) {
            verdict = Verdict.SLOWER;
        } else {
            verdict = Verdict.INCONCLUSIVE;
        }
        int needed = verdict == Verdict.INCONCLUSIVE ? forksNeeded(r, forks) : 0;
        return new Result(r.name(), r.unit(), r.higherIsBetter(), r.baseForks(), r.newForks(), r.ratio(), r.low(),
                r.high(), r.p(), q, r.rankP(), t, verdict, needed);
    }

    /**
     * Forks per side that would likely settle an inconclusive comparison: the interval's half-width (in log space,
     * from the bootstrap, or from the forks' spread when there are too few for one) shrinks with the square root of
     * the forks, and must shrink to the distance from the estimate to the nearer threshold it has to clear.
     */
    static int forksNeeded(Result r, int forks) {
        double logGain = Math.log(r.gain());
        double up = Math.log(1 + r.threshold());
        double down = -up;
        double halfWidth;
        if (Double.isNaN(r.low())) {
            // no interval yet: the forks' relative spread as a stand-in for it
            halfWidth = 2 * Math.hypot(relativeSd(r.baseForks()) / Math.sqrt(r.baseForks().size()),
                    relativeSd(r.newForks()) / Math.sqrt(r.newForks().size()));
        } else {
            halfWidth = (Math.log(r.high()) - Math.log(r.low())) / 2;
        }
        boolean inside = logGain > down && logGain < up;
        double room = inside ? Math.min(up - logGain, logGain - down) : Math.min(Math.abs(logGain - up),
                Math.abs(logGain - down));
        if (room < 1e-3) {
            return -1;
        }
        double needed = forks * Math.pow(halfWidth / room, 2);
        int floor = inside ? MIN_FORKS_FOR_INTERVAL : MIN_FORKS_FOR_CHANGE;
        long n = Math.max(floor, Math.max(forks + 1, (long) Math.ceil(needed)));
        return n > 10_000 ? -1 : (int) n;
    }

    private static double relativeSd(List<Double> values) {
        if (values.size() < 2) {
            return 0.5; // one fork says nothing about spread: assume a wide one
        }
        double m = mean(values);
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (values.size() - 1)) / Math.abs(m);
    }

    /**
     * The percentile bootstrap interval of mean(next) / mean(base): each resample draws each side's forks with
     * replacement, from the forks spread out about their mean by sqrt(n / (n - 1)), since resampling n values
     * understates their spread by that factor. Seeded, so the same inputs always give the same interval.
     */
    static double[] bootstrapRatio(List<Double> base, List<Double> next, int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] b = widened(base);
        double[] n = widened(next);
        double[] ratios = new double[resamples];
        for (int i = 0; i < resamples; i++) {
            ratios[i] = resampledMean(n, random) / resampledMean(b, random);
        }
        Arrays.sort(ratios);
        double tail = (1 - CONFIDENCE) / 2;
        return new double[] {quantile(ratios, tail), quantile(ratios, 1 - tail)};
    }

    private static double[] widened(List<Double> values) {
        double m = mean(values);
        double k = values.size() > 1 ? Math.sqrt(values.size() / (values.size() - 1.0)) : 1;
        return values.stream().mapToDouble(v -> m + (v - m) * k).toArray();
    }

    /**
     * The two-sided Welch p-value of the logarithms of the two sides' fork values (a ratio is a difference of
     * logarithms); 1 when both sides have no spread and the same mean, 0 when they differ without spread.
     */
    static double welchP(List<Double> a, List<Double> b) {
        double[] x = a.stream().mapToDouble(Math::log).toArray();
        double[] y = b.stream().mapToDouble(Math::log).toArray();
        if (x.length < 2 || y.length < 2) {
            return 1;
        }
        double vx = new org.apache.commons.math3.stat.descriptive.moment.Variance().evaluate(x);
        double vy = new org.apache.commons.math3.stat.descriptive.moment.Variance().evaluate(y);
        if (vx == 0 && vy == 0) {
            return Arrays.stream(x).average().orElseThrow() == Arrays.stream(y).average().orElseThrow() ? 1 : 0;
        }
        return new org.apache.commons.math3.stat.inference.TTest().tTest(x, y);
    }

    private static double resampledMean(double[] values, SplittableRandom random) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[random.nextInt(values.length)];
        }
        return sum / values.length;
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The two-sided Mann-Whitney p-value of the two sides' fork values: exact (every assignment of the pooled ranks
     * to the sides, ties as average ranks) while that is at most {@value #EXACT_LIMIT} assignments, else commons-math's
     * normal approximation. Few forks cannot give a small p-value: 2 a side never goes below 1/3.
     */
    static double rankTestP(List<Double> a, List<Double> b) {
        double[] x = a.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = b.stream().mapToDouble(Double::doubleValue).toArray();
        if (binomial(x.length + y.length, x.length) > EXACT_LIMIT) {
            return new MannWhitneyUTest().mannWhitneyUTest(x, y);
        }
        double[] pooled = new double[x.length + y.length];
        System.arraycopy(x, 0, pooled, 0, x.length);
        System.arraycopy(y, 0, pooled, x.length, y.length);
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(pooled);
        double observed = 0;
        for (int i = 0; i < x.length; i++) {
            observed += ranks[i];
        }
        double expected = x.length * (pooled.length + 1) / 2.0;
        double extreme = Math.abs(observed - expected) - 1e-9;
        long[] counts = new long[2]; // {as or more extreme, all}
        enumerate(ranks, x.length, 0, 0, 0.0, expected, extreme, counts);
        return (double) counts[0] / counts[1];
    }

    private static void enumerate(double[] ranks, int k, int start, int chosen, double sum, double expected,
                                  double extreme, long[] counts) {
        if (chosen == k) {
            counts[1]++;
            if (Math.abs(sum - expected) >= extreme) {
                counts[0]++;
            }
            return;
        }
        for (int i = start; i <= ranks.length - (k - chosen); i++) {
            enumerate(ranks, k, i + 1, chosen + 1, sum + ranks[i], expected, extreme, counts);
        }
    }

    private static long binomial(int n, int k) {
        long result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
            if (result > Long.MAX_VALUE / (n + 1)) {
                return Long.MAX_VALUE;
            }
        }
        return result;
    }

    /** Benjamini-Hochberg adjusted p-values, in the input's order. */
    static double[] benjaminiHochberg(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(p[i], p[j]));
        double[] q = new double[m];
        double running = 1;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, p[i] * m / rank);
            q[i] = running;
        }
        return q;
    }

    static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    /** A fraction as a percentage for messages: 0.05 as {@code 5%}. */
    static String percent(double fraction) {
        return new java.math.BigDecimal(fraction * 100).round(new java.math.MathContext(3)).stripTrailingZeros()
                .toPlainString() + "%";
    }
}
