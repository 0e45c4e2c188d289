package org.poolbench.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The bench runner behind {@code scripts/bench} and the Maven {@code bench} profile:
 *
 * <pre>{@code
 * java -cp target/benchmarks.jar org.poolbench.runner.Bench [quick|full|smoke] [--out DIR] [JMH options and regexes]
 * }</pre>
 *
 * It plans the run (one JMH invocation per benchmark class and thread count of the profile), runs JMH in this
 * process (JMH forks a JVM per benchmark run, as usual) with a progress line before each benchmark run, then
 * writes {@code reports/runs/<UTC time>-<short commit>/} ({@code target/smoke-runs/...} for the smoke profile, or
 * {@code --out DIR}) holding {@code results.json}
 * (every step's JMH JSON merged into one standard JMH file), {@code run.json} (metadata) and {@code summary.md},
 * and prints the summary.
 *
 * <p>Exit status: 0 on success; 1 if a benchmark failed (JMH runs with fail-on-error; the folder then holds what
 * finished and a summary marked FAILED); 2 for a usage error.
 */
public final class Bench {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final DateTimeFormatter FOLDER_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Bench() {
    }

    public static void main(String[] args) {
        int status = run(Arrays.asList(args), Path.of("").toAbsolutePath(), System.out);
        System.out.flush();
        System.exit(status);
    }

    /** Parsed command line: the profile, an output folder if given, and the arguments left for JMH. */
    record Arguments(Profile profile, Path out, List<String> jmhArgs) {

        /** A JMH option spelled alone ({@code -jvmArgs}, not {@code -t4}): JMH takes the next word as its value. */
        private static final Pattern JMH_OPTION_WITH_VALUE = Pattern.compile("-[A-Za-z]+");
        /** JMH's options that take no value. */
        private static final Set<String> JMH_FLAGS = Set.of("-l", "-lp", "-lrf", "-lprof", "-h");

        static Arguments parse(List<String> args) {
            Profile profile = Profile.QUICK;
            Path out = null;
            List<String> rest = new ArrayList<>();
            boolean jmhValue = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (jmhValue) {
                    // the value of the JMH option before it, even if it starts with "--" (-jvmArgs --enable-preview)
                    rest.add(a);
                    jmhValue = false;
                } else if (i == 0 && Profile.isProfile(a)) {
                    profile = Profile.of(a);
                } else if (a.equals("--out")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--out needs a folder");
                    }
                    out = Path.of(args.get(++i));
                } else if (a.startsWith("--")) {
                    throw new IllegalArgumentException("unknown option " + a + "; the runner's own options are "
                            + "a profile (quick, full, smoke) first and --out DIR; JMH options have one dash");
                } else {
                    rest.add(a);
                    jmhValue = JMH_OPTION_WITH_VALUE.matcher(a).matches() && !JMH_FLAGS.contains(a);
                }
            }
            return new Arguments(profile, out, List.copyOf(rest));
        }
    }

    static int run(List<String> args, Path root, PrintStream console) {
        Arguments arguments;
        CommandLineOptions user;
        try {
            arguments = Arguments.parse(args);
            user = new CommandLineOptions(arguments.jmhArgs().toArray(String[]::new));
        } catch (IllegalArgumentException | CommandLineOptionException e) {
            console.println("bench: " + e.getMessage());
            console.println("usage: scripts/bench [quick|full|smoke] [benchmark regex] [JMH options]");
            return USAGE;
        }
        for (String ignored : List.of("-rf", "-rff", "-foe", "-o")) {
            if (arguments.jmhArgs().contains(ignored)) {
                console.println("bench: ignoring " + ignored + ": the runner writes JSON results into the run folder "
                        + "and always fails on a benchmark error");
            }
        }
        OutputFormat out = OutputFormatFactory.createFormatInstance(console,
                user.verbosity().orElse(VerboseMode.NORMAL));
        OutputFormat quiet = OutputFormatFactory.createFormatInstance(console, VerboseMode.SILENT);

        BenchmarkList list = BenchmarkList.defaultList();
        List<Plan.Step> steps;
        try {
            steps = Plan.of(arguments.profile(), user, list, quiet);
        } catch (IllegalArgumentException e) {
            console.println("bench: " + e.getMessage());
            return USAGE;
        }
        Set<String> paramNames = new LinkedHashSet<>();
        for (BenchmarkListEntry e : list.getAll(quiet, List.of())) {
            if (e.getParams().hasValue()) {
                paramNames.addAll(e.getParams().get().keySet());
            }
        }

        RunMetadata.Source source = RunMetadata.Source.of(root);
        Instant started = Instant.now();
        Path folder = arguments.out() != null
                ? arguments.out()
                : defaultFolder(root, arguments.profile(), started, source);
        int total = Plan.totalRuns(steps);
        double secondsPerRun = nominalSecondsPerRun(arguments.profile(), user);
        ProgressFormat progress = new ProgressFormat(out, total, secondsPerRun, System::nanoTime);
        console.printf("bench: profile %s: %d benchmark runs in %d JMH invocations, about %s; results go to %s%n",
                arguments.profile().label(), total, steps.size(),
                ProgressFormat.clock(Duration.ofSeconds(Math.round(total * secondsPerRun))), shown(root, folder));

        List<Path> parts = new ArrayList<>();
        String failure = null;
        try {
            Files.createDirectories(folder);
            Path partsDir = Files.createTempDirectory("poolbench-parts");
            for (int i = 0; i < steps.size(); i++) {
                Plan.Step step = steps.get(i);
                console.printf("bench: JMH invocation %d of %d: %s with %d thread%s%n", i + 1, steps.size(),
                        step.benchmarkClass(), step.threads(), step.threads() == 1 ? "" : "s");
                Path part = partsDir.resolve(String.format("%02d-%s-t%d.json", i + 1, step.benchmarkClass(),
                        step.threads()));
                try {
                    new Runner(JmhOptions.forStep(arguments.profile(), user, paramNames, step, part,
                            Runtime.version().feature()), progress).run();
                } catch (RunnerException | RuntimeException e) {
                    failure = "JMH invocation " + (i + 1) + " of " + steps.size() + " (" + step.benchmarkClass()
                            + ", " + step.threads() + " threads) failed: " + rootMessage(e);
                    break;
                }
                parts.add(part);
            }
            Instant finished = Instant.now();
            JsonArray results = JmhResults.merge(parts);
            deleteRecursively(partsDir);
            JmhResults.write(results, folder.resolve("results.json"));
            JsonObject meta = metadata(arguments, source, started, finished, steps, failure, results);
            Files.writeString(folder.resolve("run.json"),
                    new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                            .toJson(RunMetadata.sanitize(meta)) + "\n", StandardCharsets.UTF_8);
            String summary = Summary.markdown(JmhResults.rows(results), summaryContext(arguments, source, started,
                    finished, failure, results));
            Files.writeString(folder.resolve("summary.md"), summary, StandardCharsets.UTF_8);
            console.println();
            console.println(summary);
            console.println("bench: wrote " + shown(root, folder) + "/{results.json,run.json,"
                    + "summary.md} in " + ProgressFormat.clock(Duration.between(started, finished)));
        } catch (IOException | RuntimeException e) {
            console.println("bench: could not write the run folder " + folder + ": " + e);
            return FAILED;
        }
        if (failure != null) {
            console.println("bench: FAILED: " + failure);
            return FAILED;
        }
        return OK;
    }

    /**
     * {@code reports/runs/<UTC time>-<short commit>}; a smoke run measures nothing worth publishing, so by default it
     * goes to {@code target/smoke-runs/} instead.
     */
    static Path defaultFolder(Path root, Profile profile, Instant started, RunMetadata.Source source) {
        String parent = profile == Profile.SMOKE ? "target/smoke-runs/" : "reports/runs/";
        return root.resolve(parent + FOLDER_TIME.format(started) + "-" + source.shortCommit());
    }

    /**
     * The first estimate of one benchmark run: forks x (warm-up + measurement time) plus about 1.5 s per fork for
     * the JVM start and trial setup, with the user's JMH options in place of the profile's.
     */
    static double nominalSecondsPerRun(Profile p, Options user) {
        int forks = Math.max(1, user.getForkCount().orElse(p.forks));
        int wi = user.getWarmupIterations().orElse(p.warmupIterations);
        int mi = user.getMeasurementIterations().orElse(p.measurementIterations);
        double w = user.getWarmupTime().hasValue()
                ? user.getWarmupTime().get().convertTo(TimeUnit.MILLISECONDS) : p.warmupMillis;
        double r = user.getMeasurementTime().hasValue()
                ? user.getMeasurementTime().get().convertTo(TimeUnit.MILLISECONDS) : p.measurementMillis;
        return forks * ((wi * w + mi * r) / 1000.0 + 1.5);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The folder relative to the project root when it is inside it, else absolute. */
    static String shown(Path root, Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    /**
     * The failure in words. JMH wraps a benchmark's own exception as a suppressed exception of a
     * {@code BenchmarkException}, the cause of the {@code RunnerException}, so that is where the useful message is.
     */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StringBuilder b = new StringBuilder(String.valueOf(t.getMessage()));
        if (root.getSuppressed().length > 0) {
            b.append(" (cause: ").append(root.getSuppressed()[0]).append(')');
        } else if (root != t) {
            b.append(" (cause: ").append(root).append(')');
        }
        return b.toString();
    }

    static JsonObject metadata(Arguments arguments, RunMetadata.Source source, Instant started, Instant finished,
                               List<Plan.Step> steps, String failure, JsonArray results) {
        JsonObject meta = new JsonObject();
        meta.addProperty("status", failure == null ? "ok" : "failed");
        if (failure != null) {
            meta.addProperty("failure", failure);
        }
        JsonObject project = new JsonObject();
        project.addProperty("version", org.poolbench.bench.PoolKind.POOLBENCH.version());
        project.addProperty("commit", source.commit());
        project.addProperty("dirty", source.dirty());
        meta.add("poolbench", project);
        meta.addProperty("started", started.toString());
        meta.addProperty("finished", finished.toString());
        meta.addProperty("durationSeconds", Duration.between(started, finished).toSeconds());
        meta.add("machine", RunMetadata.machine());

        JsonObject jmh = new JsonObject();
        jmh.addProperty("version", jmhVersion());
        jmh.addProperty("profile", arguments.profile().label());
        JsonArray userArgs = new JsonArray();
        arguments.jmhArgs().forEach(userArgs::add);
        jmh.add("userOptions", userArgs);
        Profile p = arguments.profile();
        JsonObject defaults = new JsonObject();
        defaults.addProperty("forks", p.forks);
        defaults.addProperty("warmupIterations", p.warmupIterations);
        defaults.addProperty("warmupTime", p.warmupMillis + " ms");
        defaults.addProperty("measurementIterations", p.measurementIterations);
        defaults.addProperty("measurementTime", p.measurementMillis + " ms");
        defaults.addProperty("profilers", "gc");
        defaults.addProperty("failOnError", true);
        jmh.add("profileOptions", defaults);
        JsonArray plan = new JsonArray();
        for (Plan.Step s : steps) {
            JsonObject o = new JsonObject();
            o.addProperty("benchmarkClass", s.benchmarkClass());
            o.addProperty("threads", s.threads());
            o.addProperty("runs", s.runs());
            plan.add(o);
        }
        jmh.add("invocations", plan);
        meta.add("jmh", jmh);
        JsonObject pools = RunMetadata.poolsAndBackends(results);
        meta.add("pools", pools.get("pools"));
        meta.add("backends", pools.get("backends"));
        return meta;
    }

    private static String jmhVersion() {
        Package p = Runner.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v != null ? v : "1.37";
    }

    static Summary.SummaryContext summaryContext(Arguments arguments, RunMetadata.Source source, Instant started,
                                          Instant finished, String failure, JsonArray results) {
        JsonObject m = RunMetadata.machine();
        JsonObject jdk = m.getAsJsonObject("jdk");
        JsonObject cpu = m.getAsJsonObject("cpu");
        int cpus = cpu.get("count").getAsInt();
        List<String> lines = new ArrayList<>();
        if (failure != null) {
            lines.add("**FAILED**: " + failure + " (the tables hold only what finished)");
        }
        lines.add("commit " + source.shortCommit() + (source.dirty() ? " (uncommitted changes)" : " (clean)"));
        lines.add("JDK " + jdk.get("version").getAsString() + " (" + jdk.get("vendor").getAsString() + ")");
        lines.add(cpus + " CPUs: " + cpu.get("model").getAsString() + "; " + m.getAsJsonObject("os").get("name")
                .getAsString() + " " + m.getAsJsonObject("os").get("arch").getAsString());
        Profile p = arguments.profile();
        lines.add("profile " + p.label() + ": " + String.join("; ", iterationSettings(results))
                + (arguments.jmhArgs().isEmpty() ? "" : "; options: "
                + RunMetadata.sanitizeText(String.join(" ", arguments.jmhArgs()))));
        lines.add("pools: " + poolVersions());
        lines.add("took " + ProgressFormat.clock(Duration.between(started, finished)) + ", finished " + finished);
        return new Summary.SummaryContext("poolbench " + p.label() + " run, " + FOLDER_TIME.format(started), lines, cpus,
                "hikari");
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

    private static String poolVersions() {
        StringBuilder b = new StringBuilder();
        for (org.poolbench.bench.PoolKind k : org.poolbench.bench.PoolKind.values()) {
            if (k.version().isEmpty() || k == org.poolbench.bench.PoolKind.POOLBENCH_MAXIDLE2) {
                continue;
            }
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(k.library()).append(' ').append(k.version());
        }
        return b.toString();
    }
}
