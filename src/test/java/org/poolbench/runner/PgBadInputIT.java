package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poolbench.bench.pg.PgConfig;
import org.poolbench.bench.pg.PgServer;
import org.poolbench.bench.pg.Provisioning;
import org.poolbench.pool.Redact;

/**
 * Bad PostgreSQL settings as a user meets them: the runner from {@code target/benchmarks.jar} on a tiny selection
 * with a given URL and login. A refused password, a closed port, a host that does not resolve, a database that does
 * not exist, a URL that is not PostgreSQL's, a bad or busy {@value PgConfig#PORT}, server binaries that cannot
 * start: each stops the run before any benchmark, with a non-zero exit and a message naming the problem, and the
 * password appears nowhere, neither on the console nor in a file. A correct login runs, and its password is not
 * written either. The refusing server is a real one, started here.
 */
class PgBadInputIT {

    private static final List<String> SELECTION = List.of("smoke", "IdleReuse", "-p", "backend=pg", "-p",
            "pool=hikari", "--out", "run");
    private static final String WRONG_PASSWORD = "Wr0ng-pass-7f3a9c";
    private static final long DEADLINE_SECONDS = 60;

    private static PgServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = PgServer.start(new PgConfig(null, null, null, null), Provisioning.EMBEDDED);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A run that must stop before its first benchmark: its exit status and console. */
    private String stoppedRun(List<String> jvmOptions, Map<String, String> env) throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(dir, jvmOptions, SELECTION, env)) {
            int exit = runner.awaitExit(DEADLINE_SECONDS);
            String console = runner.output();
            assertEquals(Bench.FAILED, exit, console);
            assertFalse(console.contains("JMH invocation"), "a benchmark started:\n" + console);
            assertFalse(console.contains("# Benchmark:"), "a benchmark started:\n" + console);
            assertFalse(Files.exists(dir.resolve("run")), "a run folder for a run that never started");
            return console;
        }
    }

    private void assertNowhere(String secret, String console) throws Exception {
        assertFalse(console.contains(secret), "the password on the console:\n" + console);
        assertEquals(List.of(), RunnerProcess.filesContaining(dir, secret), "files holding the password");
    }

    private static String property(String name, String value) {
        return "-D" + name + "=" + value;
    }

    @Test
    void wrongPasswordAsProperty_stopsNamingTheRefusedLogin() throws Exception {
        String console = stoppedRun(List.of(property(PgConfig.URL, server.url()), property(PgConfig.USER, "bench"),
                property(PgConfig.PASSWORD, WRONG_PASSWORD)), Map.of());
        assertTrue(console.contains("bench: PostgreSQL: PostgreSQL at " + server.url() + ": it refused the login of "
                + "user 'bench'"), console);
        assertTrue(console.contains("SQLState 28P01"), console);
        assertNowhere(WRONG_PASSWORD, console);
    }

    @Test
    void wrongPasswordFromTheEnvironment_stopsNamingTheRefusedLogin() throws Exception {
        String console = stoppedRun(List.of(property(PgConfig.URL, server.url())),
                Map.of("PGUSER", "bench", "PGPASSWORD", WRONG_PASSWORD));
        assertTrue(console.contains("it refused the login of user 'bench'"), console);
        assertTrue(console.contains("SQLState 28P01"), console);
        assertNowhere(WRONG_PASSWORD, console);
    }

    @Test
    void closedPort_stopsSayingTheServerCannotBeReached() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // free again once closed: nothing listens there
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/bench";
        String console = stoppedRun(List.of(property(PgConfig.URL, url), property(PgConfig.USER, "bench")),
                Map.of("PGPASSWORD", WRONG_PASSWORD));
        assertTrue(console.contains("PostgreSQL at " + url + ": it cannot be reached"), console);
        assertTrue(console.contains("SQLState 08001"), console);
        assertNowhere(WRONG_PASSWORD, console);
    }

    @Test
    void hostThatDoesNotResolve_stopsSayingTheServerCannotBeReached() throws Exception {
        // .invalid never resolves (RFC 2606), with or without a network
        String url = "jdbc:postgresql://poolbench.invalid:5432/bench";
        String console = stoppedRun(List.of(property(PgConfig.URL, url), property(PgConfig.USER, "bench")),
                Map.of("PGPASSWORD", WRONG_PASSWORD));
        assertTrue(console.contains("PostgreSQL at " + url + ": it cannot be reached; is the server running, and are "
                + "the host and port right?"), console);
        assertNowhere(WRONG_PASSWORD, console);
    }

    @Test
    void databaseThatDoesNotExist_stopsNamingIt() throws Exception {
        String url = server.url().replace("/bench", "/no_such_db");
        String console = stoppedRun(List.of(property(PgConfig.URL, url), property(PgConfig.USER, "bench"),
                property(PgConfig.PASSWORD, server.password())), Map.of());
        assertTrue(console.contains("the database in the URL does not exist"), console);
        assertTrue(console.contains("SQLState 3D000"), console);
        assertNowhere(server.password(), console);
    }

    @Test
    void urlThatIsNotPostgres_stopsNamingTheSettingWithSecretsMasked() throws Exception {
        String url = "jdbc:mysql://bench:" + WRONG_PASSWORD + "@127.0.0.1:3306/bench?password=" + WRONG_PASSWORD;
        String console = stoppedRun(List.of(property(PgConfig.URL, url)), Map.of());
        assertTrue(console.contains("bench: PostgreSQL: " + PgConfig.URL + " must be a PostgreSQL JDBC URL such as "
                + "jdbc:postgresql://host:5432/database, was 'jdbc:mysql://"), console);
        assertNowhere(WRONG_PASSWORD, console);
    }

    @Test
    void portThatIsNoNumber_stopsNamingTheSetting() throws Exception {
        String console = stoppedRun(List.of(property(PgConfig.PORT, "54x2")), Map.of());
        assertTrue(console.contains("bench: PostgreSQL: " + PgConfig.PORT + " must be a TCP port between 1 and "
                + "65535, was '54x2'"), console);
    }

    @Test
    void portInUse_stopsNamingTheSettingAndThePort() throws Exception {
        int port = Integer.parseInt(server.url().replaceAll(".*:(\\d+)/.*", "$1"));
        String console = stoppedRun(List.of(property(PgConfig.PORT, Integer.toString(port))), Map.of());
        assertTrue(console.contains("bench: PostgreSQL: " + PgConfig.PORT + "=" + port + ": port " + port
                + " on loopback is already in use"), console);
        assertTrue(server.isAlive(), "the server on that port is untouched");
    }

    @Test
    void binariesThatCannotStart_stopShowingWhyAndLeaveNoDataDirectory() throws Exception {
        // As root, zonky runs initdb and the server through `unshare -U` (initdb refuses root); without a PATH it
        // finds no unshare and runs initdb directly, which then refuses to run, as on a machine without user
        // namespaces. A user other than root has no such failure to provoke.
        boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        if (!root) {
            System.out.println("PgBadInputIT: binaries that cannot start are provoked only as root; skipped");
        }
        assumeTrue(root, "the failure is provoked only as root");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String console = stoppedRun(List.of("-Djava.io.tmpdir=" + tmp), Map.of("PATH", "/nonexistent"));
        assertTrue(console.contains("bench: PostgreSQL: the embedded PostgreSQL server did not start: "), console);
        assertTrue(console.contains("initdb: error: cannot be run as root"), "the end of the server's log:\n"
                + console);
        try (var left = Files.list(tmp)) {
            // the unpacked binaries are kept for the next run, and the log the message names
            assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("embedded-pg") && !n.matches("poolbench-postgres-\\d+\\.log")).toList(),
                    "left in the temporary folder");
        }
    }

    @Test
    void rightLoginAsProperty_runsAndWritesThePasswordNowhere() throws Exception {
        List<String> options = new ArrayList<>(List.of(property(PgConfig.URL, server.url()),
                property(PgConfig.USER, "bench"), property(PgConfig.PASSWORD, server.password())));
        try (RunnerProcess runner = RunnerProcess.start(dir, options, SELECTION, Map.of())) {
            int exit = runner.awaitExit(DEADLINE_SECONDS * 2);
            String console = runner.output();
            assertEquals(Bench.OK, exit, console);
            assertTrue(console.contains("bench: PostgreSQL 18."), console);
            assertTrue(console.contains("(given URL) at " + server.url() + ", ready in "), console);
            JsonObject postgres = JsonParser.parseString(Files.readString(dir.resolve("run/run.json")))
                    .getAsJsonObject().getAsJsonObject("postgres");
            assertEquals("given URL", postgres.get("provisioning").getAsString(), postgres.toString());
            assertTrue(postgres.get("login").getAsString().startsWith("scram-sha-256"), postgres.toString());
            // the forks got the password on their command line, which JMH records: masked there
            assertTrue(Files.readString(dir.resolve("run/results.json")).contains("-D" + PgConfig.PASSWORD + "="
                    + Redact.MASK), "the forks' password option, masked, in results.json");
            assertNowhere(server.password(), console);
        }
        assertTrue(server.isAlive(), "a given server is not stopped by the run");
    }
}
