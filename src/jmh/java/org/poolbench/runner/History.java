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
        Files.writeString(reports.resolve(MARKDOWN), markdown(entries), StandardCharsets.UTF_8);
        Files.writeString(reports.resolve(JSON), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(json(entries, reports.resolve("runs"))) + "\n", StandardCharsets.UTF_8);
        Dashboard.writeIndex(reports); // the history's page, reports/index.html, from the history.json just written
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
     * oldest first.
     */
    static JsonObject json(List<Entry> entries, Path runs) throws IOException {
        JsonObject o = new JsonObject();
        JsonArray index = new JsonArray();
        Map<String, Map<String, JsonArray>> series = new TreeMap<>();
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
                point.addProperty("unit", primary.get("scoreUnit").getAsString());
                point.addProperty("forks", result.get("forks").getAsInt());
                JsonObject params = result.getAsJsonObject("params");
                String backend = params != null && params.has("backend") ? params.get("backend").getAsString()
                        : null;
                series.computeIfAbsent(ForkSamples.name(result), k -> new TreeMap<>())
                        .computeIfAbsent(e.fingerprintFor(backend) + " " + e.profile(), k -> new JsonArray())
                        .add(point);
            }
        }
        o.add("runs", index);
        JsonObject bySeries = new JsonObject();
        series.forEach((name, groups) -> {
            JsonObject g = new JsonObject();
            groups.forEach(g::add);
            bySeries.add(name, g);
        });
        o.add("series", bySeries);
        return o;
    }

    /** {@code scripts/history}: rewrites the index of the project's {@code reports} folder. */
    public static void main(String[] args) throws IOException {
        Path reports = Path.of(args.length > 0 ? args[0] : "reports");
        write(reports);
        System.out.println("history: wrote " + reports.resolve(MARKDOWN) + " and " + reports.resolve(JSON));
    }
}
