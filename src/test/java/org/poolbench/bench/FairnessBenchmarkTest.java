package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.poolbench.bench.pools.PoolSpec;

/**
 * The logic {@link FairnessBenchmark} rests on outside its benchmark method: Jain's index and the min/max ratio on
 * known inputs, and which pool and spec a {@code pool} value runs.
 */
class FairnessBenchmarkTest {

    @Test
    void jainIndex_equalCounts_isOne() {
        assertEquals(1.0, FairnessBenchmark.jainIndex(new long[] {5, 5, 5, 5}), 1e-12);
        assertEquals(1.0, FairnessBenchmark.jainIndex(new long[] {7}), 1e-12);
    }

    @Test
    void jainIndex_oneThreadHasEverything_isOneOverN() {
        assertEquals(0.25, FairnessBenchmark.jainIndex(new long[] {0, 0, 12, 0}), 1e-12);
    }

    @Test
    void jainIndex_knownMix_matchesTheFormula() {
        // (1 + 2 + 3 + 4)^2 / (4 * (1 + 4 + 9 + 16)) = 100 / 120
        assertEquals(100.0 / 120, FairnessBenchmark.jainIndex(new long[] {1, 2, 3, 4}), 1e-12);
        // (10 + 30)^2 / (2 * (100 + 900)) = 0.8
        assertEquals(0.8, FairnessBenchmark.jainIndex(new long[] {10, 30}), 1e-12);
    }

    @Test
    void jainIndex_largeCounts_noOverflow() {
        long big = 3_000_000_000L; // its square overflows a long
        assertEquals(1.0, FairnessBenchmark.jainIndex(new long[] {big, big}), 1e-12);
    }

    @Test
    void minMaxRatio_knownInputs() {
        assertEquals(0.25, FairnessBenchmark.minMaxRatio(new long[] {4, 16, 8}), 1e-12);
        assertEquals(1.0, FairnessBenchmark.minMaxRatio(new long[] {3, 3}), 1e-12);
        assertEquals(0.0, FairnessBenchmark.minMaxRatio(new long[] {0, 9}), 1e-12, "a starved thread");
    }

    @Test
    void indexes_allZero_areZero() {
        assertEquals(0.0, FairnessBenchmark.jainIndex(new long[] {0, 0}));
        assertEquals(0.0, FairnessBenchmark.minMaxRatio(new long[] {0, 0}));
    }

    @Test
    void indexes_noCountsOrNegative_fail() {
        assertThrows(IllegalArgumentException.class, () -> FairnessBenchmark.jainIndex(new long[0]));
        assertThrows(IllegalArgumentException.class, () -> FairnessBenchmark.minMaxRatio(new long[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FairnessBenchmark.jainIndex(new long[] {1, -2}));
        assertTrue(e.getMessage().contains("-2"), e.getMessage());
    }

    @Test
    void kindOf_kindsAndVariants() {
        assertEquals(PoolKind.POOLBENCH, FairnessBenchmark.kindOf("poolbench"));
        assertEquals(PoolKind.POOLBENCH_MAXIDLE2, FairnessBenchmark.kindOf("poolbench_maxidle2"));
        assertEquals(PoolKind.C3P0, FairnessBenchmark.kindOf("c3p0_cache"), "a variant runs its pool");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FairnessBenchmark.kindOf("fifo"));
        assertTrue(e.getMessage().contains("'fifo'"), e.getMessage());
    }

    @Test
    void specOf_kindGetsTheSharedSpec_variantItsOwn() {
        assertEquals(PoolSpec.ofSize(4), FairnessBenchmark.specOf("hikari", 4));
        PoolSpec variant = FairnessBenchmark.specOf("c3p0_cache", 4);
        assertEquals(4, variant.size());
        assertTrue(variant.statementCacheSize() > 0, "the variant's statement cache: " + variant);
    }
}
