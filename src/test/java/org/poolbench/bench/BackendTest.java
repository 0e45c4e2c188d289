package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backends as the benchmarks and the run metadata see them: what each records about itself, and that each opens
 * a database whose connection source runs the benchmarks' query and counts its connects; and the tenants'
 * databases of {@code TenantRoutingBenchmark}: each reached by its own source or by its schema, the server's
 * connections read without the reading's own, and nothing left on the server afterwards.
 */
class BackendTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void describe_namesDriverVersionAndUrlTemplate(Backend backend) {
        Map<String, String> expected = switch (backend) {
            case STUB -> Map.of("driver", "poolbench stub driver", "driverVersion", "0.1",
                    "url", "jdbc:stub:<name>;connectLatency=0;maxConnections=17",
                    "resetStatement", "DISCARD ALL");
            case STUB_100US -> Map.of("driver", "poolbench stub driver", "driverVersion", "0.1",
                    "url", "jdbc:stub:<name>;connectLatency=100us;maxConnections=17",
                    "resetStatement", "DISCARD ALL");
            case STUB_1MS -> Map.of("driver", "poolbench stub driver", "driverVersion", "0.1",
                    "url", "jdbc:stub:<name>;connectLatency=1ms;maxConnections=17",
                    "resetStatement", "DISCARD ALL");
            case H2 -> Map.of("driver", "H2", "driverVersion", org.h2.engine.Constants.FULL_VERSION,
                    "url", "jdbc:h2:mem:<name>;DB_CLOSE_DELAY=-1",
                    "resetStatement", "SET SCHEMA PUBLIC");
            case PG -> Map.of("driver", "PostgreSQL JDBC (pgjdbc)", "driverVersion",
                    org.postgresql.util.DriverInfo.DRIVER_VERSION,
                    "url", "jdbc:postgresql://<the run's server>/bench (see the postgres section)",
                    "resetStatement", "DISCARD ALL");
        };
        assertEquals(expected, backend.describe());
        assertEquals(List.of("driver", "driverVersion", "url", "resetStatement"), List.copyOf(backend.describe().keySet()),
                "run.json keeps one key order");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void open_sourceRunsTheQueryAndCountsConnects(Backend backend) throws Exception {
        try (Backend.Database db = backend.open(Trial.uniqueName("backend", backend.paramValue()))) {
            try (Connection c = db.source().getConnection(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT 1")) {
                assertTrue(rows.next());
                assertEquals(1, rows.getInt(1));
            }
            assertEquals(1, db.source().connects());
        }
    }

    // ---------------------------------------------------------------- tenants (TenantRoutingBenchmark)

    /**
     * The tenants' server connections once they read {@code expected}, or the last reading after 5 s: PostgreSQL
     * lists a session until its server process has exited, a moment after the client's close returned.
     */
    private static long settled(Backend.Tenancy tenants, long expected) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long count = tenants.serverConnections();
        while (count != expected && System.nanoTime() - deadline < 0) {
            Thread.sleep(10); // polling for another process to exit, not for time to pass
            count = tenants.serverConnections();
        }
        return count;
    }

    private static int marker(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(Backend.Tenancy.MARKER_QUERY)) {
            assertTrue(rows.next());
            return rows.getInt(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void openTenants_perTenant_eachSourceReachesItsOwnTenant(Backend backend) throws Exception {
        try (Backend.Tenancy tenants = backend.openTenants(Trial.uniqueName("tenancy", backend.paramValue()), 3,
                false)) {
            assertEquals(3, tenants.databases().size());
            assertEquals(backend != Backend.STUB && backend != Backend.STUB_100US && backend != Backend.STUB_1MS,
                    tenants.verifiesRouting(), "only the stub cannot tell tenants apart");
            for (int i = 0; i < 3; i++) {
                Backend.Database db = tenants.databases().get(i);
                try (Connection c = db.source().getConnection()) {
                    assertEquals(tenants.verifiesRouting() ? i + 1 : 1, marker(c), "tenant " + i);
                    assertEquals(1, settled(tenants, 1), "the held connection, not the reading's own");
                }
                assertEquals(1, db.source().connects());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void openTenants_shared_setSchemaSwitchesBetweenTenantsOnOneConnection(Backend backend) throws Exception {
        try (Backend.Tenancy tenants = backend.openTenants(Trial.uniqueName("tenancy", backend.paramValue()), 3,
                true)) {
            assertEquals(1, tenants.databases().size());
            try (Connection c = tenants.databases().get(0).source().getConnection()) {
                for (int i : new int[] {2, 0, 1, 2}) {
                    c.setSchema(tenants.schema(i));
                    assertEquals(tenants.verifiesRouting() ? i + 1 : 1, marker(c), "tenant " + i);
                }
                assertEquals(1, settled(tenants, 1));
            }
            assertEquals(0, settled(tenants, 0), "nothing held");
        }
    }

    @Test
    void openTenants_pg_closeDropsEverySchemaItCreated() throws Exception {
        String schema;
        try (Backend.Tenancy tenants = Backend.PG.openTenants(Trial.uniqueName("tenancy", "pg"), 2, true)) {
            schema = tenants.schema(1);
        }
        try (Backend.Database db = Backend.PG.open("check"); Connection c = db.source().getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM pg_namespace WHERE nspname LIKE ?")) {
            s.setString(1, schema.substring(0, schema.length() - 1) + "%");
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next());
                assertEquals(0, rows.getInt(1), "schemas left behind like " + schema);
            }
        }
    }

    @Test
    void openTenants_noTenants_rejected() {
        assertEquals("tenants must be >= 1, was 0", assertThrows(
                IllegalArgumentException.class, () -> Backend.STUB.openTenants("none", 0, false)).getMessage());
    }

    @Test
    void onPostgres_pgAndItsVariantsOnly() {
        assertTrue(Backend.onPostgres("pg"));
        assertTrue(Backend.onPostgres("pg_threshold-1"));
        assertTrue(!Backend.onPostgres("pgx") && !Backend.onPostgres("stub") && !Backend.onPostgres("h2"));
    }
}
