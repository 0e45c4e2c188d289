package org.poolbench.bench.pg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a Docker engine answers, for {@link Provisioning#choose}. Testcontainers is asked only where a Docker
 * engine could be: asked on a machine without one, it spends a while probing and logs its failure at ERROR level,
 * which a run that simply falls back to the embedded server should not print.
 */
public final class Docker {

    private Docker() {
    }

    /** Whether Testcontainers reaches a Docker engine from this JVM. */
    public static boolean answers() {
        if (hints(System.getenv(), Path.of(System.getProperty("user.home", "/"))).isEmpty()) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false; // an engine Testcontainers cannot use is, for this purpose, no engine
        }
    }

    /**
     * The signs that a Docker engine may be configured: {@code DOCKER_HOST}, a Testcontainers settings file, or a
     * Docker socket where the common installations put it (system, rootless, Docker Desktop, Colima, Podman).
     */
    static List<String> hints(Map<String, String> env, Path home) {
        List<String> found = new ArrayList<>();
        if (env.get("DOCKER_HOST") != null && !env.get("DOCKER_HOST").isBlank()) {
            found.add("DOCKER_HOST");
        }
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
                home.resolve(".testcontainers.properties"), home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"), home.resolve(".colima/default/docker.sock")));
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            candidates.add(Path.of(runtimeDir, "docker.sock"));
            candidates.add(Path.of(runtimeDir, "podman", "podman.sock"));
        }
        for (Path p : candidates) {
            if (Files.exists(p)) {
                found.add(p.toString());
            }
        }
        return found;
    }
}
