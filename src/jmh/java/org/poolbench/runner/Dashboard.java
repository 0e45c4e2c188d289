package org.poolbench.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The offline dashboards: {@code dashboard.html} in a run folder (that run's results drawn by benchmark, pool and
 * thread count, with each fork, the intervals, the ratio to HikariCP, latency percentiles, the counters, and its
 * history series), and {@code reports/index.html} (every run, and every benchmark's series across runs with change
 * points marked). What each page shows is {@link DashboardModel}'s; this class writes it.
 *
 * <p>Each page is one self-contained HTML file that opens from disk with no network: the data goes in as JSON, the
 * chart library (Chart.js, from its webjar on the class path, MIT licence, its banner kept) is inlined, and the
 * page's own script ({@code dashboard.js}, a resource beside this class) only maps the data to the library's chart
 * configuration; no drawing code of our own. The data comes from {@code results.json}, {@code run.json} and
 * {@code history.json}, which the runner has already scrubbed of secrets, and nothing else goes in.
 *
 * <p>The runner writes a run's dashboard after each run ({@link RunFolder#finish}), {@link History#write} writes the
 * index with the history, and {@code scripts/history} ({@link #main}) rewrites the whole {@code reports/} tree.
 */
final class Dashboard {

    /** A run's dashboard, in its folder. */
    static final String FILE = "dashboard.html";
    /** The history's page, in {@code reports}. */
    static final String INDEX = "index.html";

    /** The chart library's webjar: its Maven coordinates give its version, its version the file's path. */
    private static final String WEBJAR_GROUP = "org.webjars.npm";
    private static final String WEBJAR_ARTIFACT = "chart.js";
    private static final String LIBRARY_FILE = "dist/chart.umd.js";

    /** HTML-safe: {@code <}, {@code >} and {@code &} become escapes, so the data cannot end its script element. */
    private static final Gson GSON = new Gson();

    private Dashboard() {
    }

    /**
     * The chart library as inlined.
     *
     * @param name    what the page's footer calls it, e.g. {@code Chart.js 4.4.1}
     * @param version its version
     * @param script  its UMD build, as the webjar ships it
     */
    record Library(String name, String version, String script) {
    }

    /** Loaded once, on first use: every page inlines the same file. */
    private static Library library;

    /**
     * The chart library, from its webjar on the class path.
     *
     * @throws IllegalStateException if the webjar is missing or its file cannot be inlined (a failure to load it
     *                               is never an {@link Error}, so a run's folder is written whatever happens here)
     */
    static synchronized Library library() {
        if (library == null) {
            library = loadLibrary();
        }
        return library;
    }

    private static Library loadLibrary() {
        Properties pom = new Properties();
        String pomPath = "META-INF/maven/" + WEBJAR_GROUP + "/" + WEBJAR_ARTIFACT + "/pom.properties";
        try (InputStream in = resource(pomPath)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = pom.getProperty("version");
        String script = text("META-INF/resources/webjars/" + WEBJAR_ARTIFACT + "/" + version + "/" + LIBRARY_FILE);
        if (script.toLowerCase(Locale.ROOT).contains("</script")) {
            // it would end the inline script element early; never so far, but an update must not break pages silently
            throw new IllegalStateException("Chart.js " + version + " contains \"</script\" and cannot be inlined");
        }
        return new Library("Chart.js " + version, version, script);
    }

    private static InputStream resource(String path) {
        InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("the dashboard needs " + path + " on the class path (the chart library's "
                    + "webjar, a dependency in pom.xml, shaded into target/benchmarks.jar)");
        }
        return in;
    }

    private static String text(String path) {
        try (InputStream in = resource(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code folder/dashboard.html} from the run's {@code results.json} and {@code run.json}.
     *
     * @param history {@code reports/history.json} for the run's history series, or null for none
     * @return the file written
     * @throws IOException if {@code results.json} or the history cannot be read, or the page not written
     */
    static Path writeRun(Path folder, Path history) throws IOException {
        Path file = folder.resolve(FILE);
        Files.writeString(file, html(runPage(folder, history)), StandardCharsets.UTF_8);
        return file;
    }

    /** A run's page, as {@link #writeRun} writes it. */
    static DashboardModel.Page runPage(Path folder, Path history) throws IOException {
        JsonArray results = JmhResults.read(folder.resolve("results.json"));
        JsonObject run = null;
        Path runJson = folder.resolve("run.json");
        if (Files.isRegularFile(runJson)) {
            try {
                run = JsonParser.parseString(Files.readString(runJson, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (RuntimeException e) {
                run = null; // the header says so; the results still deserve their charts
            }
        }
        JsonObject historyJson = history != null && Files.isRegularFile(history) ? JsonParser.parseString(
                Files.readString(history, StandardCharsets.UTF_8)).getAsJsonObject() : null;
        return DashboardModel.runPage(folder.toAbsolutePath().normalize().getFileName().toString(), results, run,
                historyJson);
    }

    /**
     * Writes {@code reports/index.html} from {@code reports/history.json}.
     *
     * @return the file written
     * @throws IOException if the history cannot be read or the page not written
     */
    static Path writeIndex(Path reports) throws IOException {
        Path file = reports.resolve(INDEX);
        Files.writeString(file, html(indexPage(reports)), StandardCharsets.UTF_8);
        return file;
    }

    /** The history page, as {@link #writeIndex} writes it. */
    static DashboardModel.Page indexPage(Path reports) throws IOException {
        JsonObject history = JsonParser.parseString(Files.readString(reports.resolve(History.JSON),
                StandardCharsets.UTF_8)).getAsJsonObject();
        Path runs = reports.resolve("runs");
        return DashboardModel.indexPage(history, run -> Files.isRegularFile(runs.resolve(run).resolve("results.json")));
    }

    /**
     * Makes the whole {@code reports} tree current: the history (which writes {@code index.html}), then every run
     * folder's dashboard.
     *
     * @return the run dashboards written
     */
    static List<Path> writeAll(Path reports) throws IOException {
        History.write(reports);
        Path history = reports.resolve(History.JSON);
        List<Path> written = new ArrayList<>();
        Path runs = reports.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return written;
        }
        try (Stream<Path> folders = Files.list(runs)) {
            for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve("results.json"))).sorted().toList()) {
                written.add(writeRun(folder, history));
            }
        }
        return written;
    }

    // ---------------------------------------------------------------- the page

    /** The page as one HTML file: the data, the chart library and the page's script inline. */
    static String html(DashboardModel.Page page) {
        Library library = library();
        JsonObject data = json(page);
        data.addProperty("library", library.name());
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(page.title()) + "</title>\n"
                + "<style>\n" + text("org/poolbench/runner/dashboard.css") + "</style>\n"
                + "</head>\n<body>\n<main id=\"dashboard\"></main>\n"
                + "<script id=\"dashboard-data\" type=\"application/json\">" + GSON.toJson(data) + "</script>\n"
                + "<script>\n" + library.script() + "\n</script>\n"
                + "<script>\n" + text("org/poolbench/runner/dashboard.js") + "</script>\n"
                + "</body>\n</html>\n";
    }

    /** The page's data, as the page's script reads it. */
    static JsonObject json(DashboardModel.Page page) {
        JsonObject o = new JsonObject();
        o.addProperty("title", page.title());
        o.add("header", strings(page.header()));
        JsonArray runs = new JsonArray();
        for (DashboardModel.RunLink r : page.runs()) {
            JsonObject run = new JsonObject();
            run.addProperty("run", r.run());
            run.addProperty("commit", r.commit());
            run.addProperty("started", r.started());
            run.addProperty("status", r.status());
            run.addProperty("profile", r.profile());
            run.addProperty("options", r.options());
            run.addProperty("fingerprint", r.fingerprint());
            run.addProperty("dashboard", r.dashboard());
            run.addProperty("summary", r.summary());
            runs.add(run);
        }
        o.add("runs", runs);
        JsonArray blocks = new JsonArray();
        for (DashboardModel.Block b : page.blocks()) {
            JsonObject block = new JsonObject();
            block.addProperty("level", b.level());
            block.addProperty("heading", b.heading());
            block.add("text", strings(b.text()));
            JsonArray charts = new JsonArray();
            b.charts().forEach(c -> charts.add(chart(c)));
            block.add("charts", charts);
            blocks.add(block);
        }
        o.add("blocks", blocks);
        return o;
    }

    private static JsonObject chart(DashboardModel.Chart c) {
        JsonObject o = new JsonObject();
        o.addProperty("id", c.id());
        o.addProperty("kind", c.kind().json());
        o.addProperty("title", c.title());
        o.add("notes", strings(c.notes()));
        o.add("xLabels", strings(c.xLabels()));
        o.addProperty("yTitle", c.yTitle());
        o.addProperty("yLog", c.yLog());
        o.addProperty("yFromZero", c.yFromZero());
        JsonArray series = new JsonArray();
        for (DashboardModel.Series s : c.series()) {
            JsonObject ds = new JsonObject();
            ds.addProperty("label", s.label());
            ds.addProperty("style", s.style().json());
            ds.addProperty("color", s.color());
            ds.addProperty("legend", s.legend());
            JsonArray points = new JsonArray();
            for (DashboardModel.Point p : s.points()) {
                JsonObject point = new JsonObject();
                point.addProperty("x", p.x());
                point.addProperty("y", DashboardModel.round(p.y()));
                if (!Double.isNaN(p.low())) {
                    point.addProperty("lo", DashboardModel.round(p.low()));
                    point.addProperty("hi", DashboardModel.round(p.high()));
                }
                if (!p.note().isEmpty()) {
                    point.addProperty("n", p.note());
                }
                points.add(point);
            }
            ds.add("points", points);
            series.add(ds);
        }
        o.add("series", series);
        return o;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The JSON of a written page, for tests: what its data element holds. */
    static JsonElement dataOf(String html) {
        String start = "<script id=\"dashboard-data\" type=\"application/json\">";
        int from = html.indexOf(start) + start.length();
        return JsonParser.parseString(html.substring(from, html.indexOf("</script>", from)));
    }

    /**
     * {@code scripts/history}: rewrites the history, {@code reports/index.html} and every run's dashboard.
     *
     * @param args the {@code reports} folder; {@code reports} when none is given
     */
    public static void main(String[] args) throws IOException {
        Path reports = Path.of(args.length > 0 ? args[0] : "reports");
        List<Path> written = writeAll(reports);
        System.out.println("history: wrote " + reports.resolve(History.MARKDOWN) + ", " + reports.resolve(History.JSON)
                + " and " + reports.resolve(INDEX) + ", and " + written.size() + " run dashboards ("
                + reports.resolve("runs") + "/*/" + FILE + ")");
    }
}
