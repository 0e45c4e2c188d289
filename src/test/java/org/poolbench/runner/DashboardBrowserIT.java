package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.poolbench.runner.DashboardModel.Chart;
import org.poolbench.runner.DashboardModel.Page;
import org.poolbench.runner.DashboardModel.Series;

/**
 * The dashboards in a real browser: each page is written as the runner writes it, copied with two probe scripts
 * inserted (one first in {@code <head>}, collecting script errors, unhandled rejections and {@code console.error};
 * one at the end of {@code <body>}, which after the page's load event lists Chart.js's chart instances, their
 * datasets and elements, and counts each canvas's painted pixels), and opened in Debian's headless Chromium, whose
 * dumped DOM carries the probe's findings. Each page must draw exactly the charts {@link DashboardModel} says, with
 * the series it says, every point placed inside its chart, every canvas painted, and no script error. The probes
 * belong to this test, not to the pages.
 *
 * <p>Without {@code chromium} on the PATH the tests are skipped with a message, except on CI ({@code CI=true}),
 * where {@code .ci/run} installs it and its absence fails them.
 */
class DashboardBrowserIT {

    /** A full quick run: every benchmark, stub, H2 and PostgreSQL, sample mode, virtual threads. */
    private static final Path COMMITTED_RUN = Path.of("reports/runs/20261127T030148Z-e646c26");
    private static final Path REPORTS = Path.of("reports");
    private static final long BROWSER_SECONDS = 60;

    private static final String HEAD_PROBE = """
            <script>
            window.__probe = { errors: [] };
            window.addEventListener('error', e => {
              if (e.target && e.target !== window) {
                window.__probe.errors.push('failed to load ' + (e.target.src || e.target.href || e.target.tagName));
              } else {
                window.__probe.errors.push('error: ' + e.message + ' at ' + e.filename + ':' + e.lineno);
              }
            }, true);
            window.addEventListener('unhandledrejection', e => window.__probe.errors.push('unhandledrejection: '
                + e.reason));
            (function () {
              const original = console.error;
              console.error = function () {
                window.__probe.errors.push('console.error: ' + Array.from(arguments).join(' '));
                return original.apply(console, arguments);
              };
            }());
            </script>
            """;

    private static final String END_PROBE = """
            <script>
            window.addEventListener('load', () => {
              const painted = canvas => {
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let n = 0;
                for (let i = 3; i < pixels.length; i += 4) {
                  if (pixels[i] !== 0) {
                    n++;
                  }
                }
                return n;
              };
              const charts = typeof Chart === 'undefined' ? [] : Object.values(Chart.instances).map(chart => {
                const area = chart.chartArea;
                return {
                  id: chart.canvas.id,
                  width: chart.canvas.width,
                  height: chart.canvas.height,
                  painted: painted(chart.canvas),
                  datasets: chart.data.datasets.map((d, i) => {
                    const elements = chart.getDatasetMeta(i).data;
                    const isInside = e => Number.isFinite(e.x) && Number.isFinite(e.y)
                        && e.x >= area.left - 1 && e.x <= area.right + 1 && e.y >= area.top - 1
                        && e.y <= area.bottom + 1;
                    const outside = elements.filter(e => !isInside(e)).slice(0, 3)
                        .map(e => ({ x: e.x, y: e.y, base: e.base, area }));
                    return { label: d.label, points: d.data.length, elements: elements.length,
                      inside: elements.length - elements.filter(e => !isInside(e)).length, outside };
                  }),
                };
              });
              const result = { library: typeof Chart === 'undefined' ? null : Chart.version, charts,
                errors: window.__probe.errors };
              const out = document.createElement('pre');
              out.id = 'probe-result';
              out.textContent = btoa(unescape(encodeURIComponent(JSON.stringify(result))));
              document.body.appendChild(out);
            });
            </script>
            """;

    private static Path chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        Optional<Path> found = onPath("chromium").or(() -> onPath("chromium-browser"));
        if (found.isEmpty()) {
            String message = "chromium is not on the PATH: the dashboards' browser test needs Debian's chromium "
                    + "(apt-get install chromium; .ci/run installs it)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + ", and on CI (CI=true) it must run");
            }
            Assumptions.abort(message + "; skipped outside CI");
        }
        chromium = found.get();
    }

    private static Optional<Path> onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Test
    @Timeout(120)
    void fixtureRun_drawsEveryChartOfTheModel() throws Exception {
        Path run = Files.createDirectories(dir.resolve("runs/20261127T030148Z-e646c26"));
        JmhResults.write(JmhResults.mergeArrays(List.of(
                JsonParser.parseString(JmhFixtures.threads1()).getAsJsonArray(),
                JsonParser.parseString(JmhFixtures.threads8()).getAsJsonArray(),
                JsonParser.parseString(JmhFixtures.connectionLimit()).getAsJsonArray())), run.resolve("results.json"));
        Path history = dir.resolve("history.json");
        Files.writeString(history, """
                {"runs": [{"run": "20261126T100000Z-aaaaaaa"}, {"run": "20261127T030148Z-e646c26"}],
                 "series": {"AcquireReleaseBenchmark.acquireRelease thrpt threads=8 size=4 pool=hikari": {"f quick": [
                   {"run": "20261126T100000Z-aaaaaaa", "commit": "aaaaaaa", "score": 10.0, "unit": "ops/us"},
                   {"run": "20261127T030148Z-e646c26", "commit": "e646c26", "score": 11.0, "unit": "ops/us",
                    "changePoint": true, "change": 1.1}]}}}
                """);

        Page page = Dashboard.runPage(run, history);

        assertTrue(page.charts().stream().map(Chart::kind).distinct().count() == DashboardModel.Kind.values().length,
                "the fixture draws every kind of chart: " + page.charts().stream().map(Chart::kind).toList());
        assertRenders(page, Dashboard.html(page));
    }

    @Test
    @Timeout(120)
    void committedRun_drawsEveryChartOfTheModel() throws Exception {
        Page page = Dashboard.runPage(COMMITTED_RUN, REPORTS.resolve(History.JSON));

        assertTrue(page.charts().size() > 50, "a full quick run has many charts: " + page.charts().size());
        assertRenders(page, Dashboard.html(page));
    }

    @Test
    @Timeout(120)
    void historyIndex_drawsEveryChartOfTheModel() throws Exception {
        Page page = Dashboard.indexPage(REPORTS);

        assertTrue(page.charts().size() > 10, "every committed series: " + page.charts().size());
        assertRenders(page, Dashboard.html(page));
    }

    /** Opens the page with the probes in headless Chromium and checks what it drew against the model. */
    private void assertRenders(Page page, String html) throws IOException, InterruptedException {
        JsonObject probe = open(html);
        assertEquals(List.of(), strings(probe.getAsJsonArray("errors")), "script errors in the page");
        assertEquals(Dashboard.library().version(), probe.get("library").getAsString(), "the inlined library");

        Map<String, JsonObject> drawn = new HashMap<>();
        probe.getAsJsonArray("charts").forEach(c -> drawn.put(c.getAsJsonObject().get("id").getAsString(),
                c.getAsJsonObject()));
        assertEquals(page.charts().size(), drawn.size(), "charts in the page against charts in the model");
        for (Chart chart : page.charts()) {
            JsonObject c = drawn.get(chart.id());
            String where = chart.id() + " (" + chart.title() + ")";
            assertTrue(c != null, where + " was not drawn");
            assertTrue(c.get("width").getAsInt() > 100 && c.get("height").getAsInt() > 100, where + " has no size: "
                    + c);
            assertTrue(c.get("painted").getAsInt() > 0, where + ": its canvas is blank");
            JsonArray datasets = c.getAsJsonArray("datasets");
            assertEquals(chart.series().stream().map(Series::label).toList(),
                    datasets.asList().stream().map(d -> d.getAsJsonObject().get("label").getAsString()).toList(),
                    where + ": its series");
            for (int i = 0; i < chart.series().size(); i++) {
                JsonObject d = datasets.get(i).getAsJsonObject();
                int points = chart.series().get(i).points().size();
                String series = where + ", series " + chart.series().get(i).label();
                assertEquals(points, d.get("points").getAsInt(), series + ": its points");
                assertEquals(points, d.get("elements").getAsInt(), series + ": elements drawn");
                assertEquals(points, d.get("inside").getAsInt(), series + ": elements inside the chart area; "
                        + "outside: " + d.get("outside"));
            }
        }
    }

    /** The probe's findings: the page, instrumented, opened in Chromium, its DOM dumped after load. */
    private JsonObject open(String html) throws IOException, InterruptedException {
        assertTrue(html.contains("<head>\n") && html.contains("</body>"), "an unexpected page shape");
        String instrumented = html.replaceFirst("<head>\n", "<head>\n" + java.util.regex.Matcher.quoteReplacement(
                HEAD_PROBE)).replace("</body>", END_PROBE + "</body>");
        Path page = Files.writeString(dir.resolve("page.html"), instrumented, StandardCharsets.UTF_8);
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        Path out = dir.resolve("dom.html");
        Path err = dir.resolve("chromium.log");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=5000", "--window-size=1400,1800", "--dump-dom",
                page.toAbsolutePath().toUri().toString()));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS)) {
                fail("chromium did not finish within " + BROWSER_SECONDS + " s:\n" + Files.readString(err));
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        assertEquals(0, p.exitValue(), "chromium failed:\n" + Files.readString(err));
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        String start = "<pre id=\"probe-result\">";
        int from = dom.indexOf(start);
        assertTrue(from >= 0, "the probe left no result (did the page load?); chromium said:\n"
                + Files.readString(err));
        String encoded = dom.substring(from + start.length(), dom.indexOf("</pre>", from));
        return JsonParser.parseString(new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private static List<String> strings(JsonArray array) {
        List<String> list = new ArrayList<>();
        for (JsonElement e : array) {
            list.add(e.getAsString());
        }
        return list;
    }
}
