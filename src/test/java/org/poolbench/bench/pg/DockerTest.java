package org.poolbench.bench.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signs of a Docker engine that decide whether Testcontainers is asked at all. The system socket
 * {@code /var/run/docker.sock} is the machine's and not the test's: it is left out of the comparisons, so the tests
 * give the same answer on a machine with Docker and without.
 */
class DockerTest {

    private static final String SYSTEM_SOCKET = "/var/run/docker.sock";

    @TempDir
    Path home;

    private List<String> hints(Map<String, String> env) {
        return Docker.hints(env, home).stream().filter(h -> !h.equals(SYSTEM_SOCKET)).toList();
    }

    @Test
    void hints_emptyEnvironmentAndHome_none() {
        assertEquals(List.of(), hints(Map.of()));
    }

    @Test
    void hints_dockerHostSet_named() {
        assertEquals(List.of("DOCKER_HOST"), hints(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375")));
    }

    @Test
    void hints_dockerHostBlank_ignored() {
        assertEquals(List.of(), hints(Map.of("DOCKER_HOST", " ")));
    }

    @Test
    void hints_filesInHome_eachNamedByPath() throws IOException {
        List<Path> files = List.of(home.resolve(".testcontainers.properties"), home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"), home.resolve(".colima/default/docker.sock"));
        for (Path f : files) {
            Files.createDirectories(f.getParent());
            Files.createFile(f);
        }
        assertEquals(files.stream().map(Path::toString).toList(), hints(Map.of()));
    }

    @Test
    void hints_socketsInTheRuntimeDirectory_named() throws IOException {
        Path runtime = Files.createDirectories(home.resolve("run-user"));
        Path docker = Files.createFile(runtime.resolve("docker.sock"));
        Path podman = Files.createFile(Files.createDirectories(runtime.resolve("podman")).resolve("podman.sock"));
        assertEquals(List.of(docker.toString(), podman.toString()),
                hints(Map.of("XDG_RUNTIME_DIR", runtime.toString())));
    }

    @Test
    void hints_runtimeDirectoryWithoutSockets_none() throws IOException {
        Path runtime = Files.createDirectories(home.resolve("run-user"));
        assertEquals(List.of(), hints(Map.of("XDG_RUNTIME_DIR", runtime.toString())));
    }

    @Test
    void hints_dockerHostAndAFile_bothNamed() throws IOException {
        Path properties = Files.createFile(home.resolve(".testcontainers.properties"));
        assertEquals(List.of("DOCKER_HOST", properties.toString()),
                hints(Map.of("DOCKER_HOST", "unix:///tmp/docker.sock")));
    }
}
