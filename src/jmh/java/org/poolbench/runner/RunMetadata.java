package org.poolbench.runner;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.poolbench.bench.Backend;
import org.poolbench.bench.PoolKind;
import org.poolbench.bench.PoolSpec;
import org.poolbench.pool.Redact;

/**
 * Builds {@code run.json}: what a reader needs to trust and reproduce a run. The commit and whether the tree was
 * dirty, the JDK, OS, CPU and memory, the profile and JMH options, and each pool's library, version and exact
 * settings, and each backend's driver. Every string in it passes through {@link #sanitize}, so no password can
 * reach the file, whatever a user passed on the command line.
 */
final class RunMetadata {

    /** One whitespace-separated word of a string, for {@link #sanitizeText}. */
    private static final Pattern WORD = Pattern.compile("\\S+");

    private RunMetadata() {
    }

    /** The source tree's state, read before the run folder is created (which would make the tree look dirty). */
    record Source(String commit, boolean dirty) {

        String shortCommit() {
            return commit.length() >= 7 ? commit.substring(0, 7) : commit;
        }

        /** Asks git in {@code root}; "unknown" (and dirty) when git or the repository is missing. */
        static Source of(Path root) {
            String commit = git(root, "rev-parse", "HEAD");
            if (commit == null || commit.isBlank()) {
                return new Source("unknown", true);
            }
            // Changes under reports/ are results, not code, and do not make the measured build differ.
            String status = git(root, "status", "--porcelain", "--", ".", ":(exclude)reports");
            return new Source(commit.strip(), status == null || !status.isBlank());
        }

        private static String git(Path root, String... args) {
            try {
                List<String> command = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
                command.addAll(List.of(args));
                // stderr is dropped: a git warning must not become part of the commit or make the tree look dirty
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return null;
                }
                return out;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * The machine this JVM runs on; the benchmarks' forks use the same JDK (JMH forks the running {@code java}).
     */
    static JsonObject machine() {
        JsonObject jdk = new JsonObject();
        jdk.addProperty("vendor", System.getProperty("java.vendor"));
        jdk.addProperty("version", System.getProperty("java.runtime.version"));
        jdk.addProperty("vmName", System.getProperty("java.vm.name"));
        jdk.addProperty("home", System.getProperty("java.home"));
        JsonObject os = new JsonObject();
        os.addProperty("name", System.getProperty("os.name"));
        os.addProperty("version", System.getProperty("os.version"));
        os.addProperty("arch", System.getProperty("os.arch"));
        JsonObject cpu = new JsonObject();
        cpu.addProperty("model", cpuModel());
        cpu.addProperty("count", Runtime.getRuntime().availableProcessors());
        JsonObject memory = new JsonObject();
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os2) {
            memory.addProperty("totalBytes", os2.getTotalMemorySize());
        }
        JsonObject m = new JsonObject();
        m.add("jdk", jdk);
        m.add("os", os);
        m.add("cpu", cpu);
        m.add("memory", memory);
        return m;
    }

    /** The CPU's model name from {@code /proc/cpuinfo} (Linux), else "unknown". */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: fall through
        }
        return "unknown";
    }

    /**
     * Each pool's library, version and settings for every pool size that appears in the results (pools differ in
     * settings by size only), and each backend's driver.
     */
    static JsonObject poolsAndBackends(JsonArray results) {
        TreeSet<Integer> sizes = new TreeSet<>();
        for (JsonElement e : results) {
            JsonObject params = e.getAsJsonObject().getAsJsonObject("params");
            if (params != null && params.has("size")) {
                sizes.add(Integer.parseInt(params.get("size").getAsString()));
            }
        }
        JsonObject pools = new JsonObject();
        for (PoolKind kind : PoolKind.values()) {
            JsonObject p = new JsonObject();
            p.addProperty("library", kind.library());
            p.addProperty("version", kind.version());
            JsonObject bySize = new JsonObject();
            for (int size : sizes) {
                bySize.add("size=" + size, toJson(kind.settings(PoolSpec.ofSize(size))));
            }
            p.add("settings", bySize);
            pools.add(kind.paramValue(), p);
        }
        JsonObject backends = new JsonObject();
        for (Backend b : Backend.values()) {
            backends.add(b.paramValue(), toJson(b.describe()));
        }
        JsonObject out = new JsonObject();
        out.add("pools", pools);
        out.add("backends", backends);
        return out;
    }

    static JsonObject toJson(Map<String, String> map) {
        JsonObject o = new JsonObject();
        map.forEach(o::addProperty);
        return o;
    }

    /**
     * Returns a copy of {@code e} in which every value under a secret-looking key is {@link Redact#MASK} and every
     * string has URL passwords masked ({@code password=x}, {@code //user:x@host}); applied to the whole of
     * {@code run.json} just before it is written.
     */
    static JsonElement sanitize(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject out = new JsonObject();
            for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
                out.add(entry.getKey(), Redact.isSecretKey(entry.getKey()) && !entry.getValue().isJsonNull()
                        ? new JsonPrimitive(Redact.MASK)
                        : sanitize(entry.getValue()));
            }
            return out;
        }
        if (e.isJsonArray()) {
            JsonArray out = new JsonArray();
            for (JsonElement item : e.getAsJsonArray()) {
                out.add(sanitize(item));
            }
            return out;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return new JsonPrimitive(sanitizeText(e.getAsString()));
        }
        return e;
    }

    /**
     * Masks URL secrets and the value of a {@code -p password=x}-style assignment inside one string, also when the
     * assignment is one word of several ({@code -Xmx1g -Dsecret.key=x}).
     */
    static String sanitizeText(String s) {
        String out = Redact.url(s);
        int eq = out.indexOf('=');
        // A string that is one secret assignment (a `-p password=...` argument) is masked to its end, since the
        // value itself may contain spaces; otherwise each space-separated word is judged on its own.
        if (eq > 0 && Redact.isSecretKey(out.substring(0, eq))) {
            return out.substring(0, eq + 1) + Redact.MASK;
        }
        Matcher word = WORD.matcher(out);
        StringBuilder b = new StringBuilder();
        while (word.find()) {
            String w = word.group();
            int at = w.indexOf('=');
            String masked = at > 0 && Redact.isSecretKey(w.substring(0, at)) ? w.substring(0, at + 1) + Redact.MASK : w;
            word.appendReplacement(b, Matcher.quoteReplacement(masked));
        }
        word.appendTail(b);
        return b.toString();
    }
}
