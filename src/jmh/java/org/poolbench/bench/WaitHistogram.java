package org.poolbench.bench;

import java.util.Arrays;

/**
 * A histogram of durations in nanoseconds, small and allocation-free once built, for one benchmark thread's acquire
 * waits ({@link FairnessBenchmark}): recording is an array increment, so timing every borrow costs the measured
 * loop no allocation and no lock. HdrHistogram (2.2.2) is in the local Maven repository but not a dependency of the
 * suite; this is the part of it a benchmark needs, in one class with no dependency.
 *
 * <p><b>Buckets</b> (log-linear): values below {@value #SUB_BUCKETS} ns have a bucket each, so they are exact; above,
 * every power of two is cut into {@value #SUB_BUCKETS} equal buckets, so a bucket is at most 1/{@value #SUB_BUCKETS}
 * (about 3%) of the values in it wide, from nanoseconds to the largest {@code long}, in {@value #BUCKETS} counts
 * (15 KB). A percentile is reported as the highest value of the bucket it falls in (never below the true value, by
 * at most that 3%), and never above the exact maximum, which is kept on its own.
 *
 * <p>Not thread-safe: one thread records; another reads or merges only after a happens-before edge (JMH's iteration
 * barrier).
 */
final class WaitHistogram {

    /** log2 of {@link #SUB_BUCKETS}. */
    private static final int SUB_BITS = 5;
    /** Buckets per power of two, and the values below which every value has its own bucket. */
    static final int SUB_BUCKETS = 1 << SUB_BITS;
    /** Buckets for every non-negative {@code long}: exact ones, then one group per power of two up to 2^62. */
    static final int BUCKETS = (64 - SUB_BITS) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    /** Records one duration; a negative one (a clock that stepped back) counts as 0. */
    void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[bucket(value)]++;
        total++;
        if (value > max) {
            max = value;
        }
    }

    /** Forgets everything recorded, for the next iteration. */
    void reset() {
        Arrays.fill(counts, 0);
        total = 0;
        max = 0;
    }

    /** Adds everything {@code other} recorded to this one. */
    void add(WaitHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    /** Durations recorded. */
    long count() {
        return total;
    }

    /** The longest duration recorded, exactly; 0 if none. */
    long max() {
        return max;
    }

    /**
     * The duration at or below which a {@code fraction} of the recorded ones lie: the highest value of the bucket
     * holding the {@code ceil(fraction * count)}-th smallest, capped at {@link #max()}; 0 if nothing was recorded.
     *
     * @param fraction in (0, 1], e.g. 0.999 for p99.9
     * @throws IllegalArgumentException naming the value, if it is outside (0, 1]
     */
    long percentile(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], was " + fraction);
        }
        if (total == 0) {
            return 0;
        }
        // the rank of the value sought, 1-based; at least 1 so that a tiny fraction reads the smallest value
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestIn(i), max);
            }
        }
        throw new IllegalStateException("bucket counts sum to " + seen + ", below the " + total + " recorded");
    }

    /** The bucket of a non-negative value. */
    static int bucket(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BITS
        int shift = exponent - SUB_BITS;
        int mantissa = (int) (value >>> shift); // in [SUB_BUCKETS, 2 * SUB_BUCKETS)
        return (shift + 1) * SUB_BUCKETS + (mantissa - SUB_BUCKETS);
    }

    /** The smallest value of a bucket. */
    static long lowestIn(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int shift = bucket / SUB_BUCKETS - 1;
        long mantissa = SUB_BUCKETS + bucket % SUB_BUCKETS;
        return mantissa << shift;
    }

    /** The highest value of a bucket. */
    static long highestIn(int bucket) {
        return bucket == BUCKETS - 1 ? Long.MAX_VALUE : lowestIn(bucket + 1) - 1;
    }
}
