package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;

import org.poolbench.runner.DashboardModel.Chart;
import org.poolbench.runner.DashboardModel.Kind;
import org.poolbench.runner.DashboardModel.Page;
import org.poolbench.runner.DashboardModel.Point;
import org.poolbench.runner.DashboardModel.Series;
import org.poolbench.runner.DashboardModel.Style;

/**
 * {@link DashboardModel}: which charts a run's page and the history page hold, with which series, points and
 * intervals, on the small JMH fixture ({@link JmhFixtures}: 2 forks per run) and on runs given more forks.
 */
class DashboardModelTest {

    private static final String FOLDER = "20261127T030148Z-e646c26";

    private static JsonArray fixture() {
        return JmhResults.mergeArrays(List.of(JsonParser.parseString(JmhFixtures.threads1()).getAsJsonArray(),
                JsonParser.parseString(JmhFixtures.threads8()).getAsJsonArray()));
    }

    /** The charts of the block with this heading. */
    private static List<Chart> charts(Page page, String heading) {
        return page.blocks().stream().filter(b -> b.heading().equals(heading)).findFirst()
                .orElseThrow(() -> new AssertionError("no block " + heading + " in " + page.blocks().stream()
                        .map(DashboardModel.Block::heading).toList())).charts();
    }

    private static Chart chart(List<Chart> charts, Kind kind) {
        return charts.stream().filter(c -> c.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " chart in " + charts));
    }

    private static List<String> labels(Chart chart) {
        return chart.series().stream().map(Series::label).toList();
    }

    private static Series series(Chart chart, String label) {
        return chart.series().stream().filter(s -> s.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + label + " in " + labels(chart)));
    }

    private static final String ACQUIRE_THRPT = "AcquireReleaseBenchmark · acquireRelease, handoff: throughput in "
            + "ops/us, higher is better";

    @Test
    void runPage_throughputTable_drawsEachPoolsForksAndJmhIntervalWithTwoForks() {
        Page page = DashboardModel.runPage(FOLDER, fixture(), null, null);

        // the table of size=4: poolbench, hikari and c3p0 in display order, then the reference point
        List<Chart> charts = charts(page, "size=4");
        Chart scores = charts.get(0);
        assertEquals(Kind.SCORES, scores.kind());
        assertEquals(List.of("1 thread", "8 threads"), scores.xLabels());
        assertEquals(List.of("poolbench", "poolbench forks", "hikari", "hikari forks", "c3p0", "c3p0 forks",
                "handoff (reference)", "handoff (reference) forks"), labels(scores));

        // 2 forks: JMH's own 99.9% interval, score ± error, at the pool's place beside the others
        Series poolbench = series(scores, "poolbench");
        assertEquals(Style.INTERVAL, poolbench.style());
        Point t1 = poolbench.points().get(0);
        assertEquals(DashboardModel.offset(0, 0, 4), t1.x());
        assertEquals(25.06 - 0.3104, t1.low(), 1e-9);
        assertEquals(25.06 + 0.3104, t1.high(), 1e-9);
        assertEquals("JMH 99.9%", t1.note());
        assertTrue(scores.notes().stream().anyMatch(n -> n.contains("JMH's own 99.9% interval")), scores.notes()
                .toString());
        // every fork is a point at the same x as its interval
        Series forks = series(scores, "poolbench forks");
        assertEquals(Style.FORKS, forks.style());
        assertEquals(4, forks.points().size(), "2 forks at each of 2 thread counts");
        assertEquals(t1.x(), forks.points().get(0).x());
        assertEquals(25.06, forks.points().get(0).y(), 1e-9);
        assertFalse(forks.legend(), "the forks share their pool's legend entry");

        // c3p0's single iteration at 1 thread left JMH without an interval: only its fork, and a note saying so
        assertEquals(1, series(scores, "c3p0").points().size());
        assertTrue(scores.notes().contains("c3p0 at 1 thread: no interval (JMH gave none: too few iterations)"),
                scores.notes().toString());
        assertTrue(scores.yLog(), "0.41 (c3p0) to 80 ops/us (handoff): a log axis shows both");
    }

    @Test
    void runPage_ratioToHikari_isTheForkMeansRatio_withoutIntervalBelowFourForks() {
        Page page = DashboardModel.runPage(FOLDER, fixture(), null, null);

        Chart ratio = chart(charts(page, "size=4"), Kind.RATIO);
        assertEquals(List.of("poolbench", "c3p0", "hikari = 1"), labels(ratio),
                "a diamond per pool but the baseline, no interval series with 2 forks (c3p0 1), and the rule at 1");
        Series poolbench = series(ratio, "poolbench");
        assertEquals(25.06 / 23.87, poolbench.points().get(0).y(), 1e-9);
        assertEquals(12.34 / 11.0, poolbench.points().get(1).y(), 1e-9);
        assertTrue(ratio.notes().stream().anyMatch(n -> n.contains("at least 4 forks a side, and the fewest here are 1")),
                ratio.notes().toString());
        Series rule = series(ratio, "hikari = 1");
        assertEquals(List.of(1.0, 1.0), rule.points().stream().map(Point::y).toList());
        assertEquals(List.of(-0.5, 1.5), rule.points().stream().map(Point::x).toList(), "across both categories");
    }

    @Test
    void runPage_withFourForks_drawsBootstrapIntervalsOfTheMeanAndOfTheRatio() {
        JsonArray results = new JsonArray();
        results.add(withForks(JmhFixtures.entry(JmhFixtures.ACQUIRE, "thrpt", 2, Map.of("pool", "hikari", "size",
                "4"), 10.0, "1.0", "ops/us", JmhFixtures.counters(0, 100, 0, 0)), 9.0, 10.0, 10.5, 11.0));
        results.add(withForks(JmhFixtures.entry(JmhFixtures.ACQUIRE, "thrpt", 2, Map.of("pool", "poolbench", "size",
                "4"), 20.0, "1.0", "ops/us", JmhFixtures.counters(0, 100, 0, 0)), 19.0, 20.0, 21.0, 22.0, 18.0));

        Page page = DashboardModel.runPage(FOLDER, results, null, null);

        Chart scores = chart(page.charts(), Kind.SCORES);
        Point poolbench = series(scores, "poolbench").points().get(0);
        assertEquals("bootstrap 95%", poolbench.note());
        double[] expected = ForkComparison.bootstrapRatio(List.of(1.0), List.of(19.0, 20.0, 21.0, 22.0, 18.0),
                ForkComparison.RESAMPLES, ForkSamples.name(results.get(1).getAsJsonObject()).hashCode());
        assertEquals(expected[0], poolbench.low(), 1e-12);
        assertEquals(expected[1], poolbench.high(), 1e-12);
        assertTrue(poolbench.low() < 20.0 && 20.0 < poolbench.high(), "around the forks' mean 20: " + poolbench);
        assertEquals(5, series(scores, "poolbench forks").points().size());

        Chart ratio = chart(page.charts(), Kind.RATIO);
        assertEquals(List.of("poolbench interval", "poolbench", "hikari = 1"), labels(ratio));
        ForkComparison.Result r = ForkComparison.compare("x", "ops/us", true, List.of(9.0, 10.0, 10.5, 11.0),
                List.of(19.0, 20.0, 21.0, 22.0, 18.0), 0.05);
        Point interval = series(ratio, "poolbench interval").points().get(0);
        assertEquals(r.ratio(), interval.y(), 1e-12);
        assertTrue(interval.low() < r.ratio() && r.ratio() < interval.high(), interval.toString());
        assertTrue(ratio.notes().contains("Bars: the ratio's 95% bootstrap interval over forks."));
    }

    /** The entry with one measured iteration per fork, of these values. */
    private static JsonObject withForks(String entry, double... forks) {
        JsonObject o = JsonParser.parseString(entry).getAsJsonObject();
        JsonArray raw = new JsonArray();
        for (double f : forks) {
            JsonArray fork = new JsonArray();
            fork.add(f);
            raw.add(fork);
        }
        o.getAsJsonObject("primaryMetric").add("rawData", raw);
        o.addProperty("forks", forks.length);
        return o;
    }

    @Test
    void runPage_sampleMode_drawsPercentilesPerPoolAndThreadCount_onALogAxis() {
        Page page = DashboardModel.runPage(FOLDER, fixture(), null, null);

        Chart percentiles = page.charts().stream().filter(c -> c.kind() == Kind.PERCENTILES).findFirst()
                .orElseThrow();
        assertEquals(List.of("p50", "p90", "p99", "p99.9", "p99.99"), percentiles.xLabels());
        assertEquals(List.of("poolbench · 1 thread", "hikari · 1 thread", "poolbench · 8 threads",
                "hikari · 8 threads"), labels(percentiles));
        assertTrue(percentiles.yLog());
        Series poolbench8 = series(percentiles, "poolbench · 8 threads");
        assertEquals(List.of(0.3, 0.3, 2.5, 14.21, 14.21), poolbench8.points().stream().map(Point::y).toList());
        // the sample-mode forks come from the histogram: the mean of every sample of a fork
        Chart scores = page.charts().stream().filter(c -> c.kind() == Kind.SCORES && c.yTitle().equals("us/op"))
                .findFirst().orElseThrow();
        List<Point> forks = series(scores, "poolbench forks").points();
        assertEquals(2 + 2, forks.size(), "2 forks at 1 thread (histograms), 2 at 8 (raw data)");
        assertEquals((0.03 * 812 + 0.039 * 40211 + 20.1 + 0.039 * 40100 + 0.812 * 40) / (812 + 40211 + 1 + 40100 + 40),
                forks.get(0).y(), 1e-12);
    }

    @Test
    void runPage_counters_chartWhatIsNotZero_andSayWhatIs() {
        Page page = DashboardModel.runPage(FOLDER, fixture(), null, null);

        DashboardModel.Block table = page.blocks().stream().filter(b -> b.heading().equals("size=4")).findFirst()
                .orElseThrow();
        List<String> counters = table.charts().stream().filter(c -> c.kind() == Kind.COUNTER).map(Chart::title)
                .toList();
        assertEquals(List.of("failedAcquires (total)", "connects per request", "waits per request",
                "allocation per operation"), counters);
        Chart failed = table.charts().stream().filter(c -> c.title().equals("failedAcquires (total)")).findFirst()
                .orElseThrow();
        assertEquals(3.0, series(failed, "c3p0").points().get(1).y(), "c3p0's 3 failed acquires at 8 threads");
        assertTrue(failed.yFromZero());
        Chart connects = table.charts().stream().filter(c -> c.title().equals("connects per request")).findFirst()
                .orElseThrow();
        assertEquals(4.0 / 1000, series(connects, "poolbench").points().get(0).y(), 1e-12);
        // the failed acquires also open the page, as in the summary
        assertEquals("Warnings", page.blocks().get(0).heading());
        assertTrue(page.blocks().get(0).text().get(0).contains("3 failed or timed-out acquires"));
    }

    @Test
    void counter_zeroEverywhere_isALineOfTextNotAnEmptyChart() {
        JsonArray results = new JsonArray();
        results.add(JsonParser.parseString(JmhFixtures.entry(JmhFixtures.ACQUIRE, "thrpt", 2, Map.of("pool",
                "hikari", "size", "4"), 10.0, "1.0", "ops/us", JmhFixtures.counters(0, 100, 0, 0))));
        Page page = DashboardModel.runPage(FOLDER, results, null, null);

        assertEquals(List.of(Kind.SCORES), page.charts().stream().map(Chart::kind).toList(),
                "no ratio without a second pool, no chart of zeros");
        List<String> text = page.blocks().get(page.blocks().size() - 1).text();
        assertTrue(text.contains("failedAcquires (total): 0 for every pool and thread count."), text.toString());
        assertTrue(text.contains("connects per request: 0 for every pool and thread count."), text.toString());
    }

    @Test
    void runPage_outcomes_drawTheShareThatSucceeded_andNameTheFailures() {
        Page page = DashboardModel.runPage(FOLDER, JsonParser.parseString(JmhFixtures.connectionLimit())
                .getAsJsonArray(), null, null);

        DashboardModel.Block outcomes = page.blocks().stream().filter(b -> b.heading().startsWith(
                "ConnectionLimitBenchmark · outcomes")).findFirst().orElseThrow();
        Chart chart = outcomes.charts().get(0);
        assertEquals(Kind.OUTCOME, chart.kind());
        assertEquals(List.of("hikari", "unpooled"), labels(chart));
        assertEquals(100.0, series(chart, "hikari").points().get(0).y(), 1e-9);
        assertEquals(93.1, series(chart, "unpooled").points().get(0).y(), 1e-9);
        assertEquals(List.of("unpooled at 32 threads: 93.1% succeeded; failed: 6900 (53300 too many clients)"),
                outcomes.text());
    }

    /** A history whose runs are out of folder order on purpose: the axis follows the history's order. */
    private static JsonObject history() {
        return JsonParser.parseString("""
                {"runs": [{"run": "20261126T100000Z-aaaaaaa"}, {"run": "20261127T030148Z-e646c26"},
                          {"run": "20261127T040000Z-ccccccc"}],
                 "series": {
                   "AcquireReleaseBenchmark.acquireRelease thrpt threads=8 size=4 pool=hikari": {
                     "f1 quick": [
                       {"run": "20261126T100000Z-aaaaaaa", "commit": "aaaaaaa", "score": 10.0, "error": 0.4,
                        "unit": "ops/us", "forks": 2},
                       {"run": "20261127T030148Z-e646c26", "commit": "e646c26", "score": 11.0, "error": 0.4,
                        "unit": "ops/us", "forks": 2, "changePoint": true, "change": 1.1}],
                     "f2 full": [
                       {"run": "20261127T040000Z-ccccccc", "commit": "ccccccc", "score": 30.0, "unit": "ops/us",
                        "forks": 3}]},
                   "AcquireReleaseBenchmark.acquireRelease thrpt threads=8 size=4 pool=poolbench": {
                     "f1 quick": [
                       {"run": "20261127T030148Z-e646c26", "commit": "e646c26", "score": 12.34, "unit": "ops/us",
                        "forks": 2}]}}}
                """).getAsJsonObject();
    }

    @Test
    void runPage_history_drawsThisRunsSeriesPerPool_withChangePointsMarked() {
        Page page = DashboardModel.runPage(FOLDER, fixture(), null, history());

        List<Chart> history = page.charts().stream().filter(c -> c.kind() == Kind.HISTORY).toList();
        assertEquals(1, history.size(), "8 threads, throughput: the only table with a series of 2 points");
        Chart chart = history.get(0);
        assertEquals("History at 8 threads (this run's series: same machine fingerprint and profile)", chart.title());
        assertEquals(List.of("poolbench", "hikari", "hikari change points"), labels(chart));
        assertEquals(List.of("11-26 10:00 aaaaaaa", "11-27 03:01 e646c26"), chart.xLabels(),
                "the full-profile series is another fingerprint: not this run's, not on this chart");
        assertEquals(List.of(0.0, 1.0), series(chart, "hikari").points().stream().map(Point::x).toList());
        Series changes = series(chart, "hikari change points");
        assertEquals(Style.CHANGES, changes.style());
        assertEquals(1, changes.points().size());
        assertEquals("×1.1 of the previous segment's mean", changes.points().get(0).note());
        assertTrue(chart.notes().contains("Change point in hikari at 11-27 03:01 e646c26: ×1.1 of the previous "
                + "segment's mean."), chart.notes().toString());
        assertTrue(page.blocks().stream().noneMatch(b -> b.text().stream().anyMatch(t -> t.startsWith(
                "History at 1 thread"))), "no series at 1 thread in this history: neither a chart nor a word");
    }

    @Test
    void runPage_history_firstRunOfItsSeries_isSaidNotDrawn() {
        JsonObject history = history();
        history.getAsJsonObject("series").remove(
                "AcquireReleaseBenchmark.acquireRelease thrpt threads=8 size=4 pool=hikari");

        Page page = DashboardModel.runPage(FOLDER, fixture(), null, history);

        assertTrue(page.charts().stream().noneMatch(c -> c.kind() == Kind.HISTORY), "a series of one point");
        assertTrue(page.blocks().stream().anyMatch(b -> b.text().contains("History at 8 threads: this run is the "
                + "first of its series (same machine fingerprint and profile); reports/index.html has every series.")));
    }

    @Test
    void indexPage_drawsEachSeriesApart_andLinksOnlyDashboardsThatExist() {
        Predicate<String> hasResults = run -> !run.endsWith("ccccccc");
        Page page = DashboardModel.indexPage(history(), hasResults);

        assertEquals(3, page.runs().size());
        assertEquals("runs/20261126T100000Z-aaaaaaa/dashboard.html", page.runs().get(0).dashboard());
        assertEquals("", page.runs().get(2).dashboard(), "no results, no dashboard to link");
        assertEquals("runs/20261127T040000Z-ccccccc/summary.md", page.runs().get(2).summary());

        assertEquals(List.of("AcquireReleaseBenchmark"), page.blocks().stream().map(DashboardModel.Block::heading)
                .toList());
        assertEquals(2, page.charts().size(), "one chart per benchmark run name");
        Chart hikari = page.charts().get(0);
        assertEquals("AcquireReleaseBenchmark.acquireRelease thrpt threads=8 size=4 pool=hikari", hikari.title());
        assertEquals(List.of("f1 quick", "f1 quick change points", "f2 full"), labels(hikari),
                "one line per fingerprint and profile, never joined");
        assertEquals(2, series(hikari, "f1 quick").points().size());
        assertEquals(List.of(2.0), series(hikari, "f2 full").points().stream().map(Point::x).toList());
        assertEquals(3, hikari.xLabels().size());
        assertFalse(hikari.yLog(), "10 to 30 ops/us: a linear axis");
    }

    @Test
    void scores_anIntervalBelowZero_startsAtZeroOnALinearAxis_atTheAxisBottomOnALogOne() {
        JsonArray results = new JsonArray();
        // JMH's 99.9% interval over 2 forks: 1.0 ± 2.0 reaches below 0; hikari's 100 makes the axis logarithmic
        results.add(JsonParser.parseString(JmhFixtures.entry(JmhFixtures.ACQUIRE, "thrpt", 2, Map.of("pool",
                "poolbench", "size", "4"), 1.0, "2.0", "ops/us", "")));
        results.add(JsonParser.parseString(JmhFixtures.entry(JmhFixtures.ACQUIRE, "thrpt", 2, Map.of("pool",
                "hikari", "size", "4"), 100.0, "1.0", "ops/us", "")));
        Chart log = chart(DashboardModel.runPage(FOLDER, results, null, null).charts(), Kind.SCORES);

        assertTrue(log.yLog());
        assertEquals(0.5, series(log, "poolbench").points().get(0).low(), 1e-12, "half the smallest value drawn");
        assertTrue(log.notes().contains("poolbench at 2 threads: the interval reaches below 0 (-1 to 3); drawn from "
                + "the bottom of the axis"), log.notes().toString());

        results.remove(1);
        Chart linear = chart(DashboardModel.runPage(FOLDER, results, null, null).charts(), Kind.SCORES);
        assertFalse(linear.yLog());
        assertEquals(0.0, series(linear, "poolbench").points().get(0).low());
    }

    @Test
    void offset_spreadsAGroupAroundItsCategory() {
        assertEquals(2.0, DashboardModel.offset(2, 0, 1));
        assertEquals(-0.2, DashboardModel.offset(0, 0, 2), 1e-12);
        assertEquals(0.2, DashboardModel.offset(0, 1, 2), 1e-12);
        assertEquals(1.0, DashboardModel.offset(1, 2, 5), 1e-12, "the middle of an odd group sits on the category");
        assertEquals(1.32, DashboardModel.offset(1, 4, 5), 1e-12);
    }

    @Test
    void runLabel_isDateTimeAndCommit_otherNamesStayAsTheyAre() {
        assertEquals("11-27 03:01 e646c26", DashboardModel.runLabel("20261127T030148Z-e646c26"));
        assertEquals("11-27 03:01 e646c26+dirty", DashboardModel.runLabel("20261127T030148Z-e646c26+dirty"));
        assertEquals("my-run", DashboardModel.runLabel("my-run"));
    }

    @Test
    void runPage_header_comesFromRunJson() {
        JsonObject run = JsonParser.parseString("""
                {"status": "ok", "poolbench": {"commit": "e646c26abcdef", "dirty": false},
                 "started": "2026-11-27T03:01:48Z",
                 "machine": {"jdk": {"vendor": "Eclipse Adoptium", "version": "25.0.3+9-LTS"},
                             "os": {"name": "Linux", "arch": "amd64"}, "cpu": {"model": "Xeon", "count": 2}},
                 "jmh": {"profile": "quick", "userOptions": ["AcquireRelease"]},
                 "pools": {"hikari": {"library": "HikariCP", "version": "7.1.0"}}}
                """).getAsJsonObject();
        Page page = DashboardModel.runPage(FOLDER, fixture(), run, null);

        assertEquals("commit e646c26, started 2026-11-27T03:01:48Z, status ok", page.header().get(0));
        assertEquals("profile quick, options AcquireRelease", page.header().get(1));
        assertTrue(page.header().get(2).contains("pool HikariCP 7.1.0"), page.header().get(2));
        assertEquals(List.of("run.json is missing or unreadable: the run is known by its folder only, " + FOLDER),
                DashboardModel.runPage(FOLDER, fixture(), null, null).header());
    }

    @Test
    void runWarnings_nameAFailedRunAndItsStalls() {
        JsonObject run = JsonParser.parseString("""
                {"status": "failed", "failure": "JMH invocation 3 of 10 failed",
                 "virtualThreads": {"steps": [
                   {"benchmarkClass": "AcquireReleaseBenchmark", "threads": 16, "pool": "hikari",
                    "stalls": ["AcquireReleaseBenchmark.acquireRelease: stalled once"]},
                   {"benchmarkClass": "IdleReuseBenchmark", "threads": 4, "pool": "poolbench", "stalls": []}]}}
                """).getAsJsonObject();

        assertEquals(List.of("The run is marked FAILED: JMH invocation 3 of 10 failed",
                "STALLED on 16 virtual threads (AcquireReleaseBenchmark, pool=hikari): "
                        + "AcquireReleaseBenchmark.acquireRelease: stalled once"),
                DashboardModel.runWarnings(run));
        assertEquals(List.of(), DashboardModel.runWarnings(JsonParser.parseString("{\"status\": \"ok\"}")
                .getAsJsonObject()));
        Page page = DashboardModel.runPage(FOLDER, fixture(), run, null);
        assertEquals("Warnings", page.blocks().get(0).heading());
        assertEquals("The run is marked FAILED: JMH invocation 3 of 10 failed", page.blocks().get(0).text().get(0));
    }

    @Test
    void json_roundTripsThroughThePage_andALabelCannotEndTheScript() {
        JsonArray results = new JsonArray();
        results.add(JsonParser.parseString(JmhFixtures.entry(JmhFixtures.ACQUIRE, "thrpt", 2, Map.of("pool",
                "</script><script>alert(1)</script>", "size", "4"), 10.0, "1.0", "ops/us", "")));
        Page page = DashboardModel.runPage(FOLDER, results, null, null);

        String html = Dashboard.html(page);
        JsonElement data = Dashboard.dataOf(html);
        JsonObject expected = Dashboard.json(page);
        expected.addProperty("library", Dashboard.library().name());
        assertEquals(expected, data);
        assertEquals(3, html.split("</script>", -1).length - 1, "the data, the library and the page script: "
                + "nothing in the data ends a script element");
        assertFalse(html.contains("<script src"), "everything is inline");
        assertTrue(html.contains("Chart.js v" + Dashboard.library().version()), "the library's banner stays");
    }
}
