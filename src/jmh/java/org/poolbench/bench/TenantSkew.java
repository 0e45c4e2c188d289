package org.poolbench.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * How {@link TenantRoutingBenchmark}'s requests spread over the tenants, chosen by its {@code skew} {@code @Param}:
 * every tenant equally often, or a few hot tenants (Zipf with exponent 1: tenant {@code k}, counted from 0, is picked
 * in proportion to {@code 1 / (k + 1)}; with 4 tenants the hottest gets 48% of requests, with 64 it gets 21% and the
 * hottest 13 get 67%, the familiar "80/20" shape).
 *
 * <p>The picks are drawn before measurement ({@link #draw}), so the benchmark's hot path reads an array instead of
 * calling a random number generator.
 */
enum TenantSkew {

    /** Every tenant equally likely. */
    UNIFORM {
        @Override
        double weight(int tenant) {
            return 1;
        }
    },

    /** Zipf, exponent 1: tenant {@code k} in proportion to {@code 1 / (k + 1)}. */
    ZIPF {
        @Override
        double weight(int tenant) {
            return 1.0 / (tenant + 1);
        }
    };

    /** The unnormalised probability of {@code tenant}. */
    abstract double weight(int tenant);

    /** The {@code @Param} value that selects this skew. */
    String paramValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the skew for a {@code @Param} value.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones, if it names none
     */
    static TenantSkew of(String value) {
        for (TenantSkew skew : values()) {
            if (skew.paramValue().equals(value)) {
                return skew;
            }
        }
        throw new IllegalArgumentException("unknown skew '" + value + "'; expected one of "
                + Arrays.stream(values()).map(TenantSkew::paramValue).collect(Collectors.joining(", ")));
    }

    /** The share of requests {@code tenant} gets among {@code tenants}. */
    double share(int tenant, int tenants) {
        double total = 0;
        for (int k = 0; k < tenants; k++) {
            total += weight(k);
        }
        return weight(tenant) / total;
    }

    /**
     * Draws {@code count} tenant indices in {@code [0, tenants)} with this skew, the same for the same seed (inverse
     * of the cumulative distribution, one uniform draw per pick).
     */
    int[] draw(int tenants, int count, long seed) {
        if (tenants < 1 || count < 1) {
            throw new IllegalArgumentException("tenants and count must be >= 1, were " + tenants + " and " + count);
        }
        double[] cumulative = new double[tenants];
        double total = 0;
        for (int k = 0; k < tenants; k++) {
            total += weight(k);
            cumulative[k] = total;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] picks = new int[count];
        for (int i = 0; i < count; i++) {
            int k = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            // Tenant k holds [cumulative[k-1], cumulative[k]): a value between two entries belongs to the insertion
            // point (binarySearch gives -(insertion point) - 1), a value equal to cumulative[k] to the next tenant.
            picks[i] = Math.min(k >= 0 ? k + 1 : -k - 1, tenants - 1);
        }
        return picks;
    }
}
