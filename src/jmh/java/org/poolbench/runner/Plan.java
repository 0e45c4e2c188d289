package org.poolbench.runner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.Options;
import org.poolbench.bench.ThreadSweep;
import org.poolbench.bench.VirtualThreads;

/**
 * Which JMH runs a bench run consists of: one per benchmark class and thread count (platform threads, then the
 * class's virtual-thread axis, {@link VirtualThreads}), each naming the exact
 * benchmark methods the user's filter selected, and how many JMH benchmark runs (method x mode x parameter
 * combination) each will make, so progress can say "step i of n".
 */
final class Plan {

    /**
     * One JMH invocation.
     *
     * @param benchmarkClass simple name of the benchmark class
     * @param threads        the thread count of this invocation
     * @param includes       anchored regexes naming exactly the selected methods
     * @param runs           JMH benchmark runs it makes (what JMH's own progress counts)
     * @param params         parameter values the profile narrows this class to (see
     *                       {@link Profile#paramsFor(Class)}), less those the user set with {@code -p}
     */
    record Step(String benchmarkClass, int threads, List<String> includes, int runs,
                Map<String, List<String>> params, boolean virtual) {

        Step {
            params = Map.copyOf(params);
        }

        /** A step on platform threads. */
        Step(String benchmarkClass, int threads, List<String> includes, int runs, Map<String, List<String>> params) {
            this(benchmarkClass, threads, includes, runs, params, false);
        }

        /** A step on platform threads that runs every declared parameter value. */
        Step(String benchmarkClass, int threads, List<String> includes, int runs) {
            this(benchmarkClass, threads, includes, runs, Map.of());
        }

        /** {@code 1 thread}, {@code 16 threads} or {@code 16 virtual threads}. */
        String threadsLabel() {
            return threads + (virtual ? " virtual" : "") + (threads == 1 ? " thread" : " threads");
        }

        /**
         * The threads, and for a virtual-thread step of one pool its pool ({@code 16 virtual threads, pool=hikari}),
         * for progress and failure messages.
         */
        String label() {
            List<String> pool = params.get(SPLIT_PARAM);
            return threadsLabel() + (virtual && pool != null && pool.size() == 1 ? ", " + SPLIT_PARAM + "="
                    + pool.get(0) : "");
        }
    }

    /**
     * The parameter whose values the virtual-thread axis runs one JMH invocation each: a pool that stalls on virtual
     * threads (HikariCP at 16 and Vibur at 4 did here) fails only its own invocation, so the other pools' results
     * of that step survive. Every benchmark names its pool parameter so.
     */
    static final String SPLIT_PARAM = "pool";

    private Plan() {
    }

    /**
     * Plans the run.
     *
     * @param user the user's JMH options: their include/exclude regexes select benchmarks, {@code -t} replaces the
     *             profile's thread sweep, {@code -p} and {@code -bm} change how many runs each step makes
     * @throws IllegalArgumentException if the filter selects no benchmark
     */
    static List<Step> of(Profile profile, Options user, BenchmarkList list, OutputFormat quiet) {
        List<String> includes = user.getIncludes().isEmpty() ? List.of(".*") : user.getIncludes();
        SortedSet<BenchmarkListEntry> entries = list.find(quiet, includes, user.getExcludes());
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches " + String.join(" ", includes)
                    + (user.getExcludes().isEmpty() ? "" : " (excluding " + String.join(" ", user.getExcludes())
                    + ")") + "; list them with: java -jar target/benchmarks.jar -l");
        }
        // class -> method -> runs of that method (summed over its modes)
        Map<String, Map<String, Integer>> byClass = new LinkedHashMap<>();
        // the same for the virtual-thread axis, by pool (SPLIT_PARAM; "" for methods without one): only the methods
        // it names, with its own parameter narrowing
        Map<String, Map<String, Map<String, Integer>>> virtualByClass = new LinkedHashMap<>();
        Collection<Mode> userModes = user.getBenchModes();
        Set<String> seen = new LinkedHashSet<>();
        for (BenchmarkListEntry e : entries) {
            String method = e.getUsername();
            int modes;
            if (userModes.isEmpty()) {
                modes = 1; // the list holds one entry per annotated mode
            } else if (seen.add(method)) {
                modes = distinctModes(userModes); // -bm replaces the annotated modes
            } else {
                continue;
            }
            Class<?> benchmarkClass = load(e.getUserClassQName());
            if (inProfile(profile, benchmarkClass, method, user)) {
                byClass.computeIfAbsent(e.getUserClassQName(), k -> new LinkedHashMap<>())
                        .merge(method, modes * combinations(e, user, narrowed(profile, benchmarkClass,
                                userSets(user))), Integer::sum);
            }
            if (runsOnVirtualThreads(profile, benchmarkClass, e.getUsername()) && forks(user)) {
                Map<String, List<String>> narrowed = narrowedVirtual(profile, benchmarkClass, userSets(user));
                int runs = modes * combinations(e, user, narrowed);
                List<String> pools = splitValues(e, user, narrowed);
                Map<String, Map<String, Integer>> byPool =
                        virtualByClass.computeIfAbsent(e.getUserClassQName(), k -> new LinkedHashMap<>());
                for (String pool : pools.isEmpty() ? List.of("") : pools) {
                    // each pool's invocation makes its share of the runs: the product has a factor of pools.size()
                    byPool.computeIfAbsent(pool, k -> new LinkedHashMap<>())
                            .merge(method, pools.isEmpty() ? runs : runs / pools.size(), Integer::sum);
                }
            }
        }
        // JMH's "-t max" arrives as -1 and means one thread per CPU
        List<Integer> userThreads = user.getThreads().hasValue()
                ? List.of(user.getThreads().get() > 0 ? user.getThreads().get()
                        : Runtime.getRuntime().availableProcessors())
                : null;
        return steps(profile, userThreads, byClass, virtualByClass, userSets(user));
    }

    /**
     * Whether the profile runs {@code method} (package.Class.method) on platform threads: every method, except that
     * {@code quick} runs only a class's {@link ThreadSweep#quickMethods()} when it lists any, unless one of the
     * user's include regexes contains the method's name (the user asked for it).
     */
    private static boolean inProfile(Profile profile, Class<?> benchmarkClass, String method, Options user) {
        ThreadSweep sweep = benchmarkClass.getAnnotation(ThreadSweep.class);
        if (profile != Profile.QUICK || sweep == null || sweep.quickMethods().length == 0) {
            return true;
        }
        String name = method.substring(method.lastIndexOf('.') + 1);
        return Arrays.asList(sweep.quickMethods()).contains(name)
                || user.getIncludes().stream().anyMatch(i -> i.contains(name));
    }

    /**
     * The {@link #SPLIT_PARAM} values a virtual-thread entry runs: the user's {@code -p}, else the profile's
     * narrowing, else the declared ones; empty when the method has no such parameter.
     */
    private static List<String> splitValues(BenchmarkListEntry e, Options user, Map<String, List<String>> narrowed) {
        if (!e.getParams().hasValue() || !e.getParams().get().containsKey(SPLIT_PARAM)) {
            return List.of();
        }
        var override = user.getParameter(SPLIT_PARAM);
        return override.hasValue() ? List.copyOf(override.get())
                : narrowed.containsKey(SPLIT_PARAM) ? narrowed.get(SPLIT_PARAM)
                : List.of(e.getParams().get().get(SPLIT_PARAM));
    }

    /**
     * Whether the benchmarks run in forked JVMs: with {@code -f 0} JMH runs them in the runner's own JVM, where
     * {@code -Djmh.executor=VIRTUAL} cannot be set per step, so there is no virtual-thread axis.
     */
    private static boolean forks(Options user) {
        return !user.getForkCount().hasValue() || user.getForkCount().get() != 0;
    }

    /**
     * Whether the class's {@link VirtualThreads} axis includes the method {@code username} (package.Class.method) in
     * this profile: every method in {@code full}, the {@link VirtualThreads#quickMethods()} in the others.
     */
    private static boolean runsOnVirtualThreads(Profile profile, Class<?> benchmarkClass, String username) {
        VirtualThreads axis = benchmarkClass.getAnnotation(VirtualThreads.class);
        if (axis == null) {
            return false;
        }
        String method = username.substring(username.lastIndexOf('.') + 1);
        return profile == Profile.FULL || axis.quickMethods().length == 0
                || Arrays.asList(axis.quickMethods()).contains(method);
    }

    /** The parameter values the profile's virtual-thread runs narrow {@code benchmarkClass} to, less the user's. */
    private static Map<String, List<String>> narrowedVirtual(Profile profile, Class<?> benchmarkClass,
                                                             Predicate<String> userSets) {
        Map<String, List<String>> params = new LinkedHashMap<>(profile.virtualParamsFor(benchmarkClass));
        params.keySet().removeIf(userSets);
        return params;
    }

    /** Whether the user set a parameter with {@code -p}: then the profile does not narrow it. */
    private static Predicate<String> userSets(Options user) {
        return name -> user.getParameter(name).hasValue();
    }

    /** The parameter values {@code profile} narrows {@code benchmarkClass} to, less those the user set. */
    private static Map<String, List<String>> narrowed(Profile profile, Class<?> benchmarkClass,
                                                      Predicate<String> userSets) {
        Map<String, List<String>> params = new LinkedHashMap<>(profile.paramsFor(benchmarkClass));
        params.keySet().removeIf(userSets);
        return params;
    }

    /**
     * The steps for the selected benchmark methods: one per class and thread count, the counts being the user's
     * {@code -t} or else the class's own {@link org.poolbench.bench.ThreadSweep} for the profile. Nothing here
     * names a benchmark: a new benchmark class is planned like the others.
     *
     * @param userThreads the thread count given with {@code -t}, or null for the classes' own sweeps
     * @param byClass     fully qualified benchmark class name -&gt; method name -&gt; JMH runs of that method, in
     *                    the order to run them
     * @throws IllegalArgumentException if a class's thread sweep is invalid
     */
    static List<Step> steps(Profile profile, List<Integer> userThreads, Map<String, Map<String, Integer>> byClass) {
        return steps(profile, userThreads, byClass, Map.of());
    }

    /**
     * As {@link #steps(Profile, List, Map)}, followed for each class by its virtual-thread steps
     * ({@link VirtualThreads}): {@code virtualByClass} holds the methods and runs of that axis, by class and then by
     * {@link #SPLIT_PARAM} value ({@code ""} for methods without that parameter); each thread count runs one step per
     * value.
     */
    static List<Step> steps(Profile profile, List<Integer> userThreads, Map<String, Map<String, Integer>> byClass,
                            Map<String, Map<String, Map<String, Integer>>> virtualByClass) {
        return steps(profile, userThreads, byClass, virtualByClass, name -> false);
    }

    /**
     * As {@link #steps(Profile, List, Map, Map)}; {@code userSets} tells the parameters the user set with
     * {@code -p}, which the profile does not narrow.
     */
    private static List<Step> steps(Profile profile, List<Integer> userThreads,
                                    Map<String, Map<String, Integer>> byClass,
                                    Map<String, Map<String, Map<String, Integer>>> virtualByClass,
                                    Predicate<String> userSets) {
        List<Step> steps = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> c : byClass.entrySet()) {
            Class<?> benchmarkClass = load(c.getKey());
            List<Integer> threads = userThreads != null ? userThreads : profile.threadsFor(benchmarkClass);
            addSteps(steps, c.getKey(), c.getValue(), threads, narrowed(profile, benchmarkClass, userSets), false);
            Map<String, Map<String, Integer>> virtualByPool = virtualByClass.getOrDefault(c.getKey(), Map.of());
            List<Integer> virtualThreads = profile.virtualThreadsFor(benchmarkClass);
            if (virtualThreads.isEmpty()) {
                continue;
            }
            for (int t : userThreads != null ? userThreads : virtualThreads) {
                for (Map.Entry<String, Map<String, Integer>> pool : virtualByPool.entrySet()) {
                    Map<String, List<String>> params =
                            new LinkedHashMap<>(narrowedVirtual(profile, benchmarkClass, userSets));
                    if (pool.getKey().isEmpty()) {
                        params.remove(SPLIT_PARAM); // methods without a pool: nothing to narrow or to label
                    } else {
                        params.put(SPLIT_PARAM, List.of(pool.getKey()));
                    }
                    addSteps(steps, c.getKey(), pool.getValue(), List.of(t), params, true);
                }
            }
        }
        return List.copyOf(steps);
    }

    private static void addSteps(List<Step> steps, String className, Map<String, Integer> methods,
                                 List<Integer> threads, Map<String, List<String>> params, boolean virtual) {
        List<String> methodIncludes = new ArrayList<>();
        int runs = 0;
        for (Map.Entry<String, Integer> m : methods.entrySet()) {
            methodIncludes.add("^" + Pattern.quote(m.getKey()) + "$");
            runs += m.getValue();
        }
        for (int t : threads) {
            steps.add(new Step(simpleName(className), t, List.copyOf(methodIncludes), runs, params, virtual));
        }
    }

    /** The benchmark class named in JMH's benchmark list, without initialising it (that is the forks' job). */
    private static Class<?> load(String qualifiedName) {
        try {
            return Class.forName(qualifiedName, false, Plan.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("benchmark class " + qualifiedName + " is in META-INF/BenchmarkList "
                    + "but not on the class path; rebuild target/benchmarks.jar", e);
        }
    }

    /**
     * The values parameter {@code name} takes in the benchmarks the user's filter selects: the user's {@code -p}
     * values where given, else each selected benchmark's declared ones. Used to start only what the run needs (a
     * PostgreSQL server when some selected benchmark runs with {@code backend=pg}).
     */
    static Set<String> paramValues(Profile profile, Options user, BenchmarkList list, OutputFormat quiet,
                                   String name) {
        List<String> includes = user.getIncludes().isEmpty() ? List.of(".*") : user.getIncludes();
        Set<String> values = new LinkedHashSet<>();
        for (BenchmarkListEntry e : list.find(quiet, includes, user.getExcludes())) {
            if (e.getParams().hasValue() && e.getParams().get().containsKey(name)) {
                var override = user.getParameter(name);
                List<String> narrowed = narrowed(profile, load(e.getUserClassQName()), userSets(user)).get(name);
                values.addAll(override.hasValue() ? override.get()
                        : narrowed != null ? narrowed
                        : List.of(e.getParams().get().get(name)));
                Class<?> benchmarkClass = load(e.getUserClassQName());
                if (!override.hasValue() && runsOnVirtualThreads(profile, benchmarkClass, e.getUsername())
                        && !profile.virtualThreadsFor(benchmarkClass).isEmpty()) {
                    List<String> virtual = narrowedVirtual(profile, benchmarkClass, userSets(user)).get(name);
                    values.addAll(virtual != null ? virtual : List.of(e.getParams().get().get(name)));
                }
            }
        }
        return values;
    }

    /**
     * Every parameter of {@code step}'s methods with its values in the order the step runs them: the user's
     * {@code -p}, else the step's narrowing, else the declared values. What {@link Interleave} reverses.
     */
    static Map<String, List<String>> valueOrder(Step step, Options user, BenchmarkList list, OutputFormat quiet) {
        Map<String, List<String>> order = new LinkedHashMap<>();
        for (BenchmarkListEntry e : list.find(quiet, step.includes(), List.of())) {
            if (!e.getParams().hasValue()) {
                continue;
            }
            for (Map.Entry<String, String[]> p : e.getParams().get().entrySet()) {
                var override = user.getParameter(p.getKey());
                order.putIfAbsent(p.getKey(), override.hasValue() ? List.copyOf(override.get())
                        : step.params().containsKey(p.getKey()) ? step.params().get(p.getKey())
                        : List.of(p.getValue()));
            }
        }
        return order;
    }

    /** Modes JMH runs for {@code -bm}: duplicates count once, and {@code all} means every mode. */
    static int distinctModes(Collection<Mode> modes) {
        Set<Mode> distinct = EnumSet.noneOf(Mode.class);
        for (Mode m : modes) {
            if (m == Mode.All) {
                for (Mode each : Mode.values()) {
                    if (each != Mode.All) {
                        distinct.add(each);
                    }
                }
            } else {
                distinct.add(m);
            }
        }
        return distinct.size();
    }

    /** Parameter combinations JMH will run for one entry: the product of each parameter's value count. */
    private static int combinations(BenchmarkListEntry e, Options user, Map<String, List<String>> narrowed) {
        if (!e.getParams().hasValue()) {
            return 1;
        }
        int product = 1;
        for (Map.Entry<String, String[]> p : e.getParams().get().entrySet()) {
            var override = user.getParameter(p.getKey());
            product *= override.hasValue() ? override.get().size()
                    : narrowed.containsKey(p.getKey()) ? narrowed.get(p.getKey()).size()
                    : p.getValue().length;
        }
        return product;
    }

    static String simpleName(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    /** Total JMH benchmark runs over all steps. */
    static int totalRuns(List<Step> steps) {
        return steps.stream().mapToInt(Step::runs).sum();
    }
}
