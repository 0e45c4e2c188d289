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
     */
    record Row(String name, int runs, int forks, int iterations, double withinFork, double betweenForks,
               double betweenRuns) {
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
        String table = markdown(rows);
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
        return new Row(name, runs.size(), forkMeans.size(), minIterations, cv(within, grand), cv(betweenForks, grand),
                cv(betweenRuns, grand));
    }

    private static double cv(double variance, double mean) {
        return Double.isNaN(variance) ? Double.NaN : Math.sqrt(variance) / Math.abs(mean);
    }

    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("# Where the noise is\n\n")
                .append("Coefficients of variation (standard deviation over the mean) of each benchmark's score: "
                        + "between the iterations of one fork, between the forks of one run beyond that, and "
                        + "between runs beyond that. Sample-mode runs have no per-iteration score and are left out."
                        + "\n\n| run | runs | forks | iterations per fork | within a fork | between forks | "
                        + "between runs | forks vs iterations |\n|:--|--:|--:|--:|--:|--:|--:|:--|\n");
        for (Row r : rows) {
            md.append("| ").append(r.name()).append(" | ").append(r.runs()).append(" | ").append(r.forks())
                    .append(" | ").append(r.iterations()).append(" | ").append(pct(r.withinFork())).append(" | ")
                    .append(pct(r.betweenForks())).append(" | ").append(pct(r.betweenRuns())).append(" | ")
                    .append(verdict(r)).append(" |\n");
        }
        return md.append('\n').toString();
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
