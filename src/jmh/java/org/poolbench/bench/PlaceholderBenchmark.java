package org.poolbench.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Placeholder benchmark: it only proves that {@code target/benchmarks.jar} is built with JMH's generated
 * code and {@code META-INF/BenchmarkList}. It measures nothing about connection pools and is to be replaced
 * by the real suite.
 *
 * <p>Build and smoke-run it (JDK 21 or newer):
 *
 * <pre>{@code
 * ./mvnw verify
 * java -jar target/benchmarks.jar Placeholder -f 1 -wi 1 -i 1 -w 1s -r 1s -foe true
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PlaceholderBenchmark {

    /** Not final, so the JIT cannot constant-fold the computation below. */
    private long seed = 42L;

    /** A few nanoseconds of work; the result is returned so JMH consumes it and the JIT cannot drop it. */
    @Benchmark
    public long mix() {
        long x = seed * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 31);
    }
}
