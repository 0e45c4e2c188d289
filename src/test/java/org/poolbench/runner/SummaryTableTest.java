package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.poolbench.bench.PoolKind;
import org.poolbench.runner.JmhResults.Row;
import org.poolbench.runner.SummaryTable.CounterCell;
import org.poolbench.runner.SummaryTable.CounterKind;

/**
 * {@link SummaryTable}: the summary's grouping and arithmetic, checked on numbers rather than on Markdown. The
 * fixture is {@link JmhFixtures}' two thread counts (poolbench 25.06 and hikari 23.87 ops/us at 1 thread, ...).
 */
class SummaryTableTest {

    private static final double EXACT = 1e-12;

    private static SummaryTable model() {
        List<JsonArray> arrays = new ArrayList<>();
        for (String file : List.of(JmhFixtures.threads1(), JmhFixtures.threads8())) {
            arrays.add(JsonParser.parseString(file).getAsJsonArray());
        }
        List<Row> rows = JmhResults.rows(JmhResults.mergeArrays(arrays));
        return SummaryTable.of(rows, PoolKind.BASELINE.paramValue(), PoolKind.displayOrder());
    }

    private static SummaryTable.Section section(SummaryTable model, String benchClass, String mode) {
        return model.sections().stream().filter(s -> s.benchClass().equals(benchClass) && s.mode().equals(mode))
                .findFirst().orElseThrow();
    }

    private static SummaryTable.Line line(SummaryTable.Table table, String label) {
        return table.lines().stream().filter(l -> l.label().equals(label)).findFirst().orElseThrow();
    }

    @Test
    void sections_byClassThenModeThroughputFirst() {
        assertEquals(List.of("AcquireReleaseBenchmark/thrpt", "AcquireReleaseBenchmark/sample",
                        "StubDriverBenchmark/avgt"),
                model().sections().stream().map(s -> s.benchClass() + "/" + s.mode()).toList());
    }

    @Test
    void throughputTable_poolsInPoolKindOrderThenTheReference_withRatiosToTheBaseline() {
        SummaryTable.Section thrpt = section(model(), "AcquireReleaseBenchmark", "thrpt");
        assertTrue(thrpt.throughput());
        assertTrue(thrpt.hasBaseline());
        assertEquals(1, thrpt.tables().size(), "pool rows and the handoff reference share one table");
        SummaryTable.Table table = thrpt.tables().get(0);

        assertEquals(List.of("poolbench", "hikari", "c3p0", "handoff"), table.lines().stream()
                .map(SummaryTable.Line::label).toList());
        assertTrue(line(table, "handoff").reference());
        assertEquals(List.of(1, 8), List.copyOf(table.threads()));
        assertEquals(25.06 / 23.87, line(table, "poolbench").cells().get(1).ratio(false), EXACT);
        assertEquals(12.34 / 11.0, line(table, "poolbench").cells().get(8).ratio(false), EXACT);
        assertEquals(1.0, line(table, "hikari").cells().get(8).ratio(false), EXACT);
        assertEquals(Map.of("size", "4"), table.conditions());
        assertNull(table.method(), "one pooled method: no method in the caption");
    }

    @Test
    void referenceMultiples_throughputIsReferenceOverPool() {
        SummaryTable.Table table = section(model(), "AcquireReleaseBenchmark", "thrpt").tables().get(0);

        assertEquals(1, table.multiples().size());
        SummaryTable.Multiples handoff = table.multiples().get(0);
        assertEquals("handoff", handoff.method());
        assertEquals(List.of("poolbench", "hikari", "c3p0"), List.copyOf(handoff.pools().keySet()));
        assertEquals(80.2 / 25.06, handoff.pools().get("poolbench").get(1), EXACT);
        assertEquals(40.0 / 0.4123, handoff.pools().get("c3p0").get(8), EXACT);
    }

    @Test
    void sampleTable_ratioComparesMedians_andHasNoMultiples() {
        SummaryTable.Section sample = section(model(), "AcquireReleaseBenchmark", "sample");
        SummaryTable.Table table = sample.tables().get(0);

        assertTrue(sample.sample());
        assertEquals(List.of(), table.multiples());
        assertEquals(0.3 / 0.25, line(table, "poolbench").cells().get(8).ratio(true), EXACT);
    }

    @Test
    void counters_perRequestNotCountedAndMissing() {
        SummaryTable.Table table = section(model(), "AcquireReleaseBenchmark", "thrpt").tables().get(0);

        assertEquals(List.of(SummaryTable.Counter.FAILED, SummaryTable.Counter.CONNECTS_PER_REQUEST,
                        SummaryTable.Counter.WAITS_PER_REQUEST, SummaryTable.Counter.ALLOCATION),
                table.counters().stream().map(SummaryTable.CounterTable::counter).toList());
        SummaryTable.CounterTable connects = table.counters().get(1);
        SummaryTable.CounterLine poolbench = connects.lines().get(0);
        assertEquals("poolbench", poolbench.label());
        assertEquals(new CounterCell(CounterKind.VALUE, 4.0 / 1000), poolbench.cells().get(0));
        assertEquals(new CounterCell(CounterKind.VALUE, 5.0 / 4000), poolbench.cells().get(1));
        SummaryTable.CounterLine c3p0 = connects.lines().get(2);
        assertEquals(CounterCell.MISSING, c3p0.cells().get(0), "no requests at 1 thread: nothing to divide by");
        SummaryTable.CounterTable alloc = table.counters().get(3);
        assertEquals(List.of("poolbench", "hikari", "handoff"), alloc.lines().stream()
                .map(SummaryTable.CounterLine::label).toList(), "only the lines that report allocation");
        assertEquals(new CounterCell(CounterKind.VALUE, 24.0003), alloc.lines().get(0).cells().get(0));
    }

    @Test
    void warnings_nameEveryRunWithFailedAcquires() {
        List<SummaryTable.Warning> warnings = model().warnings();

        assertEquals(1, warnings.size());
        assertEquals("c3p0", warnings.get(0).row().param("pool"));
        assertEquals(8, warnings.get(0).row().threads());
        assertEquals(3.0, warnings.get(0).failedAcquires());
    }

    @Test
    void referenceOnlySection_hasNoBaseline() {
        SummaryTable.Section connect = section(model(), "StubDriverBenchmark", "avgt");

        assertFalse(connect.hasBaseline());
        assertTrue(connect.tables().get(0).lines().get(0).reference());
        assertTrue(Double.isNaN(connect.tables().get(0).lines().get(0).cells().get(1).ratio(false)));
    }

    @Test
    void baselineAndOrder_comeFromPoolKind() {
        assertEquals("hikari", PoolKind.BASELINE.paramValue());
        assertEquals(List.of("poolbench", "poolbench_maxidle2", "poolbench_atlimit", "poolbench_reset", "poolbench_fifo", "hikari", "c3p0",
                        "vibur", "unpooled"),
                PoolKind.displayOrder());
    }

    // ---------------------------------------------------------------- outcome tables

    private static SummaryTable limitModel() {
        List<Row> rows = JmhResults.rows(JsonParser.parseString(JmhFixtures.connectionLimit()).getAsJsonArray());
        return SummaryTable.of(rows, PoolKind.BASELINE.paramValue(), PoolKind.displayOrder());
    }

    @Test
    void outcomes_onlyForBenchmarksThatCountSucceededRequests() {
        assertTrue(model().outcomes().isEmpty(), "the acquire benchmarks count no succeeded requests");
        assertEquals(1, limitModel().outcomes().size());
    }

    @Test
    void outcomes_perPool_throughputFromThrptP99FromSampleCountsSummedOverBoth() {
        SummaryTable.OutcomeTable table = limitModel().outcomes().get(0);
        assertEquals("ConnectionLimitBenchmark", table.benchClass());
        assertEquals(Map.of("backend", "stub_1ms", "size", "10"), table.conditions());
        assertEquals(List.of("hikari", "unpooled"), table.lines().stream().map(SummaryTable.OutcomeLine::pool).toList());

        SummaryTable.OutcomeLine unpooled = table.lines().get(1);
        assertEquals(32, unpooled.threads());
        assertEquals(18.8, unpooled.throughput().orElseThrow().score(), EXACT);
        assertEquals(100_000, unpooled.requests(), EXACT);
        assertEquals(93_100, unpooled.succeeded(), EXACT);
        assertEquals(0.931, unpooled.successShare(), EXACT);
        assertEquals(List.of("tooManyClients", "acquireTimeouts", "otherFailures"),
                List.copyOf(unpooled.failures().keySet()), "the columns' order");
        assertEquals(6_900, unpooled.failures().get("tooManyClients"), EXACT);
        assertEquals(0, unpooled.failures().get("acquireTimeouts"), EXACT);
        assertEquals(7400, unpooled.p99(), EXACT);
        assertEquals("us/op", unpooled.p99Unit());

        SummaryTable.OutcomeLine hikari = table.lines().get(0);
        assertEquals(1.0, hikari.successShare(), EXACT);
        assertEquals(199, hikari.p99(), EXACT);
    }

    @Test
    void counters_jmhsOwnSampleModePercentileMetrics_areNoCounters() {
        // JMH 1.37 writes a sample-mode run's percentiles as secondary metrics too, named p0.00 ... p1.00
        String secondary = String.join(",\n", JmhFixtures.counter("p0.00", 10), JmhFixtures.counter("p0.99", 90),
                JmhFixtures.counter("p1.00", 900), JmhFixtures.counter("prepares", 5));
        String file = JmhFixtures.array(JmhFixtures.entry("org.poolbench.bench.StatementReuseBenchmark.request",
                "sample", 4, Map.of("pool", "hikari", "backend", "stub"), 10, "1", "us/op", secondary));
        SummaryTable.Table table = SummaryTable.of(JmhResults.rows(JsonParser.parseString(file).getAsJsonArray()),
                "hikari", PoolKind.displayOrder()).sections().get(0).tables().get(0);

        List<String> shown = table.counters().stream().map(c -> c.counter().metric()).toList();
        assertTrue(shown.contains("prepares"), shown.toString());
        assertTrue(shown.stream().noneMatch(m -> m.matches("p[01]\\..*")), shown.toString());
    }

    @Test
    void counters_fairnessFigures_areLevelsNotDividedByRequests() {
        String secondary = String.join(",\n", JmhFixtures.counter("requests", 200),
                JmhFixtures.counter("jainIndex", 0.9), JmhFixtures.counter("waitNanos", 50_000),
                JmhFixtures.counter("waitP99Micros", 12));
        String file = JmhFixtures.array(JmhFixtures.entry("org.poolbench.bench.FairnessBenchmark.borrow",
                "thrpt", 8, Map.of("pool", "hikari", "size", "4", "hold", "64"), 10, "1", "ops/ms", secondary));
        SummaryTable.Table table = SummaryTable.of(JmhResults.rows(JsonParser.parseString(file).getAsJsonArray()),
                "hikari", PoolKind.displayOrder()).sections().get(0).tables().get(0);

        assertEquals(List.of("jainIndex", "waitNanos", "waitP99Micros"),
                table.counters().stream().map(c -> c.counter().metric()).toList());
        assertEquals(new CounterCell(CounterKind.VALUE, 0.9), table.counters().get(0).lines().get(0).cells().get(0),
                "a level, per iteration as reported");
        assertEquals(new CounterCell(CounterKind.VALUE, 50_000.0 / 200), table.counters().get(1).lines().get(0)
                .cells().get(0), "the total wait per request: the mean wait");
        assertEquals(new CounterCell(CounterKind.VALUE, 12), table.counters().get(2).lines().get(0).cells().get(0));
    }

    @Test
    void counters_anyOtherAuxCounter_perRequestOrPerIterationAndOutcomesLeftToTheirTable() {
        String secondary = String.join(",\n", JmhFixtures.counter("requests", 200), JmhFixtures.counter("prepares", 50),
                JmhFixtures.counter("heldStatements", 20), JmhFixtures.counter("serverPrepared", -1),
                JmhFixtures.counter("tooManyClients", 4), JmhFixtures.alloc("gc.alloc.rate.norm", 48));
        String file = JmhFixtures.array(JmhFixtures.entry("org.poolbench.bench.StatementReuseBenchmark.request",
                "thrpt", 4, Map.of("pool", "hikari", "backend", "stub"), 10, "1", "ops/ms", secondary));
        SummaryTable.Table table = SummaryTable.of(JmhResults.rows(JsonParser.parseString(file).getAsJsonArray()),
                "hikari", PoolKind.displayOrder()).sections().get(0).tables().get(0);

        assertEquals(List.of("heldStatements", "prepares", "serverPrepared", "tooManyClients", "gc.alloc.rate.norm"),
                table.counters().stream().map(c -> c.counter().metric()).toList(), "by name, allocation last");
        assertEquals(new CounterCell(CounterKind.VALUE, 20), table.counters().get(0).lines().get(0).cells().get(0),
                "a level, per iteration as reported");
        assertEquals(new CounterCell(CounterKind.VALUE, 50.0 / 200), table.counters().get(1).lines().get(0).cells()
                .get(0), "an event counter, per request");
        assertEquals(CounterCell.NOT_COUNTED, table.counters().get(2).lines().get(0).cells().get(0));
        assertEquals(new CounterCell(CounterKind.VALUE, 4.0 / 200), table.counters().get(3).lines().get(0).cells()
                .get(0), "failures of a benchmark without an outcome table are counters like any other");

        String withOutcomes = JmhFixtures.array(JmhFixtures.entry(JmhFixtures.LIMIT, "thrpt", 24,
                Map.of("pool", "hikari", "backend", "stub_1ms", "size", "10"), 18.8, "0.5", "ops/ms",
                JmhFixtures.outcomes(10, 9, 1, 0, 0)));
        SummaryTable.Table limit = SummaryTable.of(JmhResults.rows(JsonParser.parseString(withOutcomes)
                .getAsJsonArray()), "hikari", PoolKind.displayOrder()).sections().get(0).tables().get(0);
        assertTrue(limit.counters().stream().noneMatch(c -> c.counter().metric().equals("tooManyClients")
                || c.counter().metric().equals("succeeded")), "the outcome table shows those");
    }

    @Test
    void outcomes_lineWithoutSampleRun_hasNoP99() {
        String onlyThroughput = JmhFixtures.array(JmhFixtures.entry(JmhFixtures.LIMIT, "thrpt", 24,
                Map.of("pool", "unpooled", "backend", "stub_1ms", "size", "10"), 18.8, "0.5", "ops/ms",
                JmhFixtures.outcomes(10, 9, 1, 0, 0)));
        List<Row> rows = JmhResults.rows(JsonParser.parseString(onlyThroughput).getAsJsonArray());
        SummaryTable.OutcomeLine line = SummaryTable.of(rows, "hikari", PoolKind.displayOrder()).outcomes().get(0)
                .lines().get(0);

        assertTrue(Double.isNaN(line.p99()));
        assertEquals("", line.p99Unit());
        assertEquals(0.9, line.successShare(), EXACT);
    }

    @Test
    void referenceOnlySection_withSeveralConditions_isOneTableWithALinePerCondition() {
        String file = JmhFixtures.array(
                JmhFixtures.entry("org.poolbench.bench.ConnectBenchmark.connectAndClose", "sample", 1,
                        Map.of("backend", "pg"), 4200.0, "100", "us/op", ""),
                JmhFixtures.entry("org.poolbench.bench.ConnectBenchmark.connectAndClose", "sample", 1,
                        Map.of("backend", "h2"), 90.0, "5", "us/op", ""));
        List<Row> rows = JmhResults.rows(JmhResults.mergeArrays(List.of(JsonParser.parseString(file)
                .getAsJsonArray())));
        SummaryTable.Section connect = section(SummaryTable.of(rows, PoolKind.BASELINE.paramValue(),
                PoolKind.displayOrder()), "ConnectBenchmark", "sample");

        assertEquals(1, connect.tables().size());
        SummaryTable.Table table = connect.tables().get(0);
        assertTrue(table.conditions().isEmpty());
        assertEquals(List.of("connectAndClose · backend=h2", "connectAndClose · backend=pg"),
                table.lines().stream().map(SummaryTable.Line::label).toList());
        assertEquals(4200.0, line(table, "connectAndClose · backend=pg").cells().get(1).metric().score(), EXACT);
    }

    // ---------------------------------------------------------------- virtual threads

    private static SummaryTable withVirtual() {
        List<JsonArray> arrays = new ArrayList<>();
        for (String file : List.of(JmhFixtures.threads1(), JmhFixtures.threads8(), JmhFixtures.virtual8())) {
            arrays.add(JsonParser.parseString(file).getAsJsonArray());
        }
        return SummaryTable.of(JmhResults.rows(JmhResults.mergeArrays(arrays)), PoolKind.BASELINE.paramValue(),
                PoolKind.displayOrder());
    }

    @Test
    void virtualRuns_sectionOfTheirOwnAfterTheClassesPlatformSections() {
        assertEquals(List.of("AcquireReleaseBenchmark/thrpt", "AcquireReleaseBenchmark/sample",
                        "AcquireReleaseBenchmark/thrpt/virtual", "StubDriverBenchmark/avgt"),
                withVirtual().sections().stream().map(s -> s.benchClass() + "/" + s.mode()
                        + (s.virtual() ? "/virtual" : "")).toList());
    }

    @Test
    void virtualRuns_ratioComparesWithTheBaselineOnVirtualThreads() {
        SummaryTable model = withVirtual();
        SummaryTable.Section virtual = model.sections().stream().filter(SummaryTable.Section::virtual).findFirst()
                .orElseThrow();
        SummaryTable.Table table = virtual.tables().get(0);
        assertEquals(List.of(8), List.copyOf(table.threads()), "only the virtual-thread runs, no platform column");
        assertEquals(6.0 / 1.5, line(table, "poolbench").cells().get(8).ratio(false), EXACT);
        assertEquals(List.of("poolbench", "hikari"), table.lines().stream().map(SummaryTable.Line::label).toList());

        SummaryTable.Section platform = section(model, "AcquireReleaseBenchmark", "thrpt");
        assertFalse(platform.virtual());
        assertEquals(12.34 / 11.0, line(platform.tables().get(0), "poolbench").cells().get(8).ratio(false), EXACT,
                "the platform table is unchanged by the virtual-thread runs");
    }

    @Test
    void virtualRuns_failedAcquires_warnOnTheVirtualRow() {
        List<SummaryTable.Warning> warnings = withVirtual().warnings();
        assertEquals(1, warnings.stream().filter(w -> w.row().virtual()).count());
        assertEquals(2.0, warnings.stream().filter(w -> w.row().virtual()).findFirst().orElseThrow()
                .failedAcquires(), EXACT);
    }
}
