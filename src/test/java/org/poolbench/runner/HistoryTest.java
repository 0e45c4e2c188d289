package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

    private static String runJson(String commit, String cpu, String hikari) {
        return """
                {"status": "ok", "poolbench": {"version": "0.1.0-SNAPSHOT", "commit": "%s", "dirty": false},
                 "started": "2026-11-27T03:00:00Z",
                 "machine": {"jdk": {"vendor": "Eclipse Adoptium", "version": "25.0.3+9-LTS"},
                             "os": {"name": "Linux", "version": "6.18", "arch": "amd64"},
                             "cpu": {"model": "%s", "count": 2}},
                 "jmh": {"profile": "quick", "userOptions": ["AcquireRelease"],
                         "profileOptions": {"forks": 2, "warmupIterations": 1, "warmupTime": "500 ms",
                                            "measurementIterations": 2, "measurementTime": "500 ms"}},
                 "pools": {"poolbench": {"library": "poolbench", "version": "0.1.0-SNAPSHOT"},
                           "hikari": {"library": "HikariCP", "version": "%s"}},
                 "backends": {"h2": {"driver": "H2", "driverVersion": "2.5.252"}}}
                """.formatted(commit, cpu, hikari);
    }

    private static final String RESULTS = """
            [{"benchmark": "org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease", "mode": "thrpt",
              "threads": 2, "forks": 2, "jvmArgs": [], "params": {"pool": "hikari", "size": "4"},
              "primaryMetric": {"score": 15.5, "scoreError": 0.5, "scoreUnit": "ops/us"}}]""";

    @Test
    void write_indexesEveryRun_andSplitsSeriesByFingerprint(@TempDir Path reports) throws Exception {
        run(reports, "20261127T010000Z-aaaaaaa", runJson("aaaaaaa1111", "Intel Xeon", "7.1.0"));
        run(reports, "20261127T020000Z-bbbbbbb", runJson("bbbbbbb2222", "Intel Xeon", "7.1.0"));
        run(reports, "20261127T030000Z-ccccccc", runJson("ccccccc3333", "AMD EPYC", "7.1.0"));

        History.write(reports);

        String md = Files.readString(reports.resolve(History.MARKDOWN));
        for (String folder : List.of("20261127T010000Z-aaaaaaa", "20261127T020000Z-bbbbbbb",
                "20261127T030000Z-ccccccc")) {
            assertTrue(md.contains("| [" + folder + "](runs/" + folder + "/summary.md) |"), md);
        }
        assertTrue(md.contains("cpu AMD EPYC x 2"), md);
        JsonObject json = JsonParser.parseString(Files.readString(reports.resolve(History.JSON))).getAsJsonObject();
        String first = json.getAsJsonArray("runs").get(0).getAsJsonObject().get("fingerprint").getAsString();
        assertEquals(first, json.getAsJsonArray("runs").get(1).getAsJsonObject().get("fingerprint").getAsString());
        assertNotEquals(first, json.getAsJsonArray("runs").get(2).getAsJsonObject().get("fingerprint").getAsString());
        JsonObject series = json.getAsJsonObject("series")
                .getAsJsonObject("AcquireReleaseBenchmark.acquireRelease thrpt threads=2 size=4 pool=hikari");
        assertEquals(2, series.size(), "one line per fingerprint: the Xeon runs together, the EPYC run apart");
        String xeon = History.entry("x", JsonParser.parseString(runJson("x", "Intel Xeon", "7.1.0")).getAsJsonObject())
                .fingerprintFor(null);
        assertEquals(2, series.getAsJsonArray(xeon + " quick (2 forks, 1 x 500 ms, 2 x 500 ms)").size());
        String index = Files.readString(reports.resolve(Dashboard.INDEX));
        assertEquals(2, Dashboard.dataOf(index).getAsJsonObject().getAsJsonArray("blocks").get(0).getAsJsonObject()
                .getAsJsonArray("charts").get(0).getAsJsonObject().getAsJsonArray("series").size(),
                "the history's page draws the two series apart");
    }

    @Test
    void fingerprintFor_aStubResultIgnoresTheServerAndOtherDrivers_aPgResultDoesNot() {
        JsonObject withPg = JsonParser.parseString(runJson("a", "Xeon", "7.1.0")).getAsJsonObject();
        withPg.add("postgres", JsonParser.parseString("{\"server_version\": \"18.6\", \"max_connections\": \"20\"}"));
        withPg.getAsJsonObject("backends").add("pg", JsonParser.parseString(
                "{\"driver\": \"PostgreSQL JDBC (pgjdbc)\", \"driverVersion\": \"42.7.14\"}"));
        History.Entry a = History.entry("a", withPg);
        History.Entry b = History.entry("b", JsonParser.parseString(runJson("b", "Xeon", "7.1.0")).getAsJsonObject());

        assertNotEquals(a.fingerprint(), b.fingerprint(), "the runs' machines differ: one had a server");
        assertEquals(a.fingerprintFor(null), b.fingerprintFor(null));
        assertEquals(a.fingerprintFor("h2"), b.fingerprintFor("h2"));
        assertNotEquals(a.fingerprintFor("pg"), a.fingerprintFor("h2"));
    }

    @Test
    void machine_libraryVersionsAreInTheFingerprint_ourOwnVersionIsNot() {
        assertNotEquals(History.entry("a", JsonParser.parseString(runJson("a", "Xeon", "7.1.0")).getAsJsonObject())
                        .fingerprint(),
                History.entry("b", JsonParser.parseString(runJson("b", "Xeon", "7.0.2")).getAsJsonObject())
                        .fingerprint());
        assertEquals(History.entry("a", JsonParser.parseString(runJson("a", "Xeon", "7.1.0")).getAsJsonObject())
                        .fingerprint(),
                History.entry("b", JsonParser.parseString(runJson("b", "Xeon", "7.1.0")).getAsJsonObject())
                        .fingerprint());
    }

    /** The committed index covers every committed run: the runner rewrites it, and a hand-made folder needs it too. */
    @Test
    void committedIndex_coversEveryCommittedRun() throws Exception {
        Path reports = Path.of("reports");
        String md = Files.readString(reports.resolve(History.MARKDOWN), StandardCharsets.UTF_8);
        try (Stream<Path> runs = Files.list(reports.resolve("runs"))) {
            for (Path run : runs.filter(r -> Files.isRegularFile(r.resolve("run.json"))).toList()) {
                String folder = run.getFileName().toString();
                assertTrue(md.contains("| [" + folder + "](runs/" + folder + "/summary.md) |"),
                        folder + " is missing from reports/history.md: run scripts/history");
            }
        }
        List<History.Entry> entries = History.scan(reports.resolve("runs"));
        assertEquals(History.markdown(entries, History.json(entries, reports.resolve("runs"))), md,
                "reports/history.md is out of date: run scripts/history");
    }

    private static void run(Path reports, String folder, String runJson) throws Exception {
        Path dir = Files.createDirectories(reports.resolve("runs").resolve(folder));
        Files.writeString(dir.resolve("run.json"), runJson);
        Files.writeString(dir.resolve("results.json"), RESULTS);
    }
}
