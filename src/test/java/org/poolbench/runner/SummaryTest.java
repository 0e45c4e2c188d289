package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.poolbench.runner.JmhResults.Row;
import org.poolbench.runner.Summary.SummaryContext;

/**
 * {@link Summary}: the markdown summary of a run. The expected cells are worked out by hand from the fixture's
 * numbers (e.g. poolbench 25.06 / hikari 23.87 = 1.0499, shown as 1.05×), so a wrong ratio, rounding or grouping
 * fails here.
 */
class SummaryTest {

    private static final String FOOTNOTE_4_CPUS = "† more threads than the 4 CPUs of this machine: oversubscribed, "
            + "the OS scheduler is part of the result; read as research, not a verdict.";

    private static SummaryContext context(int cpus) {
        return new SummaryContext("poolbench quick run 2026-11-21T12:00:00Z",
                List.of("commit abc1234 (clean)", "JDK 25.0.1 (Temurin)"), cpus, "hikari");
    }

    private static List<Row> rows(String... files) {
        List<JsonArray> arrays = new ArrayList<>();
        for (String file : files) {
            arrays.add(JsonParser.parseString(file).getAsJsonArray());
        }
        return JmhResults.rows(JmhResults.mergeArrays(arrays));
    }

    private static List<Row> fixture() {
        return rows(JmhFixtures.threads1(), JmhFixtures.threads8());
    }

    /** The lines from the first line starting with {@code start} up to (not including) the next blank line. */
    private static String block(String md, String start) {
        int from = md.indexOf("\n" + start);
        assertTrue(from >= 0, "no line starting with " + start + " in:\n" + md);
        int to = md.indexOf("\n\n", from + 1);
        return md.substring(from + 1, to < 0 ? md.length() : to);
    }

    /** A caption line ending in a colon, the blank line after it and the table that follows. */
    private static String captioned(String md, String caption) {
        int from = md.indexOf("\n" + caption);
        assertTrue(from >= 0, "no caption " + caption + " in:\n" + md);
        int to = md.indexOf("\n\n", md.indexOf("\n\n", from + 1) + 2);
        return md.substring(from + 1, to < 0 ? md.length() : to);
    }

    /** The text of the section whose heading starts with {@code heading}, up to the next section. */
    private static String section(String md, String heading) {
        int from = md.indexOf("\n## " + heading);
        assertTrue(from >= 0, "no section " + heading + " in:\n" + md);
        int to = md.indexOf("\n## ", from + 1);
        return md.substring(from + 1, to < 0 ? md.length() : to);
    }

    private static String pooled(String benchmark, String mode, String pool, int threads, double score,
                                 String error, String unit) {
        return JmhFixtures.entry(benchmark, mode, threads, Map.of("pool", pool, "size", "4"), score, error, unit, "");
    }

    // ---------------------------------------------------------------- header and warnings

    @Test
    void markdown_header_titleThenMetadataBullets() {
        String md = Summary.markdown(fixture(), context(4));

        assertTrue(md.startsWith("""
                # poolbench quick run 2026-11-21T12:00:00Z

                - commit abc1234 (clean)
                - JDK 25.0.1 (Temurin)

                """), md);
    }

    @Test
    void markdown_failedAcquiresAboveZero_warningAboveFirstSection() {
        String md = Summary.markdown(fixture(), context(4));

        String warning = "**WARNING: 3 failed or timed-out acquires in AcquireReleaseBenchmark.acquireRelease "
                + "(thrpt, pool=c3p0, size=4, threads=8)**";
        assertTrue(md.contains("\n" + warning + "\n"), md);
        assertTrue(md.indexOf(warning) < md.indexOf("\n## "), "warning must come before the first section");
        assertEquals(1, md.split("WARNING", -1).length - 1, "only c3p0 at 8 threads failed");
    }

    @Test
    void markdown_failedAcquiresAllZero_tableShownButNoWarning() {
        String md = Summary.markdown(rows(JmhFixtures.threads1()), context(4));

        assertFalse(md.contains("WARNING"), md);
        assertEquals("""
                `failedAcquires`: acquires that failed or timed out; anything above 0 is a problem:

                | pool | 1 thread |
                |:--|--:|
                | poolbench | 0 |
                | hikari | 0 |
                | c3p0 | 0 |""", captioned(md, "`failedAcquires`"));
    }

    // ---------------------------------------------------------------- throughput tables

    @Test
    void markdown_throughputSection_headingLegendAndCaption() {
        String section = section(Summary.markdown(fixture(), context(4)), "AcquireReleaseBenchmark · acquireRelease, handoff");

        assertTrue(section.startsWith("""
                ## AcquireReleaseBenchmark · acquireRelease, handoff: throughput in ops/us, higher is better

                (n×) = score / hikari score in the same run, same threads: above 1 is faster.

                ### size=4

                """), section);
    }

    @Test
    void markdown_throughputTable_scoreErrorAndRatioToHikari() {
        String md = Summary.markdown(fixture(), context(4));

        // poolbench 25.06/23.87 = 1.0499, 12.34/11.0 = 1.122; c3p0 2.512/23.87 = 0.105 (one iteration: no error),
        // 0.4123/11.0 = 0.0375; handoff 80.2/23.87 = 3.360, 40.0/11.0 = 3.636.
        assertEquals("""
                | pool | 1 thread | 8 threads † |
                |:--|--:|--:|
                | poolbench | 25.1 ± 0.31 (1.05×) | 12.3 ± 0.5 (1.12×) |
                | hikari | 23.9 ± 0.2 (1.00×) | 11.0 ± 0.4 (1.00×) |
                | c3p0 | 2.51 ± ? (0.11×) | 0.412 ± 0.02 (0.037×) |
                | handoff (reference) | 80.2 ± 1.1 (3.36×) | 40.0 ± 2 (3.64×) |""", block(md, "| pool | 1 thread"));
    }

    @Test
    void markdown_threadsAboveCpuCount_daggerColumnAndFootnote() {
        String md = Summary.markdown(fixture(), context(4));

        String afterTable = md.substring(md.indexOf("| handoff (reference) | 80.2"));
        assertTrue(afterTable.startsWith("| handoff (reference) | 80.2 ± 1.1 (3.36×) | 40.0 ± 2 (3.64×) |\n\n"
                + FOOTNOTE_4_CPUS + "\n"), afterTable);
    }

    @Test
    void markdown_threadsWithinCpuCount_noDaggerNoFootnote() {
        String md = Summary.markdown(fixture(), context(8));

        assertEquals("| pool | 1 thread | 8 threads |", block(md, "| pool | 1 thread").lines().findFirst().orElseThrow());
        assertFalse(md.contains("†"), md);
    }

    @Test
    void markdown_baselineMissingAtThreadCount_noRatioThere() {
        List<Row> rows = rows(JmhFixtures.array(
                pooled(JmhFixtures.ACQUIRE, "thrpt", "poolbench", 1, 10.0, "0.1", "ops/us"),
                pooled(JmhFixtures.ACQUIRE, "thrpt", "hikari", 1, 8.0, "0.1", "ops/us"),
                pooled(JmhFixtures.ACQUIRE, "thrpt", "poolbench", 2, 18.0, "0.1", "ops/us")));

        String md = Summary.markdown(rows, context(4));

        assertEquals("""
                | pool | 1 thread | 2 threads |
                |:--|--:|--:|
                | poolbench | 10.0 ± 0.1 (1.25×) | 18.0 ± 0.1 |
                | hikari | 8.00 ± 0.1 (1.00×) | – |""", block(md, "| pool | 1 thread"));
    }

    @Test
    void markdown_pools_knownOrderThenUnknownAlphabeticallyThenReferences() {
        List<String> entries = new ArrayList<>();
        for (String pool : List.of("zeta", "vibur", "unpooled", "hikari", "c3p0", "poolbench_maxidle2", "alpha",
                "poolbench")) {
            entries.add(pooled(JmhFixtures.ACQUIRE, "thrpt", pool, 1, 1.0, "0.1", "ops/us"));
        }
        entries.add(JmhFixtures.entry(JmhFixtures.HANDOFF, "thrpt", 1, Map.of("size", "4"), 1.0, "0.1", "ops/us", ""));

        String table = block(Summary.markdown(rows(JmhFixtures.array(entries.toArray(String[]::new))), context(4)),
                "| pool | 1 thread");

        assertEquals(List.of("poolbench", "poolbench_maxidle2", "hikari", "c3p0", "vibur", "unpooled", "alpha", "zeta",
                        "handoff (reference)"),
                table.lines().skip(2).map(l -> l.substring(2, l.indexOf(" | "))).toList());
    }

    @Test
    void markdown_nonPoolParams_oneTablePerValueInNumericOrder() {
        List<Row> rows = rows(JmhFixtures.array(
                JmhFixtures.entry(JmhFixtures.ACQUIRE, "thrpt", 1, Map.of("pool", "hikari", "size", "16"), 2.0, "0.1",
                        "ops/us", ""),
                JmhFixtures.entry(JmhFixtures.ACQUIRE, "thrpt", 1, Map.of("pool", "hikari", "size", "4"), 1.0, "0.1",
                        "ops/us", "")));

        String md = Summary.markdown(rows, context(4));

        int size4 = md.indexOf("### size=4\n");
        int size16 = md.indexOf("### size=16\n");
        assertTrue(size4 >= 0 && size4 < size16, md);
        assertEquals("| hikari | 1.00 ± 0.1 (1.00×) |", block(md.substring(size4, size16), "| hikari"));
        assertEquals("| hikari | 2.00 ± 0.1 (1.00×) |", block(md.substring(size16), "| hikari"));
    }

    // ---------------------------------------------------------------- reference multiples

    @Test
    void markdown_referenceInThroughputTable_multipleIsReferenceOverPool() {
        String md = Summary.markdown(fixture(), context(4));

        // 80.2/25.06 = 3.200, 80.2/23.87 = 3.360, 80.2/2.512 = 31.93; 40/12.34 = 3.241, 40/11 = 3.636,
        // 40/0.4123 = 97.02
        assertEquals("""
                Cost per operation as a multiple of the `handoff` reference (reference throughput / pool throughput; \
                1.00× would cost no more than the reference):

                | pool | 1 thread | 8 threads † |
                |:--|--:|--:|
                | poolbench | 3.20× | 3.24× |
                | hikari | 3.36× | 3.64× |
                | c3p0 | 31.93× | 97.02× |""",
                md.substring(md.indexOf("Cost per operation"), md.indexOf("\n\n", md.indexOf("| poolbench | 3.20×"))));
    }

    @Test
    void markdown_referenceInTimeMode_multipleIsPoolOverReferenceAndLegendSaysBelow() {
        String handoff = JmhFixtures.entry(JmhFixtures.HANDOFF, "avgt", 1, Map.of("size", "4"), 50.0, "1.0", "ns/op",
                "");
        List<Row> rows = rows(JmhFixtures.array(
                pooled(JmhFixtures.ACQUIRE, "avgt", "poolbench", 1, 150.0, "3.0", "ns/op"),
                pooled(JmhFixtures.ACQUIRE, "avgt", "hikari", 1, 200.0, "4.0", "ns/op"),
                handoff));

        String md = Summary.markdown(rows, context(4));

        assertTrue(md.contains("""
                ## AcquireReleaseBenchmark · acquireRelease, handoff: average time in ns/op, lower is better

                (n×) = score / hikari score in the same run, same threads: below 1 is faster.
                """), md);
        assertEquals("""
                | pool | 1 thread |
                |:--|--:|
                | poolbench | 150 ± 3 (0.75×) |
                | hikari | 200 ± 4 (1.00×) |
                | handoff (reference) | 50.0 ± 1 (0.25×) |""", block(md, "| pool | 1 thread"));
        assertTrue(md.contains("(pool time / reference time; 1.00× would cost no more than the reference):\n\n"
                + "| pool | 1 thread |\n|:--|--:|\n| poolbench | 3.00× |\n| hikari | 4.00× |\n\n"), md);
    }

    @Test
    void markdown_referenceOnlySection_noLegendNoMultiples() {
        String section = section(Summary.markdown(fixture(), context(4)), "StubDriverBenchmark");

        assertEquals("""
                ## StubDriverBenchmark · connect: average time in ns/op, lower is better

                | pool | 1 thread |
                |:--|--:|
                | connect (reference) | 812 ± ? |
                """, section);
    }

    // ---------------------------------------------------------------- sample mode

    @Test
    void markdown_sampleMode_percentilesMeanAndP50RatioPerThreadCount() {
        String md = Summary.markdown(fixture(), context(4));

        String section = section(md, "AcquireReleaseBenchmark · acquireRelease: sample time");
        assertTrue(section.startsWith("""
                ## AcquireReleaseBenchmark · acquireRelease: sample time in us/op, lower is better

                (n×) = p50 / hikari p50 in the same run, same threads: below 1 is faster.
                """), section);
        // p50 0.039/0.041 = 0.951, 0.3/0.25 = 1.2
        assertEquals("""
                | pool | threads | p50 | p99 | p99.9 | mean ± error | p50 vs hikari |
                |:--|--:|--:|--:|--:|--:|--:|
                | poolbench | 1 | 0.0390 | 0.0811 | 0.812 | 0.0412 ± 0.0003 | 0.95× |
                | hikari | 1 | 0.0410 | 0.0900 | 1.20 | 0.0433 ± 0.0004 | 1.00× |
                | poolbench | 8 † | 0.300 | 2.50 | 14.2 | 0.350 ± 0.01 | 1.20× |
                | hikari | 8 † | 0.250 | 1.90 | 9.90 | 0.300 ± 0.01 | 1.00× |

                """ + FOOTNOTE_4_CPUS + "\n", section.substring(section.indexOf("| pool |")));
    }

    // ---------------------------------------------------------------- secondary metrics

    @Test
    void markdown_counters_connectsAndWaitsPerRequest() {
        String md = Summary.markdown(fixture(), context(4));

        // poolbench 4/1000, 5/4000; hikari 4/2000, 8/3000; c3p0 no requests at 1 thread, 9/500 at 8
        assertEquals("""
                `connects/request`: physical connections opened per request:

                | pool | 1 thread | 8 threads † |
                |:--|--:|--:|
                | poolbench | 0.004 | 0.00125 |
                | hikari | 0.002 | 0.00267 |
                | c3p0 | – | 0.018 |""", captioned(md, "`connects/request`"));
        // poolbench 0/1000, 1000/4000; hikari 10/2000, 1234/3000; c3p0 400/500
        assertEquals("""
                `waits/request`: requests that had to wait for a connection, as the pool counts them, per request (n/a: the pool keeps no such count):

                | pool | 1 thread | 8 threads † |
                |:--|--:|--:|
                | poolbench | 0 | 0.25 |
                | hikari | 0.005 | 0.411 |
                | c3p0 | – | 0.8 |""", captioned(md, "`waits/request`"));
    }

    @Test
    void ratio_belowOneTenth_keepsTwoSignificantDigits() {
        assertEquals("1.05×", Summary.ratio(105, 100).orElseThrow());
        assertEquals("0.10×", Summary.ratio(10, 100).orElseThrow());
        assertEquals("0.0018×", Summary.ratio(19.7, 10800).orElseThrow());
        assertEquals("0.042×", Summary.ratio(4.2, 100).orElseThrow());
        assertTrue(Summary.ratio(1, 0).isEmpty());
    }

    @Test
    void markdown_waits_negativeCountMeansNotCounted() {
        // The benchmark reports waits = -1 per iteration for a pool that keeps no wait count (3 iterations: -3).
        String md = Summary.markdown(rows(JmhFixtures.array(
                JmhFixtures.entry("org.poolbench.bench.IdleReuseBenchmark.request", "thrpt", 4,
                        Map.of("pool", "hikari", "backend", "h2", "size", "8"), 100.0, "1.0", "ops/ms",
                        JmhFixtures.counters(0, 3000, 0, -3)),
                JmhFixtures.entry("org.poolbench.bench.IdleReuseBenchmark.request", "thrpt", 4,
                        Map.of("pool", "poolbench", "backend", "h2", "size", "8"), 100.0, "1.0", "ops/ms",
                        JmhFixtures.counters(0, 3000, 0, 30)))), context(4));
        String table = captioned(md, "`waits/request`");
        assertTrue(table.contains("| hikari | n/a |"), table);
        assertTrue(table.contains("| poolbench | 0.01 |"), table);
    }

    @Test
    void markdown_failedAcquires_countsPerPoolAndThreads() {
        assertEquals("""
                `failedAcquires`: acquires that failed or timed out; anything above 0 is a problem:

                | pool | 1 thread | 8 threads † |
                |:--|--:|--:|
                | poolbench | 0 | 0 |
                | hikari | 0 | 0 |
                | c3p0 | 0 | 3 |""", captioned(Summary.markdown(fixture(), context(4)), "`failedAcquires`"));
    }

    @Test
    void markdown_allocationLegacyAndCurrentNames_oneTableOnlyForReportingRows() {
        // thread 1 entries carry the legacy "·gc.alloc.rate.norm", thread 8 entries the current name; c3p0 has none
        assertEquals("""
                `alloc B/op`: bytes allocated per operation (`-prof gc` gc.alloc.rate.norm, mean of forks):

                | pool | 1 thread | 8 threads † |
                |:--|--:|--:|
                | poolbench | 24.0 | 24.5 |
                | hikari | 120 | 121 |
                | handoff (reference) | 0.0 | 0.0 |""", captioned(Summary.markdown(fixture(), context(4)), "`alloc B/op`"));
    }

    @Test
    void markdown_noCountersInSection_noSecondaryTables() {
        String section = section(Summary.markdown(fixture(), context(4)), "AcquireReleaseBenchmark · acquireRelease: sample");

        assertFalse(section.contains("failedAcquires"), section);
        assertFalse(section.contains("alloc B/op"), section);
    }

    // ---------------------------------------------------------------- whole document

    @Test
    void markdown_sectionOrder_classThenThroughputBeforeTimeModes() {
        String md = Summary.markdown(fixture(), context(4));

        List<String> headings = md.lines().filter(l -> l.startsWith("## ")).toList();
        assertEquals(List.of(
                "## AcquireReleaseBenchmark · acquireRelease, handoff: throughput in ops/us, higher is better",
                "## AcquireReleaseBenchmark · acquireRelease: sample time in us/op, lower is better",
                "## StubDriverBenchmark · connect: average time in ns/op, lower is better",
                "## How to read"), headings);
    }

    @Test
    void markdown_shuffledInput_identicalText() {
        List<Row> rows = fixture();
        String expected = Summary.markdown(rows, context(4));

        List<Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(42));
        Collections.reverse(rows = new ArrayList<>(rows));

        assertEquals(expected, Summary.markdown(shuffled, context(4)));
        assertEquals(expected, Summary.markdown(rows, context(4)));
    }

    @Test
    void markdown_end_howToReadExplainsErrorAndRatios() {
        String md = Summary.markdown(fixture(), context(4));

        String howTo = md.substring(md.indexOf("## How to read"));
        assertTrue(howTo.contains("half-width of JMH's 99.9% confidence interval across all measurement iterations "
                + "of all forks"), howTo);
        assertTrue(howTo.contains("(n×) compares with hikari measured in the same run"), howTo);
        assertTrue(howTo.contains("Compare such ratios from one run, not absolute numbers across machines or runs"),
                howTo);
        assertTrue(md.endsWith(".\n"));
    }

    @Test
    void markdown_noRows_saysSoAndStillExplains() {
        String md = Summary.markdown(List.of(), context(4));

        assertTrue(md.startsWith("# poolbench quick run 2026-11-21T12:00:00Z\n\n- commit abc1234 (clean)\n"
                + "- JDK 25.0.1 (Temurin)\n\nNo benchmark results.\n\n## How to read\n"), md);
    }

    @Test
    void markdown_sameRunTwice_throws() {
        List<Row> rows = new ArrayList<>(fixture());
        rows.add(rows.get(0));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Summary.markdown(rows, context(4)));
        assertEquals("two results for " + JmhFixtures.ACQUIRE + " sample {pool=hikari, size=4} threads 1",
                e.getMessage());
    }

    @Test
    void summaryContext_invalidCpuCountOrBaseline_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new SummaryContext("t", List.of(), 0, "hikari"));
        assertThrows(IllegalArgumentException.class, () -> new SummaryContext("t", List.of(), 4, " "));
    }

    // ---------------------------------------------------------------- number formats

    @Test
    void sig3_threeSignificantDigitsKeptPlain() {
        assertEquals("25.1", Summary.sig3(25.06));
        assertEquals("11.0", Summary.sig3(11.0));
        assertEquals("0.412", Summary.sig3(0.4123));
        assertEquals("0.300", Summary.sig3(0.3));
        assertEquals("1230", Summary.sig3(1234.5));
        assertEquals("1000", Summary.sig3(999.7));
        assertEquals("0.000123", Summary.sig3(0.00012345));
        assertEquals("0", Summary.sig3(0.0));
        assertEquals("NaN", Summary.sig3(Double.NaN));
    }

    @Test
    void compact_trailingZerosDropped() {
        assertEquals("0.31", Summary.compact(0.3104));
        assertEquals("2", Summary.compact(2.0));
        assertEquals("45", Summary.compact(45.0));
        assertEquals("1230", Summary.compact(1234.5));
        assertEquals("0.00267", Summary.compact(8.0 / 3000));
    }

    @Test
    void bytesAndCount_formats() {
        assertEquals("24.0", Summary.bytes(24.0003));
        assertEquals("99.9", Summary.bytes(99.94));
        assertEquals("120", Summary.bytes(120.4));
        assertEquals("–", Summary.bytes(Double.NaN));
        assertEquals("3", Summary.count(3.0));
        assertEquals("2.5", Summary.count(2.5));
    }

    // ---------------------------------------------------------------- outcome tables

    @Test
    void markdown_connectionLimit_outcomeTableAfterTheBenchmarksSections() {
        String md = Summary.markdown(rows(JmhFixtures.connectionLimit()), context(4));

        String outcomes = section(md, "ConnectionLimitBenchmark · outcomes");
        assertEquals("""
                ## ConnectionLimitBenchmark · outcomes: requests that succeeded and failed

                Success = requests that succeeded / requests made, rounded down (100% only when none failed); \
                failures by kind are counts; both summed over the throughput and the sample-mode runs. Throughput \
                from the throughput-mode run, p99 from the sample-mode run.

                ### backend=stub_1ms, size=10

                | pool | threads | throughput (ops/ms) | success | 53300 too many clients | acquire timeout | other \
                | p99 (us/op) |
                |:--|--:|--:|--:|--:|--:|--:|--:|
                | hikari | 32 † | 112 ± 5 | 100% | 0 | 0 | 0 | 199 |
                | unpooled | 32 † | 18.8 ± 0.5 | 93.1% | 6900 | 0 | 0 | 7400 |

                """ + FOOTNOTE_4_CPUS + "\n", outcomes);
        assertTrue(md.indexOf("## ConnectionLimitBenchmark · requestLatency") < md.indexOf("outcomes:"),
                "after the class's throughput and sample sections");
        assertFalse(md.contains("WARNING"), "unpooled's refused connects are the measurement, not a warning");
    }

    @Test
    void markdown_benchmarksWithoutSucceededCounts_haveNoOutcomeSection() {
        assertFalse(Summary.markdown(fixture(), context(4)).contains("outcomes"));
    }

    @Test
    void share_roundsDownToOneDecimal_never100WithAFailure() {
        assertEquals("93.1%", Summary.share(931, 1000));
        assertEquals("93.1%", Summary.share(93_199, 100_000));
        assertEquals("99.9%", Summary.share(9_999, 10_000));
        assertEquals("99.9%", Summary.share(999_999, 1_000_000));
        assertEquals("100%", Summary.share(10, 10));
        assertEquals("0%", Summary.share(0, 10));
        assertEquals("0.0%", Summary.share(1, 100_000));
        assertEquals("–", Summary.share(0, 0));
    }

    // ---------------------------------------------------------------- virtual threads

    private static SummaryContext virtualContext(Summary.VirtualThreadsReport report) {
        return new SummaryContext("poolbench quick run 2026-11-21T12:00:00Z", List.of("commit abc1234 (clean)"), 4,
                "hikari", org.poolbench.bench.PoolKind.displayOrder(), report);
    }

    private static Summary.VirtualStep step(PinningReport pinning, List<String> stalls) {
        return new Summary.VirtualStep("AcquireReleaseBenchmark", 8, "", pinning, null, stalls);
    }

    @Test
    void markdown_virtualRuns_labelledSectionAndColumnsWithoutTheDagger() {
        String md = Summary.markdown(rows(JmhFixtures.threads1(), JmhFixtures.threads8(), JmhFixtures.virtual8()),
                virtualContext(new Summary.VirtualThreadsReport("25.0.3", List.of(step(PinningReport.none(4),
                        List.of())))));

        String virtual = section(md, "AcquireReleaseBenchmark on virtual threads · acquireRelease:");
        assertTrue(virtual.contains("| pool | 8 virtual threads |\n"), virtual);
        assertTrue(virtual.contains("| poolbench | 6.00 ± 0.5 (4.00×) |"), virtual);
        assertTrue(virtual.contains("same virtual threads: above 1 is faster"), virtual);
        assertFalse(virtual.contains("†"), "virtual threads above the CPU count are not OS oversubscription");
        String platform = section(md, "AcquireReleaseBenchmark · acquireRelease, handoff");
        assertTrue(platform.contains("| poolbench | 25.1 ± 0.31 (1.05×) | 12.3 ± 0.5 (1.12×) |"), platform);
        assertTrue(md.contains("threads=8 virtual)**"), "the warning names the virtual run");
    }

    @Test
    void markdown_noPins_pinningTableSaysZeroWithTheJdk() {
        String md = Summary.markdown(rows(JmhFixtures.virtual8()), virtualContext(
                new Summary.VirtualThreadsReport("25.0.3", List.of(step(PinningReport.none(4), List.of())))));

        String pinning = section(md, "Virtual threads: pinning per pool");
        assertTrue(pinning.contains("JDK 25.0.3."), pinning);
        assertTrue(pinning.contains("| AcquireReleaseBenchmark, 8 virtual threads | all | 0 | 0 | none in 4 recordings | |"),
                pinning);
        // a step that ran one pool names it
        String onePool = section(Summary.markdown(rows(JmhFixtures.virtual8()), virtualContext(
                new Summary.VirtualThreadsReport("25.0.3", List.of(new Summary.VirtualStep("AcquireReleaseBenchmark",
                        8, "vibur", PinningReport.none(2), null, List.of()))))), "Virtual threads: pinning per pool");
        assertTrue(onePool.contains("| AcquireReleaseBenchmark, 8 virtual threads, pool=vibur | all | 0 | 0 | none in 2 recordings | |"),
                onePool);
    }

    @Test
    void markdown_pins_namedPerPoolWithTimeAndFrame_andStallsFlagged() {
        PinningReport pinning = PinningReport.of(2, List.of(
                new PinningReport.Pin(List.of(new PinningReport.Frame("java.lang.VirtualThread", "park"),
                        new PinningReport.Frame("com.mchange.v2.resourcepool.BasicResourcePool", "awaitAvailable")),
                        java.time.Duration.ofMillis(3)),
                new PinningReport.Pin(List.of(new PinningReport.Frame("com.mchange.v2.resourcepool.BasicResourcePool",
                        "awaitAvailable")), java.time.Duration.ofNanos(2_500_000))));
        String md = Summary.markdown(rows(JmhFixtures.virtual8()), virtualContext(new Summary.VirtualThreadsReport(
                "21.0.5", List.of(step(pinning, List.of("AcquireReleaseBenchmark.acquireRelease thrpt pool=hikari "
                        + "size=4 threads=8: 2 iterations timed out"))))));

        assertTrue(md.contains("| AcquireReleaseBenchmark, 8 virtual threads | c3p0 | 2 | 5.50 ms | "
                + "`com.mchange.v2.resourcepool.BasicResourcePool.awaitAvailable` | – |"), md);
        assertTrue(md.contains("**STALLED on 8 virtual threads: AcquireReleaseBenchmark.acquireRelease thrpt "
                + "pool=hikari size=4 threads=8: 2 iterations timed out** (an iteration outlived JMH's 5 s timeout"),
                md);
        assertTrue(md.indexOf("**STALLED") < md.indexOf("\n## "), "the stall is flagged above the first section");
    }

    @Test
    void markdown_noVirtualSteps_noPinningSection() {
        assertFalse(Summary.markdown(fixture(), context(4)).contains("pinning"));
    }
}
