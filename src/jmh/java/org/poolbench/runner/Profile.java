package org.poolbench.runner;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

import org.poolbench.bench.ThreadSweep;
import org.poolbench.bench.VirtualThreads;

/**
 * How long and how widely a run measures. Every profile runs every benchmark with every pool and backend; they
 * differ in forks, iterations and the thread counts swept (JMH takes one thread count per run, so the runner runs
 * JMH once per benchmark class and thread count and merges the results).
 *
 * <p>The thread counts are the benchmarks' own: each class declares them per profile with {@link ThreadSweep}, so a
 * new benchmark class needs no change here.
 *
 * <p>Each class's virtual-thread axis ({@link VirtualThreads}) adds steps beside its platform-thread sweep.
 *
 * <p>Durations on a 2-core machine: {@code smoke} about 1 minute (checks that everything runs, measures nothing),
 * {@code quick} about 12 minutes, {@code full} about 9 h (run counts in the README). The estimates the runner
 * prints while it runs come
 * from the profile's iteration times (see {@code Bench.nominalSecondsPerRun}) and, once steps finish, from the observed pace.
 */
enum Profile {

    /** One short iteration of everything, for the test suite: proves each benchmark runs, measures nothing. */
    SMOKE(1, 0, 0, 1, 100, List.of(2)),

    /**
     * Two forks, 1 warm-up and 2 measured half-second iterations, and each benchmark's {@link ThreadSweep#quick()
     * quick} thread counts. Chosen from the A/A variance table ({@code reports/aa/13cde97-quick}): a fork's mean
     * varies no more than its iterations explain (between-fork part 0.0% in the median row), so more forks per run
     * buy little and, at equal cost, more measured time beats more forks; what moves is the run (5.2% in the median
     * row), which no number of forks in one run removes. Verdicts therefore come from runs replicated and
     * interleaved in time (README "A CI gate"), 2 forks each. Half-second iterations keep the suite near 12 minutes.
     */
    QUICK(2, 1, 500, 2, 500, List.of(2)),

    /** Three forks, 3 warm-up and 5 measured 2-second iterations, and each benchmark's full thread sweep. */
    FULL(3, 3, 2000, 5, 2000, List.of(1, 2, 4));

    final int forks;
    final int warmupIterations;
    final int warmupMillis;
    final int measurementIterations;
    final int measurementMillis;
    /** Thread counts for a benchmark class that declares no {@link ThreadSweep}. */
    private final List<Integer> defaultThreads;

    Profile(int forks, int warmupIterations, int warmupMillis, int measurementIterations, int measurementMillis,
            List<Integer> defaultThreads) {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMillis = warmupMillis;
        this.measurementIterations = measurementIterations;
        this.measurementMillis = measurementMillis;
        this.defaultThreads = defaultThreads;
    }

    /** The profile's name as typed on the command line. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The thread counts this profile sweeps for a benchmark class: the counts its {@link ThreadSweep} declares for
     * this profile, or the profile's default when it declares none.
     */
    List<Integer> threadsFor(Class<?> benchmarkClass) {
        ThreadSweep sweep = benchmarkClass.getAnnotation(ThreadSweep.class);
        if (sweep == null) {
            return defaultThreads;
        }
        int[] counts = switch (this) {
            case SMOKE -> sweep.smoke();
            case QUICK -> sweep.quick();
            case FULL -> sweep.full();
        };
        if (counts.length == 0 || Arrays.stream(counts).anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException(benchmarkClass.getName() + ": @ThreadSweep " + label()
                    + " must list thread counts of at least 1, was " + Arrays.toString(counts));
        }
        return Arrays.stream(counts).boxed().toList();
    }

    /**
     * The parameter values this profile narrows a benchmark class to ({@link ThreadSweep#quickParams()},
     * {@link ThreadSweep#smokeParams()}), by parameter name; empty when it runs every declared value ({@code full}
     * always does).
     *
     * @throws IllegalArgumentException if an entry is not {@code name=value[,value...]}
     */
    Map<String, List<String>> paramsFor(Class<?> benchmarkClass) {
        ThreadSweep sweep = benchmarkClass.getAnnotation(ThreadSweep.class);
        if (this == FULL || sweep == null) {
            return Map.of();
        }
        String[] entries = this == QUICK ? sweep.quickParams() : sweep.smokeParams();
        String attribute = this == QUICK ? "quickParams" : "smokeParams";
        return parseParams(benchmarkClass, "@ThreadSweep " + attribute, entries);
    }

    /**
     * The virtual-thread counts this profile runs a benchmark class at ({@link VirtualThreads}); empty when the
     * class declares none for it.
     *
     * @throws IllegalArgumentException if a count is below 1
     */
    List<Integer> virtualThreadsFor(Class<?> benchmarkClass) {
        VirtualThreads axis = benchmarkClass.getAnnotation(VirtualThreads.class);
        if (axis == null) {
            return List.of();
        }
        int[] counts = switch (this) {
            case SMOKE -> axis.smoke();
            case QUICK -> axis.quick();
            case FULL -> axis.full();
        };
        if (Arrays.stream(counts).anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException(benchmarkClass.getName() + ": @VirtualThreads " + label()
                    + " must list thread counts of at least 1, was " + Arrays.toString(counts));
        }
        return Arrays.stream(counts).boxed().toList();
    }

    /**
     * The parameter values this profile's virtual-thread runs of a benchmark class narrow to
     * ({@link VirtualThreads#quickParams()} and its siblings); empty when they run every declared value.
     *
     * @throws IllegalArgumentException if an entry is not {@code name=value[,value...]}
     */
    Map<String, List<String>> virtualParamsFor(Class<?> benchmarkClass) {
        VirtualThreads axis = benchmarkClass.getAnnotation(VirtualThreads.class);
        if (axis == null) {
            return Map.of();
        }
        String[] entries = switch (this) {
            case SMOKE -> axis.smokeParams();
            case QUICK -> axis.quickParams();
            case FULL -> axis.fullParams();
        };
        return parseParams(benchmarkClass, "@VirtualThreads " + label() + "Params", entries);
    }

    private static Map<String, List<String>> parseParams(Class<?> benchmarkClass, String attribute,
                                                         String[] entries) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            List<String> values = eq < 0 ? List.of() : Arrays.stream(entry.substring(eq + 1).split(","))
                    .map(String::trim).filter(v -> !v.isEmpty()).toList();
            if (eq <= 0 || values.isEmpty()) {
                throw new IllegalArgumentException(benchmarkClass.getName() + ": " + attribute
                        + " entry '" + entry + "' must be name=value[,value...]");
            }
            params.put(entry.substring(0, eq).trim(), values);
        }
        return params;
    }

    /** The profiles' names, for messages: {@code quick, full, smoke}. */
    static String labels() {
        return Arrays.stream(values()).map(Profile::label).collect(Collectors.joining(", "));
    }

    /** Whether {@code word} names a profile. */
    static boolean isProfile(String word) {
        return Arrays.stream(values()).anyMatch(p -> p.label().equals(word));
    }

    /**
     * @throws IllegalArgumentException naming the word and the profiles, if it names none
     */
    static Profile of(String word) {
        for (Profile p : values()) {
            if (p.label().equals(word)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + word + "'; expected one of "
                + Arrays.stream(values()).map(Profile::label).collect(Collectors.joining(", ")));
    }
}
