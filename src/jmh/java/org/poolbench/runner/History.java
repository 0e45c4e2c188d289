package org.poolbench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The index of every run under {@code reports/runs} ({@code reports/history.md} and {@code reports/history.json}):
 * per run its commit, start, profile and options, status, and a machine fingerprint: the CPU model and count, the
 * JDK, the OS, the pool and driver versions, and the PostgreSQL server and its settings. Runs with different
 * fingerprints measured different things, so the per-benchmark series in {@code history.json} are split by
 * fingerprint and profile settings: a series never joins runs that differ in either. The runner rewrites both files
 * after each run it writes under {@code reports/runs}; {@code scripts/history} rewrites them by hand.
 */
final class History {

    static final String MARKDOWN = "history.md";
    static final String JSON = "history.json";

    /**
     * One run.
     *
     * @param folder      its folder name, {@code <UTC start>-<commit>}
     * @param commit      the commit, shortened, with {@code +dirty} if the tree had uncommitted changes
     * @param started     its start, ISO-8601
     * @param status      {@code ok}, {@code failed} or {@code interrupted}
     * @param profile     the profile and its settings, e.g. {@code quick (2 forks, 1 x 500 ms, 2 x 500 ms)}
     * @param options     the user's options, space-separated
     * @param fingerprint a short hash of {@code machine}
     * @param machine     what the fingerprint covers, by name
     * @param backends    per {@code backend} parameter value, the machine entries only its results depend on: its
     *                    driver, and for PostgreSQL the server and its settings
     */
    record Entry(String folder, String commit, String started, String status, String profile, String options,
                 String fingerprint, Map<String, String> machine, Map<String, Map<String, String>> backends) {

        /**
         * The fingerprint of what one result depends on: the machine without the other backends' drivers and
         * servers, so that a stub benchmark's series does not break where a run added PostgreSQL.
         */
        String fingerprintFor(String backend) {
            Map<String, String> relevant = new TreeMap<>();
            machine.forEach((k, v) -> {
                if (!k.startsWith("driver ") && !k.startsWith("postgres ")) {
                    relevant.put(k, v);
                }
            });
            if (backend != null) {
                relevant.putAll(backends.getOrDefault(backend, Map.of()));
            }
            return hash(relevant);
        }
    }

    private History() {
    }

    /** Reads every run folder under {@code runs} that has a {@code run.json}, oldest first. */
    static List<Entry> scan(Path runs) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return entries;
        }
        try (Stream<Path> folders = Files.list(runs)) {
            for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve("run.json"))).sorted().toList()) {
                try {
                    entries.add(entry(folder.getFileName().toString(), JsonParser.parseString(
                            Files.readString(folder.resolve("run.json"), StandardCharsets.UTF_8)).getAsJsonObject()));
                } catch (RuntimeException e) {
                    // one hand-made or old run.json must not cost every later run its index
                    System.err.println("history: skipped " + folder + ": its run.json lacks what the index needs ("
                            + e + ")");
                }
            }
        }
        return entries;
    }

    /** One run's entry from its {@code run.json}. */
    static Entry entry(String folder, JsonObject run) {
        JsonObject project = run.getAsJsonObject("poolbench");
        String commit = project.get("commit").getAsString();
        commit = commit.length() > 7 ? commit.substring(0, 7) : commit;
        if (project.has("dirty") && project.get("dirty").getAsBoolean()) {
            commit += "+dirty";
        }
        JsonObject jmh = run.getAsJsonObject("jmh");
        JsonObject p = jmh.getAsJsonObject("profileOptions");
        String profile = jmh.get("profile").getAsString() + (p == null ? "" : " (" + p.get("forks").getAsInt()
                + " forks, " + p.get("warmupIterations").getAsInt() + " x " + p.get("warmupTime").getAsString()
                + ", " + p.get("measurementIterations").getAsInt() + " x " + p.get("measurementTime").getAsString()
                + ")");
        List<String> options = new ArrayList<>();
        jmh.getAsJsonArray("userOptions").forEach(o -> options.add(o.getAsString()));
        Map<String, String> machine = machine(run);
        Map<String, Map<String, String>> backends = new TreeMap<>();
        JsonObject b = run.getAsJsonObject("backends");
        if (b != null) {
            b.entrySet().forEach(e -> {
                Map<String, String> depends = new TreeMap<>();
                JsonObject d = e.getValue().getAsJsonObject();
                depends.put("driver " + d.get("driver").getAsString(), d.get("driverVersion").getAsString());
                if (e.getKey().startsWith("pg")) {
                    machine.forEach((k, v) -> {
                        if (k.startsWith("postgres ")) {
                            depends.put(k, v);
                        }
                    });
                }
                backends.put(e.getKey(), depends);
            });
        }
        return new Entry(folder, commit, run.get("started").getAsString(), run.get("status").getAsString(), profile,
                String.join(" ", options), hash(machine), machine, backends);
    }

    /** What makes two runs' numbers comparable, by name: hardware, JDK, OS, libraries, database server. */
    static Map<String, String> machine(JsonObject run) {
        Map<String, String> m = new TreeMap<>();
        JsonObject machine = run.getAsJsonObject("machine");
        JsonObject cpu = machine.getAsJsonObject("cpu");
        m.put("cpu", cpu.get("model").getAsString() + " x " + cpu.get("count").getAsInt());
        JsonObject jdk = machine.getAsJsonObject("jdk");
        m.put("jdk", jdk.get("vendor").getAsString() + " " + jdk.get("version").getAsString());
        JsonObject os = machine.getAsJsonObject("os");
        m.put("os", os.get("name").getAsString() + " " + os.get("arch").getAsString());
        run.getAsJsonObject("pools").entrySet().forEach(e -> {
            String version = e.getValue().getAsJsonObject().get("version").getAsString();
            if (!version.isEmpty() && !e.getKey().startsWith("poolbench")) { // ours is what the commit measures
                m.put("pool " + e.getValue().getAsJsonObject().get("library").getAsString(), version);
            }
        });
        JsonObject backends = run.getAsJsonObject("backends");
        if (backends != null) {
            backends.entrySet().forEach(e -> {
                JsonObject b = e.getValue().getAsJsonObject();
                m.put("driver " + b.get("driver").getAsString(), b.get("driverVersion").getAsString());
            });
        }
        JsonObject pg = run.getAsJsonObject("postgres");
        if (pg != null) {
            for (String key : List.of("server_version", "provisioning", "max_connections",
                    "superuser_reserved_connections", "shared_buffers", "synchronous_commit", "fsync", "ssl")) {
                if (pg.has(key)) {
                    m.put("postgres " + key, pg.get(key).getAsString());
                }
            }
        }
        return m;
    }

    private static String hash(Map<String, String> machine) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(machine.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Rewrites {@code history.md}, {@code history.json} and its page {@code index.html} ({@link Dashboard}) in
     * {@code reports}, from {@code reports/runs}.
     */
    static void write(Path reports) throws IOException {
        List<Entry> entries = scan(reports.resolve("runs"));
        JsonObject json = json(entries, reports.resolve("runs"));
        Files.writeString(reports.resolve(MARKDOWN), markdown(entries, json), StandardCharsets.UTF_8);
        Files.writeString(reports.resolve(JSON), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(json) + "\n", StandardCharsets.UTF_8);
        Dashboard.writeIndex(reports); // the history's page, reports/index.html, from the history.json just written
    }

    /** {@code history.md}: the index of {@code entries}, then the change points of their series ({@code json}). */
    static String markdown(List<Entry> entries, JsonObject json) {
        return markdown(entries) + changesMarkdown(json);
    }

    /** The change points of {@link #json}'s series, as a Markdown section. */
    static String changesMarkdown(JsonObject json) {
        StringBuilder md = new StringBuilder("\n## Change points\n\n")
                .append("Where a series moved beyond the noise: the forks of up to ").append(ChangePoints.WINDOW)
                .append(" runs from the marked one compared with those of up to ").append(ChangePoints.WINDOW)
                .append(" runs before it (the statistics of `scripts/compare` at its defaults, adjusted over every "
                        + "candidate of every series). A series is one fingerprint and profile.\n\n");
        StringBuilder rows = new StringBuilder();
        json.getAsJsonObject("series").entrySet().forEach(s -> s.getValue().getAsJsonObject().entrySet()
                .forEach(g -> g.getValue().getAsJsonArray().forEach(p -> {
                    JsonObject point = p.getAsJsonObject();
                    if (point.has("changePoint")) {
                        rows.append("| ").append(s.getKey()).append(" | ").append(g.getKey()).append(" | ")
                                .append(point.get("run").getAsString()).append(" | ")
                                .append(String.format(java.util.Locale.ROOT, "%.3f [%.3f, %.3f]",
                                        point.get("change").getAsDouble(), point.get("changeLow").getAsDouble(),
                                        point.get("changeHigh").getAsDouble()))
                                .append(" | ").append(point.get("changeVerdict").getAsString()).append(" | ")
                                .append(String.format(java.util.Locale.ROOT, "%.3g",
                                        point.get("changeP").getAsDouble())).append(" |\n");
                    }
                })));
        if (rows.isEmpty()) {
            return md.append("None found.\n").toString();
        }
        return md.append("| benchmark run | series | changes at | after / before [95% interval] | verdict "
                + "| adjusted p |\n")
                .append("|:--|:--|:--|--:|:--|--:|\n").append(rows).toString();
    }

    static String markdown(List<Entry> entries) {
        StringBuilder md = new StringBuilder("# Every run\n\n")
                .append("Written by the runner after each run under `runs/` (and by `scripts/history`); do not edit. "
                        + "Runs with different fingerprints ran on different machines, JDKs, libraries or servers: "
                        + "compare their numbers only with that in mind. `history.json` holds each benchmark's "
                        + "series, split by fingerprint and profile settings.\n\n")
                .append("| run | commit | started | profile | options | status | fingerprint |\n")
                .append("|:--|:--|:--|:--|:--|:--|:--|\n");
        Map<String, Map<String, String>> fingerprints = new LinkedHashMap<>();
        for (Entry e : entries) {
            md.append("| [").append(e.folder()).append("](runs/").append(e.folder()).append("/summary.md) | ")
                    .append(e.commit()).append(" | ").append(e.started()).append(" | ").append(e.profile())
                    .append(" | ").append(e.options().isEmpty() ? "" : "`" + e.options().replace("|", "\\|") + "`")
                    .append(" | ").append(e.status()).append(" | ").append(e.fingerprint()).append(" |\n");
            fingerprints.putIfAbsent(e.fingerprint(), e.machine());
        }
        md.append("\n## Fingerprints\n\n");
        fingerprints.forEach((id, machine) -> {
            md.append("- **").append(id).append("**: ");
            List<String> parts = new ArrayList<>();
            machine.forEach((k, v) -> parts.add(k + " " + v));
            md.append(String.join("; ", parts)).append('\n');
        });
        return md.toString();
    }

    /**
     * The index and, per benchmark run name, its series: one point per run that has it (score, error, forks),
     * grouped by the fingerprint of what the result depends on ({@link Entry#fingerprintFor}) and the profile,
     * oldest first. A point where a change begins ({@link ChangePoints}) carries {@code changePoint: true}, the
     * ratio of the runs from it to those before it ({@code change}, with {@code changeLow} and {@code changeHigh},
     * its interval), the verdict and the adjusted p-value.
     */
    static JsonObject json(List<Entry> entries, Path runs) throws IOException {
        JsonObject o = new JsonObject();
        o.add("runs", index(entries));
        JsonObject bySeries = new JsonObject();
        series(entries, runs).forEach((name, groups) -> {
            JsonObject g = new JsonObject();
            groups.forEach((group, points) -> {
                JsonArray array = new JsonArray();
                points.forEach(point -> array.add(point.json()));
                g.add(group, array);
            });
            bySeries.add(name, g);
        });
        o.add("series", bySeries);
        return o;
    }

    /** One run's point in a series, with its forks' values for the change-point test. */
    record Point(JsonObject json, String unit, List<Double> forks) {
    }

    private static JsonArray index(List<Entry> entries) {
        JsonArray index = new JsonArray();
        for (Entry e : entries) {
            JsonObject run = new JsonObject();
            run.addProperty("run", e.folder());
            run.addProperty("commit", e.commit());
            run.addProperty("started", e.started());
            run.addProperty("status", e.status());
            run.addProperty("profile", e.profile());
            run.addProperty("options", e.options());
            run.addProperty("fingerprint", e.fingerprint());
            index.add(run);
        }
        return index;
    }

    /** Per benchmark run name, per "fingerprint profile" group, its points, change points marked. */
    static Map<String, Map<String, List<Point>>> series(List<Entry> entries, Path runs) throws IOException {
        Map<String, Map<String, List<Point>>> series = new TreeMap<>();
        for (Entry e : entries) {
            Path results = runs.resolve(e.folder()).resolve("results.json");
            if (!Files.isRegularFile(results)) {
                continue;
            }
            for (JsonElement r : JmhResults.read(results)) {
                JsonObject result = r.getAsJsonObject();
                JsonObject primary = result.getAsJsonObject("primaryMetric");
                if (!Double.isFinite(JmhResults.number(primary.get("score")))) {
                    continue;
                }
                JsonObject point = new JsonObject();
                point.addProperty("run", e.folder());
                point.addProperty("commit", e.commit());
                point.addProperty("score", JmhResults.number(primary.get("score")));
                double error = JmhResults.number(primary.get("scoreError"));
                if (Double.isFinite(error)) {
                    point.addProperty("error", error);
                }
                String unit = primary.get("scoreUnit").getAsString();
                point.addProperty("unit", unit);
                point.addProperty("forks", result.get("forks").getAsInt());
                JsonObject params = result.getAsJsonObject("params");
                String backend = params != null && params.has("backend") ? params.get("backend").getAsString()
                        : null;
                List<Double> forks = ForkSamples.forkValues(result);
                if (forks.stream().anyMatch(f -> !Double.isFinite(f) || f <= 0)) {
                    forks = List.of(); // not testable; the point itself stays
                }
                series.computeIfAbsent(ForkSamples.name(result), k -> new TreeMap<>())
                        .computeIfAbsent(e.fingerprintFor(backend) + " " + e.profile(), k -> new ArrayList<>())
                        .add(new Point(point, unit, forks));
            }
        }
        markChanges(series);
        return series;
    }

    /** Finds the change points of every series at once (their p-values adjusted together) and marks them. */
    private static void markChanges(Map<String, Map<String, List<Point>>> series) {
        List<List<Point>> lines = new ArrayList<>();
        List<ChangePoints.Series> input = new ArrayList<>();
        series.forEach((name, groups) -> groups.forEach((group, points) -> {
            // a point without usable forks cannot join a window; it stays on the line
            List<Point> testable = points.stream().filter(p -> !p.forks().isEmpty()).toList();
            if (testable.size() > 1) {
                lines.add(testable);
                input.add(new ChangePoints.Series(name + " [" + group + "]", testable.get(0).unit(),
                        testable.stream().map(Point::forks).toList()));
            }
        }));
        for (ChangePoints.Change c : ChangePoints.find(input)) {
            JsonObject point = lines.get(c.series()).get(c.run()).json();
            ForkComparison.Result r = c.result();
            point.addProperty("changePoint", true);
            point.addProperty("change", r.ratio());
            point.addProperty("changeLow", r.low());
            point.addProperty("changeHigh", r.high());
            point.addProperty("changeVerdict", r.verdict().label);
            point.addProperty("changeP", r.q());
        }
    }

    /** {@code scripts/history}: rewrites the index of the project's {@code reports} folder. */
    public static void main(String[] args) throws IOException {
        Path reports = Path.of(args.length > 0 ? args[0] : "reports");
        write(reports);
        System.out.println("history: wrote " + reports.resolve(MARKDOWN) + " and " + reports.resolve(JSON));
    }
}
