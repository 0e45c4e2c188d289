package org.poolbench.bench;

import java.util.Map;
import java.util.Optional;

import org.poolbench.bench.pools.PoolSpec;

/**
 * The {@code pool} parameter values that name a pool used in a particular way rather than a {@link PoolKind}
 * ({@code StatementReuseBenchmark}'s {@code c3p0_cache}, {@code poolbench_stmt}, ...): which pool each runs and the
 * exact settings it gets, so that the run's record lists them beside the kinds (a statement cache is such a setting).
 */
public final class PoolVariants {

    private PoolVariants() {
    }

    /** The pool a variant value runs, or empty if the value names no variant (a kind, or nothing known). */
    public static Optional<PoolKind> kindOf(String poolParam) {
        return way(poolParam).map(StatementWay::kind);
    }

    /**
     * The settings a variant value's pool gets at {@code size}, by the pool's own names.
     *
     * @throws IllegalArgumentException if the value names no variant
     */
    public static Map<String, String> settings(String poolParam, int size) {
        StatementWay way = way(poolParam).orElseThrow(() -> new IllegalArgumentException(
                "'" + poolParam + "' names no pool variant"));
        return way.kind().settings(way.spec(size));
    }

    /**
     * The spec a variant value's pool is built from at {@code size}, or empty if the value names no variant: for a
     * benchmark whose {@code pool} parameter takes kinds and variants alike ({@code FairnessBenchmark}).
     */
    static Optional<PoolSpec> spec(String poolParam, int size) {
        return way(poolParam).map(way -> way.spec(size));
    }

    private static Optional<StatementWay> way(String poolParam) {
        if (PoolKind.displayOrder().contains(poolParam)) {
            // A way named after its kind ("hikari", plain c3p0) is that kind as every benchmark runs it: recorded
            // with the kinds, and must not replace their settings by size and minimum idle.
            return Optional.empty();
        }
        for (StatementWay way : StatementWay.values()) {
            if (way.paramValue().equals(poolParam)) {
                return Optional.of(way);
            }
        }
        return Optional.empty();
    }
}
