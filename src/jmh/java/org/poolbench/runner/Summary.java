package org.poolbench.runner;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.poolbench.bench.PoolKind;
import org.poolbench.runner.JmhResults.Metric;
import org.poolbench.runner.JmhResults.Row;

/**
 * Renders JMH results as the human-readable {@code summary.md} of a poolbench run.
 *
 * <p>The summary knows the conventions of the poolbench benchmarks, not their names, so new benchmarks need no
 * change here:
 * <ul>
 *   <li>the {@code pool} parameter names the pool under test; a run without it is a <em>reference</em> point (for
 *       example the cheapest possible handoff of an already open connection) and is labelled
 *       {@code <method> (reference)};</li>
 *   <li>results are grouped into sections by benchmark class, mode and unit, and inside a section into tables by the
 *       parameters other than {@code pool}, so the pools and the reference points measured under the same
 *       conditions sit side by side;</li>
 *   <li>every score is also shown as a ratio to the baseline pool (HikariCP) measured in the same run with the same
 *       thread count, because ratios are what carries over between machines, absolute numbers are not;</li>
 *   <li>the {@code @AuxCounters} {@code failedAcquires}, {@code requests}, {@code connects} and {@code waits}, and
 *       the {@code gc.alloc.rate.norm} of {@code -prof gc}, are shown in small tables of their own; any failed
 *       acquire is also repeated as a warning at the top, so a pool that "won" by failing cannot go unnoticed.</li>
 * </ul>
 *
 * <p>The output depends only on its input (no clock, no hash order, {@link Locale#ROOT} numbers), so the same
 * results always give the same text.
 */
final class Summary {

    /** Percentiles of sample mode shown in the table, as JMH keys them. */
    private static final List<String> SAMPLE_PERCENTILES = List.of("50.0", "99.0", "99.9");

    private static final String POOL_PARAM = "pool";
    private static final String FAILED_ACQUIRES = "failedAcquires";
    private static final String REQUESTS = "requests";
    private static final String CONNECTS = "connects";
    private static final String WAITS = "waits";
    /** A per-request cell for a counter the pool does not keep (reported as negative). */
    static final String NOT_COUNTED = "n/a";
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

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
                          List<String> poolOrder) {

        /** A context with {@link PoolKind}'s display order. */
        SummaryContext(String title, List<String> headerLines, int cpuCount, String baselinePool) {
            this(title, headerLines, cpuCount, baselinePool, PoolKind.displayOrder());
        }

        SummaryContext {
            poolOrder = List.copyOf(poolOrder);
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
        StringBuilder md = new StringBuilder();
        md.append("# ").append(ctx.title()).append("\n\n");
        for (String line : ctx.headerLines()) {
            md.append("- ").append(line).append('\n');
        }
        if (!ctx.headerLines().isEmpty()) {
            md.append('\n');
        }

        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(ROW_ORDER);
        for (Row row : sorted) {
            failureWarning(row).ifPresent(w -> md.append(w).append("\n\n"));
        }

        if (rows.isEmpty()) {
            md.append("No benchmark results.\n\n");
        }
        for (Map.Entry<SectionKey, List<Row>> section : sections(sorted).entrySet()) {
            new SectionWriter(md, section.getKey(), section.getValue(), ctx).write();
        }
        howToRead(md, ctx);
        return md.toString();
    }

    // ---------------------------------------------------------------- warnings

    /** A bold line for a run with failed acquires; failures must never hide in a table further down. */
    private static Optional<String> failureWarning(Row row) {
        Metric failed = row.secondary().get(FAILED_ACQUIRES);
        if (failed == null || !(failed.score() > 0)) {
            return Optional.empty();
        }
        StringBuilder where = new StringBuilder(row.mode());
        row.params().forEach((k, v) -> where.append(", ").append(k).append('=').append(v));
        where.append(", threads=").append(row.threads());
        return Optional.of("**WARNING: " + count(failed.score()) + " failed or timed-out acquires in "
                + row.benchClass() + '.' + row.method() + " (" + where + ")**");
    }

    // ---------------------------------------------------------------- grouping

    /** A section of the summary: one benchmark class measured in one mode, in one unit. */
    private record SectionKey(String benchClass, String mode, String unit) {
    }

    private static final Comparator<SectionKey> SECTION_ORDER = Comparator.comparing(SectionKey::benchClass)
            .thenComparing(SectionKey::mode, Summary::compareModes)
            .thenComparing(SectionKey::unit);

    /** Sections, warnings and rows in the same order: class, method, mode, params, threads. */
    private static final Comparator<Row> ROW_ORDER = Comparator.comparing(Row::benchClass)
            .thenComparing(Row::method)
            .thenComparing(Row::mode, Summary::compareModes)
            .thenComparing(Row::params, JmhResults::compareParams)
            .thenComparingInt(Row::threads);

    private static SortedMap<SectionKey, List<Row>> sections(List<Row> sorted) {
        SortedMap<SectionKey, List<Row>> sections = new TreeMap<>(SECTION_ORDER);
        for (Row row : sorted) {
            sections.computeIfAbsent(new SectionKey(row.benchClass(), row.mode(), row.primary().unit()),
                    k -> new ArrayList<>()).add(row);
        }
        return sections;
    }

    /** Throughput first, then the time modes from the most to the least aggregated. */
    private static int compareModes(String a, String b) {
        int c = Integer.compare(modeRank(a), modeRank(b));
        return c != 0 ? c : a.compareTo(b);
    }

    private static int modeRank(String mode) {
        return switch (mode) {
            case "thrpt" -> 0;
            case "avgt" -> 1;
            case "sample" -> 2;
            case "ss" -> 3;
            default -> 4;
        };
    }

    private static String modeWords(String mode) {
        return switch (mode) {
            case "thrpt" -> "throughput";
            case "avgt" -> "average time";
            case "sample" -> "sample time";
            case "ss" -> "single-shot time";
            default -> mode;
        };
    }

    private static boolean isThroughput(String mode) {
        return mode.equals("thrpt");
    }


    /**
     * A line of a table: a pool, or a reference point (a run without a pool). The rank puts poolbench and its
     * variants first, then the other pools in a fixed order, unknown pools alphabetically, and references last.
     */
    private record Line(String label, boolean reference, int rank) implements Comparable<Line> {

        static Line of(Row row, List<String> poolOrder) {
            String pool = row.param(POOL_PARAM);
            if (pool == null) {
                return new Line(row.method() + " (reference)", true, Integer.MAX_VALUE);
            }
            String first = poolOrder.isEmpty() ? null : poolOrder.get(0);
            int known = poolOrder.indexOf(pool);
            // The first pool's variants (known or not) share one rank right after it and sort by name.
            int rank = known == 0 ? 0
                    : first != null && pool.startsWith(first + "_") ? 1
                    : known > 0 ? known + 1
                    : poolOrder.size() + 1;
            return new Line(pool, false, rank);
        }

        @Override
        public int compareTo(Line other) {
            int c = Integer.compare(rank, other.rank);
            return c != 0 ? c : label.compareTo(other.label);
        }
    }

    // ---------------------------------------------------------------- one section

    /** Writes one section; holds the section's state so the many small table writers need few parameters. */
    private static final class SectionWriter {
        private final StringBuilder md;
        private final SectionKey key;
        private final List<Row> rows;
        private final SummaryContext ctx;
        private final boolean throughput;

        SectionWriter(StringBuilder md, SectionKey key, List<Row> rows, SummaryContext ctx) {
            this.md = md;
            this.key = key;
            this.rows = rows;
            this.ctx = ctx;
            this.throughput = isThroughput(key.mode());
        }

        void write() {
            TreeSet<String> methods = new TreeSet<>();
            TreeSet<String> pooledMethods = new TreeSet<>();
            for (Row row : rows) {
                methods.add(row.method());
                if (row.param(POOL_PARAM) != null) {
                    pooledMethods.add(row.method());
                }
            }
            md.append("## ").append(key.benchClass()).append(" · ").append(String.join(", ", methods)).append(": ")
                    .append(modeWords(key.mode())).append(" in ").append(key.unit()).append(", ")
                    .append(throughput ? "higher" : "lower").append(" is better\n\n");
            // The ratio legend only where there is a baseline to compare with (not in reference-only sections).
            if (rows.stream().anyMatch(r -> ctx.baselinePool().equals(r.param(POOL_PARAM)))) {
                md.append(legend()).append("\n\n");
            }

            // Tables: one per combination of the non-pool params; rows of different methods measured under the same
            // conditions share it. Each pooled method gets its own table (its pools compared with its own baseline),
            // and the reference points of those conditions appear in every such table.
            SortedMap<SortedMap<String, String>, List<Row>> byConditions = new TreeMap<>(JmhResults::compareParams);
            for (Row row : rows) {
                SortedMap<String, String> conditions = new TreeMap<>(row.params());
                conditions.remove(POOL_PARAM);
                byConditions.computeIfAbsent(conditions, k -> new ArrayList<>()).add(row);
            }
            for (Map.Entry<SortedMap<String, String>, List<Row>> group : byConditions.entrySet()) {
                List<Row> references = group.getValue().stream().filter(r -> r.param(POOL_PARAM) == null).toList();
                TreeSet<String> groupPooledMethods = new TreeSet<>();
                group.getValue().stream().filter(r -> r.param(POOL_PARAM) != null)
                        .forEach(r -> groupPooledMethods.add(r.method()));
                if (groupPooledMethods.isEmpty()) {
                    table(caption(null, group.getKey()), references);
                }
                for (String method : groupPooledMethods) {
                    List<Row> tableRows = new ArrayList<>(references);
                    group.getValue().stream()
                            .filter(r -> r.param(POOL_PARAM) != null && r.method().equals(method))
                            .forEach(tableRows::add);
                    table(caption(pooledMethods.size() > 1 ? method : null, group.getKey()), tableRows);
                }
            }
        }

        private String legend() {
            if (key.mode().equals("sample")) {
                return "(n×) = p50 / " + ctx.baselinePool() + " p50 in the same run, same threads: below 1 is faster.";
            }
            return "(n×) = score / " + ctx.baselinePool() + " score in the same run, same threads: "
                    + (throughput ? "above" : "below") + " 1 is faster.";
        }

        private static String caption(String method, SortedMap<String, String> conditions) {
            List<String> parts = new ArrayList<>();
            if (method != null) {
                parts.add(method);
            }
            conditions.forEach((k, v) -> parts.add(k + "=" + v));
            return parts.isEmpty() ? null : String.join(", ", parts);
        }

        /** One table with everything that belongs to it: scores, reference multiples, secondary metrics. */
        private void table(String caption, List<Row> tableRows) {
            if (caption != null) {
                md.append("### ").append(escape(caption)).append("\n\n");
            }
            // label -> threads -> row, both in display order
            SortedMap<Line, SortedMap<Integer, Row>> grid = new TreeMap<>();
            TreeSet<Integer> threads = new TreeSet<>();
            for (Row row : tableRows) {
                Row previous = grid.computeIfAbsent(Line.of(row, ctx.poolOrder()), k -> new TreeMap<>()).put(row.threads(), row);
                if (previous != null) {
                    throw new IllegalArgumentException("two results for " + row.benchmark() + " " + row.mode() + " "
                            + row.params() + " threads " + row.threads());
                }
                threads.add(row.threads());
            }
            SortedMap<Integer, Row> baseline = grid.entrySet().stream()
                    .filter(e -> !e.getKey().reference() && e.getKey().label().equals(ctx.baselinePool()))
                    .map(Map.Entry::getValue).findFirst().orElse(new TreeMap<>());

            if (key.mode().equals("sample")) {
                sampleTable(grid, baseline);
            } else {
                scoreTable(grid, threads, baseline);
            }
            if (threads.last() > ctx.cpuCount()) {
                md.append("† more threads than the ").append(ctx.cpuCount())
                        .append(" CPUs of this machine: oversubscribed, the OS scheduler is part of the result; "
                                + "read as research, not a verdict.\n\n");
            }
            if (!key.mode().equals("sample")) {
                referenceMultiples(grid, threads);
            }
            secondaryTables(grid, threads);
        }

        private void scoreTable(SortedMap<Line, SortedMap<Integer, Row>> grid, TreeSet<Integer> threads,
                                SortedMap<Integer, Row> baseline) {
            header("pool", threads);
            for (Map.Entry<Line, SortedMap<Integer, Row>> line : grid.entrySet()) {
                md.append("| ").append(escape(line.getKey().label()));
                for (int t : threads) {
                    Row row = line.getValue().get(t);
                    md.append(" | ");
                    if (row == null) {
                        md.append(MISSING);
                        continue;
                    }
                    Metric m = row.primary();
                    md.append(scoreWithError(m));
                    Row base = baseline.get(t);
                    if (base != null) {
                        ratio(m.score(), base.primary().score()).ifPresent(r -> md.append(" (").append(r).append(')'));
                    }
                }
                md.append(" |\n");
            }
            md.append('\n');
        }

        private void sampleTable(SortedMap<Line, SortedMap<Integer, Row>> grid, SortedMap<Integer, Row> baseline) {
            md.append("| pool | threads | p50 | p99 | p99.9 | mean ± error | p50 vs ").append(escape(ctx.baselinePool()))
                    .append(" |\n|:--|--:|--:|--:|--:|--:|--:|\n");
            // Thread count first, so the pools to compare stand next to each other.
            SortedMap<Integer, SortedMap<Line, Row>> byThreads = new TreeMap<>();
            grid.forEach((line, cells) -> cells.forEach(
                    (t, row) -> byThreads.computeIfAbsent(t, k -> new TreeMap<>()).put(line, row)));
            byThreads.forEach((t, lines) -> lines.forEach((line, row) -> {
                Metric m = row.primary();
                md.append("| ").append(escape(line.label())).append(" | ").append(threadMark(t));
                for (String p : SAMPLE_PERCENTILES) {
                    md.append(" | ").append(sig3(m.percentile(p)));
                }
                md.append(" | ").append(scoreWithError(m)).append(" | ");
                Row base = baseline.get(t);
                md.append(base == null ? MISSING
                        : ratio(m.percentile("50.0"), base.primary().percentile("50.0")).orElse(MISSING));
                md.append(" |\n");
            }));
            md.append('\n');
        }

        /**
         * How many times the cost of a reference point each pool's operation costs: the price of pooling on top of
         * the cheapest possible handoff.
         */
        private void referenceMultiples(SortedMap<Line, SortedMap<Integer, Row>> grid, TreeSet<Integer> threads) {
            List<Map.Entry<Line, SortedMap<Integer, Row>>> pools = grid.entrySet().stream()
                    .filter(e -> !e.getKey().reference()).toList();
            if (pools.isEmpty()) {
                return;
            }
            grid.forEach((refLine, refCells) -> {
                if (!refLine.reference()) {
                    return;
                }
                String method = refLine.label().substring(0, refLine.label().length() - " (reference)".length());
                md.append("Cost per operation as a multiple of the `").append(method).append("` reference (")
                        .append(throughput ? "reference throughput / pool throughput"
                                : "pool time / reference time")
                        .append("; 1.00× would cost no more than the reference):\n\n");
                header("pool", threads);
                for (Map.Entry<Line, SortedMap<Integer, Row>> pool : pools) {
                    md.append("| ").append(escape(pool.getKey().label()));
                    for (int t : threads) {
                        Row row = pool.getValue().get(t);
                        Row ref = refCells.get(t);
                        String cell = MISSING;
                        if (row != null && ref != null) {
                            double poolScore = row.primary().score();
                            double refScore = ref.primary().score();
                            cell = (throughput ? ratio(refScore, poolScore) : ratio(poolScore, refScore))
                                    .orElse(MISSING);
                        }
                        md.append(" | ").append(cell);
                    }
                    md.append(" |\n");
                }
                md.append('\n');
            });
        }

        /** The counters and allocation figures, one small table each, only for what the rows actually report. */
        private void secondaryTables(SortedMap<Line, SortedMap<Integer, Row>> grid, TreeSet<Integer> threads) {
            secondaryTable(grid, threads, FAILED_ACQUIRES,
                    "`failedAcquires`: acquires that failed or timed out; anything above 0 is a problem",
                    row -> count(row.secondary().get(FAILED_ACQUIRES).score()));
            secondaryTable(grid, threads, CONNECTS,
                    "`connects/request`: physical connections opened per request",
                    row -> perRequest(row, CONNECTS));
            secondaryTable(grid, threads, WAITS,
                    "`waits/request`: requests that had to wait for a connection, as the pool counts them, per request "
                            + "(n/a: the pool keeps no such count)",
                    row -> perRequest(row, WAITS));
            secondaryTable(grid, threads, ALLOC_NORM,
                    "`alloc B/op`: bytes allocated per operation (`-prof gc` gc.alloc.rate.norm, mean of forks)",
                    row -> bytes(row.secondary().get(ALLOC_NORM).score()));
        }

        private void secondaryTable(SortedMap<Line, SortedMap<Integer, Row>> grid, TreeSet<Integer> threads,
                                    String metric, String caption, Function<Row, String> cell) {
            Map<Line, SortedMap<Integer, Row>> reporting = new LinkedHashMap<>();
            grid.forEach((line, cells) -> {
                if (cells.values().stream().anyMatch(r -> r.secondary().containsKey(metric))) {
                    reporting.put(line, cells);
                }
            });
            if (reporting.isEmpty()) {
                return;
            }
            md.append(caption).append(":\n\n");
            header("pool", threads);
            reporting.forEach((line, cells) -> {
                md.append("| ").append(escape(line.label()));
                for (int t : threads) {
                    Row row = cells.get(t);
                    md.append(" | ").append(row == null || !row.secondary().containsKey(metric) ? MISSING
                            : cell.apply(row));
                }
                md.append(" |\n");
            });
            md.append('\n');
        }

        private void header(String first, TreeSet<Integer> threads) {
            md.append("| ").append(first);
            for (int t : threads) {
                md.append(" | ").append(t).append(t == 1 ? " thread" : " threads");
                if (t > ctx.cpuCount()) {
                    md.append(" †");
                }
            }
            md.append(" |\n|:--");
            md.append("|--:".repeat(threads.size()));
            md.append("|\n");
        }

        private String threadMark(int threads) {
            return threads > ctx.cpuCount() ? threads + " †" : Integer.toString(threads);
        }
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
        double r = numerator / denominator;
        if (!Double.isFinite(r) || denominator == 0) {
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

    /** A counter divided by the {@code requests} counter of the same run, or {@code –} without requests. */
    private static String perRequest(Row row, String counter) {
        Metric requests = row.secondary().get(REQUESTS);
        if (requests == null || !(requests.score() > 0)) {
            return MISSING;
        }
        double count = row.secondary().get(counter).score();
        if (count < 0) {
            return NOT_COUNTED; // the benchmark reports -1 per iteration for a count the pool does not keep
        }
        return compact(count / requests.score());
    }

    /** Keeps a label from breaking a markdown table. */
    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
