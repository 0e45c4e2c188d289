package org.poolbench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.poolbench.pool.Redact;

/**
 * What {@link RunRecord} reads from outside the JVM (the source tree's state, the CPU model), and the scrubbing of
 * secrets that every string written to the run folder or printed from the user's options passes through
 * ({@link #sanitize}, {@link #sanitizeText}), so no password reaches a file or the console, whatever a user passed
 * on the command line.
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

    /** A string map as a JSON object, in the map's order. */
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
     * Masks URL secrets and the values of secret assignments inside one string, keeping everything else:
     * {@code -Xmx1g -Ddb.password=x -Dy=2} becomes {@code -Xmx1g -Ddb.password=**** -Dy=2}.
     *
     * <p>Two passes, each hiding what the other might not. First the whole string goes through
     * {@link Redact#text(String)}, the pool's rules, which see forms that span words: {@code password = x},
     * {@code password: x}, {@code "password":"x"}, {@code password 'x'}. Then it is judged word by word (words are
     * separated by whitespace), because one argument may hold several JVM options: a secret's value may itself
     * contain spaces ({@code -p password=two words}), so the words after a secret assignment are taken as part of its
     * value, and dropped with it, until a word that starts with {@code -} begins the next option.
     */
    static String sanitizeText(String text) {
        if (text == null) {
            return null;
        }
        String s = Redact.text(text);
        Matcher word = WORD.matcher(s);
        StringBuilder b = new StringBuilder();
        int copied = 0;
        boolean inSecretValue = false;
        while (word.find()) {
            String w = word.group();
            if (inSecretValue && !w.startsWith("-")) {
                // one more word of a secret value: drop it with the whitespace before it
                copied = word.end();
                continue;
            }
            b.append(s, copied, word.start());
            copied = word.end();
            String masked = Redact.url(w);
            int at = masked.indexOf('=');
            inSecretValue = at > 0 && Redact.isSecretKey(masked.substring(0, at));
            if (inSecretValue) {
                masked = masked.substring(0, at + 1) + Redact.MASK;
            }
            b.append(masked);
        }
        b.append(s, copied, s.length());
        return b.toString();
    }
}
