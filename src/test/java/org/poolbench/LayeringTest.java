package org.poolbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps the layers pointing one way: the pool core and the stub driver ({@code src/main/java}) never depend on the
 * benchmarks or their runner ({@code src/jmh/java}), so the library compiles, and can later ship, without them.
 * The check reads source text rather than compiled classes, so it also catches a fully qualified name that never
 * appears in an import.
 */
class LayeringTest {

    /** The benchmark tree's packages, as a name in code would spell them (imports and fully qualified names). */
    private static final Pattern BENCHMARK_TREE = Pattern.compile("\\borg\\s*\\.\\s*poolbench\\s*\\.\\s*(bench|runner)\\b");

    @Test
    void mainSources_referToNothingInTheBenchmarkTree() throws IOException {
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the project root: " + main.toAbsolutePath());
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                violations.addAll(references(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        assertEquals(List.of(), violations, "src/main/java must not depend on the benchmarks or the runner");
    }

    @Test
    void mainSources_holdNoBenchmarkOrRunnerPackage() {
        assertFalse(Files.exists(Path.of("src/main/java/org/poolbench/runner")), "the runner lives in src/jmh/java");
        assertFalse(Files.exists(Path.of("src/main/java/org/poolbench/bench")), "the benchmarks live in src/jmh/java");
    }

    /** The checker must be able to fail: sources that do refer to the benchmark tree are reported. */
    @Test
    void references_findImportsAndQualifiedNames() {
        String source = """
                package org.poolbench.pool;

                import org.poolbench.bench.PoolKind;
                import static org.poolbench.runner.Bench.main;

                final class Leak {
                    Object kind = org.poolbench.bench.PoolKind.HIKARI;
                }
                """;
        assertEquals(List.of("Leak.java:3: import org.poolbench.bench.PoolKind;",
                        "Leak.java:4: import static org.poolbench.runner.Bench.main;",
                        "Leak.java:7: Object kind = org.poolbench.bench.PoolKind.HIKARI;"),
                references("Leak.java", source));
    }

    @Test
    void references_ignoreLookalikePackages() {
        String source = """
                package org.poolbench.pool;

                import org.poolbench.benchmarks2.Thing;
                import org.poolbench.pool.runners.Other;
                """;
        assertEquals(List.of(), references("Ok.java", source));
    }

    /** Each line of {@code source} that names a package of the benchmark tree, as {@code file:line: text}. */
    static List<String> references(String file, String source) {
        List<String> found = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = BENCHMARK_TREE.matcher(lines[i]);
            if (m.find()) {
                found.add(file + ":" + (i + 1) + ": " + lines[i].strip());
            }
        }
        return found;
    }
}
