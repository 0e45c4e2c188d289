package org.poolbench.runner;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.openjdk.jmh.runner.Runner;
import org.poolbench.bench.Backend;
import org.poolbench.bench.PoolKind;
import org.poolbench.bench.PoolVariants;
import org.poolbench.bench.TrialSpecs;
import org.poolbench.bench.pools.PoolSpec;

/**
 * Everything a reader needs to trust and reproduce one bench run, built once when the run ends and then both
 * written as {@code run.json} ({@link #toJson()}) and shown as the header of {@code summary.md}
 * ({@link #summaryHeader()}), so the two can never disagree. The JSON field names are a published format (earlier
 * run folders hold them): keep them stable.
 *
 * @param status    how the run ended
 * @param failure   what failed or stopped it, in words; null when it completed
 * @param poolbench the measured code: its version, commit and whether the tree had uncommitted changes
 * @param started   when the run started
 * @param finished  when it ended
 * @param machine   the JDK, OS, CPU and memory the benchmarks ran on
 * @param jmh       the JMH version, the profile, the user's options and the planned invocations
 * @param pools     each pool by its {@code pool} parameter value, in {@link PoolKind} order
 * @param backends  each backend's driver description by its {@code backend} parameter value
 * @param postgres  the run's PostgreSQL server as {@code PgServer.describe()} gives it (provisioning, version,
 *                  settings, authentication, connection properties); empty when the run started none
 */
record RunRecord(Status status, String failure, Project poolbench, Instant started, Instant finished, Machine machine,
                 Jmh jmh, Map<String, Pool> pools, Map<String, Map<String, String>> backends,
                 Map<String, String> postgres) {

    RunRecord {
        postgres = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(postgres)); // keeps the server's order
    }

    /** How a run ended. */
    enum Status {
        /** Every planned JMH invocation finished. */
        OK("ok"),
        /** A benchmark failed; the folder holds the invocations that finished before it. */
        FAILED("failed"),
        /** Stopped by a signal (Ctrl-C); the folder holds the invocations that finished before it. */
        INTERRUPTED("interrupted");

        private final String json;

        Status(String json) {
            this.json = json;
        }

        /** The value of {@code run.json}'s {@code status} field. */
        String json() {
            return json;
        }
    }

    /** The measured code. */
    record Project(String version, String commit, boolean dirty) {
    }

    /** The JVM and hardware; the benchmarks' forks use the same JDK (JMH forks the running {@code java}). */
    record Machine(Jdk jdk, Os os, Cpu cpu, Long memoryBytes) {

        /** This JVM and the machine it runs on. */
        static Machine current() {
            Long memory = ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : null;
            return new Machine(new Jdk(System.getProperty("java.vendor"), System.getProperty("java.runtime.version"),
                    System.getProperty("java.vm.name"), System.getProperty("java.home")),
                    new Os(System.getProperty("os.name"), System.getProperty("os.version"),
                            System.getProperty("os.arch")),
                    new Cpu(RunMetadata.cpuModel(), Runtime.getRuntime().availableProcessors()), memory);
        }

        JsonObject toJson() {
            JsonObject jdkJson = new JsonObject();
            jdkJson.addProperty("vendor", jdk.vendor());
            jdkJson.addProperty("version", jdk.version());
            jdkJson.addProperty("vmName", jdk.vmName());
            jdkJson.addProperty("home", jdk.home());
            JsonObject osJson = new JsonObject();
            osJson.addProperty("name", os.name());
            osJson.addProperty("version", os.version());
            osJson.addProperty("arch", os.arch());
            JsonObject cpuJson = new JsonObject();
            cpuJson.addProperty("model", cpu.model());
            cpuJson.addProperty("count", cpu.count());
            JsonObject memory = new JsonObject();
            if (memoryBytes != null) {
                memory.addProperty("totalBytes", memoryBytes);
            }
            JsonObject m = new JsonObject();
            m.add("jdk", jdkJson);
            m.add("os", osJson);
            m.add("cpu", cpuJson);
            m.add("memory", memory);
            return m;
        }
    }

    /** The JDK that ran the benchmarks. */
    record Jdk(String vendor, String version, String vmName, String home) {
    }

    /** The operating system. */
    record Os(String name, String version, String arch) {
    }

    /** The CPU model and the CPUs this JVM may use. */
    record Cpu(String model, int count) {
    }

    /**
     * JMH's side of the run.
     *
     * @param userOptions the arguments the user passed on to JMH, each scrubbed of secrets
     */
    record Jmh(String version, Profile profile, List<String> userOptions, List<Plan.Step> invocations) {

        Jmh {
            userOptions = userOptions.stream().map(RunMetadata::sanitizeText).toList();
            invocations = List.copyOf(invocations);
        }
    }

    /**
     * One pool under test.
     *
     * @param settings the exact settings it was given, by pool size ({@code size=4}), for the sizes in the results,
     *                 and by benchmark and parameters for a benchmark with a spec of its own
     *                 ({@code CleanerBenchmark idle=256,reaper=10ms,threads=2}, see {@link TrialSpecs})
     */
    record Pool(String library, String version, Map<String, Map<String, String>> settings) {
    }

    /**
     * Builds the record of a run.
     *
     * @param userOptions the arguments passed on to JMH (scrubbed here)
     * @param results     the merged JMH results, for the pool sizes that were measured
     */
    static RunRecord of(Status status, String failure, Profile profile, List<String> userOptions,
                        RunMetadata.Source source, Instant started, Instant finished, List<Plan.Step> steps,
                        JsonArray results) {
        return of(status, failure, profile, userOptions, source, started, finished, steps, results, Map.of());
    }

    /** As {@link #of(Status, String, Profile, List, RunMetadata.Source, Instant, Instant, List, JsonArray)}, with
     * the run's PostgreSQL server described by {@code postgres}. */
    static RunRecord of(Status status, String failure, Profile profile, List<String> userOptions,
                        RunMetadata.Source source, Instant started, Instant finished, List<Plan.Step> steps,
                        JsonArray results, Map<String, String> postgres) {
        return new RunRecord(status, failure == null ? null : RunMetadata.sanitizeText(failure),
                new Project(PoolKind.POOLBENCH.version(), source.commit(), source.dirty()), started, finished,
                Machine.current(), new Jmh(jmhVersion(), profile, userOptions, steps), pools(results), describeBackends(),
                postgres);
    }

    /**
     * Each pool's library, version and settings for every pool size that appears in the results (pools differ in
     * settings by size only, and by a {@code minIdle} parameter where a benchmark sets one below the size: keyed
     * {@code size=4} for the usual spec, {@code size=4,minIdle=0} for such a one); then each pool variant that
     * appears in the results ({@link PoolVariants}: a pool used in a particular way, such as {@code c3p0_cache}),
     * with its pool's library and version and its own settings. A benchmark that builds a spec of its own
     * ({@link TrialSpecs}) adds, for each pool it ran, the settings of each spec it built.
     */
    static Map<String, Pool> pools(JsonArray results) {
        // (size, minIdle), sorted by size, then the usual spec (minIdle = size) before lower ones
        TreeSet<List<Integer>> specs = new TreeSet<>(Comparator.<List<Integer>>comparingInt(l -> l.get(0))
                .thenComparing(l -> -l.get(1)));
        Set<String> variants = new TreeSet<>();
        // pool -> "Class params" -> settings, for benchmarks with a spec of their own
        Map<String, Map<String, Map<String, String>>> ownSpecs = new TreeMap<>();
        for (JsonElement e : results) {
            JsonObject params = e.getAsJsonObject().getAsJsonObject("params");
            ownSpec(e.getAsJsonObject()).ifPresent(entry -> ownSpecs
                    .computeIfAbsent(entry.getKey(), k -> new TreeMap<>()).putAll(entry.getValue()));
            if (params != null && params.has("size")) {
                int size = Integer.parseInt(params.get("size").getAsString());
                int minIdle = params.has("minIdle") ? Integer.parseInt(params.get("minIdle").getAsString()) : size;
                specs.add(List.of(size, minIdle));
            }
            if (params != null && params.has("pool")
                    && PoolVariants.kindOf(params.get("pool").getAsString()).isPresent()) {
                variants.add(params.get("pool").getAsString());
            }
        }
        Map<String, Pool> pools = new LinkedHashMap<>();
        for (PoolKind kind : PoolKind.values()) {
            Map<String, Map<String, String>> bySize = new LinkedHashMap<>();
            for (List<Integer> spec : specs) {
                int size = spec.get(0);
                int minIdle = spec.get(1);
                bySize.put("size=" + size + (minIdle == size ? "" : ",minIdle=" + minIdle),
                        kind.settings(PoolSpec.ofSize(size).withMinIdle(minIdle)));
            }
            bySize.putAll(ownSpecs.getOrDefault(kind.paramValue(), Map.of()));
            pools.put(kind.paramValue(), new Pool(kind.library(), kind.version(), bySize));
        }
        for (String variant : variants) {
            PoolKind kind = PoolVariants.kindOf(variant).orElseThrow();
            Map<String, Map<String, String>> bySize = new LinkedHashMap<>();
            for (int size : specs.stream().map(spec -> spec.get(0)).collect(Collectors.toCollection(TreeSet::new))) {
                bySize.put("size=" + size, PoolVariants.settings(variant, size));
            }
            pools.put(variant, new Pool(kind.library(), kind.version(), bySize));
        }
        return pools;
    }

    /**
     * For a result of a benchmark with a spec of its own ({@link TrialSpecs}) and a pool of a {@link PoolKind}: the
     * pool's name, and its settings keyed by the benchmark and the result's other parameters and thread count.
     */
    private static Optional<Map.Entry<String, Map<String, Map<String, String>>>> ownSpec(JsonObject result) {
        JsonObject paramsJson = result.getAsJsonObject("params");
        if (paramsJson == null || !paramsJson.has("pool")) {
            return Optional.empty();
        }
        String benchmark = result.get("benchmark").getAsString();
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        String className = Plan.simpleName(benchmark.substring(0, benchmark.lastIndexOf('.')));
        Map<String, String> params = new TreeMap<>();
        paramsJson.entrySet().forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
        int threads = result.has("threads") ? result.get("threads").getAsInt() : 1;
        String pool = params.remove("pool");
        Optional<PoolKind> kind = Arrays.stream(PoolKind.values())
                .filter(k -> k.paramValue().equals(pool)).findFirst();
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> withPool = new HashMap<>(params);
        withPool.put("pool", pool);
        return TrialSpecs.of(className, method, withPool, threads).map(spec -> {
            String key = className + " " + params.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue())
                    .collect(Collectors.joining(",")) + (params.isEmpty() ? "" : ",") + "threads=" + threads;
            return Map.entry(pool, Map.of(key, kind.get().settings(spec)));
        });
    }

    /** Each backend's driver and version, by its {@code backend} parameter value. */
    static Map<String, Map<String, String>> describeBackends() {
        Map<String, Map<String, String>> backends = new LinkedHashMap<>();
        for (Backend b : Backend.values()) {
            backends.put(b.paramValue(), b.describe());
        }
        return backends;
    }

    private static String jmhVersion() {
        Package p = Runner.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v != null ? v : "1.37";
    }

    /** {@code run.json}'s content, every string scrubbed of secrets. */
    JsonObject toJson() {
        JsonObject meta = new JsonObject();
        meta.addProperty("status", status.json());
        if (failure != null) {
            meta.addProperty("failure", failure);
        }
        JsonObject project = new JsonObject();
        project.addProperty("version", poolbench.version());
        project.addProperty("commit", poolbench.commit());
        project.addProperty("dirty", poolbench.dirty());
        meta.add("poolbench", project);
        meta.addProperty("started", started.toString());
        meta.addProperty("finished", finished.toString());
        meta.addProperty("durationSeconds", Duration.between(started, finished).toSeconds());
        meta.add("machine", machine.toJson());

        JsonObject jmhJson = new JsonObject();
        jmhJson.addProperty("version", jmh.version());
        jmhJson.addProperty("profile", jmh.profile().label());
        JsonArray userArgs = new JsonArray();
        jmh.userOptions().forEach(userArgs::add);
        jmhJson.add("userOptions", userArgs);
        Profile p = jmh.profile();
        JsonObject defaults = new JsonObject();
        defaults.addProperty("forks", p.forks);
        defaults.addProperty("warmupIterations", p.warmupIterations);
        defaults.addProperty("warmupTime", p.warmupMillis + " ms");
        defaults.addProperty("measurementIterations", p.measurementIterations);
        defaults.addProperty("measurementTime", p.measurementMillis + " ms");
        defaults.addProperty("profilers", "gc");
        defaults.addProperty("failOnError", true);
        jmhJson.add("profileOptions", defaults);
        JsonArray plan = new JsonArray();
        for (Plan.Step s : jmh.invocations()) {
            JsonObject o = new JsonObject();
            o.addProperty("benchmarkClass", s.benchmarkClass());
            o.addProperty("threads", s.threads());
            o.addProperty("virtualThreads", s.virtual());
            o.addProperty("runs", s.runs());
            if (!s.params().isEmpty()) {
                JsonObject params = new JsonObject();
                s.params().forEach((name, values) -> params.addProperty(name, String.join(",", values)));
                o.add("params", params);
            }
            plan.add(o);
        }
        jmhJson.add("invocations", plan);
        meta.add("jmh", jmhJson);

        JsonObject poolsJson = new JsonObject();
        pools.forEach((name, pool) -> {
            JsonObject o = new JsonObject();
            o.addProperty("library", pool.library());
            o.addProperty("version", pool.version());
            JsonObject bySize = new JsonObject();
            pool.settings().forEach((size, settings) -> bySize.add(size, RunMetadata.toJson(settings)));
            o.add("settings", bySize);
            poolsJson.add(name, o);
        });
        meta.add("pools", poolsJson);
        JsonObject backendsJson = new JsonObject();
        backends.forEach((name, description) -> backendsJson.add(name, RunMetadata.toJson(description)));
        meta.add("backends", backendsJson);
        if (!postgres.isEmpty()) {
            meta.add("postgres", RunMetadata.toJson(postgres));
        }
        return RunMetadata.sanitize(meta).getAsJsonObject();
    }

    /** {@link #toJson()} as the text of {@code run.json}: pretty-printed, ending with a newline. */
    String toJsonText() {
        return toJsonText(Summary.VirtualThreadsReport.NONE);
    }

    /**
     * As {@link #toJsonText()}, with {@code virtualThreads}: per virtual-thread step, the pinning JFR saw per pool
     * and the stalls (absent when the run had no virtual-thread step).
     */
    String toJsonText(Summary.VirtualThreadsReport virtual) {
        JsonObject meta = toJson();
        if (!virtual.steps().isEmpty()) {
            meta.add("virtualThreads", virtualJson(virtual));
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(meta) + "\n";
    }

    static JsonObject virtualJson(Summary.VirtualThreadsReport virtual) {
        JsonObject o = new JsonObject();
        o.addProperty("jdk", virtual.jdk());
        o.addProperty("pinningEvent", PinningReport.EVENT + " (threshold 0 ms)");
        JsonArray steps = new JsonArray();
        for (Summary.VirtualStep step : virtual.steps()) {
            JsonObject s = new JsonObject();
            s.addProperty("benchmarkClass", step.benchClass());
            s.addProperty("threads", step.threads());
            if (!step.pool().isEmpty()) {
                s.addProperty("pool", step.pool());
            }
            if (step.pinning() == null) {
                s.addProperty("pinningError", step.pinningError());
            } else {
                s.addProperty("recordings", step.pinning().recordings());
                JsonArray lines = new JsonArray();
                for (PinningReport.Line line : step.pinning().lines()) {
                    JsonObject l = new JsonObject();
                    l.addProperty("pool", line.owner());
                    l.addProperty("events", line.events());
                    l.addProperty("pinnedNanos", line.pinned().toNanos());
                    l.addProperty("topFrame", line.topFrame());
                    if (!line.reason().isEmpty()) {
                        l.addProperty("reason", line.reason());
                    }
                    lines.add(l);
                }
                s.add("pinning", lines);
            }
            JsonArray stalls = new JsonArray();
            step.stalls().forEach(stalls::add);
            s.add("stalls", stalls);
            steps.add(s);
        }
        o.add("steps", steps);
        return o;
    }

    /**
     * The summary's metadata lines: how the run ended if not well, commit, JDK, CPU and OS, profile and options,
     * pool versions, duration.
     *
     * @param iterationSettings the forks and iterations the results were measured with (see
     *                          {@link #iterationSettings(JsonArray)})
     */
    List<String> summaryHeader(List<String> iterationSettings) {
        List<String> lines = new ArrayList<>();
        if (status == Status.FAILED) {
            lines.add("**FAILED**: " + failure + " (the tables hold only what finished)");
        } else if (status == Status.INTERRUPTED) {
            lines.add("**INTERRUPTED**: " + failure + " (the tables hold only what finished)");
        }
        lines.add("commit " + shortCommit() + (poolbench.dirty() ? " (uncommitted changes)" : " (clean)"));
        lines.add("JDK " + machine.jdk().version() + " (" + machine.jdk().vendor() + ")");
        lines.add(machine.cpu().count() + " CPUs: " + machine.cpu().model() + "; " + machine.os().name() + " "
                + machine.os().arch());
        lines.add("profile " + jmh.profile().label() + ": " + String.join("; ", iterationSettings)
                + (jmh.userOptions().isEmpty() ? "" : "; options: " + String.join(" ", jmh.userOptions())));
        lines.add("pools: " + poolVersions());
        if (!postgres.isEmpty()) {
            lines.add(postgresLine());
        }
        lines.add("took " + ProgressFormat.clock(Duration.between(started, finished)) + ", finished " + finished);
        return lines;
    }

    /**
     * The PostgreSQL server in one line: version and provisioning, the settings that change results, the login's
     * authentication and the connection properties every pool got.
     */
    private String postgresLine() {
        StringBuilder b = new StringBuilder("PostgreSQL ").append(postgres.getOrDefault("server_version", "?"))
                .append(" (").append(postgres.getOrDefault("provisioning", "?")).append("): ");
        List<String> parts = new ArrayList<>();
        for (String key : List.of("max_connections", "superuser_reserved_connections", "reserved_connections",
                "shared_buffers", "fsync", "synchronous_commit", "login")) {
            if (postgres.containsKey(key)) {
                parts.add(key + " " + postgres.get(key));
            }
        }
        List<String> connection = new ArrayList<>();
        postgres.forEach((k, v) -> {
            if (k.startsWith("connection.")) {
                connection.add(k.substring("connection.".length()) + "=" + v);
            }
        });
        b.append(String.join(", ", parts));
        if (!connection.isEmpty()) {
            b.append("; pgjdbc ").append(String.join(" ", connection));
        }
        return b.toString();
    }

    private String shortCommit() {
        return new RunMetadata.Source(poolbench.commit(), poolbench.dirty()).shortCommit();
    }

    /** Each pool library once with its version, e.g. {@code poolbench 0.1.0, HikariCP 7.1.0, ...}. */
    private String poolVersions() {
        Set<String> libraries = new LinkedHashSet<>();
        pools.values().forEach(pool -> {
            if (!pool.version().isEmpty()) {
                libraries.add(pool.library() + ' ' + pool.version());
            }
        });
        return String.join(", ", libraries);
    }

    /**
     * The forks and iterations the results were actually measured with (the profile's, or the user's options),
     * e.g. {@code 2 forks x 3 x 1 s measured after 1 x 1 s warm-up}; one entry per distinct combination.
     */
    static List<String> iterationSettings(JsonArray results) {
        Set<String> distinct = new LinkedHashSet<>();
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            int forks = o.get("forks").getAsInt();
            int warmups = o.get("warmupIterations").getAsInt();
            distinct.add(forks + (forks == 1 ? " fork" : " forks") + " x " + o.get("measurementIterations").getAsInt()
                    + " x " + o.get("measurementTime").getAsString() + " measured after "
                    + (warmups == 0 ? "no warm-up" : warmups + " x " + o.get("warmupTime").getAsString() + " warm-up"));
        }
        return distinct.isEmpty() ? List.of("no results") : List.copyOf(distinct);
    }
}
