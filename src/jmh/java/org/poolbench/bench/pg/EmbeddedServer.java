package org.poolbench.bench.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server run from zonky's embedded binaries (a Maven artifact, unpacked once into the temporary
 * folder) as a child process of this JVM, listening on loopback only. The benchmarks log in over TCP with a SCRAM
 * password, as an application does: the server is set up with a role and database of their own and a
 * {@code pg_hba.conf} that requires {@code scram-sha-256} from every role. The superuser, which has no password,
 * logs in (trusted, from loopback) only while the server starts and is set up; after that it cannot log in at all,
 * so no local process can take over the server for the run's length. The password is random per server and never
 * written anywhere.
 *
 * <p>Stopping is this class's job, also when the JVM ends by a signal: a shutdown hook stops the server if
 * {@link #close()} has not, and both wait until the server process is gone. While the server starts and is set up,
 * before that hook exists, another one stops whatever postmaster runs in its data directory.
 */
final class EmbeddedServer extends PgServer {

    /** How long a stop may take before the server process is killed. */
    private static final long STOP_SECONDS = 15;

    private final EmbeddedPostgres postgres;
    /** The postmaster: zonky's launcher exits once it runs, so this is no child of this JVM. */
    private final ProcessHandle process;
    private final Path log;
    private final Thread hook;
    private final Path dataDirectory;

    private EmbeddedServer(EmbeddedPostgres postgres, ProcessHandle postmaster, String password, Path log,
                           Path dataDirectory) {
        super(Provisioning.EMBEDDED, "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + BENCH_DATABASE,
                BENCH_ROLE, password, Map.of("sslmode", "disable"));
        this.postgres = postgres;
        this.process = postmaster;
        this.log = log;
        this.dataDirectory = dataDirectory;
        this.hook = new Thread(this::stop, "poolbench-postgres-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts a server.
     *
     * @param port the loopback port, or null for a free one
     * @throws IllegalStateException naming the problem: the port in use, the binaries that would not start (with
     *                               the end of the server's log), a set-up step that failed
     */
    static EmbeddedServer start(Integer port) {
        if (port != null) {
            requireFree(port);
        }
        Path log;
        Path data;
        try {
            log = Files.createTempFile("poolbench-postgres-", ".log");
            // a data directory of our own: zonky removes the one it makes only on close, and a start that fails
            // gives no instance to close, so without this every failed start would leave one behind
            data = Files.createTempDirectory("poolbench-postgres-data-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the embedded PostgreSQL server's log file or data "
                    + "directory", e);
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data) // removed on close, as zonky's own
                .setRegisterShutdownHook(false) // ours waits until the process is gone
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()))
                // loopback only ("localhost" binds both 127.0.0.1 and ::1, whichever the name resolves to)
                .setServerConfig("listen_addresses", "localhost");
        SERVER_SETTINGS.forEach(builder::setServerConfig);
        if (port != null) {
            builder.setPort(port);
        }
        // Until the server object exists with its own shutdown hook, a signal (Ctrl-C while the server starts and
        // is set up, a few seconds) would leave a running postmaster behind: this hook stops it meanwhile.
        Thread startGuard = new Thread(() -> abortStart(data), "poolbench-postgres-abort-start");
        Runtime.getRuntime().addShutdownHook(startGuard);
        try {
            return start(builder, log, data);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(startGuard);
            } catch (IllegalStateException shuttingDown) {
                // the guard is running or has run
            }
        }
    }

    private static EmbeddedServer start(EmbeddedPostgres.Builder builder, Path log, Path data) {
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(data);
            throw new IllegalStateException("the embedded PostgreSQL server did not start: " + e.getMessage()
                    + "; the end of its log (" + log + "):\n" + tail(log, 20), e);
        }
        String password = randomPassword();
        Path dataDirectory;
        ProcessHandle postmaster;
        try {
            dataDirectory = setUp(postgres, password);
            postmaster = postmaster(dataDirectory);
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(postgres);
            throw new IllegalStateException("the embedded PostgreSQL server started, but setting up its benchmark "
                    + "role and password authentication failed: " + e.getMessage(), e);
        }
        EmbeddedServer server = new EmbeddedServer(postgres, postmaster, password, log, dataDirectory);
        try {
            server.awaitPasswordAuthentication();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Creates the benchmark role (with a SCRAM password) and database, and replaces {@code pg_hba.conf} so that
     * every role must give its password over TCP: the superuser, which has none, can no longer log in (stopping
     * the server takes a signal, not a login).
     *
     * @return the server's data directory
     */
    private static Path setUp(EmbeddedPostgres postgres, String password) throws SQLException, IOException {
        Properties superuser = new Properties();
        superuser.setProperty("user", "postgres");
        superuser.setProperty("sslmode", "disable");
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        try (Connection c = new org.postgresql.Driver().connect(adminUrl, superuser);
             Statement s = c.createStatement()) {
            // a failing statement must not be copied into the server's log (shown when a start fails) with the
            // password in it
            s.execute("SET log_min_error_statement = panic");
            // the password is base64url: nothing in it needs quoting
            s.execute("CREATE ROLE " + BENCH_ROLE + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + BENCH_DATABASE + " OWNER " + BENCH_ROLE);
            Path hba;
            Path data;
            try (var rs = s.executeQuery("SELECT current_setting('hba_file'), current_setting('data_directory')")) {
                rs.next();
                hba = Path.of(rs.getString(1));
                data = Path.of(rs.getString(2));
            }
            Files.writeString(hba, String.join("\n",
                    "# Written by poolbench once the server is set up. Every role gives its SCRAM password over",
                    "# loopback TCP, as an application does; the superuser has none, so it cannot log in. There is",
                    "# no Unix-socket access.",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256",
                    ""), StandardCharsets.UTF_8);
            s.execute("SELECT pg_reload_conf()");
            return data;
        }
    }

    /** The running postmaster, from the first line of its {@code postmaster.pid}. */
    private static ProcessHandle postmaster(Path dataDirectory) throws IOException {
        String pid = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII).get(0);
        return ProcessHandle.of(Long.parseLong(pid.trim()))
                .orElseThrow(() -> new IOException("the postmaster (pid " + pid + ") is not running"));
    }

    /**
     * Waits until the reloaded {@code pg_hba.conf} is in force: the benchmark role's session reports
     * {@code scram-sha-256} as its authentication method (a reload is signalled, not awaited).
     */
    private void awaitPasswordAuthentication() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String method = null;
        while (System.nanoTime() - deadline < 0) {
            try (Connection c = connect()) {
                method = authentication(c);
                if (method.equals("scram-sha-256")) {
                    return;
                }
            } catch (SQLException e) {
                throw loginFailure(e);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("the embedded PostgreSQL server still authenticates the benchmark role by '"
                + method + "' after its pg_hba.conf was replaced; expected scram-sha-256");
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    /** The server's data directory (deleted when it stops). */
    Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public boolean isAlive() {
        return running(process);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it stops the server too
        }
    }

    /**
     * Stops the server ({@code pg_ctl stop -m fast}, which also removes its data directory) and waits until its
     * process, and every process it started, is gone; kills what is left after {@link #STOP_SECONDS}.
     */
    private synchronized void stop() {
        List<ProcessHandle> processes = new java.util.ArrayList<>(process.descendants().toList());
        processes.add(process);
        if (running(process)) {
            closeQuietly(postgres);
        } else {
            // killed, or already stopped: pg_ctl would only fail (and zonky log that with a stack trace under the
            // runner's message that the server stopped), so just remove what zonky would have
            deleteQuietly(dataDirectory);
        }
        awaitEnd(processes);
        if (!running(process)) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a leftover log in the temporary folder is harmless
            }
        }
    }

    /** Waits until each of {@code processes} has ended; kills what is left after {@link #STOP_SECONDS}. */
    private static void awaitEnd(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
        for (ProcessHandle p : processes) {
            while (running(p) && System.nanoTime() - deadline < 0) {
                try {
                    // wakes as soon as it is reaped; a zombie (see running) is seen at the next check
                    p.onExit().get(50, TimeUnit.MILLISECONDS);
                } catch (Exception notYet) {
                    // check again
                }
            }
            if (running(p)) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * The start guard's work when the JVM exits during {@link #start(Integer)}: stops the postmaster that runs in
     * {@code data}, if one does yet, with a fast shutdown (SIGINT, which also ends the set-up's open session that
     * a plain SIGTERM would wait for), waits until it and its children have ended, and removes the data directory.
     */
    private static void abortStart(Path data) {
        try {
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.US_ASCII)
                    .get(0).trim());
            ProcessHandle.of(pid).ifPresent(postmaster -> {
                List<ProcessHandle> processes = new java.util.ArrayList<>(postmaster.descendants().toList());
                processes.add(postmaster);
                try {
                    new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true)
                            .redirectOutput(Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    postmaster.destroyForcibly(); // no kill command: its children notice and end too
                }
                awaitEnd(processes);
            });
        } catch (IOException | RuntimeException noServerYet) {
            // initdb has not finished, or the server has not written its pid file: nothing runs to stop
        }
        deleteQuietly(data);
    }

    /**
     * Whether {@code p} still runs. The postmaster is re-parented to init once zonky's launcher exits, so when it
     * ends it stays a zombie until init reaps it, and an init that reaps late (or a container's pid 1 that never
     * does) leaves it a zombie that {@link ProcessHandle#isAlive()} still calls alive: a server killed mid-run would
     * look alive, and a stop would wait its full time for a process that has ended. Where there is no
     * {@code /proc}, the JDK's answer stands.
     */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            // /proc/PID/stat: "pid (command) state ..."; the command may hold spaces and parentheses
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"), StandardCharsets.UTF_8);
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException | UncheckedIOException e) {
            return p.isAlive(); // no /proc, or the process has gone meanwhile
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException | RuntimeException ignored) {
            // the caller waits on the process and kills it if it is still there
        }
    }

    /** Fails at once, naming the setting, if nothing may listen on {@code port} on loopback. */
    private static void requireFree(int port) {
        try {
            // binding succeeds only on a free port; free a moment ago is all a check before the start can tell
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
        } catch (IOException e) {
            throw new IllegalStateException(PgConfig.PORT + "=" + port + ": port " + port + " on loopback is already "
                    + "in use (" + e.getMessage() + "); choose a free port, or leave " + PgConfig.PORT
                    + " unset to take any free one");
        }
    }

    /** Removes a data directory no server uses; what cannot be removed stays (it is in the temporary folder). */
    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // the start failure is what the user needs to hear about
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
