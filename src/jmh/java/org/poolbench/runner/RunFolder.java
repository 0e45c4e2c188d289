package org.poolbench.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;

import org.poolbench.bench.PoolKind;

/**
 * The folder a bench run writes, and the temporary folder of its steps' JMH result files while it runs.
 *
 * <p>Each finished JMH invocation adds its result file ({@link #stepFinished}), scrubbed of secrets at once, so an
 * unscrubbed file lives only while its own invocation runs, even if the runner is then killed outright. When the run
 * ends, however it ends, {@link #finish} writes exactly once: {@code results.json} (the finished steps merged,
 * scrubbed of secrets), {@code run.json} (the {@link RunRecord}), {@code summary.md} (marked FAILED or INTERRUPTED unless the
 * run completed) and {@code dashboard.html} ({@link Dashboard}), prints the summary and where the dashboard is, and
 * removes the temporary folder. It is called from the runner's main thread
 * when the last step ends or one fails, and from the JVM's shutdown hook on Ctrl-C; whichever comes first writes,
 * the other finds the work done.
 */
final class RunFolder {

    private static final DateTimeFormatter TITLE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path root;
    private final Path folder;
    private final Path partsDir;
    private final Profile profile;
    private final List<String> userOptions;
    private final RunMetadata.Source source;
    private final Instant started;
    private final List<Plan.Step> steps;
    private final PrintStream console;
    private final List<Path> parts = new ArrayList<>();
    private boolean finished;
    private Map<String, String> postgres = Map.of();
    private final List<Summary.VirtualStep> virtualSteps = new ArrayList<>();

    /**
     * Creates the run folder and the temporary folder for the steps' result files.
     *
     * @param root        the project root, to show the folder relative to it
     * @param userOptions the arguments passed on to JMH, recorded (scrubbed) in {@code run.json} and the summary
     * @param tempParent  where the temporary folder goes
     */
    RunFolder(Path root, Path folder, Path tempParent, Profile profile, List<String> userOptions,
              RunMetadata.Source source, Instant started, List<Plan.Step> steps, PrintStream console)
            throws IOException {
        this.root = root;
        this.folder = folder;
        this.profile = profile;
        this.userOptions = List.copyOf(userOptions);
        this.source = source;
        this.started = started;
        this.steps = List.copyOf(steps);
        this.console = console;
        Files.createDirectories(folder);
        Files.createDirectories(tempParent);
        this.partsDir = Files.createTempDirectory(tempParent, "poolbench-parts");
    }

    /** The run folder. */
    Path folder() {
        return folder;
    }

    /** Where step {@code index} (0-based) writes its JMH JSON. */
    Path partFile(int index) {
        Plan.Step step = steps.get(index);
        return partsDir.resolve(String.format("%02d-%s-t%d.json", index + 1, step.benchmarkClass(), step.threads()));
    }

    /**
     * Records that step {@code index} finished and its result file is complete, and scrubs that file of secrets at
     * once: JMH copies {@code -jvmArgs} into every result, and a run killed with SIGKILL (no shutdown hook) must not
     * leave a password in the temporary folder for longer than the one invocation that wrote it. The scrubbed file
     * replaces the original with a move, so no half-written file is ever the only copy.
     *
     * @throws IOException if the file cannot be read, parsed or rewritten; it is then deleted, secrets and all, and
     *                     the step does not count as finished
     */
    synchronized void stepFinished(int index) throws IOException {
        Path part = partFile(index);
        try {
            JsonArray scrubbed = RunMetadata.sanitize(JmhResults.merge(List.of(part))).getAsJsonArray();
            Path next = part.resolveSibling(part.getFileName() + ".scrubbed");
            JmhResults.write(scrubbed, next);
            Files.move(next, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        parts.add(part);
    }

    /**
     * Where virtual-thread step {@code index} (0-based) has its forks write their JFR recordings: in the temporary
     * folder, since {@link #virtualStepFinished} reads and deletes them (they hold only pinning events, see
     * {@link JmhOptions#pinningRecording(Path)}, but stack traces of a whole fork are no part of a published run).
     *
     * @throws IOException if the folder cannot be created
     */
    Path recordings(int index) throws IOException {
        return Files.createDirectories(partsDir.resolve(String.format("%02d-jfr", index + 1)));
    }

    /**
     * Summarises the pinning recordings of virtual-thread step {@code index} and deletes them, and keeps its stalls
     * (benchmark runs whose iterations JMH's timeout interrupted, see {@link ProgressFormat#takeStalls()}) for the
     * summary and {@code run.json}. A recording that cannot be read is reported as such, never fails the run.
     */
    synchronized void virtualStepFinished(int index, Map<String, Integer> stalls) {
        virtualStepFinished(index, stalls, null);
    }

    /**
     * As {@link #virtualStepFinished(int, Map)}, for a step that JMH ended because of a stall: {@code lostBecause}
     * (the invocation's failure) is added to its stalls, since none of the step's results were kept.
     */
    synchronized void virtualStepFinished(int index, Map<String, Integer> stalls, String lostBecause) {
        Plan.Step step = steps.get(index);
        Path dir = partsDir.resolve(String.format("%02d-jfr", index + 1));
        PinningReport pinning = null;
        String error = null;
        try {
            pinning = PinningReport.read(dir);
        } catch (IOException | RuntimeException e) {
            error = e.toString();
        }
        try {
            deleteRecursively(dir);
        } catch (IOException e) {
            console.println("bench: could not delete the JFR recordings in " + dir + ": " + e);
        }
        List<String> stallLines = new ArrayList<>();
        stalls.forEach((run, times) -> stallLines.add(run + ": stalled " + (times == 1 ? "once" : times + " times")
                + (lostBecause == null ? "" : "; the invocation then failed, so this step has no results ("
                        + lostBecause + ")")));
        List<String> pool = step.params().get(Plan.SPLIT_PARAM);
        virtualSteps.add(new Summary.VirtualStep(step.benchmarkClass(), step.threads(),
                pool != null && pool.size() == 1 ? pool.get(0) : "", pinning, error, stallLines));
    }

    /** Records the run's PostgreSQL server ({@code PgServer.describe()}) for {@code run.json} and the summary. */
    synchronized void postgres(Map<String, String> description) {
        postgres = description;
    }

    /** Steps finished so far. */
    synchronized int finishedSteps() {
        return parts.size();
    }

    /**
     * Writes the run folder from the steps finished so far, prints the summary and removes the temporary folder;
     * does nothing if the folder was already written.
     *
     * @param failure what failed or stopped the run, in words; null when it completed
     * @return whether this call wrote the folder
     * @throws IOException if a file cannot be read or written (the temporary folder is removed all the same)
     */
    synchronized boolean finish(RunRecord.Status status, String failure, Instant finishedAt) throws IOException {
        if (finished) {
            return false;
        }
        finished = true;
        try {
            // JMH copies -jvmArgs and -jvmArgsAppend into every result: scrub before anything is written or shown
            JsonArray results = RunMetadata.sanitize(JmhResults.merge(parts)).getAsJsonArray();
            JmhResults.write(results, folder.resolve("results.json"));
            RunRecord record = RunRecord.of(status, failure, profile, userOptions, source, started, finishedAt,
                    steps, results, postgres);
            Summary.VirtualThreadsReport virtual = new Summary.VirtualThreadsReport(record.machine().jdk().version(),
                    virtualSteps);
            Files.writeString(folder.resolve("run.json"), record.toJsonText(virtual), StandardCharsets.UTF_8);
            Summary.SummaryContext context = new Summary.SummaryContext(
                    "poolbench " + profile.label() + " run, " + TITLE_TIME.format(started),
                    record.summaryHeader(RunRecord.iterationSettings(results)), record.machine().cpu().count(),
                    PoolKind.BASELINE.paramValue(), PoolKind.displayOrder(), virtual);
            String summary = Summary.markdown(JmhResults.rows(results), context);
            Files.writeString(folder.resolve("summary.md"), summary, StandardCharsets.UTF_8);
            Exports.write(results, folder);
            Path reports = root.resolve("reports");
            boolean indexed = false;
            if (folder.toAbsolutePath().normalize().getParent().equals(reports.resolve("runs").toAbsolutePath()
                    .normalize())) {
                try {
                    History.write(reports); // a run under reports/runs joins the index of every run
                    indexed = true;
                } catch (IOException | RuntimeException e) {
                    console.println("bench: could not update reports/history.md (the run itself is written): " + e);
                }
            }
            String dashboard = dashboard(reports, indexed);
            console.println();
            console.println(summary);
            console.println("bench: wrote " + Bench.shown(root, folder) + "/{results.json,run.json,summary.md,"
                    + String.join(",", Exports.files()) + "} in "
                    + ProgressFormat.clock(Duration.between(started, finishedAt)));
            console.println(dashboard);
            return true;
        } finally {
            deleteRecursively(partsDir);
        }
    }

    /**
     * Writes the run's {@code dashboard.html}, with its history series when the run joined the history, and says
     * where it is; a dashboard that cannot be written costs the run nothing else.
     */
    private String dashboard(Path reports, boolean indexed) {
        try {
            Path file = Dashboard.writeRun(folder, indexed ? reports.resolve(History.JSON) : null);
            return "bench: dashboard: " + Bench.shown(root, file) + (indexed ? " (history: "
                    + Bench.shown(root, reports.resolve(Dashboard.INDEX)) + ")" : "");
        } catch (IOException | RuntimeException e) {
            return "bench: could not write the dashboard (the run itself is written): " + e;
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
