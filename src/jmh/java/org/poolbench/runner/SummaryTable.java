package org.poolbench.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.poolbench.runner.JmhResults.Metric;
import org.poolbench.runner.JmhResults.Row;

/**
 * What the run summary shows, as data: sections, tables, lines and cells holding scores, errors and ratios, with
 * no text formatting, so the grouping and the arithmetic can be tested on numbers. {@link Summary} turns it into
 * Markdown.
 *
 * <p>The conventions of the poolbench benchmarks, not their names, decide the layout, so new benchmarks need no
 * change here:
 * <ul>
 *   <li>the {@code pool} parameter names the pool under test; a run without it is a <em>reference</em> point (for
 *       example the cheapest possible handoff of an already open connection);</li>
 *   <li>results are grouped into sections by benchmark class, mode and unit, and inside a section into tables by the
 *       parameters other than {@code pool}, so the pools and the reference points measured under the same
 *       conditions sit side by side; each pooled method gets its own table;</li>
 *   <li>every score carries its ratio to the baseline pool measured in the same run with the same thread count;</li>
 *   <li>runs on virtual threads ({@link Row#virtual()}) get sections and outcome tables of their own, after the
 *       class's platform-thread ones, so they are never mixed with platform-thread runs and their ratios compare
 *       virtual with virtual;</li>
 *   <li>the {@code @AuxCounters} {@code failedAcquires}, {@code connects} and {@code waits} (per {@code requests}),
 *       and the {@code gc.alloc.rate.norm} of {@code -prof gc}, get small tables of their own, and any failed
 *       acquire is also raised as a warning;</li>
 *   <li>a benchmark whose requests may fail by design counts {@code succeeded} beside {@code requests}, and its
 *       failures by kind ({@link #FAILURE_COUNTERS}); it gets an outcome table per benchmark class and non-pool
 *       parameters: per pool and thread count its throughput, success share, failures by kind and sample-mode
 *       p99.</li>
 * </ul>
 *
 * @param warnings runs with failed acquires, in row order
 * @param sections sections in display order
 * @param outcomes outcome tables, by benchmark class and then conditions; empty when no row counts {@code succeeded}
 */
record SummaryTable(List<Warning> warnings, List<Section> sections, List<OutcomeTable> outcomes) {

    /** The {@code @Param} that names the pool under test. */
    static final String POOL_PARAM = "pool";
    static final String FAILED_ACQUIRES = "failedAcquires";
    static final String REQUESTS = "requests";
    static final String CONNECTS = "connects";
    static final String WAITS = "waits";
    static final String ALLOC_NORM = "gc.alloc.rate.norm";
    /** Sample mode's percentile that ratios compare, as JMH keys it. */
    static final String MEDIAN = "50.0";
    /** Requests that succeeded, counted by benchmarks whose requests may fail by design. */
    static final String SUCCEEDED = "succeeded";
    /** The percentile an outcome table shows, as JMH keys it. */
    static final String P99 = "99.0";
    /**
     * The failure counters an outcome table shows, in column order, with their column headings: the server's
     * "too many clients" (SQLState 53300), the pool's acquire timeout, and every other failure.
     */
    static final Map<String, String> FAILURE_COUNTERS = failureCounters();

    private static Map<String, String> failureCounters() {
        Map<String, String> counters = new LinkedHashMap<>();
        counters.put("tooManyClients", "53300 too many clients");
        counters.put("acquireTimeouts", "acquire timeout");
        counters.put("otherFailures", "other");
        return Collections.unmodifiableMap(counters);
    }

    /**
     * The outcomes of one benchmark class's requests under one set of non-pool parameters.
     *
     * @param lines by thread count, then pools in display order
     */
    record OutcomeTable(String benchClass, SortedMap<String, String> conditions, List<OutcomeLine> lines,
                        boolean virtual) {
    }

    /**
     * One pool at one thread count: the throughput-mode run's score, and the outcome counters summed over all its
     * runs (throughput and sample mode: each run's requests are requests alike).
     *
     * @param throughput the throughput-mode run's primary metric; empty if there was none
     * @param requests   requests made, summed over the runs
     * @param succeeded  requests that succeeded, summed over the runs
     * @param failures   per {@link #FAILURE_COUNTERS} key the count, summed over the runs; NaN if no run counted it
     * @param p99        the sample-mode run's 99th percentile; NaN if there was none
     * @param p99Unit    its unit, e.g. {@code us/op}; empty if there was none
     */
    record OutcomeLine(String pool, int threads, Optional<Metric> throughput, double requests, double succeeded,
                       Map<String, Double> failures, double p99, String p99Unit) {

        /** Succeeded over requests, from 0 to 1; NaN without requests. */
        double successShare() {
            return requests > 0 ? succeeded / requests : Double.NaN;
        }
    }

    /** A run with failed or timed-out acquires: it must never hide in a table further down. */
    record Warning(Row row, double failedAcquires) {
    }

    /**
     * One benchmark class measured in one mode, in one unit.
     *
     * @param methods     the benchmark methods in it, sorted
     * @param hasBaseline whether any row is the baseline pool's (else there is no ratio to explain)
     * @param virtual     whether its runs were on virtual threads: those never share a section with platform-thread
     *                    runs, so every ratio compares runs on the same kind of thread
     */
    record Section(String benchClass, String mode, String unit, SortedSet<String> methods, boolean hasBaseline,
                   List<Table> tables, boolean virtual) {

        /** Higher is better in throughput mode; every other mode measures time. */
        boolean throughput() {
            return mode.equals("thrpt");
        }

        /** Sample mode shows percentiles by thread count instead of a grid of scores. */
        boolean sample() {
            return mode.equals("sample");
        }
    }

    /**
     * The rows measured under the same conditions: one pooled method (or only reference points) with the non-pool
     * parameters fixed.
     *
     * @param method     the pooled method, when the section has several; else null
     * @param conditions the parameters other than {@code pool}
     * @param threads    the thread counts measured, ascending: the columns
     * @param lines      pools, then reference points, in display order
     * @param multiples  per reference point, each pool's cost as a multiple of it (empty in sample mode)
     * @param counters   the counter and allocation tables, for the metrics some row reports
     */
    record Table(String method, SortedMap<String, String> conditions, SortedSet<Integer> threads, List<Line> lines,
                 List<Multiples> multiples, List<CounterTable> counters) {
    }

    /**
     * One pool, or one reference point (a run without a pool), across thread counts.
     *
     * @param label a pool's name, or the reference method's name
     * @param cells by thread count; a thread count the line was not measured at has no cell
     */
    record Line(String label, boolean reference, SortedMap<Integer, Cell> cells) {
    }

    /**
     * One measured result.
     *
     * @param metric   the primary metric: score, error, unit and (sample mode) percentiles
     * @param baseline the baseline pool's result at the same thread count, to compare with; empty if none
     */
    record Cell(Metric metric, Optional<Metric> baseline) {

        /**
         * Score over the baseline's score (in sample mode the medians); NaN without a baseline. Infinite or NaN
         * when meaningless.
         */
        double ratio(boolean sample) {
            if (baseline.isEmpty()) {
                return Double.NaN;
            }
            return sample ? metric.percentile(MEDIAN) / baseline.get().percentile(MEDIAN)
                    : metric.score() / baseline.get().score();
        }
    }

    /**
     * Each pool's cost per operation as a multiple of one reference point's: the price of pooling on top of the
     * cheapest possible handoff (reference throughput / pool throughput, or pool time / reference time).
     *
     * @param method the reference method
     * @param pools  pool label -&gt; thread count -&gt; multiple, for the thread counts where both were measured
     */
    record Multiples(String method, Map<String, SortedMap<Integer, Double>> pools) {
    }

    /** How a counter's cells are computed from a run's score and shown. */
    enum Scale {
        /** The score as it is, a count (failed acquires). */
        COUNT,
        /** The score divided by the run's {@code requests}: an event counter, per request. */
        PER_REQUEST,
        /**
         * The mean per measured iteration ({@link Metric#perIteration()}): a level read once per iteration, or a
         * total per iteration (see {@link #PER_ITERATION}).
         */
        ITERATION,
        /** Bytes per operation. */
        BYTES
    }

    /**
     * One counter table: a secondary metric of JMH's results and how it is shown.
     *
     * @param metric the secondary metric's name in JMH's results (an {@code @AuxCounters} field or method)
     * @param scale  how a cell is computed and shown
     */
    record Counter(String metric, Scale scale) {
        static final Counter FAILED = new Counter(FAILED_ACQUIRES, Scale.COUNT);
        static final Counter CONNECTS_PER_REQUEST = new Counter(CONNECTS, Scale.PER_REQUEST);
        static final Counter WAITS_PER_REQUEST = new Counter(WAITS, Scale.PER_REQUEST);
        static final Counter ALLOCATION = new Counter(ALLOC_NORM, Scale.BYTES);

        /** Any other {@code @AuxCounters} counter: per request unless it is in {@link #PER_ITERATION}. */
        static Counter of(String metric) {
            return new Counter(metric, PER_ITERATION.contains(metric) ? Scale.ITERATION : Scale.PER_REQUEST);
        }
    }

    /**
     * The benchmarks' counters that are not events per request, so the summary shows their mean per iteration:
     * levels read once at an iteration's end by one thread ({@code heldStatements}, {@code
     * openConnections}, {@code serverPrepared} of StatementReuse, {@code serverConnections} of TenantRouting) and the
     * reaper's work in an iteration ({@code reaperCpuNanos}, {@code sweeps}, {@code sweepNanos},
     * {@code estimatedSweeps} of Cleaner), which a reader divides by sweeps, not requests; and Fairness's figures
     * of an iteration's waits and shares ({@code waitP50Micros}, {@code waitP99Micros}, {@code waitP999Micros},
     * {@code waitMaxMicros}, {@code jainIndex}, {@code minMaxRatio}), computed once at its end by one thread. Every
     * other {@code @AuxCounters} counter is an event counter and is shown per request.
     */
    static final Set<String> PER_ITERATION = Set.of("heldStatements", "openConnections", "serverPrepared",
            "serverConnections", "reaperCpuNanos", "sweeps", "sweepNanos", "estimatedSweeps", "waitP50Micros",
            "waitP99Micros", "waitP999Micros", "waitMaxMicros", "jainIndex", "minMaxRatio");

    /** What a counter cell holds. */
    enum CounterKind {
        /** A number: a count, a rate per request, or bytes per operation. */
        VALUE,
        /** The pool keeps no such count (the benchmark reports a negative number). */
        NOT_COUNTED,
        /** Not reported at this thread count, or no requests to divide by. */
        MISSING
    }

    /** One cell of a counter table. */
    record CounterCell(CounterKind kind, double value) {

        static final CounterCell MISSING = new CounterCell(CounterKind.MISSING, Double.NaN);
        static final CounterCell NOT_COUNTED = new CounterCell(CounterKind.NOT_COUNTED, Double.NaN);
    }

    /**
     * One counter's table.
     *
     * @param lines the table's lines that report the counter, in display order
     */
    record CounterTable(Counter counter, List<CounterLine> lines) {
    }

    /**
     * One line of a counter table.
     *
     * @param cells one per thread count of the table, ascending
     */
    record CounterLine(String label, boolean reference, List<CounterCell> cells) {
    }

    /** Sections, warnings and rows in the same order: class, method, mode, params, threads. */
    private static final Comparator<Row> ROW_ORDER = Comparator.comparing(Row::benchClass)
            .thenComparing(Row::virtual)
            .thenComparing(Row::method)
            .thenComparing(Row::mode, SummaryTable::compareModes)
            .thenComparing(Row::params, JmhResults::compareParams)
            .thenComparingInt(Row::threads);

    private record SectionKey(String benchClass, boolean virtual, String mode, String unit) {
    }

    // a class's platform-thread sections first, then its virtual-thread ones
    private static final Comparator<SectionKey> SECTION_ORDER = Comparator.comparing(SectionKey::benchClass)
            .thenComparing(SectionKey::virtual)
            .thenComparing(SectionKey::mode, SummaryTable::compareModes)
            .thenComparing(SectionKey::unit);

    /**
     * Builds the table model of a run.
     *
     * @param rows         the results, in any order
     * @param baselinePool the {@code pool} value every other is compared with
     * @param poolOrder    the known pools in display order (see {@link Summary.SummaryContext#poolOrder()})
     * @throws IllegalArgumentException if two rows describe the same run
     */
    static SummaryTable of(List<Row> rows, String baselinePool, List<String> poolOrder) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(ROW_ORDER);
        List<Warning> warnings = new ArrayList<>();
        for (Row row : sorted) {
            Metric failed = row.secondary().get(FAILED_ACQUIRES);
            if (failed != null && failed.score() > 0) {
                warnings.add(new Warning(row, failed.score()));
            }
        }
        SortedMap<SectionKey, List<Row>> bySection = new TreeMap<>(SECTION_ORDER);
        for (Row row : sorted) {
            bySection.computeIfAbsent(new SectionKey(row.benchClass(), row.virtual(), row.mode(), row.primary().unit()),
                    k -> new ArrayList<>()).add(row);
        }
        List<Section> sections = new ArrayList<>();
        bySection.forEach((key, sectionRows) -> sections.add(section(key, sectionRows, baselinePool, poolOrder)));
        return new SummaryTable(List.copyOf(warnings), List.copyOf(sections), outcomes(sorted, poolOrder));
    }

    /** The outcome tables of the rows that count {@code succeeded} and {@code requests}; rows sorted by ROW_ORDER. */
    private static List<OutcomeTable> outcomes(List<Row> sorted, List<String> poolOrder) {
        record TableKey(String benchClass, boolean virtual, SortedMap<String, String> conditions) {
        }
        record OutcomeKey(int threads, LineKey pool) {
        }
        Comparator<TableKey> tableOrder = Comparator.comparing(TableKey::benchClass)
                .thenComparing(TableKey::virtual)
                .thenComparing(TableKey::conditions, JmhResults::compareParams);
        Comparator<OutcomeKey> lineOrder = Comparator.comparingInt(OutcomeKey::threads).thenComparing(OutcomeKey::pool);
        SortedMap<TableKey, SortedMap<OutcomeKey, List<Row>>> grid = new TreeMap<>(tableOrder);
        for (Row row : sorted) {
            if (row.param(POOL_PARAM) == null || !row.secondary().containsKey(SUCCEEDED)
                    || !row.secondary().containsKey(REQUESTS)) {
                continue;
            }
            SortedMap<String, String> conditions = new TreeMap<>(row.params());
            conditions.remove(POOL_PARAM);
            grid.computeIfAbsent(new TableKey(row.benchClass(), row.virtual(), conditions),
                            k -> new TreeMap<>(lineOrder))
                    .computeIfAbsent(new OutcomeKey(row.threads(), LineKey.of(row, poolOrder, false)), k -> new ArrayList<>())
                    .add(row);
        }
        List<OutcomeTable> tables = new ArrayList<>();
        grid.forEach((key, lines) -> {
            List<OutcomeLine> outcomeLines = new ArrayList<>();
            lines.forEach((lineKey, rows) -> outcomeLines.add(outcomeLine(lineKey.pool().label(), lineKey.threads(),
                    rows)));
            tables.add(new OutcomeTable(key.benchClass(), key.conditions(), List.copyOf(outcomeLines),
                    key.virtual()));
        });
        return List.copyOf(tables);
    }

    /** One pool at one thread count, from its runs in ROW_ORDER (so the first of a mode is always the same one). */
    private static OutcomeLine outcomeLine(String pool, int threads, List<Row> rows) {
        Optional<Metric> throughput = rows.stream().filter(r -> r.mode().equals("thrpt")).map(Row::primary)
                .findFirst();
        Optional<Metric> sample = rows.stream().filter(r -> r.mode().equals("sample")).map(Row::primary)
                .findFirst();
        double requests = 0;
        double succeeded = 0;
        Map<String, Double> failures = new LinkedHashMap<>();
        for (String counter : FAILURE_COUNTERS.keySet()) {
            failures.put(counter, Double.NaN);
        }
        for (Row row : rows) {
            requests += row.secondary().get(REQUESTS).score();
            succeeded += row.secondary().get(SUCCEEDED).score();
            for (String counter : FAILURE_COUNTERS.keySet()) {
                Metric m = row.secondary().get(counter);
                if (m != null) {
                    double before = failures.get(counter);
                    failures.put(counter, Double.isNaN(before) ? m.score() : before + m.score());
                }
            }
        }
        return new OutcomeLine(pool, threads, throughput, requests, succeeded,
                Collections.unmodifiableMap(failures),
                sample.map(m -> m.percentile(P99)).orElse(Double.NaN), sample.map(Metric::unit).orElse(""));
    }

    private static Section section(SectionKey key, List<Row> rows, String baselinePool, List<String> poolOrder) {
        TreeSet<String> methods = new TreeSet<>();
        TreeSet<String> pooledMethods = new TreeSet<>();
        for (Row row : rows) {
            methods.add(row.method());
            if (row.param(POOL_PARAM) != null) {
                pooledMethods.add(row.method());
            }
        }
        boolean hasBaseline = rows.stream().anyMatch(r -> baselinePool.equals(r.param(POOL_PARAM)));
        // One table per combination of the non-pool params; the reference points measured under those conditions
        // appear in the table of every pooled method.
        SortedMap<SortedMap<String, String>, List<Row>> byConditions = new TreeMap<>(JmhResults::compareParams);
        for (Row row : rows) {
            SortedMap<String, String> conditions = new TreeMap<>(row.params());
            conditions.remove(POOL_PARAM);
            byConditions.computeIfAbsent(conditions, k -> new ArrayList<>()).add(row);
        }
        boolean sample = key.mode().equals("sample");
        List<Table> tables = new ArrayList<>();
        if (pooledMethods.isEmpty() && byConditions.size() > 1) {
            // Only reference points (a benchmark without pools, such as a connect's cost per backend): one table with
            // a line per condition reads better than a table of one line per condition.
            tables.add(table(null, new TreeMap<>(), rows, baselinePool, poolOrder, sample, true));
            return new Section(key.benchClass(), key.mode(), key.unit(), methods, hasBaseline, List.copyOf(tables),
                    key.virtual());
        }
        for (Map.Entry<SortedMap<String, String>, List<Row>> group : byConditions.entrySet()) {
            List<Row> references = group.getValue().stream().filter(r -> r.param(POOL_PARAM) == null).toList();
            TreeSet<String> groupPooledMethods = new TreeSet<>();
            group.getValue().stream().filter(r -> r.param(POOL_PARAM) != null)
                    .forEach(r -> groupPooledMethods.add(r.method()));
            if (groupPooledMethods.isEmpty()) {
                tables.add(table(null, group.getKey(), references, baselinePool, poolOrder, sample));
            }
            for (String method : groupPooledMethods) {
                List<Row> tableRows = new ArrayList<>(references);
                group.getValue().stream()
                        .filter(r -> r.param(POOL_PARAM) != null && r.method().equals(method))
                        .forEach(tableRows::add);
                tables.add(table(pooledMethods.size() > 1 ? method : null, group.getKey(), tableRows, baselinePool,
                        poolOrder, sample));
            }
        }
        return new Section(key.benchClass(), key.mode(), key.unit(), methods, hasBaseline, List.copyOf(tables),
                key.virtual());
    }

    /** Where a line goes in a table: pools in display order, unknown pools by name, reference points last. */
    private record LineKey(String label, boolean reference, int rank) implements Comparable<LineKey> {

        static LineKey of(Row row, List<String> poolOrder, boolean labelByConditions) {
            String pool = row.param(POOL_PARAM);
            if (pool == null) {
                // conditions in the label when one table holds the reference points of several conditions
                String label = labelByConditions ? row.method() + " · " + row.params().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(" "))
                        : row.method();
                return new LineKey(label, true, Integer.MAX_VALUE);
            }
            String first = poolOrder.isEmpty() ? null : poolOrder.get(0);
            int known = poolOrder.indexOf(pool);
            // The first pool's variants (known or not) share one rank right after it and sort by name.
            int rank = known == 0 ? 0
                    : first != null && pool.startsWith(first + "_") ? 1
                    : known > 0 ? known + 1
                    : poolOrder.size() + 1;
            return new LineKey(pool, false, rank);
        }

        @Override
        public int compareTo(LineKey other) {
            int c = Integer.compare(rank, other.rank);
            if (c != 0) {
                return c;
            }
            // as the labels are shown: a reference method is shown as "<method> (reference)"
            return shown().compareTo(other.shown());
        }

        private String shown() {
            return reference ? label + " (reference)" : label;
        }
    }

    private static Table table(String method, SortedMap<String, String> conditions, List<Row> rows,
                               String baselinePool, List<String> poolOrder, boolean sample) {
        return table(method, conditions, rows, baselinePool, poolOrder, sample, false);
    }

    private static Table table(String method, SortedMap<String, String> conditions, List<Row> rows,
                               String baselinePool, List<String> poolOrder, boolean sample,
                               boolean labelByConditions) {
        SortedMap<LineKey, SortedMap<Integer, Row>> grid = new TreeMap<>();
        TreeSet<Integer> threads = new TreeSet<>();
        for (Row row : rows) {
            Row previous = grid.computeIfAbsent(LineKey.of(row, poolOrder, labelByConditions), k -> new TreeMap<>())
                    .put(row.threads(), row);
            if (previous != null) {
                throw new IllegalArgumentException("two results for " + row.benchmark() + " " + row.mode() + " "
                        + row.params() + " threads " + row.threads());
            }
            threads.add(row.threads());
        }
        SortedMap<Integer, Row> baseline = grid.entrySet().stream()
                .filter(e -> !e.getKey().reference() && e.getKey().label().equals(baselinePool))
                .map(Map.Entry::getValue).findFirst().orElse(new TreeMap<>());

        List<Line> lines = new ArrayList<>();
        grid.forEach((key, cells) -> {
            SortedMap<Integer, Cell> lineCells = new TreeMap<>();
            cells.forEach((t, row) -> lineCells.put(t, new Cell(row.primary(),
                    Optional.ofNullable(baseline.get(t)).map(Row::primary))));
            lines.add(new Line(key.label(), key.reference(), lineCells));
        });
        boolean throughput = rows.get(0).mode().equals("thrpt");
        List<Multiples> multiples = sample ? List.of() : multiples(grid, threads, throughput);
        return new Table(method, conditions, threads, List.copyOf(lines), multiples, counters(grid, threads));
    }

    private static List<Multiples> multiples(SortedMap<LineKey, SortedMap<Integer, Row>> grid,
                                             SortedSet<Integer> threads, boolean throughput) {
        List<Map.Entry<LineKey, SortedMap<Integer, Row>>> pools = grid.entrySet().stream()
                .filter(e -> !e.getKey().reference()).toList();
        if (pools.isEmpty()) {
            return List.of();
        }
        List<Multiples> multiples = new ArrayList<>();
        grid.forEach((refKey, refCells) -> {
            if (!refKey.reference()) {
                return;
            }
            Map<String, SortedMap<Integer, Double>> byPool = new LinkedHashMap<>();
            for (Map.Entry<LineKey, SortedMap<Integer, Row>> pool : pools) {
                SortedMap<Integer, Double> cells = new TreeMap<>();
                for (int t : threads) {
                    Row row = pool.getValue().get(t);
                    Row ref = refCells.get(t);
                    if (row != null && ref != null) {
                        double poolScore = row.primary().score();
                        double refScore = ref.primary().score();
                        cells.put(t, throughput ? refScore / poolScore : poolScore / refScore);
                    }
                }
                byPool.put(pool.getKey().label(), cells);
            }
            multiples.add(new Multiples(refKey.label(), byPool));
        });
        return List.copyOf(multiples);
    }

    private static List<CounterTable> counters(SortedMap<LineKey, SortedMap<Integer, Row>> grid,
                                               SortedSet<Integer> threads) {
        List<CounterTable> tables = new ArrayList<>();
        for (Counter counter : countersShown(grid)) {
            List<CounterLine> reporting = new ArrayList<>();
            grid.forEach((key, cells) -> {
                if (cells.values().stream().noneMatch(r -> r.secondary().containsKey(counter.metric()))) {
                    return;
                }
                List<CounterCell> line = new ArrayList<>();
                for (int t : threads) {
                    Row row = cells.get(t);
                    line.add(row == null || !row.secondary().containsKey(counter.metric()) ? CounterCell.MISSING
                            : counterCell(counter, row));
                }
                reporting.add(new CounterLine(key.label(), key.reference(), List.copyOf(line)));
            });
            if (!reporting.isEmpty()) {
                tables.add(new CounterTable(counter, List.copyOf(reporting)));
            }
        }
        return List.copyOf(tables);
    }

    /**
     * The counters a table shows, in order: failed acquires, connects and waits; then every other
     * {@code @AuxCounters} counter of its rows by name; allocation last. Left out: {@code requests} (the divisor),
     * the profilers' {@code gc.*} metrics, and where a benchmark counts {@code succeeded} its outcome counters, which
     * have a table of their own.
     */
    /**
     * The secondary metrics JMH 1.37 writes in sample mode for its percentiles ({@code p0.00} to {@code p1.00}): not
     * counters; the percentile columns (and the dashboard's percentile chart) have them.
     */
    private static final java.util.regex.Pattern JMH_PERCENTILE_METRIC =
            java.util.regex.Pattern.compile("p[01]\\.\\d+");

    private static List<Counter> countersShown(SortedMap<LineKey, SortedMap<Integer, Row>> grid) {
        List<Counter> shown = new ArrayList<>(List.of(Counter.FAILED, Counter.CONNECTS_PER_REQUEST,
                Counter.WAITS_PER_REQUEST));
        Set<String> known = new HashSet<>(List.of(FAILED_ACQUIRES, CONNECTS, WAITS, REQUESTS));
        SortedSet<String> others = new TreeSet<>();
        for (SortedMap<Integer, Row> cells : grid.values()) {
            for (Row row : cells.values()) {
                boolean outcomes = row.secondary().containsKey(SUCCEEDED);
                for (String metric : row.secondary().keySet()) {
                    if (known.contains(metric) || metric.startsWith("gc.") || metric.startsWith("\u00b7")
                            || JMH_PERCENTILE_METRIC.matcher(metric).matches()
                            || (outcomes && (metric.equals(SUCCEEDED) || FAILURE_COUNTERS.containsKey(metric)))) {
                        continue;
                    }
                    others.add(metric);
                }
            }
        }
        others.forEach(metric -> shown.add(Counter.of(metric)));
        shown.add(Counter.ALLOCATION);
        return shown;
    }

    private static CounterCell counterCell(Counter counter, Row row) {
        Metric metric = row.secondary().get(counter.metric());
        double value = metric.score();
        return switch (counter.scale()) {
            case COUNT, BYTES -> new CounterCell(CounterKind.VALUE, value);
            // a negative level: the benchmark reports -1 for what it cannot read (this pool keeps no such count)
            case ITERATION -> value < 0 ? CounterCell.NOT_COUNTED
                    : new CounterCell(CounterKind.VALUE, metric.perIteration());
            case PER_REQUEST -> {
                Metric requests = row.secondary().get(REQUESTS);
                if (requests == null || !(requests.score() > 0)) {
                    yield CounterCell.MISSING;
                }
                // the benchmark reports -1 per iteration for a count the pool does not keep
                yield value < 0 ? CounterCell.NOT_COUNTED
                        : new CounterCell(CounterKind.VALUE, value / requests.score());
            }
        };
    }

    /** Throughput first, then the time modes from the most to the least aggregated. */
    static int compareModes(String a, String b) {
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
}
