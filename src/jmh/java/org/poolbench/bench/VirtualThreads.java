package org.poolbench.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The virtual-thread axis of a benchmark class: the thread counts the bench runner ({@code scripts/bench}) also
 * measures with JMH's benchmark threads as virtual threads ({@code -Djmh.executor=VIRTUAL}, JMH 1.37), per profile,
 * beside the class's {@link ThreadSweep}. Each count is one more JMH invocation; the summary shows its results in
 * tables of their own, labelled "virtual threads", never mixed with the platform-thread results, and reports the
 * pinning JFR saw per pool ({@code jdk.VirtualThreadPinned}). A class without this annotation runs on platform
 * threads only; an empty array leaves a profile without the axis. With {@code -t N} on the command line, a class
 * that declares counts for the profile runs at {@code N} virtual threads too.
 *
 * <p>The axis is narrower than the platform sweep by design (a profile's time budget): {@link #quickMethods()} and the
 * {@code *Params} attributes trim it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface VirtualThreads {

    /** The {@code smoke} profile's virtual-thread counts; none by default. */
    int[] smoke() default {};

    /** The {@code quick} profile's virtual-thread counts; none by default. */
    int[] quick() default {};

    /** The {@code full} profile's virtual-thread counts; none by default. */
    int[] full() default {};

    /**
     * The benchmark methods the {@code smoke} and {@code quick} profiles run on virtual threads, by name; empty (the
     * default) for all of the class's methods that the user's filter selects. {@code full} always runs them all.
     */
    String[] quickMethods() default {};

    /**
     * Parameter values the {@code quick} profile's virtual-thread runs narrow to, as {@link ThreadSweep#quickParams()}
     * (which they do not inherit). A {@code -p} of the same name on the command line wins.
     */
    String[] quickParams() default {};

    /** As {@link #quickParams()}, for the {@code smoke} profile. */
    String[] smokeParams() default {};

    /** As {@link #quickParams()}, for the {@code full} profile (which runs every declared value by default). */
    String[] fullParams() default {};
}
