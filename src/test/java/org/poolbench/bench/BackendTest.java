package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backends as the benchmarks and the run metadata see them: what each records about itself, and that each opens
 * a database whose connection source runs the benchmarks' query and counts its connects.
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

    @org.junit.jupiter.api.Test
    void onPostgres_pgAndItsVariantsOnly() {
        assertTrue(Backend.onPostgres("pg"));
        assertTrue(Backend.onPostgres("pg_threshold-1"));
        assertTrue(!Backend.onPostgres("pgx") && !Backend.onPostgres("stub") && !Backend.onPostgres("h2"));
    }
}
