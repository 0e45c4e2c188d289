package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Dashboard}: the files it writes, that they need nothing from outside, and that the committed
 * {@code reports/} tree has them. What the pages draw is {@link DashboardModelTest}'s; that a browser draws it,
 * {@code DashboardBrowserIT}'s.
 */
class DashboardTest {

    @TempDir
    Path dir;

    private static final String RUN_JSON = """
            {"status": "ok", "poolbench": {"commit": "abc1234def", "dirty": false}, "started": "2026-11-27T03:00:00Z",
             "machine": {"jdk": {"vendor": "Eclipse Adoptium", "version": "25.0.3+9-LTS"},
                         "os": {"name": "Linux", "arch": "amd64"}, "cpu": {"model": "Xeon", "count": 2}},
             "jmh": {"profile": "quick", "userOptions": []},
             "pools": {"hikari": {"library": "HikariCP", "version": "7.1.0"}}}
            """;

    private Path run(Path reports, String folder) throws Exception {
        Path run = Files.createDirectories(reports.resolve("runs").resolve(folder));
        Files.writeString(run.resolve("run.json"), RUN_JSON);
        Files.writeString(run.resolve("results.json"), JmhFixtures.threads8());
        return run;
    }

    @Test
    void library_isChartJs4FromItsWebjar() {
        Dashboard.Library library = Dashboard.library();
        assertTrue(library.version().startsWith("4."), library.version());
        assertEquals("Chart.js " + library.version(), library.name());
        assertTrue(library.script().length() > 100_000, "the whole UMD build");
    }

    @Test
    void writeRun_writesOneFileThatLoadsNothing() throws Exception {
        Path run = run(dir, "20261127T030000Z-abc1234");

        Path file = Dashboard.writeRun(run, null);

        assertEquals(run.resolve(Dashboard.FILE), file);
        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertFalse(html.contains("<script src") || html.contains("<link ") || html.contains("<img ")
                || html.contains("@import") || html.contains("url("), "everything inline, nothing fetched");
        JsonObject data = Dashboard.dataOf(html).getAsJsonObject();
        assertEquals("poolbench run 20261127T030000Z-abc1234", data.get("title").getAsString());
        assertEquals("commit abc1234, started 2026-11-27T03:00:00Z, status ok",
                data.getAsJsonArray("header").get(0).getAsString());
        assertEquals(Dashboard.library().name(), data.get("library").getAsString());
    }

    @Test
    void writeAll_makesTheWholeReportsTreeCurrent() throws Exception {
        run(dir, "20261127T030000Z-abc1234");
        run(dir, "20261127T040000Z-bcd2345");
        Files.createDirectories(dir.resolve("runs/not-a-run")); // no results: no dashboard, no failure

        List<Path> written = Dashboard.writeAll(dir);

        assertEquals(List.of(dir.resolve("runs/20261127T030000Z-abc1234/" + Dashboard.FILE),
                dir.resolve("runs/20261127T040000Z-bcd2345/" + Dashboard.FILE)), written);
        for (String file : List.of(History.MARKDOWN, History.JSON, Dashboard.INDEX)) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        String second = Files.readString(written.get(1));
        assertTrue(Dashboard.dataOf(second).toString().contains("History at 8 threads"),
                "the later run's page draws its series across both runs");
        JsonObject index = Dashboard.dataOf(Files.readString(dir.resolve(Dashboard.INDEX))).getAsJsonObject();
        assertEquals("runs/20261127T030000Z-abc1234/dashboard.html", index.getAsJsonArray("runs").get(0)
                .getAsJsonObject().get("dashboard").getAsString());
    }

    /** Every committed run has its dashboard, and the committed history page is current: run scripts/history. */
    @Test
    void committedReports_haveEveryDashboardAndACurrentIndex() throws Exception {
        Path reports = Path.of("reports");
        try (Stream<Path> runs = Files.list(reports.resolve("runs"))) {
            for (Path run : runs.filter(r -> Files.isRegularFile(r.resolve("results.json"))).toList()) {
                assertTrue(Files.isRegularFile(run.resolve(Dashboard.FILE)), run + " has no " + Dashboard.FILE
                        + ": run scripts/history");
            }
        }
        assertEquals(Dashboard.html(Dashboard.indexPage(reports)), Files.readString(reports.resolve(Dashboard.INDEX),
                StandardCharsets.UTF_8), "reports/index.html is out of date: run scripts/history");
        assertTrue(Files.isRegularFile(reports.resolve("dashboard.png")), "the README's picture: scripts/screenshot");
    }
}
