package org.poolbench.runner;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.DoubleStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.poolbench.bench.PoolKind;
import org.poolbench.runner.JmhResults.Metric;
import org.poolbench.runner.JmhResults.Row;

/**
 * What a dashboard shows, as data: headings, text and charts, each chart a list of labelled series of points. No
 * drawing happens here or in the page's own script; the page hands each chart to the chart library as it is, so the
 * choice of charts, series and intervals is decided (and tested) here, on numbers.
 *
 * <p>A run's page follows the summary's layout ({@link SummaryTable}: a section per benchmark class, mode and unit, a
 * table per method and non-pool parameters) and draws per table:
 * <ul>
 *   <li><b>scores</b>: each pool (and reference point) by thread count, one point per fork ({@link ForkSamples}: a
 *       fork's mean) and a bar for the interval: with at least {@link ForkComparison#MIN_FORKS_FOR_INTERVAL} forks
 *       the 95% percentile bootstrap of the forks' mean ({@link ForkComparison#bootstrapRatio} against a constant
 *       1), with fewer JMH's own 99.9% {@code scoreConfidence}; the chart's notes say which it drew;</li>
 *   <li><b>ratio to the baseline pool</b> (HikariCP): mean(pool's forks) / mean(HikariCP's forks) at each thread
 *       count, with its bootstrap interval where both have enough forks ({@link ForkComparison#compare}, as
 *       {@code scripts/compare --pools hikari,POOL}), and a rule at 1;</li>
 *   <li><b>latency percentiles</b> in sample mode (p50 to p99.99, one line per pool and thread count);</li>
 *   <li><b>counters</b>: one chart per counter of the summary's counter tables (failed acquires, connects, waits
 *       and prepares per request, the benchmark's other counters, bytes per operation); a counter that is 0 or not
 *       counted everywhere is a line of text instead of an empty chart;</li>
 *   <li><b>history</b>, when the history is given: per thread count, each pool's series across runs (the series this
 *       run belongs to: same machine fingerprint and profile), change points marked;</li>
 * </ul>
 * and per benchmark class with outcome counters, the share of requests that succeeded.
 *
 * <p>The history page ({@code reports/index.html}) lists every run and draws each benchmark run name's series across
 * runs, one line per fingerprint and profile (never two of them joined), change points marked. Change points are
 * the history's ({@code "changePoint": true} and {@code "change"} on a point); nothing here computes them.
 *
 * <p>Every chart's x axis is numeric: category {@code i} of {@link Chart#xLabels()} sits at {@code x = i}, and the
 * pools measured at one thread count are spread around it by {@link #offset}, so a pool's fork points and its
 * interval share one x. The output depends only on the input: no clock, no random seed but the bootstrap's fixed one.
 */
final class DashboardModel {

    /** The percentiles a latency chart shows, as JMH keys them. */
    static final List<String> PERCENTILES = List.of("50.0", "90.0", "99.0", "99.9", "99.99");

    /** The share of a category's width that the pools measured in it spread over. */
    private static final double GROUP_WIDTH = 0.8;

    /**
     * The threshold {@link ForkComparison#compare} wants for its verdict; the dashboard draws the ratio and its
     * interval only, never the verdict (that is {@code scripts/compare}'s job, with its matrix adjustment).
     */
    private static final double UNUSED_THRESHOLD = 0.05;

    /** A run folder's name: {@code <UTC start>-<commit>}. */
    private static final Pattern RUN_FOLDER = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})\\d{2}Z-(.+)");

    /** How a series is drawn. */
    enum Style {
        /** A bar from {@link Point#low()} to {@link Point#high()}: an interval. */
        INTERVAL,
        /** One marker per fork. */
        FORKS,
        /** A marker per point, e.g. a ratio. */
        POINTS,
        /** Points joined by a line: a series across percentiles or runs. */
        LINE,
        /** A bar from 0 to the value: a counter. */
        BARS,
        /** A dashed horizontal line, e.g. the baseline's ratio of 1. */
        RULE,
        /** Change points of a history series, drawn as large triangles over it. */
        CHANGES;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a chart shows, for tests and for the page's styling. */
    enum Kind {
        SCORES, RATIO, PERCENTILES, COUNTER, OUTCOME, HISTORY;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One point.
     *
     * @param x    its position on the x axis (category {@code i} is at {@code i})
     * @param y    its value; for an interval, the score it belongs to
     * @param low  an interval's lower end; NaN for a plain point
     * @param high an interval's upper end; NaN for a plain point
     * @param note what the tooltip adds, e.g. {@code fork 2 of 6}; empty for nothing
     */
    record Point(double x, double y, double low, double high, String note) {

        Point {
            Objects.requireNonNull(note, "note");
        }

        static Point at(double x, double y, String note) {
            return new Point(x, y, Double.NaN, Double.NaN, note);
        }
    }

    /**
     * One series: what the chart library calls a dataset, with one legend entry.
     *
     * @param label  its name in the legend and tooltips: a pool, a pool and thread count, or a history series
     * @param color  its colour, an index into the page's palette: the same pool has the same colour everywhere
     * @param legend whether it has a legend entry (a pool's fork points share its interval's entry)
     */
    record Series(String label, Style style, int color, boolean legend, List<Point> points) {

        Series {
            points = List.copyOf(points);
        }
    }

    /**
     * One chart.
     *
     * @param id        the canvas id, unique in the page
     * @param title     shown above the chart
     * @param notes     shown below it: what the marks are, which interval is drawn, what is missing and why
     * @param xLabels   category {@code i} at {@code x = i}
     * @param yTitle    the value axis' title, with the unit
     * @param yLog      a logarithmic value axis (values spanning orders of magnitude)
     * @param yFromZero a linear value axis that starts at 0 (counts and shares)
     */
    record Chart(String id, Kind kind, String title, List<String> notes, List<String> xLabels, String yTitle,
                 boolean yLog, boolean yFromZero, List<Series> series) {

        Chart {
            notes = List.copyOf(notes);
            xLabels = List.copyOf(xLabels);
            series = List.copyOf(series);
        }
    }

    /**
     * A heading with its text and charts.
     *
     * @param level the heading level, 2 or 3
     */
    record Block(int level, String heading, List<String> text, List<Chart> charts) {

        Block {
            text = List.copyOf(text);
            charts = List.copyOf(charts);
        }
    }

    /**
     * One run in the history page's list.
     *
     * @param dashboard the run's dashboard, relative to the page; empty when the run has no results to draw
     * @param summary   its summary, relative to the page
     */
    record RunLink(String run, String commit, String started, String status, String profile, String options,
                   String fingerprint, String dashboard, String summary) {
    }

    /**
     * A whole page.
     *
     * @param header lines under the title: the run's commit, machine, profile
     * @param runs   the runs listed (the history page); empty on a run's page
     */
    record Page(String title, List<String> header, List<RunLink> runs, List<Block> blocks) {

        Page {
            header = List.copyOf(header);
            runs = List.copyOf(runs);
            blocks = List.copyOf(blocks);
        }

        /** Every chart, in page order. */
        List<Chart> charts() {
            return blocks.stream().flatMap(b -> b.charts().stream()).toList();
        }
    }

    private DashboardModel() {
    }

    // ---------------------------------------------------------------- a run's page

    /** What the page knows of one JMH run beyond its summary row: its forks and JMH's interval. */
    private record RunData(String name, String unit, List<Double> forks, String noForks, double confidenceLow,
                           double confidenceHigh) {
    }

    /**
     * A run's page.
     *
     * @param folder  the run folder's name, {@code <UTC start>-<commit>}: its history series are the ones that hold it
     * @param results the run's JMH results ({@code results.json})
     * @param run     its {@code run.json}; null when missing or unreadable (the header then names the folder only)
     * @param history {@code reports/history.json}; null for none (no history charts)
     */
    static Page runPage(String folder, JsonArray results, JsonObject run, JsonObject history) {
        List<Row> rows = JmhResults.rows(results);
        // SummaryTable keeps each row's primary metric object in its cells: the identity leads back to the row's
        // JSON, which holds the forks and JMH's interval
        Map<Metric, RunData> byMetric = new IdentityHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byMetric.put(rows.get(i).primary(), runData(results.get(i).getAsJsonObject(), folder));
        }
        SummaryTable summary = SummaryTable.of(rows, PoolKind.BASELINE.paramValue(), PoolKind.displayOrder());
        Colors colors = new Colors(PoolKind.displayOrder());
        Ids ids = new Ids();
        HistoryLookup lookup = history == null ? null : new HistoryLookup(history, folder);
        List<Block> blocks = new ArrayList<>();
        List<String> warnings = new ArrayList<>(runWarnings(run));
        for (SummaryTable.Warning w : summary.warnings()) {
            warnings.add(w.row().benchClass() + "." + w.row().method() + " " + w.row().params() + " at "
                    + threadsLabel(w.row().threads(), w.row().virtual()) + ": " + Summary.count(w.failedAcquires())
                    + " failed or timed-out acquires");
        }
        if (!warnings.isEmpty()) {
            blocks.add(new Block(2, "Warnings", warnings, List.of()));
        }
        List<SummaryTable.Section> sections = summary.sections();
        for (int s = 0; s < sections.size(); s++) {
            SummaryTable.Section section = sections.get(s);
            blocks.add(new Block(2, sectionHeading(section), sectionText(section), List.of()));
            for (SummaryTable.Table table : section.tables()) {
                blocks.add(tableBlock(section, table, byMetric, colors, ids, lookup));
            }
            boolean lastOfClass = s + 1 == sections.size()
                    || !sections.get(s + 1).benchClass().equals(section.benchClass());
            if (lastOfClass) {
                for (SummaryTable.OutcomeTable outcomes : summary.outcomes()) {
                    if (outcomes.benchClass().equals(section.benchClass())) {
                        blocks.add(outcomeBlock(outcomes, colors, ids));
                    }
                }
            }
        }
        if (sections.isEmpty()) {
            blocks.add(new Block(2, "No benchmark results", List.of("This run finished no benchmark."), List.of()));
        }
        return new Page("poolbench run " + folder, header(folder, run), List.of(), blocks);
    }

    /**
     * What the summary raises above its tables from {@code run.json}: a run that failed or was interrupted, and the
     * virtual-thread stalls; nothing for an older {@code run.json} without them.
     */
    static List<String> runWarnings(JsonObject run) {
        List<String> warnings = new ArrayList<>();
        if (run == null) {
            return warnings;
        }
        JsonElement failure = run.get("failure");
        if (failure != null && failure.isJsonPrimitive()) {
            warnings.add("The run is marked " + string(run, "status").toUpperCase(Locale.ROOT) + ": "
                    + failure.getAsString());
        }
        JsonObject virtual = run.get("virtualThreads") instanceof JsonObject v ? v : null;
        JsonArray steps = virtual != null && virtual.get("steps") instanceof JsonArray a ? a : new JsonArray();
        for (JsonElement e : steps) {
            JsonObject step = e.getAsJsonObject();
            JsonArray stalls = step.get("stalls") instanceof JsonArray a ? a : new JsonArray();
            for (JsonElement stall : stalls) {
                warnings.add("STALLED on " + string(step, "threads") + " virtual threads ("
                        + string(step, "benchmarkClass") + (string(step, "pool").isEmpty() ? "" : ", pool="
                        + string(step, "pool")) + "): " + stall.getAsString());
            }
        }
        return warnings;
    }

    private static RunData runData(JsonObject result, String origin) {
        JsonArray one = new JsonArray();
        one.add(result);
        List<Double> forks = List.of();
        String noForks = "";
        String name = ForkSamples.name(result);
        try {
            forks = ForkSamples.of(one, origin).get(0).forks();
        } catch (IllegalArgumentException e) {
            noForks = e.getMessage(); // no raw data, or a fork that is not a positive number: drawn without forks
        }
        JsonObject primary = result.getAsJsonObject("primaryMetric");
        double low = Double.NaN;
        double high = Double.NaN;
        JsonElement confidence = primary.get("scoreConfidence");
        if (confidence != null && confidence.isJsonArray() && confidence.getAsJsonArray().size() == 2) {
            low = JmhResults.number(confidence.getAsJsonArray().get(0));
            high = JmhResults.number(confidence.getAsJsonArray().get(1));
        }
        String unit = primary.has("scoreUnit") ? primary.get("scoreUnit").getAsString() : "";
        return new RunData(name, unit, forks, noForks, low, high);
    }

    private static List<String> header(String folder, JsonObject run) {
        List<String> header = new ArrayList<>();
        if (run == null) {
            header.add("run.json is missing or unreadable: the run is known by its folder only, " + folder);
            return header;
        }
        try {
            History.Entry entry = History.entry(folder, run);
            header.add("commit " + entry.commit() + ", started " + entry.started() + ", status " + entry.status());
            header.add("profile " + entry.profile() + (entry.options().isEmpty() ? "" : ", options "
                    + entry.options()));
            header.add("machine fingerprint " + entry.fingerprint() + ": " + String.join("; ", entry.machine()
                    .entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
        } catch (RuntimeException e) {
            header.add("run.json lacks what the header needs (" + e.getMessage() + "): " + folder);
        }
        return header;
    }

    private static String sectionHeading(SummaryTable.Section section) {
        return section.benchClass() + (section.virtual() ? " on virtual threads" : "") + " · "
                + String.join(", ", section.methods()) + ": " + Summary.modeWords(section.mode()) + " in "
                + section.unit() + ", " + (section.throughput() ? "higher" : "lower") + " is better";
    }

    private static List<String> sectionText(SummaryTable.Section section) {
        if (!section.virtual()) {
            return List.of();
        }
        return List.of("Runs on virtual threads, compared with " + PoolKind.BASELINE.paramValue()
                + " on virtual threads only.");
    }


    private static Block tableBlock(SummaryTable.Section section, SummaryTable.Table table,
                                    Map<Metric, RunData> byMetric, Colors colors, Ids ids, HistoryLookup history) {
        List<String> caption = new ArrayList<>();
        if (table.method() != null) {
            caption.add(table.method());
        }
        table.conditions().forEach((k, v) -> caption.add(k + "=" + v));
        String heading = caption.isEmpty() ? section.benchClass() + " · " + String.join(", ", section.methods())
                : String.join(", ", caption);
        List<Integer> threads = List.copyOf(table.threads());
        List<String> xLabels = threads.stream().map(t -> threadsLabel(t, section.virtual())).toList();
        List<Chart> charts = new ArrayList<>();
        List<String> text = new ArrayList<>();
        charts.add(scores(section, table, threads, xLabels, byMetric, colors, ids));
        ratio(section, table, threads, xLabels, byMetric, colors, ids).ifPresent(charts::add);
        if (section.sample()) {
            charts.add(percentiles(section, table, threads, colors, ids));
        }
        for (SummaryTable.CounterTable counter : table.counters()) {
            counter(counter, threads, xLabels, colors, ids, text).ifPresent(charts::add);
        }
        if (history != null) {
            for (int i = 0; i < threads.size(); i++) {
                history.runChart(table, threads.get(i), xLabels.get(i), byMetric, colors, ids, text)
                        .ifPresent(charts::add);
            }
        }
        return new Block(3, heading, text, charts);
    }

    private static String lineLabel(String label, boolean reference) {
        return reference ? label + " (reference)" : label;
    }

    static String threadsLabel(int threads, boolean virtual) {
        return threads + (virtual ? " virtual" : "") + (threads == 1 ? " thread" : " threads");
    }

    /** Where member {@code index} of {@code count} sits in category {@code category}: spread over its width. */
    static double offset(int category, int index, int count) {
        if (count <= 1) {
            return category;
        }
        double step = GROUP_WIDTH / count;
        return round(category + (index - (count - 1) / 2.0) * step);
    }

    private static Chart scores(SummaryTable.Section section, SummaryTable.Table table, List<Integer> threads,
                                List<String> xLabels, Map<Metric, RunData> byMetric, Colors colors, Ids ids) {
        List<Series> series = new ArrayList<>();
        Set<String> drawn = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        List<SummaryTable.Line> lines = table.lines();
        for (int j = 0; j < lines.size(); j++) {
            SummaryTable.Line line = lines.get(j);
            String label = lineLabel(line.label(), line.reference());
            int color = colors.of(line.label(), line.reference());
            List<Point> intervals = new ArrayList<>();
            List<Point> forks = new ArrayList<>();
            for (int i = 0; i < threads.size(); i++) {
                SummaryTable.Cell cell = line.cells().get(threads.get(i));
                if (cell == null) {
                    continue;
                }
                double x = offset(i, j, lines.size());
                RunData data = byMetric.get(cell.metric());
                double score = cell.metric().score();
                Interval interval = interval(data);
                if (interval != null) {
                    // a score is a rate or a time, never negative: JMH's interval over few forks can reach below 0
                    double low = Math.max(0, interval.low());
                    if (interval.low() < 0) {
                        notes.add(label + " at " + xLabels.get(i) + ": the interval reaches below 0 ("
                                + Summary.compact(interval.low()) + " to " + Summary.compact(interval.high())
                                + "); drawn from the bottom of the axis");
                    }
                    intervals.add(new Point(x, score, low, interval.high(), interval.kind()));
                    drawn.add(interval.kind());
                }
                if (data != null) {
                    for (int f = 0; f < data.forks().size(); f++) {
                        forks.add(Point.at(x, data.forks().get(f), "fork " + (f + 1) + " of " + data.forks().size()));
                    }
                    if (data.forks().isEmpty()) {
                        notes.add(label + " at " + xLabels.get(i) + ": no fork values (" + data.noForks() + ")");
                    }
                }
                if (interval == null) {
                    notes.add(label + " at " + xLabels.get(i) + ": no interval (JMH gave none: too few iterations)");
                }
            }
            if (!intervals.isEmpty()) {
                series.add(new Series(label, Style.INTERVAL, color, true, intervals));
            }
            if (!forks.isEmpty()) {
                series.add(new Series(label + " forks", Style.FORKS, color, intervals.isEmpty(), forks));
            }
        }
        List<String> head = new ArrayList<>();
        head.add("Points: one per fork (the mean of its measured iterations" + (section.sample() ? ", of every "
                + "sample in sample mode" : "") + "); bars: an interval of the mean.");
        for (String kind : drawn) {
            head.add("Bars marked \"" + kind + "\" in the tooltip: " + INTERVAL_WORDS.get(kind));
        }
        head.addAll(notes);
        boolean log = wideRange(series);
        return new Chart(ids.next(), Kind.SCORES, "Score by pool and thread count (" + section.unit() + ", "
                + (section.throughput() ? "higher" : "lower") + " is better)", head, xLabels, section.unit(),
                log, false, log ? floored(series) : series);
    }

    /**
     * The series with intervals clamped to 0 starting instead at half the smallest positive value drawn: a log axis
     * has no 0 (Chart.js places no bar that starts there), and the axis then reaches down to that start, so the bar
     * still runs from the axis' bottom as the chart's note says.
     */
    static List<Series> floored(List<Series> series) {
        double min = series.stream().flatMap(s -> s.points().stream())
                .flatMapToDouble(p -> DoubleStream.of(p.y(), p.low(), p.high()))
                .filter(v -> v > 0).min().orElse(1);
        List<Series> floored = new ArrayList<>();
        for (Series s : series) {
            floored.add(new Series(s.label(), s.style(), s.color(), s.legend(), s.points().stream()
                    .map(p -> p.low() == 0 ? new Point(p.x(), p.y(), round(min / 2), p.high(), p.note()) : p)
                    .toList()));
        }
        return floored;
    }

    /** An interval of one run's mean, and which kind it is ({@link #INTERVAL_WORDS}'s keys). */
    private record Interval(double low, double high, String kind) {
    }

    private static final String BOOTSTRAP = "bootstrap 95%";
    private static final String JMH = "JMH 99.9%";
    private static final Map<String, String> INTERVAL_WORDS = Map.of(
            BOOTSTRAP, "the 95% percentile bootstrap interval of the forks' mean (at least "
                    + ForkComparison.MIN_FORKS_FOR_INTERVAL + " forks; as scripts/compare resamples them).",
            JMH, "JMH's own 99.9% interval (scoreConfidence, over every measured iteration of every fork), drawn "
                    + "where there are fewer than " + ForkComparison.MIN_FORKS_FOR_INTERVAL + " forks for a "
                    + "bootstrap.");

    private static Interval interval(RunData data) {
        if (data == null) {
            return null;
        }
        if (data.forks().size() >= ForkComparison.MIN_FORKS_FOR_INTERVAL) {
            // the forks' mean against a constant 1: bootstrapRatio's resampled ratio is then the resampled mean
            double[] ci = ForkComparison.bootstrapRatio(List.of(1.0), data.forks(), ForkComparison.RESAMPLES,
                    data.name().hashCode());
            return new Interval(ci[0], ci[1], BOOTSTRAP);
        }
        if (Double.isFinite(data.confidenceLow()) && Double.isFinite(data.confidenceHigh())) {
            return new Interval(data.confidenceLow(), data.confidenceHigh(), JMH);
        }
        return null;
    }

    private static Optional<Chart> ratio(SummaryTable.Section section, SummaryTable.Table table,
                                         List<Integer> threads, List<String> xLabels, Map<Metric, RunData> byMetric,
                                         Colors colors, Ids ids) {
        String baseline = PoolKind.BASELINE.paramValue();
        List<SummaryTable.Line> pools = table.lines().stream()
                .filter(l -> !l.reference() && !l.label().equals(baseline)).toList();
        boolean hasBaseline = table.lines().stream().anyMatch(l -> !l.reference() && l.label().equals(baseline));
        if (!hasBaseline || pools.isEmpty()) {
            return Optional.empty();
        }
        List<Series> series = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int fewestForks = Integer.MAX_VALUE;
        for (int j = 0; j < pools.size(); j++) {
            SummaryTable.Line line = pools.get(j);
            int color = colors.of(line.label(), false);
            List<Point> ratios = new ArrayList<>();
            List<Point> intervals = new ArrayList<>();
            for (int i = 0; i < threads.size(); i++) {
                SummaryTable.Cell cell = line.cells().get(threads.get(i));
                if (cell == null || cell.baseline().isEmpty()) {
                    continue;
                }
                RunData pool = byMetric.get(cell.metric());
                RunData base = byMetric.get(cell.baseline().get());
                if (pool == null || base == null || pool.forks().isEmpty() || base.forks().isEmpty()) {
                    missing.add(line.label() + " at " + xLabels.get(i));
                    continue;
                }
                ForkComparison.Result r = ForkComparison.compare(pool.name(), pool.unit(), section.throughput(),
                        base.forks(), pool.forks(), UNUSED_THRESHOLD);
                double x = offset(i, j, pools.size());
                fewestForks = Math.min(fewestForks, Math.min(base.forks().size(), pool.forks().size()));
                ratios.add(Point.at(x, r.ratio(), pool.forks().size() + " forks against " + base.forks().size()));
                if (Double.isFinite(r.low()) && Double.isFinite(r.high())) {
                    intervals.add(new Point(x, r.ratio(), r.low(), r.high(), BOOTSTRAP));
                }
            }
            if (!intervals.isEmpty()) {
                series.add(new Series(line.label() + " interval", Style.INTERVAL, color, false, intervals));
            }
            if (!ratios.isEmpty()) {
                series.add(new Series(line.label(), Style.POINTS, color, true, ratios));
            }
        }
        if (series.isEmpty()) {
            return Optional.empty();
        }
        series.add(new Series(baseline + " = 1", Style.RULE, Colors.NEUTRAL, true,
                List.of(Point.at(-0.5, 1, ""), Point.at(threads.size() - 0.5, 1, ""))));
        List<String> notes = new ArrayList<>();
        notes.add("Diamonds: mean of the pool's forks / mean of " + baseline + "'s forks, same run, same threads and "
                + "parameters (scripts/compare --pools " + baseline + ",POOL); " + (section.throughput()
                ? "above 1 is faster." : "below 1 is faster."));
        notes.add(fewestForks >= ForkComparison.MIN_FORKS_FOR_INTERVAL
                ? "Bars: the ratio's 95% bootstrap interval over forks."
                : "No interval: a ratio's interval needs at least " + ForkComparison.MIN_FORKS_FOR_INTERVAL
                        + " forks a side, and the fewest here are " + fewestForks + "; compare the scores' "
                        + "intervals instead.");
        if (!missing.isEmpty()) {
            notes.add("No fork values, so no ratio: " + String.join(", ", missing));
        }
        return Optional.of(new Chart(ids.next(), Kind.RATIO, "Ratio to " + baseline + " (fork means)",
                notes, xLabels, "× " + baseline, wideRange(series), false, series));
    }

    private static Chart percentiles(SummaryTable.Section section, SummaryTable.Table table, List<Integer> threads,
                                     Colors colors, Ids ids) {
        List<String> labels = PERCENTILES.stream().map(p -> "p" + p.replaceAll("\\.0$", "")).toList();
        List<Series> series = new ArrayList<>();
        for (int t : threads) {
            for (SummaryTable.Line line : table.lines()) {
                SummaryTable.Cell cell = line.cells().get(t);
                if (cell == null) {
                    continue;
                }
                List<Point> points = new ArrayList<>();
                for (int i = 0; i < PERCENTILES.size(); i++) {
                    double v = cell.metric().percentile(PERCENTILES.get(i));
                    if (Double.isFinite(v) && v > 0) {
                        points.add(Point.at(i, v, ""));
                    }
                }
                if (!points.isEmpty()) {
                    String label = lineLabel(line.label(), line.reference())
                            + (threads.size() > 1 ? " · " + threadsLabel(t, section.virtual()) : "");
                    series.add(new Series(label, Style.LINE, colors.of(line.label(), line.reference()), true,
                            points));
                }
            }
        }
        return new Chart(ids.next(), Kind.PERCENTILES, "Latency percentiles (" + section.unit() + ")",
                List.of("JMH's percentiles over every sample of every fork; JMH gives no interval for a percentile."),
                labels, section.unit(), true, false, series);
    }

    private static Optional<Chart> counter(SummaryTable.CounterTable table, List<Integer> threads,
                                           List<String> xLabels, Colors colors, Ids ids, List<String> text) {
        SummaryTable.Counter counter = table.counter();
        String title = counterTitle(counter);
        List<Series> series = new ArrayList<>();
        List<String> notCounted = new ArrayList<>();
        boolean anyNonZero = false;
        List<SummaryTable.CounterLine> lines = table.lines();
        for (int j = 0; j < lines.size(); j++) {
            SummaryTable.CounterLine line = lines.get(j);
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < threads.size(); i++) {
                SummaryTable.CounterCell cell = line.cells().get(i);
                switch (cell.kind()) {
                    case VALUE -> {
                        points.add(Point.at(offset(i, j, lines.size()), cell.value(), ""));
                        anyNonZero |= cell.value() != 0;
                    }
                    case NOT_COUNTED -> notCounted.add(line.label() + " at " + xLabels.get(i));
                    case MISSING -> {
                        // not measured at this thread count: no bar, as in the summary's "–"
                    }
                }
            }
            if (!points.isEmpty()) {
                series.add(new Series(lineLabel(line.label(), line.reference()), Style.BARS,
                        colors.of(line.label(), line.reference()), true, points));
            }
        }
        String na = notCounted.isEmpty() ? "" : "not counted (n/a, the pool keeps no such count): "
                + String.join(", ", notCounted);
        if (series.isEmpty()) {
            text.add(title + ": " + (na.isEmpty() ? "not reported" : na) + ".");
            return Optional.empty();
        }
        if (!anyNonZero) {
            text.add(title + ": 0 for every pool and thread count" + (na.isEmpty() ? "" : "; " + na) + ".");
            return Optional.empty();
        }
        List<String> notes = new ArrayList<>();
        notes.add(COUNTER_WORDS.get(counter.scale()));
        if (!na.isEmpty()) {
            notes.add("Not drawn: " + na + ".");
        }
        return Optional.of(new Chart(ids.next(), Kind.COUNTER, title, notes, xLabels,
                counterUnit(counter), false, true, series));
    }

    private static final Map<SummaryTable.Scale, String> COUNTER_WORDS = Map.of(
            SummaryTable.Scale.COUNT, "A count over the run's measured iterations; anything above 0 is a problem.",
            SummaryTable.Scale.PER_REQUEST, "The benchmark's counter divided by its requests counter; the "
                    + "benchmark's javadoc says what it counts.",
            SummaryTable.Scale.ITERATION, "The mean per measured iteration: a level read at an iteration's end, or "
                    + "an iteration's total (the benchmark's javadoc says which).",
            SummaryTable.Scale.BYTES, "Bytes allocated per operation (-prof gc, gc.alloc.rate.norm, mean of forks).");

    static String counterTitle(SummaryTable.Counter counter) {
        return switch (counter.scale()) {
            case COUNT -> counter.metric() + " (total)";
            case PER_REQUEST -> counter.metric() + " per request";
            case ITERATION -> counter.metric() + " per iteration";
            case BYTES -> "allocation per operation";
        };
    }

    private static String counterUnit(SummaryTable.Counter counter) {
        return switch (counter.scale()) {
            case COUNT -> counter.metric();
            case PER_REQUEST -> counter.metric() + "/request";
            case ITERATION -> counter.metric() + "/iteration";
            case BYTES -> "B/op";
        };
    }

    private static Block outcomeBlock(SummaryTable.OutcomeTable table, Colors colors, Ids ids) {
        List<String> parts = new ArrayList<>();
        if (table.virtual()) {
            parts.add("virtual threads");
        }
        table.conditions().forEach((k, v) -> parts.add(k + "=" + v));
        List<Integer> threads = table.lines().stream().map(SummaryTable.OutcomeLine::threads).distinct().sorted()
                .toList();
        List<String> xLabels = threads.stream().map(t -> threadsLabel(t, table.virtual())).toList();
        Map<String, List<SummaryTable.OutcomeLine>> byPool = new LinkedHashMap<>();
        table.lines().forEach(l -> byPool.computeIfAbsent(l.pool(), k -> new ArrayList<>()).add(l));
        List<Series> series = new ArrayList<>();
        List<String> text = new ArrayList<>();
        int j = 0;
        for (Map.Entry<String, List<SummaryTable.OutcomeLine>> pool : byPool.entrySet()) {
            List<Point> points = new ArrayList<>();
            for (SummaryTable.OutcomeLine line : pool.getValue()) {
                double share = line.successShare();
                if (Double.isFinite(share)) {
                    points.add(Point.at(offset(threads.indexOf(line.threads()), j, byPool.size()), share * 100,
                            Summary.count(line.succeeded()) + " of " + Summary.count(line.requests())));
                }
                List<String> failures = new ArrayList<>();
                line.failures().forEach((counter, n) -> {
                    if (Double.isFinite(n) && n > 0) {
                        failures.add(Summary.count(n) + " (" + SummaryTable.FAILURE_COUNTERS.get(counter) + ")");
                    }
                });
                if (!failures.isEmpty()) {
                    text.add(pool.getKey() + " at " + threadsLabel(line.threads(), table.virtual()) + ": "
                            + Summary.share(line.succeeded(), line.requests()) + " succeeded; failed: "
                            + String.join(", ", failures));
                }
            }
            if (!points.isEmpty()) {
                series.add(new Series(pool.getKey(), Style.BARS, colors.of(pool.getKey(), false), true, points));
            }
            j++;
        }
        if (text.isEmpty()) {
            text.add("No request failed for any pool.");
        }
        Chart chart = new Chart(ids.next(), Kind.OUTCOME, "Requests that succeeded (%)",
                List.of("Requests that succeeded / requests made, over the throughput and sample-mode runs."),
                xLabels, "% succeeded", false, true, series);
        return new Block(3, table.benchClass() + " · outcomes" + (parts.isEmpty() ? "" : ", "
                + String.join(", ", parts)), text, series.isEmpty() ? List.of() : List.of(chart));
    }

    // ---------------------------------------------------------------- history

    /** A history point, as {@code history.json} holds it. */
    private record HistoryPoint(String run, String commit, double score, double error, String unit, int forks,
                                boolean changePoint, double change) {

        static HistoryPoint of(JsonObject p) {
            return new HistoryPoint(p.get("run").getAsString(), p.has("commit") ? p.get("commit").getAsString() : "",
                    JmhResults.number(p.get("score")), JmhResults.number(p.get("error")),
                    p.has("unit") ? p.get("unit").getAsString() : "", p.has("forks") ? p.get("forks").getAsInt() : 0,
                    p.has("changePoint") && p.get("changePoint").getAsBoolean(), JmhResults.number(p.get("change")));
        }

        String note() {
            return commit + (Double.isFinite(error) ? ", ± " + Summary.compact(error) + " (JMH 99.9%)" : "")
                    + (forks > 0 ? ", " + forks + " forks" : "");
        }
    }

    /** The series of {@code history.json}, and the order of its runs. */
    private static final class HistoryLookup {
        private final JsonObject series;
        private final Map<String, Integer> order = new LinkedHashMap<>();
        private final String folder;

        HistoryLookup(JsonObject history, String folder) {
            this.folder = folder;
            JsonObject s = history.getAsJsonObject("series");
            this.series = s == null ? new JsonObject() : s;
            JsonArray runs = history.getAsJsonArray("runs");
            if (runs != null) {
                for (JsonElement r : runs) {
                    order.putIfAbsent(r.getAsJsonObject().get("run").getAsString(), order.size());
                }
            }
        }

        /** The series of {@code name} that holds this run's point (its fingerprint and profile); empty if none. */
        List<HistoryPoint> ownSeries(String name) {
            JsonObject groups = series.getAsJsonObject(name);
            if (groups == null) {
                return List.of();
            }
            for (Map.Entry<String, JsonElement> group : groups.entrySet()) {
                List<HistoryPoint> points = new ArrayList<>();
                group.getValue().getAsJsonArray().forEach(p -> points.add(HistoryPoint.of(p.getAsJsonObject())));
                if (points.stream().anyMatch(p -> p.run().equals(folder))) {
                    return points;
                }
            }
            return List.of();
        }

        /** One table's history at one thread count: a line per pool (its series), change points marked. */
        Optional<Chart> runChart(SummaryTable.Table table, int threads, String threadsLabel,
                                 Map<Metric, RunData> byMetric, Colors colors, Ids ids, List<String> text) {
            Map<String, List<HistoryPoint>> lines = new LinkedHashMap<>();
            Map<String, Integer> lineColors = new LinkedHashMap<>();
            for (SummaryTable.Line line : table.lines()) {
                SummaryTable.Cell cell = line.cells().get(threads);
                RunData data = cell == null ? null : byMetric.get(cell.metric());
                if (data == null) {
                    continue;
                }
                List<HistoryPoint> points = ownSeries(data.name());
                if (!points.isEmpty()) {
                    String label = lineLabel(line.label(), line.reference());
                    lines.put(label, points);
                    lineColors.put(label, colors.of(line.label(), line.reference()));
                }
            }
            if (lines.values().stream().allMatch(p -> p.size() < 2)) {
                if (!lines.isEmpty()) {
                    text.add("History at " + threadsLabel + ": this run is the first of its series (same machine "
                            + "fingerprint and profile); reports/index.html has every series.");
                }
                return Optional.empty();
            }
            return Optional.of(historyChart(ids.next(), "History at " + threadsLabel
                    + " (this run's series: same machine fingerprint and profile)", lines, lineColors, order,
                    List.of("This run: " + runLabel(folder) + ". Other fingerprints and profiles: "
                            + "reports/index.html.")));
        }
    }

    /**
     * A history chart: one line per series, in run order, and per series with change points a series of them.
     *
     * @param order every run's place in the history, oldest first
     */
    private static Chart historyChart(String id, String title, Map<String, List<HistoryPoint>> lines,
                                      Map<String, Integer> colors, Map<String, Integer> order, List<String> notes) {
        Set<String> runs = new TreeSet<>(Comparator
                .comparing((String r) -> order.getOrDefault(r, Integer.MAX_VALUE)).thenComparing(r -> r));
        lines.values().forEach(points -> points.forEach(p -> runs.add(p.run())));
        List<String> runList = List.copyOf(runs);
        List<Series> series = new ArrayList<>();
        List<String> allNotes = new ArrayList<>(notes);
        String unit = "";
        for (Map.Entry<String, List<HistoryPoint>> line : lines.entrySet()) {
            List<Point> points = new ArrayList<>();
            List<Point> changes = new ArrayList<>();
            for (HistoryPoint p : line.getValue()) {
                if (!Double.isFinite(p.score())) {
                    continue;
                }
                unit = unit.isEmpty() ? p.unit() : unit;
                double x = runList.indexOf(p.run());
                points.add(Point.at(x, p.score(), p.note()));
                if (p.changePoint()) {
                    String change = Double.isFinite(p.change()) ? "×" + Summary.compact(p.change())
                            + " of the previous segment's mean" : "a change begins";
                    changes.add(Point.at(x, p.score(), change));
                    allNotes.add("Change point in " + line.getKey() + " at " + runLabel(p.run()) + ": " + change
                            + ".");
                }
            }
            int color = colors.getOrDefault(line.getKey(), Colors.NEUTRAL);
            series.add(new Series(line.getKey(), Style.LINE, color, true, points));
            if (!changes.isEmpty()) {
                series.add(new Series(line.getKey() + " change points", Style.CHANGES, color, true, changes));
            }
        }
        return new Chart(id, Kind.HISTORY, title, allNotes, runList.stream().map(DashboardModel::runLabel).toList(),
                unit, wideRange(series), false, series);
    }

    /** A run on a history axis: {@code 11-27 03:01 e646c26} for folder {@code 20261127T030148Z-e646c26}. */
    static String runLabel(String folder) {
        Matcher m = RUN_FOLDER.matcher(folder);
        return m.matches() ? m.group(2) + "-" + m.group(3) + " " + m.group(4) + ":" + m.group(5) + " " + m.group(6)
                : folder;
    }

    // ---------------------------------------------------------------- the history page

    /**
     * The history page: every run with links to its dashboard and summary, and per benchmark run name its series
     * across runs, one line per fingerprint and profile.
     *
     * @param history    {@code reports/history.json}
     * @param hasResults whether a run's folder has results to draw (then its dashboard is linked)
     */
    static Page indexPage(JsonObject history, Predicate<String> hasResults) {
        List<RunLink> runs = new ArrayList<>();
        Map<String, Integer> order = new LinkedHashMap<>();
        JsonArray index = history.getAsJsonArray("runs");
        if (index != null) {
            for (JsonElement e : index) {
                JsonObject r = e.getAsJsonObject();
                String run = r.get("run").getAsString();
                order.putIfAbsent(run, order.size());
                runs.add(new RunLink(run, string(r, "commit"), string(r, "started"), string(r, "status"),
                        string(r, "profile"), string(r, "options"), string(r, "fingerprint"),
                        hasResults.test(run) ? "runs/" + run + "/" + Dashboard.FILE : "",
                        "runs/" + run + "/summary.md"));
            }
        }
        Ids ids = new Ids();
        List<Block> blocks = new ArrayList<>();
        JsonObject series = history.getAsJsonObject("series");
        Map<String, List<Chart>> byClass = new TreeMap<>();
        if (series != null) {
            for (Map.Entry<String, JsonElement> named : series.entrySet()) {
                Map<String, List<HistoryPoint>> lines = new LinkedHashMap<>();
                Map<String, Integer> colors = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> group : named.getValue().getAsJsonObject().entrySet()) {
                    List<HistoryPoint> points = new ArrayList<>();
                    group.getValue().getAsJsonArray().forEach(p -> points.add(HistoryPoint.of(p.getAsJsonObject())));
                    lines.put(group.getKey(), points);
                    colors.put(group.getKey(), colors.size());
                }
                String name = named.getKey();
                String benchClass = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                byClass.computeIfAbsent(benchClass, k -> new ArrayList<>()).add(historyChart(ids.next(), name, lines,
                        colors, order, List.of("One line per machine fingerprint and profile (history.md lists "
                                + "what each fingerprint covers).")));
            }
        }
        byClass.forEach((benchClass, charts) -> blocks.add(new Block(2, benchClass, List.of(), charts)));
        if (blocks.isEmpty()) {
            blocks.add(new Block(2, "No series yet", List.of("No run under reports/runs has results."), List.of()));
        }
        return new Page("poolbench: every run", List.of("Every run under reports/runs (history.md has the machine "
                + "fingerprints), and each benchmark's series across runs. A series joins only runs with the same "
                + "machine fingerprint and profile settings; change points are marked with triangles."), runs,
                blocks);
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Whether a chart's positive values span more than a factor 30 (then a log axis shows them all). Values of 0 are
     * interval ends clamped to 0, which a log axis draws from its bottom.
     */
    private static boolean wideRange(List<Series> series) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Series s : series) {
            for (Point p : s.points()) {
                for (double v : new double[] {p.y(), p.low(), p.high()}) {
                    if (Double.isNaN(v)) {
                        continue;
                    }
                    if (v <= 0) {
                        continue; // an interval clamped to 0 (see interval): a log axis draws it from its bottom
                    }
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return max > 0 && max / min > 30;
    }

    static double round(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v;
        }
        return new BigDecimal(v).round(new MathContext(6)).doubleValue();
    }

    /** Stable colours: pools by the display order, reference points and rules grey. */
    private static final class Colors {
        static final int NEUTRAL = -1;
        private final List<String> order;
        private final Map<String, Integer> unknown = new LinkedHashMap<>();

        Colors(List<String> order) {
            this.order = order;
        }

        int of(String label, boolean reference) {
            if (reference) {
                return NEUTRAL;
            }
            int known = order.indexOf(label);
            return known >= 0 ? known : order.size() + unknown.computeIfAbsent(label, k -> unknown.size());
        }
    }

    /** Chart ids, unique in a page. */
    private static final class Ids {
        private int next;

        String next() {
            return "chart-" + (++next);
        }
    }
}
