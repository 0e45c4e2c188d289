package org.poolbench.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/compare}: compares two sets of JMH results run by run, at fork level ({@link ForkComparison}), and
 * gates on them. BASE and NEW are run folders or JMH result files; with {@code --pools A,B} one run folder's pool A
 * is BASE and its pool B NEW (a pool designer's question: ours against HikariCP, measured side by side).
 *
 * <p>Exit status: 0 when no run is slower, 1 when one is (a regression beyond the threshold, established) or when
 * a run of our pool was lost to a stall on virtual threads in NEW, 2 for a usage error (a missing or unreadable
 * input, a bad option, a run of BASE missing from NEW without a stall that NEW's {@code run.json} records).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares JMH results at fork level: NEW/BASE per benchmark, parameters and threads, with a "
                + "bootstrap interval over forks, a rank test, and false alarms controlled over the matrix "
                + "(Benjamini-Hochberg).",
                "Exit status: 0 no regression, 1 a regression, 2 a usage error."})
final class Compare implements Callable<Integer> {

    static final int NO_REGRESSION = 0;
    static final int REGRESSION = 1;
    static final int USAGE = 2;

    @Parameters(arity = "1..2", paramLabel = "RUN",
            description = "BASE then NEW: run folders (with results.json) or JMH result files; one run folder with "
                    + "--pools. A side may be several, joined by commas (run1,run2): their forks pool, e.g. BASE's "
                    + "runs of a BASE NEW NEW BASE sequence.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--pools", paramLabel = "BASE,NEW", split = ",",
            description = "Compare two pools within one run: the first is BASE, the second NEW (--pair pool=BASE,NEW).")
    List<String> pools = new ArrayList<>();

    @Option(names = "--pair", paramLabel = "PARAM=BASE,NEW",
            description = "Compare two values of a parameter within one run, e.g. backend=stub,stub_100us.")
    String pair;

    @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "5%",
            description = "The minimum practical effect (default: ${DEFAULT-VALUE}).")
    String threshold = "5%";

    @Option(names = "--threshold-for", paramLabel = "REGEX=PCT",
            description = "A threshold for the runs whose name the regex finds (first match wins); repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--alpha", defaultValue = "0.05",
            description = "False discovery rate over the matrix (default: ${DEFAULT-VALUE}).")
    double alpha = 0.05;

    @Option(names = "--allow-missing",
            description = "Pass when a run of BASE is missing from NEW (by default that is an error, exit 2: a "
                    + "benchmark that stopped running is no pass).")
    boolean allowMissing;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the comparison as JSON.")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the Markdown table to a file.")
    Path markdown;

    private PrintWriter out;

    public static void main(String[] args) {
        int status;
        try {
            status = run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                    new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
        } catch (Throwable e) { // an Error past picocli's handler is no regression: never exit 1 on it
            System.err.println("compare: " + e);
            status = USAGE;
        }
        System.exit(status);
    }

    /** Runs the command with the given streams; returns the exit status. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        Compare command = new Compare();
        command.out = out;
        CommandLine line = new CommandLine(command).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    err.println("compare: " + e.getMessage());
                    return USAGE;
                });
        line.setParameterExceptionHandler((e, a) -> {
            err.println("compare: " + e.getMessage());
            e.getCommandLine().usage(err);
            return USAGE;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        double defaultThreshold = parsePercent("--threshold", threshold);
        List<Map.Entry<Pattern, Double>> perRun = new ArrayList<>();
        for (String o : overrides) {
            int eq = o.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--threshold-for must be REGEX=PCT, was '" + o + "'");
            }
            try {
                perRun.add(Map.entry(Pattern.compile(o.substring(0, eq)), parsePercent("--threshold-for",
                        o.substring(eq + 1))));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--threshold-for: '" + o.substring(0, eq) + "' is not a regex: "
                        + e.getDescription());
            }
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("--alpha must be between 0 and 1 (exclusive), was " + alpha);
        }
        Map<String, ForkSamples.Run> base;
        Map<String, ForkSamples.Run> next;
        String baseLabel;
        String newLabel;
        if (!pools.isEmpty() || pair != null) {
            String[] paired = paired();
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("--pools and --pair compare within one run: give one run folder "
                        + "or result file, e.g. --pools hikari,poolbench reports/runs/<run>");
            }
            List<ForkSamples.Run> runs = ForkSamples.read(inputs.get(0));
            base = byValue(runs, paired[0], paired[1]);
            next = byValue(runs, paired[0], paired[2]);
            baseLabel = paired[0] + "=" + paired[1] + " in " + inputs.get(0);
            newLabel = paired[0] + "=" + paired[2];
        } else {
            if (inputs.size() != 2) {
                throw new IllegalArgumentException("give BASE and NEW (two run folders or result files), or one run "
                        + "with --pools BASE,NEW");
            }
            base = pooled(inputs.get(0));
            next = pooled(inputs.get(1));
            baseLabel = inputs.get(0).toString();
            newLabel = inputs.get(1).toString();
        }
        List<ForkComparison.Result> results = new ArrayList<>();
        List<String> onlyBase = new ArrayList<>();
        List<String> stalledInNew = new ArrayList<>();
        List<StalledStep> newStalls = pools.isEmpty() && pair == null ? stalledSteps(inputs.get(1)) : List.of();
        for (Map.Entry<String, ForkSamples.Run> b : base.entrySet()) {
            ForkSamples.Run n = next.get(b.getKey());
            if (n == null) {
                (newStalls.stream().anyMatch(s -> s.lost(b.getKey())) ? stalledInNew : onlyBase).add(b.getKey());
                continue;
            }
            if (!n.unit().equals(b.getValue().unit())) {
                throw new IllegalArgumentException(b.getKey() + ": BASE is in " + b.getValue().unit() + ", NEW in "
                        + n.unit());
            }
            results.add(ForkComparison.compare(b.getKey(), n.unit(), n.higherIsBetter(), b.getValue().forks(),
                    n.forks(), thresholdFor(b.getKey(), perRun, defaultThreshold)));
        }
        List<String> onlyNew = next.keySet().stream().filter(k -> !base.containsKey(k)).toList();
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no run appears in both " + baseLabel + " and " + newLabel);
        }
        results = ForkComparison.adjust(results, alpha);
        String table = markdown(results, baseLabel, newLabel, defaultThreshold, onlyBase, onlyNew, stalledInNew);
        out.print(table);
        out.flush();
        if (markdown != null) {
            Files.writeString(markdown, table, StandardCharsets.UTF_8);
        }
        if (json != null) {
            Files.writeString(json, json(results, baseLabel, newLabel, onlyBase, onlyNew, stalledInNew) + "\n",
                    StandardCharsets.UTF_8);
        }
        if (!onlyBase.isEmpty() && pools.isEmpty() && pair == null && !allowMissing) {
            throw new IllegalArgumentException(onlyBase.size() + " run(s) of BASE are missing from NEW (listed above), "
                    + "which no gate should pass; --allow-missing compares the rest");
        }
        // our pool stalling where BASE ran is a regression of the code under test; another pool's stall is a finding
        // about that pool (HikariCP's and Vibur's come and go from run to run), listed but no failure
        return results.stream().anyMatch(r -> r.verdict() == ForkComparison.Verdict.SLOWER)
                || stalledInNew.stream().anyMatch(Compare::ours) ? REGRESSION : NO_REGRESSION;
    }

    /**
     * A virtual-thread step that a stall ended without results, as a run folder's {@code run.json} records it (one
     * benchmark class, thread count and pool per step; see {@code Plan.SPLIT_PARAM}).
     */
    record StalledStep(String benchmarkClass, int threads, String pool) {

        /** Whether the run named {@code run} ({@link ForkSamples.Run#name()}) belonged to this step. */
        boolean lost(String run) {
            return run.startsWith(benchmarkClass + ".") && run.contains(" threads=" + threads + " virtual")
                    && (pool.isEmpty() || hasParam(run, "pool", pool));
        }
    }

    /**
     * The stalled steps recorded in the {@code run.json} of each run folder of one side (a result file's folder, if
     * it holds one); none where there is no {@code run.json}.
     */
    static List<StalledStep> stalledSteps(Path side) throws IOException {
        List<StalledStep> stalled = new ArrayList<>();
        for (Path input : runsOf(side)) {
            Path folder = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
            Path runJson = folder == null ? null : folder.resolve("run.json");
            if (runJson == null || !Files.isRegularFile(runJson)) {
                continue;
            }
            JsonObject run = com.google.gson.JsonParser.parseString(Files.readString(runJson)).getAsJsonObject();
            JsonObject virtual = run.getAsJsonObject("virtualThreads");
            if (virtual == null || !virtual.has("steps")) {
                continue;
            }
            for (var e : virtual.getAsJsonArray("steps")) {
                JsonObject step = e.getAsJsonObject();
                if (step.has("stalls") && !step.getAsJsonArray("stalls").isEmpty()) {
                    stalled.add(new StalledStep(step.get("benchmarkClass").getAsString(),
                            step.get("threads").getAsInt(), step.has("pool") ? step.get("pool").getAsString() : ""));
                }
            }
        }
        return stalled;
    }

    /** Whether a run is of our pool (its {@code pool} parameter names poolbench or one of its variants). */
    static boolean ours(String run) {
        return Pattern.compile("(^| )pool=poolbench\\S*( |$)").matcher(run).find();
    }

    private static boolean hasParam(String run, String name, String value) {
        return Pattern.compile("(^| )" + Pattern.quote(name + "=" + value) + "( |$)").matcher(run).find();
    }

    /**
     * One side's runs by name: from one run folder or result file, or from several joined by commas, whose forks
     * pool in the order given. Interleaving BASE and NEW in time (BASE NEW NEW BASE, each a run with half the forks)
     * lets slow drift of a shared machine reach both sides alike; pooling puts each side's halves together again.
     */
    static Map<String, ForkSamples.Run> pooled(Path side) throws IOException {
        Map<String, ForkSamples.Run> pooled = new LinkedHashMap<>();
        for (Path input : runsOf(side)) {
            for (ForkSamples.Run r : ForkSamples.byName(ForkSamples.read(input), input).values()) {
                pooled.merge(r.name(), r, (a, b) -> {
                    if (!a.unit().equals(b.unit())) {
                        throw new IllegalArgumentException(a.name() + " is in " + a.unit() + " in one run of " + side
                                + " and in " + b.unit() + " in " + input);
                    }
                    List<Double> forks = new ArrayList<>(a.forks());
                    forks.addAll(b.forks());
                    return new ForkSamples.Run(a.benchmark(), a.params(), a.unit(), forks);
                });
            }
        }
        return pooled;
    }

    /** The run folders or result files of one side: one, or several joined by commas. */
    static List<Path> runsOf(Path side) {
        return java.util.Arrays.stream(side.toString().split(",")).map(Path::of).toList();
    }

    /** {parameter, BASE value, NEW value} from {@code --pools} or {@code --pair}. */
    private String[] paired() {
        if (!pools.isEmpty() && pair != null) {
            throw new IllegalArgumentException("give --pools or --pair, not both");
        }
        if (!pools.isEmpty()) {
            if (pools.size() != 2) {
                throw new IllegalArgumentException("--pools takes two pools, BASE,NEW, e.g. --pools hikari,poolbench");
            }
            return new String[] {Plan.SPLIT_PARAM, pools.get(0), pools.get(1)};
        }
        int eq = pair.indexOf('=');
        String[] values = eq < 0 ? new String[0] : pair.substring(eq + 1).split(",", -1);
        if (eq <= 0 || values.length != 2 || values[0].isBlank() || values[1].isBlank()) {
            throw new IllegalArgumentException("--pair must be PARAM=BASE,NEW, e.g. backend=stub,stub_100us, was '"
                    + pair + "'");
        }
        return new String[] {pair.substring(0, eq), values[0], values[1]};
    }

    /** The runs whose {@code param} is {@code value}, by their name without it, so that two values pair up. */
    private static Map<String, ForkSamples.Run> byValue(List<ForkSamples.Run> runs, String param, String value) {
        Map<String, ForkSamples.Run> map = new LinkedHashMap<>();
        for (ForkSamples.Run r : runs) {
            if (value.equals(r.params().get(param)) && map.put(r.nameWithout(param), r) != null) {
                throw new IllegalArgumentException("the input has " + r.name() + " twice");
            }
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException("no run with " + param + "=" + value + " in the input");
        }
        return map;
    }

    private double thresholdFor(String name, List<Map.Entry<Pattern, Double>> perRun, double fallback) {
        for (Map.Entry<Pattern, Double> o : perRun) {
            if (o.getKey().matcher(name).find()) {
                return o.getValue();
            }
        }
        return fallback;
    }

    /**
     * A percentage such as {@code 5%} or {@code 5} (percent either way) as a fraction.
     *
     * @throws IllegalArgumentException naming the option, the value and the rule
     */
    static double parsePercent(String option, String value) {
        String number = value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
        double percent;
        try {
            percent = Double.parseDouble(number.trim());
        } catch (NumberFormatException e) {
            percent = Double.NaN;
        }
        if (!(percent > 0 && percent < 100)) {
            throw new IllegalArgumentException(option + " must be a percentage above 0 and below 100, such as 5%, "
                    + "was '" + value + "'");
        }
        if (percent < 0.5 && !value.endsWith("%")) {
            throw new IllegalArgumentException(option + " is a percentage: '" + value + "' would mean " + value
                    + "%; write " + value + "% if so, or " + (percent * 100) + "% for a fraction");
        }
        return percent / 100;
    }

    static String markdown(List<ForkComparison.Result> results, String baseLabel, String newLabel,
                           double threshold, List<String> onlyBase, List<String> onlyNew,
                           List<String> stalledInNew) {
        Map<ForkComparison.Verdict, Integer> counts = new EnumMap<>(ForkComparison.Verdict.class);
        results.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
        StringBuilder md = new StringBuilder();
        md.append("# Comparison\n\n")
                .append("- BASE: ").append(baseLabel).append("\n- NEW: ").append(newLabel).append('\n')
                .append("- ").append(results.size()).append(" runs compared: ");
        List<String> parts = new ArrayList<>();
        for (ForkComparison.Verdict v : ForkComparison.Verdict.values()) {
            parts.add(counts.getOrDefault(v, 0) + " " + v.label);
        }
        md.append(String.join(", ", parts)).append(" (threshold ").append(ForkComparison.percent(threshold))
                .append(" unless overridden)\n\n");
        md.append("| run | unit | forks | BASE | NEW | NEW/BASE, 95% interval | p (adjusted) | rank p | verdict |\n")
                .append("|:--|:--|--:|--:|--:|:--|--:|--:|:--|\n");
        for (ForkComparison.Result r : results) {
            md.append("| ").append(r.name()).append(" | ").append(r.unit())
                    .append(r.higherIsBetter() ? ", higher is better" : ", lower is better").append(" | ")
                    .append(r.baseForks().size()).append(" / ").append(r.newForks().size()).append(" | ")
                    .append(sig(ForkComparison.mean(r.baseForks()))).append(" | ")
                    .append(sig(ForkComparison.mean(r.newForks()))).append(" | ").append(sig(r.ratio()))
                    .append(Double.isNaN(r.low()) ? " (too few forks)" : " [" + sig(r.low()) + ", " + sig(r.high())
                            + "]")
                    .append(" | ").append(sig(r.p())).append(" (").append(sig(r.q())).append(") | ")
                    .append(sig(r.rankP())).append(" | **")
                    .append(r.verdict().label).append("**").append(verdictNote(r, threshold)).append(" |\n");
        }
        md.append('\n');
        if (!onlyBase.isEmpty()) {
            md.append("Only in BASE: ").append(String.join("; ", onlyBase)).append("\n\n");
        }
        if (!onlyNew.isEmpty()) {
            md.append("Only in NEW: ").append(String.join("; ", onlyNew)).append("\n\n");
        }
        if (!stalledInNew.isEmpty()) {
            md.append("Lost to a stall on virtual threads in NEW (its run.json records it; ours is a regression, "
                    + "another pool's a finding about that pool): ").append(String.join("; ", stalledInNew)).append("\n\n");
        }
        md.append("Each fork is one value (the mean of its measured iterations); the interval is a percentile "
                + "bootstrap over forks, the p-value a two-sided Welch test on the logarithms of the fork values, "
                + "adjusted over all rows (Benjamini-Hochberg), and the rank p a two-sided Mann-Whitney test over "
                + "them, a check that assumes no normality. Faster or slower needs the interval beyond the "
                + "threshold (symmetric on a log scale), the adjusted p-value at most alpha and at least "
                + ForkComparison.MIN_FORKS_FOR_CHANGE + " forks a side; no change needs the interval within it. "
                + "Anything else is inconclusive.\n");
        return md.toString();
    }

    /** The verdict's note: an overridden threshold, or for an inconclusive one the forks that would settle it. */
    private static String verdictNote(ForkComparison.Result r, double defaultThreshold) {
        String threshold = r.threshold() == defaultThreshold ? ""
                : " (threshold " + ForkComparison.percent(r.threshold()) + ")";
        if (r.verdict() != ForkComparison.Verdict.INCONCLUSIVE) {
            return threshold;
        }
        return threshold + (r.forksNeeded() < 0 ? ": the estimate sits on the threshold"
                : ": about " + r.forksNeeded() + " forks a side would likely settle it");
    }

    static String json(List<ForkComparison.Result> results, String baseLabel, String newLabel, List<String> onlyBase,
                       List<String> onlyNew, List<String> stalledInNew) {
        JsonObject o = new JsonObject();
        o.addProperty("base", baseLabel);
        o.addProperty("new", newLabel);
        JsonArray rows = new JsonArray();
        for (ForkComparison.Result r : results) {
            JsonObject row = new JsonObject();
            row.addProperty("run", r.name());
            row.addProperty("unit", r.unit());
            row.addProperty("higherIsBetter", r.higherIsBetter());
            JsonArray b = new JsonArray();
            r.baseForks().forEach(b::add);
            row.add("baseForks", b);
            JsonArray n = new JsonArray();
            r.newForks().forEach(n::add);
            row.add("newForks", n);
            finite(row, "ratio", r.ratio());
            finite(row, "low", r.low());
            finite(row, "high", r.high());
            finite(row, "p", r.p());
            finite(row, "q", r.q());
            finite(row, "rankP", r.rankP());
            row.addProperty("threshold", r.threshold());
            row.addProperty("verdict", r.verdict().label);
            if (r.verdict() == ForkComparison.Verdict.INCONCLUSIVE) {
                row.addProperty("forksNeeded", r.forksNeeded());
            }
            rows.add(row);
        }
        o.add("results", rows);
        JsonArray ob = new JsonArray();
        onlyBase.forEach(ob::add);
        o.add("onlyInBase", ob);
        JsonArray on = new JsonArray();
        onlyNew.forEach(on::add);
        o.add("onlyInNew", on);
        JsonArray stalled = new JsonArray();
        stalledInNew.forEach(stalled::add);
        o.add("stalledInNew", stalled);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    }

    /** Adds a number JSON can hold; NaN and infinities (a zero mean, no interval yet) become null. */
    static void finite(JsonObject o, String name, double value) {
        if (Double.isFinite(value)) {
            o.addProperty(name, value);
        } else {
            o.add(name, com.google.gson.JsonNull.INSTANCE);
        }
    }

    private static String sig(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
