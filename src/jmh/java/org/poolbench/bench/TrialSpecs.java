package org.poolbench.bench;

import java.util.Map;
import java.util.Optional;

import org.poolbench.bench.pools.PoolSpec;

/**
 * The pool spec a benchmark built for one result, for the benchmarks whose spec is not the usual
 * {@code PoolSpec.ofSize(size)} of their {@code size} parameter, so that the run's {@code run.json} records each
 * pool's exact settings for them too. Each benchmark keeps its own rule ({@code spec} methods); this only routes to
 * it.
 */
public final class TrialSpecs {

    private TrialSpecs() {
    }

    /**
     * The spec behind one result of {@code benchmarkClass} (simple name), or empty when the benchmark uses the usual
     * spec of its {@code size} parameter, or builds none.
     *
     * @param params  the result's parameters
     * @param threads the result's thread count
     */
    public static Optional<PoolSpec> of(String benchmarkClass, String method, Map<String, String> params,
                                        int threads) {
        return switch (benchmarkClass) {
            case "CleanerBenchmark" -> method.equals("sweepExpired") ? Optional.empty()
                    : Optional.of(CleanerBenchmark.spec(Integer.parseInt(params.get("idle")), params.get("reaper")));
            case "IdleBurstBenchmark" -> Optional.of(IdleBurstBenchmark.spec(threads));
            default -> Optional.empty();
        };
    }
}
