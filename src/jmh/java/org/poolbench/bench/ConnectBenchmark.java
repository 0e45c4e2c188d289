package org.poolbench.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * <b>Question:</b> what does one physical connection cost on each backend, opened and closed again: the price a
 * request pays when it connects for itself, and the price a pool pays once per connection?
 *
 * <p><b>Workload:</b> one thread opens a physical connection through the same connection source every pool uses
 * (the driver, called directly) and closes it, with no pool involved. On PostgreSQL that is a TCP handshake on
 * loopback, the startup message, a SCRAM-SHA-256 exchange (the server and pgjdbc each derive the salted password,
 * 4096 rounds of PBKDF2), a new server process, and on close the terminate message. One thread, because the
 * question is the cost of one connect, not how connects scale; sample mode gives its distribution (p50, p99).
 *
 * <pre>{@code
 * scripts/bench quick Connect
 * java -jar target/benchmarks.jar Connect -p backend=pg -foe true
 * }</pre>
 */
@ThreadSweep(smoke = {1}, quick = {1}, full = {1})
public class ConnectBenchmark {

    /**
     * One database per trial and thread; the connect path every pool uses. Per thread rather than shared: the
     * benchmark runs one thread, for which the two are the same fixture, and a thread's own state needs no shared
     * teardown, which would cost the other threads of a {@code -t N} run a second ({@link LastThreadOut}). With
     * {@code -t N} each thread connects to a database of its own (a stub server of its own, with its own 17 slots; the
     * same PostgreSQL server).
     */
    @State(Scope.Thread)
    public static class Source {

        @Param({"stub_1ms", "h2", "pg"})
        public String backend;

        private Backend.Database db;
        CountingDataSource source;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            db = Backend.of(backend).open(Trial.uniqueName("connect", "none"));
            source = db.source();
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            db.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean connectAndClose(Source s) throws SQLException {
        Connection c = s.source.getConnection();
        c.close();
        return c.isClosed(); // answered by the driver without a round trip; keeps the result in use
    }
}
