package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Keeps JMH 1.37's teardown back-off out of the suite ({@link LastThreadOut}): in every benchmark method of the jar's
 * benchmark list, no shared state JMH builds for it has a {@code @TearDown(Level.Trial)}, and every shared state that
 * ends its trial through a {@link LastThreadOut} is left by exactly one thread state. A structural check, since a
 * timed one (a JMH run shorter than a second) would depend on the machine.
 */
class SharedStateTeardownTest {

    private static final OutputFormat QUIET = OutputFormatFactory.createFormatInstance(
            new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);

    @Test
    void everyBenchmarkMethod_endsItsSharedStatesFromTheLastThreadOut() throws Exception {
        List<Method> methods = benchmarkMethods();
        assertTrue(methods.contains(AcquireReleaseBenchmark.class.getMethod("acquireRelease",
                AcquireReleaseBenchmark.Pools.class, AcquireReleaseBenchmark.Failures.class, CarrierPause.class,
                org.openjdk.jmh.infra.Control.class)),
                "the benchmark list should hold the suite's methods, but has " + methods);
        List<String> violations = new ArrayList<>();
        for (Method m : methods) {
            violations.addAll(violations(m.getDeclaringClass().getSimpleName() + "." + m.getName(),
                    Arrays.asList(m.getParameterTypes())));
        }
        assertEquals(List.of(), violations);
    }

    /** The check reaches the states JMH builds through fixtures, inherited fixtures included. */
    @Test
    void states_followFixtureArgumentsAndInheritedFixtures() {
        Set<Class<?>> states = states(List.of(TenantRoutingBenchmark.PerTenant.class,
                TenantRoutingBenchmark.Picks.class, TenantRoutingBenchmark.Counters.class));
        assertTrue(states.contains(TenantRoutingBenchmark.Workload.class), states.toString());
        assertFalse(states.contains(TenantRoutingBenchmark.Shared.class), "the other layout is not built");
        assertTrue(fixtures(TenantRoutingBenchmark.PerTenant.class).stream()
                .anyMatch(f -> f.getName().equals("snapshotIteration")), "Layout's fixtures are PerTenant's");
    }

    /** The checker must be able to fail: a shared trial teardown is reported with the reason. */
    @Test
    void violations_sharedTrialTeardown_isReportedWithTheReason() {
        List<String> found = violations("Slow.run", List.of(SlowShared.class));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("Slow.run: SharedStateTeardownTest.SlowShared.close"), found.get(0));
        assertTrue(found.get(0).contains("Math.max(1024, backoff * 2)"), found.get(0));
    }

    /** ... and so must a shared state nothing leaves (its pool would stay open) or two states leave (closed early). */
    @Test
    void violations_sharedStateLeftByNoneOrTwo_isReported() {
        List<String> none = violations("Unleft.run", List.of(Left.class));
        assertEquals(1, none.size(), none.toString());
        assertTrue(none.get(0).contains("left by 0 thread states"), none.get(0));
        assertEquals(List.of(), violations("Left.run", List.of(Left.class, Leaver.class)));
        List<String> two = violations("Twice.run", List.of(Left.class, Leaver.class, OtherLeaver.class));
        assertEquals(1, two.size(), two.toString());
        assertTrue(two.get(0).contains("left by 2 thread states"), two.get(0));
    }

    /** The methods of the jar's benchmark list (the list the JMH annotation processor wrote for src/jmh/java). */
    private static List<Method> benchmarkMethods() throws ClassNotFoundException {
        Set<Method> methods = new LinkedHashSet<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().getAll(QUIET, List.of())) {
            Class<?> benchmark = Class.forName(e.getUserClassQName());
            String name = e.getUsername().substring(e.getUsername().lastIndexOf('.') + 1);
            for (Method m : benchmark.getMethods()) {
                if (m.getName().equals(name) && m.isAnnotationPresent(Benchmark.class)) {
                    methods.add(m);
                }
            }
        }
        return new ArrayList<>(methods);
    }

    /** What is wrong with the shared states of a benchmark method taking {@code parameters}, one line each. */
    static List<String> violations(String method, List<Class<?>> parameters) {
        Set<Class<?>> states = states(parameters);
        List<String> violations = new ArrayList<>();
        for (Class<?> state : states) {
            if (!shared(state)) {
                continue;
            }
            for (Method f : fixtures(state)) {
                TearDown t = f.getAnnotation(TearDown.class);
                if (t != null && t.value() == Level.Trial) {
                    violations.add(method + ": " + name(state) + "." + f.getName() + " is a @TearDown(Level.Trial) "
                            + "of a shared state: while it runs, JMH 1.37 makes every other benchmark thread sleep "
                            + "1 ms, then 1,024 ms (Math.max(1024, backoff * 2)), about a second per fork; end the "
                            + "trial from the last thread out (LastThreadOut) instead");
                }
            }
            if (holdsLastThreadOut(state)) {
                long leavers = states.stream().filter(s -> !shared(s) && leaves(s, state)).count();
                if (leavers != 1) {
                    violations.add(method + ": " + name(state) + " ends its trial through a LastThreadOut but is "
                            + "left by " + leavers + " thread states (a @TearDown(Level.Trial) taking it): it needs "
                            + "exactly one, since with none nothing closes it and with two it closes early");
                }
            }
        }
        return violations;
    }

    /**
     * The {@code @State} classes JMH builds for a method taking {@code parameters}: those among them, and the states
     * their fixtures (own and inherited) take, transitively.
     */
    static Set<Class<?>> states(List<Class<?>> parameters) {
        Set<Class<?>> states = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(parameters);
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c.isAnnotationPresent(State.class) && states.add(c)) {
                for (Method f : fixtures(c)) {
                    todo.addAll(Arrays.asList(f.getParameterTypes()));
                }
            }
        }
        return states;
    }

    /** A state's {@code @Setup} and {@code @TearDown} methods, its superclasses' included (JMH runs those too). */
    static List<Method> fixtures(Class<?> state) {
        List<Method> fixtures = new ArrayList<>();
        for (Class<?> c = state; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Setup.class) || m.isAnnotationPresent(TearDown.class)) {
                    fixtures.add(m);
                }
            }
        }
        return fixtures;
    }

    /** Whether JMH shares one instance between threads: the scopes whose trial teardown backs off. */
    private static boolean shared(Class<?> state) {
        Scope scope = state.getAnnotation(State.class).value();
        return scope == Scope.Benchmark || scope == Scope.Group;
    }

    private static boolean holdsLastThreadOut(Class<?> state) {
        for (Class<?> c = state; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == LastThreadOut.class) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether thread state {@code state} has a trial teardown taking {@code shared}, i.e. leaves it. */
    private static boolean leaves(Class<?> state, Class<?> shared) {
        return fixtures(state).stream().anyMatch(f -> {
            TearDown t = f.getAnnotation(TearDown.class);
            return t != null && t.value() == Level.Trial && Arrays.asList(f.getParameterTypes()).contains(shared);
        });
    }

    private static String name(Class<?> state) {
        return state.getName().substring(state.getPackageName().length() + 1).replace('$', '.');
    }

    // Fixtures for the checker, never run by JMH (no @Benchmark, so the annotation processor generates nothing).

    /** A shared state with the slow teardown. */
    @State(Scope.Benchmark)
    public static class SlowShared {
        @TearDown(Level.Trial)
        public void close() {
        }
    }

    /** A shared state ending its trial from the last thread out. */
    @State(Scope.Benchmark)
    public static class Left {
        final LastThreadOut exit = new LastThreadOut();
    }

    /** A thread state that leaves {@link Left}. */
    @State(Scope.Thread)
    public static class Leaver {
        @TearDown(Level.Trial)
        public void leave(Left left, ThreadParams thread) {
        }
    }

    /** A second thread state that leaves {@link Left}. */
    @State(Scope.Thread)
    public static class OtherLeaver {
        @TearDown(Level.Trial)
        public void leave(Left left, ThreadParams thread) {
        }
    }
}
