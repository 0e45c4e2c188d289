package org.poolbench.runner;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;

import org.poolbench.bench.PoolKind;
import org.poolbench.runner.JmhResults.Metric;
import org.poolbench.runner.JmhResults.Row;

/**
 * Renders a run's {@link SummaryTable} as the human-readable {@code summary.md}: the Markdown and the number
 * formatting (3 significant digits, ratios as {@code 1.05×}, bytes per operation). What goes into which table,
 * and every ratio, is decided by {@link SummaryTable}.
 *
 * <p>The output depends only on its input (no clock, no hash order, {@link Locale#ROOT} numbers), so the same
 * results always give the same text.
 */
final class Summary {

    /** Percentiles of sample mode shown in the table, as JMH keys them. */
    private static final List<String> SAMPLE_PERCENTILES = List.of("50.0", "99.0", "99.9");

    /** A per-request cell for a counter the pool does not keep (reported as negative). */
    static final String NOT_COUNTED = "n/a";

    private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_UP);
    private static final String MISSING = "–";

    private Summary() {
    }

    /**
     * What the summary shows besides the results.
     *
     * @param title        the first line, e.g. {@code poolbench quick run 2026-11-21T12:00:00Z}
     * @param headerLines  already formatted metadata lines (commit, JDK, CPU, ...), shown as a bullet list
     * @param cpuCount     the CPUs of the machine that ran the benchmarks; thread counts above it are marked as
     *                     oversubscribed
     * @param baselinePool the {@code pool} value every other pool is compared with ({@code PoolKind.BASELINE})
     * @param poolOrder    the known {@code pool} values in display order ({@code PoolKind}'s order); values that
     *                     start with the first one's name and an underscore are its variants and follow it, unknown
     *                     pools come after the known ones
     */
    record SummaryContext(String title, List<String> headerLines, int cpuCount, String baselinePool,
                          List<String> poolOrder, VirtualThreadsReport virtualThreads) {

        /** A context with {@link PoolKind}'s display order. */
        SummaryContext(String title, List<String> headerLines, int cpuCount, String baselinePool) {
            this(title, headerLines, cpuCount, baselinePool, PoolKind.displayOrder());
        }

        /** A context for a run without virtual-thread steps. */
        SummaryContext(String title, List<String> headerLines, int cpuCount, String baselinePool,
                       List<String> poolOrder) {
            this(title, headerLines, cpuCount, baselinePool, poolOrder, VirtualThreadsReport.NONE);
        }

        SummaryContext {
            poolOrder = List.copyOf(poolOrder);
            Objects.requireNonNull(virtualThreads, "virtualThreads");
            Objects.requireNonNull(title, "title");
            headerLines = List.copyOf(headerLines);
            if (cpuCount < 1) {
                throw new IllegalArgumentException("cpuCount must be at least 1, was " + cpuCount);
            }
            if (baselinePool == null || baselinePool.isBlank()) {
                throw new IllegalArgumentException("baselinePool must be a pool name");
            }
        }
    }

    /**
     * Renders the summary.
     *
     * @param rows the results, e.g. {@code JmhResults.rows(JmhResults.merge(files))}; any order
     * @param ctx  title, metadata and the baseline pool
     * @return the markdown text, ending with a newline
     * @throws IllegalArgumentException if two rows describe the same run
     */
    static String markdown(List<Row> rows, SummaryContext ctx) {
        return markdown(SummaryTable.of(rows, ctx.baselinePool(), ctx.poolOrder()), ctx);
    }

    /** Renders an already built table model. */
    static String markdown(SummaryTable model, SummaryContext ctx) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(ctx.title()).append("\n\n");
        for (String line : ctx.headerLines()) {
            md.append("- ").append(line).append('\n');
        }
        if (!ctx.headerLines().isEmpty()) {
            md.append('\n');
        }
        for (SummaryTable.Warning warning : model.warnings()) {
            md.append(warning(warning)).append("\n\n");
        }
        for (VirtualStep step : ctx.virtualThreads().steps()) {
            for (String stall : step.stalls()) {
                md.append("**STALLED on ").append(step.threads()).append(" virtual threads: ").append(escape(stall))
                        .append("** (an iteration outlived JMH's ").append(JmhOptions.VIRTUAL_TIMEOUT)
                        .append(" timeout, which interrupted it, or the runner's stall limit, which ended its fork; "
                                + "a score that remains includes the stall)\n\n");
            }
        }
        if (model.sections().isEmpty()) {
            md.append("No benchmark results.\n\n");
        }
        List<SummaryTable.Section> sections = model.sections();
        for (int i = 0; i < sections.size(); i++) {
            SummaryTable.Section section = sections.get(i);
            new SectionWriter(md, section, ctx).write();
            boolean lastOfClass = i + 1 == sections.size()
                    || !sections.get(i + 1).benchClass().equals(section.benchClass());
            if (lastOfClass) {
                outcomes(md, section.benchClass(), model.outcomes(), ctx);
            }
        }
        pinning(md, ctx.virtualThreads());
        howToRead(md, ctx);
        return md.toString();
    }

    /**
     * What the virtual-thread steps of a run saw besides their scores.
     *
     * @param jdk   the JDK the forks ran on (pinning depends on it: JEP 491, JDK 24)
     * @param steps one per virtual-thread step that finished, in run order
     */
    record VirtualThreadsReport(String jdk, List<VirtualStep> steps) {

        static final VirtualThreadsReport NONE = new VirtualThreadsReport("", List.of());

        VirtualThreadsReport {
            steps = List.copyOf(steps);
        }
    }

    /**
     * One virtual-thread step: its pinning and its stalls.
     *
     * @param pool    the one pool the step ran ({@link Plan#SPLIT_PARAM}), or {@code ""} when it ran every pool the
     *                filter selected
     * @param pinning the {@code jdk.VirtualThreadPinned} events of its forks; null when they could not be read (then
     *                {@code pinningError} says why)
     * @param stalls  per benchmark run that hit JMH's timeout, a description with the count
     */
    record VirtualStep(String benchClass, int threads, String pool, PinningReport pinning, String pinningError,
                       List<String> stalls) {

        VirtualStep {
            Objects.requireNonNull(pool, "pool");
            stalls = List.copyOf(stalls);
        }
    }

    /** The pinning table of the virtual-thread steps; nothing for a run without any. */
    private static void pinning(StringBuilder md, VirtualThreadsReport report) {
        if (report.steps().isEmpty()) {
            return;
        }
        md.append("## Virtual threads: pinning per pool\n\n")
                .append("JFR `").append(PinningReport.EVENT).append("` events (threshold 0 ms, so every pin) in "
                        + "the forks of each virtual-thread run, attributed to the topmost stack frame of a pool "
                        + "library (else the topmost frame outside the JDK); JDK ").append(escape(report.jdk()))
                .append(". Since JDK 24 (JEP 491) `synchronized` no longer pins; native frames and class "
                        + "initializers still do.\n\n")
                .append("| benchmark | pool | events | pinned time | top frame | why (JDK 24+) |\n"
                        + "|:--|:--|--:|--:|:--|:--|\n");
        for (VirtualStep step : report.steps()) {
            String where = escape(step.benchClass()) + ", " + step.threads() + " virtual threads"
                    + (step.pool().isEmpty() ? "" : ", pool=" + escape(step.pool()));
            if (step.pinning() == null) {
                md.append("| ").append(where).append(" | ").append(MISSING).append(" | ").append(MISSING)
                        .append(" | ").append(MISSING).append(" | not read: ")
                        .append(escape(String.valueOf(step.pinningError()))).append(" | |\n");
            } else if (step.pinning().lines().isEmpty()) {
                md.append("| ").append(where).append(" | all | 0 | 0 | none in ").append(step.pinning().recordings())
                        .append(step.pinning().recordings() == 1 ? " recording" : " recordings").append(" | |\n");
            } else {
                for (PinningReport.Line line : step.pinning().lines()) {
                    md.append("| ").append(where).append(" | ").append(escape(line.owner())).append(" | ")
                            .append(line.events()).append(" | ").append(duration(line.pinned())).append(" | `")
                            .append(escape(line.topFrame())).append("` | ")
                            .append(line.reason().isEmpty() ? MISSING : escape(line.reason())).append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    /** A pinned time: 3 significant digits in ms, or us below 1 ms. */
    static String duration(java.time.Duration d) {
        double nanos = d.toNanos();
        if (nanos == 0) {
            return "0";
        }
        return nanos >= 1e6 ? sig3(nanos / 1e6) + " ms" : sig3(nanos / 1e3) + " us";
    }

    /**
     * The outcome tables of one benchmark class, after its sections: per pool and thread count, throughput, success
     * share, failures by kind and p99. Nothing when the class has none, so other benchmarks' text is unchanged.
     */
    private static void outcomes(StringBuilder md, String benchClass, List<SummaryTable.OutcomeTable> tables,
                                 SummaryContext ctx) {
        List<SummaryTable.OutcomeTable> mine = tables.stream().filter(t -> t.benchClass().equals(benchClass))
                .toList();
        if (mine.isEmpty()) {
            return;
        }
        md.append("## ").append(benchClass).append(" · outcomes: requests that succeeded and failed\n\n")
                .append("Success = requests that succeeded / requests made, rounded down (100% only when none "
                        + "failed); failures by kind are counts; both summed over the throughput and the sample-mode "
                        + "runs. Throughput from the throughput-mode run, p99 from the sample-mode run.\n\n");
        for (SummaryTable.OutcomeTable table : mine) {
            if (!table.conditions().isEmpty() || table.virtual()) {
                List<String> parts = new ArrayList<>();
                if (table.virtual()) {
                    parts.add("virtual threads");
                }
                table.conditions().forEach((k, v) -> parts.add(k + "=" + v));
                md.append("### ").append(escape(String.join(", ", parts))).append("\n\n");
            }
            String throughputUnit = table.lines().stream().flatMap(l -> l.throughput().stream())
                    .map(Metric::unit).findFirst().orElse("?");
            String p99Unit = table.lines().stream().map(SummaryTable.OutcomeLine::p99Unit)
                    .filter(u -> !u.isEmpty()).findFirst().orElse("?");
            md.append("| pool | ").append(table.virtual() ? "virtual threads" : "threads").append(" | throughput (")
                    .append(throughputUnit).append(") | success");
            SummaryTable.FAILURE_COUNTERS.values().forEach(heading -> md.append(" | ").append(heading));
            md.append(" | p99 (").append(p99Unit).append(") |\n|:--|--:|--:|--:");
            md.append("|--:".repeat(SummaryTable.FAILURE_COUNTERS.size()));
            md.append("|--:|\n");
            for (SummaryTable.OutcomeLine line : table.lines()) {
                md.append("| ").append(escape(line.pool())).append(" | ")
                        .append(line.threads() > ctx.cpuCount() ? line.threads() + " †" : line.threads())
                        .append(" | ").append(line.throughput().map(Summary::scoreWithError).orElse(MISSING))
                        .append(" | ").append(share(line.succeeded(), line.requests()));
                for (double failures : line.failures().values()) {
                    md.append(" | ").append(Double.isNaN(failures) ? MISSING : count(failures));
                }
                md.append(" | ").append(Double.isNaN(line.p99()) ? MISSING : sig3(line.p99())).append(" |\n");
            }
            md.append('\n');
            if (table.lines().stream().anyMatch(l -> l.threads() > ctx.cpuCount())) {
                md.append("† more threads than the ").append(ctx.cpuCount())
                        .append(" CPUs of this machine: oversubscribed, the OS scheduler is part of the result; "
                                + "read as research, not a verdict.\n\n");
            }
        }
    }

    /**
     * {@code part / whole} as a percentage with one decimal, rounded down so that a run with any failure never
     * reads 100%: 931 of 1000 → 93.1%, 9999 of 10000 → 99.9%, all → 100%, none → 0%; no requests → –.
     */
    static String share(double part, double whole) {
        if (!(whole > 0) || Double.isNaN(part)) {
            return MISSING;
        }
        if (part >= whole) {
            return "100%";
        }
        if (part <= 0) {
            return "0%";
        }
        // BigDecimal: 0.931 * 100 in doubles is 93.10000000000001 or 93.09999999999999, and flooring must not care.
        BigDecimal percent = BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.FLOOR);
        return percent.toPlainString() + "%";
    }

    /** A bold line for a run with failed acquires. */
    private static String warning(SummaryTable.Warning warning) {
        Row row = warning.row();
        StringBuilder where = new StringBuilder(row.mode());
        row.params().forEach((k, v) -> where.append(", ").append(k).append('=').append(v));
        where.append(", threads=").append(row.threads()).append(row.virtual() ? " virtual" : "");
        return "**WARNING: " + count(warning.failedAcquires()) + " failed or timed-out acquires in "
                + row.benchClass() + '.' + row.method() + " (" + where + ")**";
    }

    /** JMH's mode in words, as the summary's and the dashboard's headings say it. */
    static String modeWords(String mode) {
        return switch (mode) {
            case "thrpt" -> "throughput";
            case "avgt" -> "average time";
            case "sample" -> "sample time";
            case "ss" -> "single-shot time";
            default -> mode;
        };
    }

    private static String label(String label, boolean reference) {
        return reference ? label + " (reference)" : label;
    }

    /** Writes one section; holds the section's state so the table writers need few parameters. */
    private static final class SectionWriter {
        private final StringBuilder md;
        private final SummaryTable.Section section;
        private final SummaryContext ctx;

        SectionWriter(StringBuilder md, SummaryTable.Section section, SummaryContext ctx) {
            this.md = md;
            this.section = section;
            this.ctx = ctx;
        }

        void write() {
            md.append("## ").append(section.benchClass()).append(section.virtual() ? " on virtual threads" : "")
                    .append(" · ").append(String.join(", ", section.methods()))
                    .append(": ").append(modeWords(section.mode())).append(" in ").append(section.unit())
                    .append(", ").append(section.throughput() ? "higher" : "lower").append(" is better\n\n");
            // The ratio legend only where there is a baseline to compare with (not in reference-only sections).
            if (section.hasBaseline()) {
                md.append(legend()).append("\n\n");
            }
            for (SummaryTable.Table table : section.tables()) {
                table(table);
            }
        }

        private String legend() {
            if (section.sample()) {
                return "(n×) = p50 / " + ctx.baselinePool() + " p50 in the same run, same " + threadWord()
                        + ": below 1 is faster.";
            }
            return "(n×) = score / " + ctx.baselinePool() + " score in the same run, same " + threadWord() + ": "
                    + (section.throughput() ? "above" : "below") + " 1 is faster.";
        }

        private static String caption(SummaryTable.Table table) {
            List<String> parts = new ArrayList<>();
            if (table.method() != null) {
                parts.add(table.method());
            }
            table.conditions().forEach((k, v) -> parts.add(k + "=" + v));
            return parts.isEmpty() ? null : String.join(", ", parts);
        }

        /** One table with everything that belongs to it: scores, reference multiples, counters. */
        private void table(SummaryTable.Table table) {
            String caption = caption(table);
            if (caption != null) {
                md.append("### ").append(escape(caption)).append("\n\n");
            }
            if (section.sample()) {
                sampleTable(table);
            } else {
                scoreTable(table);
            }
            // virtual threads share as many carriers as there are CPUs: the JDK's scheduler, not the OS's, interleaves them
            if (table.threads().last() > ctx.cpuCount() && !section.virtual()) {
                md.append("† more threads than the ").append(ctx.cpuCount())
                        .append(" CPUs of this machine: oversubscribed, the OS scheduler is part of the result; "
                                + "read as research, not a verdict.\n\n");
            }
            for (SummaryTable.Multiples multiples : table.multiples()) {
                referenceMultiples(table, multiples);
            }
            for (SummaryTable.CounterTable counters : table.counters()) {
                counterTable(table, counters);
            }
        }

        private void scoreTable(SummaryTable.Table table) {
            header("pool", table.threads());
            for (SummaryTable.Line line : table.lines()) {
                md.append("| ").append(escape(label(line.label(), line.reference())));
                for (int t : table.threads()) {
                    SummaryTable.Cell cell = line.cells().get(t);
                    md.append(" | ");
                    if (cell == null) {
                        md.append(MISSING);
                        continue;
                    }
                    md.append(scoreWithError(cell.metric()));
                    if (cell.baseline().isPresent()) {
                        ratio(cell.ratio(false)).ifPresent(r -> md.append(" (").append(r).append(')'));
                    }
                }
                md.append(" |\n");
            }
            md.append('\n');
        }

        private void sampleTable(SummaryTable.Table table) {
            md.append("| pool | ").append(threadWord()).append(" | p50 | p99 | p99.9 | mean ± error | p50 vs ").append(escape(ctx.baselinePool()))
                    .append(" |\n|:--|--:|--:|--:|--:|--:|--:|\n");
            // Thread count first, so the pools to compare stand next to each other.
            for (int t : table.threads()) {
                for (SummaryTable.Line line : table.lines()) {
                    SummaryTable.Cell cell = line.cells().get(t);
                    if (cell == null) {
                        continue;
                    }
                    JmhResults.Metric m = cell.metric();
                    md.append("| ").append(escape(label(line.label(), line.reference()))).append(" | ")
                            .append(threadMark(t));
                    for (String p : SAMPLE_PERCENTILES) {
                        md.append(" | ").append(sig3(m.percentile(p)));
                    }
                    md.append(" | ").append(scoreWithError(m)).append(" | ");
                    md.append(cell.baseline().isEmpty() ? MISSING : ratio(cell.ratio(true)).orElse(MISSING));
                    md.append(" |\n");
                }
            }
            md.append('\n');
        }

        private void referenceMultiples(SummaryTable.Table table, SummaryTable.Multiples multiples) {
            md.append("Cost per operation as a multiple of the `").append(multiples.method()).append("` reference (")
                    .append(section.throughput() ? "reference throughput / pool throughput"
                            : "pool time / reference time")
                    .append("; 1.00× would cost no more than the reference):\n\n");
            header("pool", table.threads());
            multiples.pools().forEach((pool, cells) -> {
                md.append("| ").append(escape(pool));
                for (int t : table.threads()) {
                    Double multiple = cells.get(t);
                    md.append(" | ").append(multiple == null ? MISSING : ratio(multiple).orElse(MISSING));
                }
                md.append(" |\n");
            });
            md.append('\n');
        }

        private void counterTable(SummaryTable.Table table, SummaryTable.CounterTable counters) {
            md.append(counterCaption(counters.counter())).append(":\n\n");
            header("pool", table.threads());
            for (SummaryTable.CounterLine line : counters.lines()) {
                md.append("| ").append(escape(label(line.label(), line.reference())));
                for (SummaryTable.CounterCell cell : line.cells()) {
                    md.append(" | ").append(counterValue(counters.counter(), cell));
                }
                md.append(" |\n");
            }
            md.append('\n');
        }

        private void header(String first, SortedSet<Integer> threads) {
            md.append("| ").append(first);
            for (int t : threads) {
                md.append(" | ").append(t).append(section.virtual() ? " virtual" : "")
                        .append(t == 1 ? " thread" : " threads");
                if (t > ctx.cpuCount() && !section.virtual()) {
                    md.append(" †");
                }
            }
            md.append(" |\n|:--");
            md.append("|--:".repeat(threads.size()));
            md.append("|\n");
        }

        /** {@code threads}, or {@code virtual threads} in a virtual-thread section. */
        private String threadWord() {
            return section.virtual() ? "virtual threads" : "threads";
        }

        private String threadMark(int threads) {
            return threads > ctx.cpuCount() && !section.virtual() ? threads + " †" : Integer.toString(threads);
        }
    }

    private static String counterCaption(SummaryTable.Counter counter) {
        String metric = counter.metric();
        if (counter.equals(SummaryTable.Counter.FAILED)) {
            return "`failedAcquires`: acquires that failed or timed out; anything above 0 is a problem";
        }
        if (counter.equals(SummaryTable.Counter.CONNECTS_PER_REQUEST)) {
            return "`connects/request`: physical connections opened per request";
        }
        if (counter.equals(SummaryTable.Counter.WAITS_PER_REQUEST)) {
            return "`waits/request`: requests that had to wait for a connection, as the pool counts them, per request "
                    + "(n/a: the pool keeps no such count)";
        }
        return switch (counter.scale()) {
            case BYTES -> "`alloc B/op`: bytes allocated per operation (`-prof gc` gc.alloc.rate.norm, mean of forks)";
            case PER_REQUEST -> "`" + metric + "/request`: the benchmark's `" + metric + "` counter per request (its "
                    + "javadoc says what it counts; n/a: not counted for this pool)";
            case ITERATION, COUNT -> "`" + metric + "`: mean per measured iteration (a level at the iteration's "
                    + "end or the iteration's total; the benchmark's javadoc says which; n/a: not available for this "
                    + "pool)";
        };
    }

    private static String counterValue(SummaryTable.Counter counter, SummaryTable.CounterCell cell) {
        return switch (cell.kind()) {
            case MISSING -> MISSING;
            case NOT_COUNTED -> NOT_COUNTED;
            case VALUE -> switch (counter.scale()) {
                case COUNT -> count(cell.value());
                case PER_REQUEST, ITERATION -> compact(cell.value());
                case BYTES -> bytes(cell.value());
            };
        };
    }

    // ---------------------------------------------------------------- how to read

    private static void howToRead(StringBuilder md, SummaryContext ctx) {
        md.append("## How to read\n\n")
                .append("A cell is JMH's score ± error, where the error is the half-width of JMH's 99.9% confidence "
                        + "interval across all measurement iterations of all forks (`± ?`: JMH gave no interval, "
                        + "too few measurement iterations). Where two ranges overlap, treat the difference as not established. (n×) compares with ")
                .append(ctx.baselinePool())
                .append(" measured in the same run, with the same threads and parameters. Compare such ratios from "
                        + "one run, not absolute numbers across machines or runs: those move with the CPU, the JDK, "
                        + "power settings and background load. Rows marked (reference) use no pool; they are the "
                        + "floor a pool's cost is measured against. Numbers are rounded to 3 significant digits.\n");
    }

    // ---------------------------------------------------------------- number formatting

    /** {@code 25.1 ± 0.31}, or {@code 25.1 ± ?} when JMH could not compute an error. */
    private static String scoreWithError(Metric m) {
        return sig3(m.score()) + " ± " + (Double.isNaN(m.error()) ? "?" : compact(m.error()));
    }

    /**
     * Rounds to exactly 3 significant digits, keeping trailing zeros because they are significant, and never uses
     * exponent notation: 25.06 → 25.1, 11 → 11.0, 0.4123 → 0.412, 0.3 → 0.300, 1234 → 1230.
     */
    static String sig3(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "-∞";
        }
        if (x == 0) {
            return "0";
        }
        // BigDecimal.valueOf uses the shortest decimal that round-trips, so 0.125 rounds as people expect.
        BigDecimal rounded = BigDecimal.valueOf(x).round(THREE_DIGITS);
        int leadingDigitExponent = rounded.precision() - rounded.scale() - 1;
        // At most 3 digits remain, so this scale is never below the current one: setScale only appends zeros.
        return rounded.setScale(Math.max(0, 2 - leadingDigitExponent)).toPlainString();
    }

    /**
     * 3 significant digits without trailing zeros, for errors and rates, where the extra zeros would only add noise:
     * 0.310 → 0.31, 2.0 → 2, 0.00125 → 0.00125, 1234 → 1230.
     */
    static String compact(double x) {
        if (!Double.isFinite(x) || x == 0) {
            return sig3(x);
        }
        BigDecimal rounded = BigDecimal.valueOf(x).round(THREE_DIGITS).stripTrailingZeros();
        return (rounded.scale() < 0 ? rounded.setScale(0) : rounded).toPlainString();
    }

    /**
     * {@code numerator / denominator} as {@code 1.05×}, or with two significant digits below 0.1
     * ({@code 0.0018×}), so that a pool 500 times slower does not read as {@code 0.00×}; empty when the ratio is
     * meaningless.
     */
    static Optional<String> ratio(double numerator, double denominator) {
        return denominator == 0 ? Optional.empty() : ratio(numerator / denominator);
    }

    /** A ratio already divided, formatted as {@link #ratio(double, double)} does; empty when not finite. */
    static Optional<String> ratio(double r) {
        if (!Double.isFinite(r)) {
            return Optional.empty();
        }
        if (r > 0 && r < 0.1) {
            return Optional.of(new BigDecimal(r).round(new MathContext(2)).toPlainString() + "×");
        }
        return Optional.of(String.format(Locale.ROOT, "%.2f×", r));
    }

    /** An event count: whole numbers as such, anything else (an average) to 3 significant digits. */
    static String count(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return compact(x);
    }

    /** Bytes per operation: one decimal below 100 (where it tells a few objects apart), whole bytes above. */
    static String bytes(double x) {
        if (!Double.isFinite(x)) {
            return MISSING;
        }
        return String.format(Locale.ROOT, Math.abs(x) < 100 ? "%.1f" : "%.0f", x);
    }

    /** Keeps a label from breaking a markdown table. */
    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
