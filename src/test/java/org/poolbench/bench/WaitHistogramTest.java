package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link WaitHistogram}: its buckets, percentiles against hand-computed ranks, max, merge and reset. */
class WaitHistogramTest {

    private static WaitHistogram of(long... values) {
        WaitHistogram h = new WaitHistogram();
        for (long v : values) {
            h.record(v);
        }
        return h;
    }

    @Test
    void percentile_smallValues_exactByRank() {
        // 1..10: p50 is the 5th smallest (ceil(0.5 * 10)), p99 and p99.9 the 10th, p10 the 1st
        WaitHistogram h = of(7, 3, 10, 1, 9, 2, 8, 4, 6, 5);

        assertEquals(5, h.percentile(0.50));
        assertEquals(6, h.percentile(0.51), "ceil(5.1) = 6th");
        assertEquals(10, h.percentile(0.99));
        assertEquals(10, h.percentile(0.999));
        assertEquals(1, h.percentile(0.10));
        assertEquals(1, h.percentile(0.0001), "a tiny fraction reads the smallest value");
        assertEquals(10, h.max());
        assertEquals(10, h.count());
    }

    @Test
    void percentile_thousandValues_p999IsTheOutlier() {
        // 999 waits of 20 ns and one of 63 ns (both exact buckets): p99.9 = the 999th = 20, p100 = 63
        WaitHistogram h = new WaitHistogram();
        for (int i = 0; i < 999; i++) {
            h.record(20);
        }
        h.record(63);

        assertEquals(20, h.percentile(0.999));
        assertEquals(63, h.percentile(1.0));
        assertEquals(63, h.max());
    }

    @Test
    void percentile_largeValues_highestOfTheirBucketWithin3PercentAndNeverAboveMax() {
        // 1000 ns: exponent 9, buckets 16 ns wide from 992 to 1007; 1,000,000 ns: buckets 2^14 = 16384 ns wide
        WaitHistogram h = of(1_000, 1_000, 1_000_000);

        assertEquals(1_007, h.percentile(0.5));
        assertEquals(1_000_000, h.percentile(1.0), "capped at the exact maximum");
        long p = h.percentile(0.5);
        assertTrue(p >= 1_000 && p <= 1_000 * 1.0313, "within 1/32: " + p);
    }

    @Test
    void bucket_boundaries_lowestAndHighestRoundTrip() {
        assertEquals(31, WaitHistogram.bucket(31));
        assertEquals(32, WaitHistogram.bucket(32));
        assertEquals(63, WaitHistogram.bucket(63));
        assertEquals(64, WaitHistogram.bucket(64));
        assertEquals(64, WaitHistogram.bucket(65), "64 and 65 share a 2-wide bucket");
        assertEquals(WaitHistogram.BUCKETS - 1, WaitHistogram.bucket(Long.MAX_VALUE));
        for (int b = 0; b < WaitHistogram.BUCKETS; b++) {
            assertEquals(b, WaitHistogram.bucket(WaitHistogram.lowestIn(b)), "lowest of " + b);
            assertEquals(b, WaitHistogram.bucket(WaitHistogram.highestIn(b)), "highest of " + b);
            if (b > 0) {
                assertEquals(WaitHistogram.highestIn(b - 1) + 1, WaitHistogram.lowestIn(b), "contiguous at " + b);
            }
        }
    }

    @Test
    void record_negative_countsAsZero() {
        WaitHistogram h = of(-5);

        assertEquals(0, h.percentile(1.0));
        assertEquals(1, h.count());
    }

    @Test
    void add_mergesCountsAndMax() {
        WaitHistogram a = of(1, 2, 3);
        a.add(of(4, 50));

        assertEquals(5, a.count());
        assertEquals(50, a.max());
        assertEquals(3, a.percentile(0.6), "the 3rd of 1, 2, 3, 4, 50");
        assertEquals(4, a.percentile(0.8));
    }

    @Test
    void reset_forgetsEverything() {
        WaitHistogram h = of(10, 2_000_000);
        h.reset();

        assertEquals(0, h.count());
        assertEquals(0, h.max());
        assertEquals(0, h.percentile(0.99), "nothing recorded");
        h.record(7);
        assertEquals(7, h.percentile(0.5), "the old values are gone from the buckets too");
    }

    @Test
    void percentile_outsideZeroToOne_namesTheValue() {
        WaitHistogram h = of(1);
        for (double bad : new double[] {0, -0.5, 1.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.percentile(bad));
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
    }
}
