package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** {@link TenantSkew}: the tenant picks {@link TenantRoutingBenchmark}'s threads draw before measurement. */
class TenantSkewTest {

    private static final int DRAWS = 200_000;

    private static double[] shares(int[] picks, int tenants) {
        double[] shares = new double[tenants];
        for (int p : picks) {
            shares[p] += 1.0 / picks.length;
        }
        return shares;
    }

    @Test
    void of_paramValues_roundTripAndUnknownNamesTheChoices() {
        assertEquals(TenantSkew.UNIFORM, TenantSkew.of("uniform"));
        assertEquals(TenantSkew.ZIPF, TenantSkew.of("zipf"));
        assertEquals("unknown skew 'pareto'; expected one of uniform, zipf",
                assertThrows(IllegalArgumentException.class, () -> TenantSkew.of("pareto")).getMessage());
    }

    @Test
    void draw_sameSeed_samePicks_otherSeed_otherPicks() {
        assertArrayEquals(TenantSkew.ZIPF.draw(64, 1000, 7), TenantSkew.ZIPF.draw(64, 1000, 7));
        assertFalse(Arrays.equals(TenantSkew.ZIPF.draw(64, 1000, 7), TenantSkew.ZIPF.draw(64, 1000, 8)));
    }

    @Test
    void draw_uniform_everyTenantAboutEquallyOften() {
        int[] picks = TenantSkew.UNIFORM.draw(16, DRAWS, 1);
        for (double share : shares(picks, 16)) {
            assertEquals(1.0 / 16, share, 0.005);
        }
    }

    @Test
    void draw_zipf_tenantKInProportionToOneOverKPlusOne() {
        // harmonic number H_64 = 4.7439: the hottest of 64 tenants gets 1/H_64 = 21.1% of the requests
        double[] shares = shares(TenantSkew.ZIPF.draw(64, DRAWS, 1), 64);
        assertEquals(0.2108, shares[0], 0.005);
        assertEquals(0.2108 / 2, shares[1], 0.005);
        assertEquals(0.2108 / 64, shares[63], 0.001);
        double hottest13 = Arrays.stream(shares, 0, 13).sum();
        assertEquals(0.67, hottest13, 0.01, "a few hot tenants: the hottest 20% get two thirds");
        assertEquals(0.48, TenantSkew.ZIPF.share(0, 4), 0.001, "1 / (1 + 1/2 + 1/3 + 1/4)");
    }

    @Test
    void draw_picksStayInRange_evenForOneTenant() {
        assertTrue(Arrays.stream(TenantSkew.ZIPF.draw(3, DRAWS, 3)).allMatch(p -> p >= 0 && p < 3));
        assertTrue(Arrays.stream(TenantSkew.UNIFORM.draw(1, 100, 3)).allMatch(p -> p == 0));
    }

    @Test
    void share_sumsToOne() {
        for (TenantSkew skew : TenantSkew.values()) {
            double total = 0;
            for (int k = 0; k < 64; k++) {
                total += skew.share(k, 64);
            }
            assertEquals(1.0, total, 1e-9, skew.paramValue());
        }
    }

    @Test
    void draw_rejectsNoTenants() {
        assertThrows(IllegalArgumentException.class, () -> TenantSkew.UNIFORM.draw(0, 10, 1));
    }
}
