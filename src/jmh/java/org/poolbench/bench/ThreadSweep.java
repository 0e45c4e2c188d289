package org.poolbench.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The thread counts the bench runner ({@code scripts/bench}) measures a benchmark class with, per profile. JMH
 * takes one thread count per run, so the runner runs JMH once per class and count and merges the results; a
 * benchmark states here which counts answer its question (for example fewer and more borrowers than
 * connections), so that adding a benchmark class needs no change in the runner. A class without it gets the
 * runner's default sweep. {@code -t N} on the command line replaces the sweep.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ThreadSweep {

    /** The {@code smoke} profile's counts: one short run to prove the benchmark works. */
    int[] smoke();

    /** The {@code quick} profile's counts (the default profile). */
    int[] quick();

    /** The {@code full} profile's counts. */
    int[] full();

    /**
     * Parameter values the {@code quick} profile narrows to, each as {@code name=value,value} (for example
     * {@code backend=stub,pg}), so that the default profile stays short while {@code full} and {@code smoke} run every
     * declared value. A {@code -p} of the same name on the command line wins.
     */
    String[] quickParams() default {};

    /**
     * The benchmark methods the {@code quick} profile runs, by name; empty (the default) for all of them. For a
     * method whose result the default profile can do without (a class's second mode, say); {@code smoke} and
     * {@code full} run them all. A method whose name the user's filter contains runs all the same.
     */
    String[] quickMethods() default {};

    /**
     * As {@link #quickParams()}, for the {@code smoke} profile, which the test suite runs: a class with a wide
     * parameter matrix narrows it here so that proving it runs stays short. A {@code -p} of the same name wins.
     */
    String[] smokeParams() default {};
}
