package org.poolbench.pool;

import java.sql.Connection;
import java.sql.SQLException;

import org.poolbench.bench.pg.PgServer;
import org.poolbench.bench.pg.PgServers;

/**
 * The real PostgreSQL server for pool tests that only a server can show (session state pgjdbc keeps on the server,
 * transactions opened in SQL, fatal server errors): the test JVM's one server ({@link PgServers#forThisJvm()}: the
 * embedded PostgreSQL 18 unless {@code poolbench.pg.url} names another), started on first use and stopped when the
 * JVM exits. Tests share it, so each uses names of its own ({@link PoolFixtures#uniqueName}) for what it creates.
 */
final class PgFixtures {

    private PgFixtures() {
    }

    /** The test JVM's server. */
    static PgServer server() {
        return PgServers.forThisJvm();
    }

    /** A pool over the server with the benchmark role's login, checked and closed after the test by {@link PoolCheck}. */
    static Pool open() {
        PgServer server = server();
        return PoolCheck.open(new org.postgresql.Driver(), server.url(), server.connectionProperties());
    }

    /** A physical connection of the same role outside any pool, to look at or act on the server (close it). */
    static Connection direct() throws SQLException {
        PgServer server = server();
        return new org.postgresql.Driver().connect(server.url(), server.connectionProperties());
    }
}
