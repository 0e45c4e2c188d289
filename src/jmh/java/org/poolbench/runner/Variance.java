package org.poolbench.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/variance}: where the noise of a benchmark lives, from one or more runs of the same commit (A/A):
 * per run (benchmark, parameters, threads), how much its score varies between the iterations of one fork, between
 * the forks of one run, and between runs. A one-way random-effects split at each level: the within-fork variance is
 * the pooled variance of iterations around their fork's mean; the between-fork variance is what the fork means vary
 * beyond what their iterations explain; the between-run variance likewise for the run means. Where forks differ
 * more than iterations do, more and shorter forks buy more precision than longer ones: the table is how the
 * profiles' forks and iterations are chosen.
 */
@Command(name = "variance", mixinStandardHelpOptions = true,
        description = "Splits each benchmark's noise into within-fork, between-fork and between-run parts, from "
                + "runs of one commit.")
final class Variance implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders or JMH result files of one commit.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the table to a file.")
    Path markdown;

    @Option(names = "--fork-seconds", paramLabel = "S", defaultValue = "2.5", description = "What a fork costs "
            + "before its measured iterations (JVM start, trial set-up, warm-up), for the designs table; default "
            + "${DEFAULT-VALUE}.")
    double forkSeconds;

    @Option(names = "--iteration-seconds", paramLabel = "S", defaultValue = "0.5", description = "One measured "
            + "iteration, for the designs table; default ${DEFAULT-VALUE}.")
    double iterationSeconds;

    private PrintWriter out;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args));
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        Variance command = new Variance();
        command.out = out;
        return new CommandLine(command).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    err.println("variance: " + e.getMessage());
                    return Compare.USAGE;
                })
                .setParameterExceptionHandler((e, a) -> {
                    err.println("variance: " + e.getMessage());
                    return Compare.USAGE;
                })
                .execute(args);
    }

    /**
     * The noise of one benchmark run, as coefficients of variation (standard deviation over the mean).
     *
     * @param name          the run's name ({@link ForkSamples.Run#name()})
     * @param runs          the result sets it appears in
     * @param forks         its forks over all of them
     * @param iterations    measured iterations per fork (the smallest)
     * @param withinFork    between iterations of one fork
     * @param betweenForks  between forks of one run, beyond what their iterations explain
     * @param betweenRuns   between runs, beyond what their forks explain; NaN with one run
     * @param drift         the median over forks of the last measured iteration over the first, less 1: a fork
     *                      still warming up (or slowing down) shows here, and its within-fork part is then a trend,
     *                      not noise that more iterations average away; NaN with one iteration per fork
     */
    record Row(String name, int runs, int forks, int iterations, double withinFork, double betweenForks,
               double betweenRuns, double drift) {

        Row(String name, int runs, int forks, int iterations, double withinFork, double betweenForks,
            double betweenRuns) {
            this(name, runs, forks, iterations, withinFork, betweenForks, betweenRuns, Double.NaN);
        }
    }

    @Override
    public Integer call() throws IOException {
        // name -> per run -> per fork -> iteration values
        Map<String, List<List<List<Double>>>> byName = new LinkedHashMap<>();
        for (Path input : inputs) {
            for (JsonElement e : JmhResults.read(ForkSamples.resultsFile(input))) {
                JsonObject run = e.getAsJsonObject();
                JsonArray raw = run.getAsJsonObject("primaryMetric").getAsJsonArray("rawData");
                if (raw == null) {
                    continue; // sample mode: no per-iteration scores
                }
                List<List<Double>> forks = new ArrayList<>();
                for (JsonElement fork : raw) {
                    List<Double> iterations = new ArrayList<>();
                    fork.getAsJsonArray().forEach(i -> iterations.add(JmhResults.number(i)));
                    forks.add(iterations);
                }
                byName.computeIfAbsent(ForkSamples.name(run), k -> new ArrayList<>()).add(forks);
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("no run with per-iteration scores in the input (sample-mode runs have "
                    + "none)");
        }
        List<Row> rows = new ArrayList<>();
        byName.forEach((name, runs) -> rows.add(row(name, runs)));
        String table = markdown(rows) + designs(rows, DESIGNS, forkSeconds, iterationSeconds);
        out.print(table);
        out.flush();
        if (markdown != null) {
            Files.writeString(markdown, table, StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** The split for one benchmark run over its result sets. */
    static Row row(String name, List<List<List<Double>>> runs) {
        double grand = 0;
        int values = 0;
        double withinSs = 0;
        int withinDf = 0;
        List<Double> forkMeans = new ArrayList<>();
        List<Integer> forkRun = new ArrayList<>();
        int minIterations = Integer.MAX_VALUE;
        double inverseIterations = 0; // the mean of 1/n over forks: a fork mean's share of the iterations' noise
        for (int r = 0; r < runs.size(); r++) {
            for (List<Double> fork : runs.get(r)) {
                double m = ForkComparison.mean(fork);
                for (double v : fork) {
                    withinSs += (v - m) * (v - m);
                    grand += v;
                    values++;
                }
                withinDf += fork.size() - 1;
                forkMeans.add(m);
                forkRun.add(r);
                minIterations = Math.min(minIterations, fork.size());
                inverseIterations += 1.0 / fork.size();
            }
        }
        grand /= values;
        inverseIterations /= forkMeans.size();
        double within = withinDf > 0 ? withinSs / withinDf : Double.NaN;
        // forks within runs: the variance of fork means around their run's mean, less the iterations' share
        double forkSs = 0;
        int forkDf = 0;
        List<Double> runMeans = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            List<Double> means = new ArrayList<>();
            for (int i = 0; i < forkMeans.size(); i++) {
                if (forkRun.get(i) == r) {
                    means.add(forkMeans.get(i));
                }
            }
            double runMean = ForkComparison.mean(means);
            runMeans.add(runMean);
            for (double m : means) {
                forkSs += (m - runMean) * (m - runMean);
            }
            forkDf += means.size() - 1;
        }
        double betweenForks = forkDf > 0 ? Math.max(0, forkSs / forkDf - (Double.isNaN(within) ? 0
                : within * inverseIterations)) : Double.NaN;
        double betweenRuns = Double.NaN;
        if (runs.size() > 1) {
            double ss = 0;
            double meanOfRuns = ForkComparison.mean(runMeans);
            for (double m : runMeans) {
                ss += (m - meanOfRuns) * (m - meanOfRuns);
            }
            double forksPerRun = (double) forkMeans.size() / runs.size();
            double forkShare = (Double.isNaN(betweenForks) ? 0 : betweenForks)
                    + (Double.isNaN(within) ? 0 : within * inverseIterations);
            betweenRuns = Math.max(0, ss / (runs.size() - 1) - forkShare / forksPerRun);
        }
        List<Double> lastOverFirst = new ArrayList<>();
        for (List<List<Double>> run : runs) {
            for (List<Double> fork : run) {
                if (fork.size() > 1 && fork.get(0) != 0) {
                    lastOverFirst.add(fork.get(fork.size() - 1) / fork.get(0));
                }
            }
        }
        double drift = lastOverFirst.isEmpty() ? Double.NaN
                : percentile(lastOverFirst.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0.5) - 1;
        return new Row(name, runs.size(), forkMeans.size(), minIterations, cv(within, grand), cv(betweenForks, grand),
                cv(betweenRuns, grand), drift);
    }

    private static double cv(double variance, double mean) {
        return Double.isNaN(variance) ? Double.NaN : Math.sqrt(variance) / Math.abs(mean);
    }

    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("# Where the noise is\n\n")
                .append("Coefficients of variation (standard deviation over the mean) of each benchmark's score: "
                        + "between the iterations of one fork, between the forks of one run beyond that, and "
                        + "between runs beyond that. Sample-mode runs have no per-iteration score and are left out. "
                        + "*last vs first*: the median over forks of the last measured iteration against the first; "
                        + "far from 0 the fork was still warming up (or slowing down), and its within-fork part is a "
                        + "trend that more iterations do not average away."
                        + "\n\n| run | runs | forks | iterations per fork | within a fork | between forks | "
                        + "between runs | last vs first | forks vs iterations |\n|:--|--:|--:|--:|--:|--:|--:|--:|:--|"
                        + "\n");
        for (Row r : rows) {
            md.append("| ").append(r.name()).append(" | ").append(r.runs()).append(" | ").append(r.forks())
                    .append(" | ").append(r.iterations()).append(" | ").append(pct(r.withinFork())).append(" | ")
                    .append(pct(r.betweenForks())).append(" | ").append(pct(r.betweenRuns())).append(" | ")
                    .append(Double.isNaN(r.drift()) ? "–" : String.format(java.util.Locale.ROOT, "%+.1f%%",
                            r.drift() * 100)).append(" | ").append(verdict(r)).append(" |\n");
        }
        return md.append('\n').toString();
    }

    /** A profile's shape: its forks, and measured iterations per fork. */
    record Design(int forks, int iterations) {
    }

    /** The designs the table weighs: the quick profile's past and candidate shapes. */
    static final List<Design> DESIGNS = List.of(new Design(2, 2), new Design(2, 3), new Design(3, 1),
            new Design(3, 2), new Design(4, 1), new Design(4, 2), new Design(5, 1), new Design(6, 1));

    /**
     * A run mean's coefficient of variation under {@code d}, from one row's split: each fork carries the
     * between-fork part and its iterations' share of the within-fork part, and the run averages {@code d.forks()}
     * of them. The between-run part is not in it: no design of one run reduces it.
     */
    static double runMeanCv(Row r, Design d) {
        double b = Double.isNaN(r.betweenForks()) ? 0 : r.betweenForks();
        double w = Double.isNaN(r.withinFork()) ? 0 : r.withinFork();
        return Math.sqrt((b * b + w * w / d.iterations()) / d.forks());
    }

    /**
     * What each design would give over the table's rows: its cost per benchmark run, the median and 90th
     * percentile of the run mean's CV, and in how many rows the between-run part exceeds it (there runs drift more
     * than a run's forks can resolve, and a comparison of two runs is as noisy as that drift, whatever the forks).
     */
    static String designs(List<Row> rows, List<Design> designs, double forkSeconds, double iterationSeconds) {
        List<Row> usable = rows.stream().filter(r -> !Double.isNaN(r.withinFork()) && !Double.isNaN(r.betweenForks()))
                .toList();
        if (usable.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## What each design would give\n\n")
                .append(String.format(java.util.Locale.ROOT, "From the split above, per design (forks x measured "
                        + "iterations), the coefficient of variation of a run's mean over the %d rows with both "
                        + "parts, and its cost per benchmark run at %.1f s per fork before measuring and %.1f s per "
                        + "measured iteration. The last column counts the rows whose between-run part is larger.\n\n",
                        usable.size(), forkSeconds, iterationSeconds))
                .append("| forks x iterations | seconds per run | run mean CV, median | 90th percentile | rows "
                        + "where runs drift more |\n|:--|--:|--:|--:|--:|\n");
        for (Design d : designs) {
            double[] cvs = usable.stream().mapToDouble(r -> runMeanCv(r, d)).sorted().toArray();
            long drift = usable.stream().filter(r -> !Double.isNaN(r.betweenRuns())
                    && r.betweenRuns() > runMeanCv(r, d)).count();
            md.append("| ").append(d.forks()).append(" x ").append(d.iterations()).append(" | ")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", d.forks() * (forkSeconds
                            + d.iterations() * iterationSeconds)))
                    .append(" | ").append(pct(percentile(cvs, 0.5))).append(" | ").append(pct(percentile(cvs, 0.9)))
                    .append(" | ").append(drift).append(" of ").append(usable.size()).append(" |\n");
        }
        return md.append('\n').toString();
    }

    /** The {@code q} quantile of sorted values, by the nearest rank. */
    static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))];
    }

    private static String verdict(Row r) {
        if (Double.isNaN(r.betweenForks()) || Double.isNaN(r.withinFork())) {
            return "–";
        }
        // a fork's mean carries its iterations' noise divided by their number, and the whole between-fork part
        return r.betweenForks() * r.betweenForks() > r.withinFork() * r.withinFork() / r.iterations()
                ? "forks dominate: more, shorter forks" : "iterations dominate";
    }

    private static String pct(double cv) {
        return Double.isNaN(cv) ? "–" : String.format(java.util.Locale.ROOT, "%.1f%%", cv * 100);
    }
}
