package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.poolbench.bench.Backend;
import org.poolbench.bench.PoolKind;
import org.poolbench.bench.pools.PoolSpec;

/**
 * {@link RunMetadata} and {@link RunRecord}: what {@code run.json} holds, and above all that no password a
 * user passed on the command line reaches it.
 */
class RunMetadataTest {

    private static final Instant STARTED = Instant.parse("2026-11-21T12:00:00Z");
    private static final Instant FINISHED = Instant.parse("2026-11-21T12:09:30Z");
    private static final RunMetadata.Source SOURCE = new RunMetadata.Source("0123456789abcdef", false);

    /** What a run with secrets on the command line would write: the runner's own serialisation. */
    private static String runJson(JsonObject meta) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(RunMetadata.sanitize(meta));
    }

    /** Two JMH result entries with pool sizes 4 and 8, and one without params. */
    private static JsonArray results() {
        return JsonParser.parseString("""
                [
                  {"benchmark": "org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease",
                   "params": {"pool": "hikari", "size": "4"}},
                  {"benchmark": "org.poolbench.bench.IdleReuseBenchmark.request",
                   "params": {"pool": "c3p0", "backend": "h2", "size": "8"}},
                  {"benchmark": "org.poolbench.bench.AcquireReleaseBenchmark.handoff",
                   "params": {"size": "4"}},
                  {"benchmark": "org.poolbench.bench.StubDriverBenchmark.connect"}
                ]
                """).getAsJsonArray();
    }

    /** The pools and backends of a {@link RunRecord} as {@code run.json} holds them. */
    private static JsonObject poolsAndBackends(JsonArray results) {
        JsonObject json = RunRecord.of(RunRecord.Status.OK, null, Profile.QUICK, List.of(), SOURCE, STARTED, FINISHED,
                List.of(), results).toJson();
        JsonObject out = new JsonObject();
        out.add("pools", json.get("pools"));
        out.add("backends", json.get("backends"));
        return out;
    }

    private static final List<String> SECRET_ARGS = List.of("quick",
            "-p", "url=jdbc:postgresql://db/x?user=u&password=hunter2",
            "-jvmArgsAppend", "-Dpassword=hunter2 -Dtoken=t0ps3cret",
            "-p", "password=hunter2");

    private static JsonObject metadata(List<String> args, String failure) {
        List<Plan.Step> steps = List.of(
                new Plan.Step("AcquireReleaseBenchmark", 2, List.of("^\\Qa.B.m\\E$"), 10),
                new Plan.Step("IdleReuseBenchmark", 4, List.of("^\\Qa.C.n\\E$"), 24));
        Bench.Arguments arguments = Bench.Arguments.parse(args);
        return RunRecord.of(failure == null ? RunRecord.Status.OK : RunRecord.Status.FAILED, failure,
                arguments.profile(), arguments.jmhArgs(), SOURCE, STARTED, FINISHED, steps, results()).toJson();
    }

    @Test
    void sanitize_commandLineSecrets_appearNowhereInRunJson() {
        String json = runJson(metadata(SECRET_ARGS, null));

        assertFalse(json.contains("hunter2"), json);
        assertFalse(json.contains("t0ps3cret"), json);
        assertTrue(json.contains("jdbc:postgresql://db/x?user=u&password=****"), json);
    }

    @Test
    void sanitize_commandLineSecrets_maskOnlyTheSecretPartsOfUserOptions() {
        JsonObject sanitized = RunMetadata.sanitize(metadata(SECRET_ARGS, null)).getAsJsonObject();

        List<String> userOptions = new ArrayList<>();
        sanitized.getAsJsonObject("jmh").getAsJsonArray("userOptions").forEach(e -> userOptions.add(e.getAsString()));
        assertEquals(List.of("-p", "url=jdbc:postgresql://db/x?user=u&password=****",
                "-jvmArgsAppend", "-Dpassword=**** -Dtoken=****",
                "-p", "password=****"), userOptions);
    }

    @Test
    void sanitize_secretInFailureText_isMasked() {
        String json = runJson(metadata(List.of("quick"),
                "JMH invocation 1 of 2 failed: cannot connect to jdbc:postgresql://u:hunter2@db/x?password=hunter2"));

        assertFalse(json.contains("hunter2"), json);
        assertTrue(json.contains("jdbc:postgresql://u:****@db/x?password=****"), json);
    }

    @Test
    void sanitize_secretKeys_areMaskedAtAnyDepth() {
        JsonObject inner = new JsonObject();
        inner.addProperty("dbPassword", "hunter2");
        inner.addProperty("user", "sa");
        inner.addProperty("apiToken", 42);
        JsonObject middle = new JsonObject();
        middle.add("db", inner);
        middle.addProperty("password", "hunter2");
        middle.add("secret", com.google.gson.JsonNull.INSTANCE);
        JsonArray list = new JsonArray();
        list.add(middle);
        JsonObject root = new JsonObject();
        root.add("list", list);

        JsonObject out = RunMetadata.sanitize(root).getAsJsonObject();

        JsonObject m = out.getAsJsonArray("list").get(0).getAsJsonObject();
        assertEquals("****", m.get("password").getAsString());
        assertTrue(m.get("secret").isJsonNull(), "null stays null: nothing to hide");
        assertEquals("****", m.getAsJsonObject("db").get("dbPassword").getAsString());
        assertEquals("****", m.getAsJsonObject("db").get("apiToken").getAsString());
        assertEquals("sa", m.getAsJsonObject("db").get("user").getAsString());
        assertEquals("hunter2", root.getAsJsonArray("list").get(0).getAsJsonObject().get("password").getAsString(),
                "sanitize returns a copy");
    }

    @Test
    void sanitize_nonStringsAndPlainText_areUnchanged() {
        JsonObject o = new JsonObject();
        o.addProperty("count", 8);
        o.addProperty("dirty", true);
        o.addProperty("url", "jdbc:h2:mem:<name>;DB_CLOSE_DELAY=-1");

        assertEquals(o, RunMetadata.sanitize(o));
    }

    /** Each row: one user option or text line carrying {@code hunter2}, and exactly what must be shown instead. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        -Ddbpass=hunter2                                           | -Ddbpass=****
        -Ddb.url=jdbc:postgresql://bob@corp:hunter2@db/app         | -Ddb.url=jdbc:postgresql://bob@corp:****@db/app
        -Ddb.url=jdbc:postgresql://bob:2024/hunter2@db/app         | -Ddb.url=jdbc:postgresql://bob:****@db/app
        -Ddb.url=jdbc:mysql://db/app?user=bob&password=hun;ter2    | -Ddb.url=jdbc:mysql://db/app?user=bob&password=****
        url=jdbc:postgresql://db/app?password=hun?ter2             | url=jdbc:postgresql://db/app?password=****
        "cannot open jdbc:h2:mem:x;USER=sa;password = hunter2;MODE=PostgreSQL" | "cannot open jdbc:h2:mem:x;USER=sa;password = ****;MODE=PostgreSQL"
        "login failed: password: hunter2"                          | "login failed: password: ****"
        """)
    void sanitizeText_secretInAnyForm_masked(String text, String expected) {
        assertEquals(expected, RunMetadata.sanitizeText(text));
        assertFalse(RunMetadata.sanitizeText(text).contains("ter2"), "no part of the secret shows");
    }

    @Test
    void sanitizeText_spacedAssignmentWordByWord_isMaskedWhole() {
        // "password = x" is three words: only a pass over the whole string sees the assignment
        String line = "java.sql.SQLException: cannot open jdbc:h2:mem:x;USER=sa;password = hunter2;MODE=PostgreSQL";
        assertFalse(org.poolbench.pool.Redact.text(line).contains("hunter2"), "the pool's rule sees it");
        assertFalse(RunMetadata.sanitizeText(line).contains("hunter2"), "and so does the runner's");
    }

    @Test
    void sanitizeText_userInfo_isMasked() {
        assertEquals("jdbc:postgresql://alice:****@db:5432/x", RunMetadata.sanitizeText(
                "jdbc:postgresql://alice:hunter2@db:5432/x"));
    }

    @Test
    void sanitizeText_secretAssignment_isMasked() {
        assertEquals("password=****", RunMetadata.sanitizeText("password=hunter2"));
        assertEquals("-Ddb.secret.key=****", RunMetadata.sanitizeText("-Ddb.secret.key=hunter2"));
        assertEquals("pool=hikari", RunMetadata.sanitizeText("pool=hikari"));
    }

    @Test
    void sanitizeText_secretAssignmentAfterOtherWords_isMasked() {
        // the secret key is not the string's first assignment, and "secret." does not look like a URL parameter
        assertEquals("-Xmx1g -Dx=1 -Ddb.secret.key=**** -Dy=2",
                RunMetadata.sanitizeText("-Xmx1g -Dx=1 -Ddb.secret.key=hunter2 -Dy=2"));
    }

    @Test
    void sanitizeText_secretBeforeOtherOptions_masksOnlyTheSecret() {
        assertEquals("-Ddb.password=**** -Xmx1g -Dx=1",
                RunMetadata.sanitizeText("-Ddb.password=hunter2 -Xmx1g -Dx=1"));
        assertEquals("-Durl=jdbc:postgresql://db/x?password=**** -Xmx1g",
                RunMetadata.sanitizeText("-Durl=jdbc:postgresql://db/x?password=hunter2 -Xmx1g"));
        assertEquals("-p password=**** -t 4 -p backend=h2",
                RunMetadata.sanitizeText("-p password=hunter2 -t 4 -p backend=h2"));
    }

    @Test
    void sanitizeText_secretValueWithSpaces_isMaskedWhole() {
        assertEquals("password=****", RunMetadata.sanitizeText("password=correct horse battery"));
        assertEquals("password=**** -t 4", RunMetadata.sanitizeText("password=correct horse -t 4"));
    }

    @Test
    void sanitizeText_keepsWhitespaceAndLineEnds() {
        assertEquals("# VM options: -Xmx1g  -Dsecret=****\n",
                RunMetadata.sanitizeText("# VM options: -Xmx1g  -Dsecret=s3cr3t\n"));
        assertEquals("  plain text\n", RunMetadata.sanitizeText("  plain text\n"));
    }

    @Test
    void summaryHeader_optionsLine_masksTheSecretAndKeepsTheRest() {
        RunRecord record = RunRecord.of(RunRecord.Status.OK, null, Profile.QUICK,
                List.of("-jvmArgsAppend", "-Ddb.password=hunter2 -Xmx1g", "-p", "password=hunter2", "-t", "4",
                        "-p", "backend=h2"),
                SOURCE, STARTED, FINISHED, List.of(), results());

        String options = record.summaryHeader(List.of("2 forks")).stream().filter(l -> l.startsWith("profile "))
                .findFirst().orElseThrow();
        assertEquals("profile quick: 2 forks; options: -jvmArgsAppend -Ddb.password=**** -Xmx1g -p password=**** "
                + "-t 4 -p backend=h2", options);
    }

    @Test
    void summaryHeader_statusLines() {
        RunRecord interrupted = RunRecord.of(RunRecord.Status.INTERRUPTED, "stopped by a signal", Profile.QUICK,
                List.of(), SOURCE, STARTED, FINISHED, List.of(), results());
        RunRecord ok = RunRecord.of(RunRecord.Status.OK, null, Profile.QUICK, List.of(), SOURCE, STARTED, FINISHED,
                List.of(), results());

        assertEquals("**INTERRUPTED**: stopped by a signal (the tables hold only what finished)",
                interrupted.summaryHeader(List.of()).get(0));
        assertEquals("interrupted", interrupted.toJson().get("status").getAsString());
        assertEquals("commit 0123456 (clean)", ok.summaryHeader(List.of()).get(0));
        assertEquals("took 9m30s, finished 2026-11-21T12:09:30Z", ok.summaryHeader(List.of()).get(5));
    }

    @Test
    void metadata_ok_hasStatusAndNoFailure() {
        JsonObject meta = metadata(List.of("full"), null);

        assertEquals("ok", meta.get("status").getAsString());
        assertNull(meta.get("failure"));
        assertEquals("full", meta.getAsJsonObject("jmh").get("profile").getAsString());
    }

    @Test
    void metadata_failed_hasStatusAndFailureText() {
        JsonObject meta = metadata(List.of("quick"), "JMH invocation 2 of 3 (IdleReuseBenchmark, 4 threads) failed");

        assertEquals("failed", meta.get("status").getAsString());
        assertEquals("JMH invocation 2 of 3 (IdleReuseBenchmark, 4 threads) failed", meta.get("failure").getAsString());
    }

    @Test
    void metadata_source_timesAndPlan() {
        JsonObject meta = metadata(List.of("smoke", "IdleReuse"), null);

        JsonObject project = meta.getAsJsonObject("poolbench");
        assertEquals("0123456789abcdef", project.get("commit").getAsString());
        assertFalse(project.get("dirty").getAsBoolean());
        assertEquals(PoolKind.POOLBENCH.version(), project.get("version").getAsString());
        assertEquals("2026-11-21T12:00:00Z", meta.get("started").getAsString());
        assertEquals("2026-11-21T12:09:30Z", meta.get("finished").getAsString());
        assertEquals(570, meta.get("durationSeconds").getAsLong());

        JsonObject jmh = meta.getAsJsonObject("jmh");
        assertEquals(JsonParser.parseString("[\"IdleReuse\"]"), jmh.get("userOptions"));
        assertEquals(JsonParser.parseString("""
                {"forks": 1, "warmupIterations": 0, "warmupTime": "0 ms", "measurementIterations": 1,
                 "measurementTime": "100 ms", "profilers": "gc", "failOnError": true}"""), jmh.get("profileOptions"));
        assertEquals(JsonParser.parseString("""
                [{"benchmarkClass": "AcquireReleaseBenchmark", "threads": 2, "virtualThreads": false, "runs": 10},
                 {"benchmarkClass": "IdleReuseBenchmark", "threads": 4, "virtualThreads": false, "runs": 24}]"""),
                jmh.get("invocations"));
        assertFalse(meta.has("virtualThreads"), "no virtual-thread step, no section");
    }

    @Test
    void metadata_virtualStep_recordsTheAxisPerStepAndThePinningAndStalls() {
        List<Plan.Step> steps = List.of(
                new Plan.Step("AcquireReleaseBenchmark", 16, List.of("^\\Qa.B.m\\E$"), 4, Map.of(), true));
        RunRecord record = RunRecord.of(RunRecord.Status.OK, null, Profile.QUICK, List.of(), SOURCE, STARTED,
                FINISHED, steps, results());
        PinningReport pinning = PinningReport.of(2, List.of(new PinningReport.Pin(
                List.of(new PinningReport.Frame("java.lang.VirtualThread", "park"),
                        new PinningReport.Frame("com.zaxxer.hikari.pool.HikariPool", "getConnection")),
                java.time.Duration.ofNanos(1500))));
        Summary.VirtualThreadsReport virtual = new Summary.VirtualThreadsReport("25.0.3", List.of(
                new Summary.VirtualStep("AcquireReleaseBenchmark", 16, "hikari", pinning, null,
                        List.of("AcquireReleaseBenchmark.acquireRelease thrpt pool=hikari threads=16: 1 iteration "
                                + "timed out"))));

        JsonObject meta = JsonParser.parseString(record.toJsonText(virtual)).getAsJsonObject();

        assertTrue(meta.getAsJsonObject("jmh").getAsJsonArray("invocations").get(0).getAsJsonObject()
                .get("virtualThreads").getAsBoolean());
        assertEquals(JsonParser.parseString("""
                {"jdk": "25.0.3", "pinningEvent": "jdk.VirtualThreadPinned (threshold 0 ms)",
                 "steps": [{"benchmarkClass": "AcquireReleaseBenchmark", "threads": 16, "pool": "hikari", "recordings": 2,
                            "pinning": [{"pool": "HikariCP", "events": 1, "pinnedNanos": 1500,
                                         "topFrame": "com.zaxxer.hikari.pool.HikariPool.getConnection"}],
                            "stalls": ["AcquireReleaseBenchmark.acquireRelease thrpt pool=hikari threads=16: 1 iteration timed out"]}]}"""),
                meta.get("virtualThreads"));
    }

    @Test
    void metadata_dirtySource_isRecorded() {
        JsonObject meta = RunRecord.of(RunRecord.Status.OK, null, Profile.QUICK, List.of(),
                new RunMetadata.Source("unknown", true), STARTED, FINISHED, List.of(), new JsonArray()).toJson();

        assertEquals("unknown", meta.getAsJsonObject("poolbench").get("commit").getAsString());
        assertTrue(meta.getAsJsonObject("poolbench").get("dirty").getAsBoolean());
    }

    @Test
    void machine_reportsThisJvmAndCpuCount() {
        JsonObject m = RunRecord.Machine.current().toJson();

        assertEquals(Runtime.getRuntime().availableProcessors(), m.getAsJsonObject("cpu").get("count").getAsInt());
        assertFalse(m.getAsJsonObject("cpu").get("model").getAsString().isBlank());
        assertEquals(System.getProperty("java.runtime.version"),
                m.getAsJsonObject("jdk").get("version").getAsString());
        assertEquals(System.getProperty("os.arch"), m.getAsJsonObject("os").get("arch").getAsString());
        assertEquals(m, metadata(List.of(), null).get("machine"));
    }

    /** A property of the project's pom, e.g. {@code hikaricp.version}: the version the class path should hold. */
    private static String pomProperty(String name) throws IOException {
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), "pom.xml has no " + name);
        return m.group(1).strip();
    }

    @Test
    void poolsAndBackends_listEveryPoolWithLibraryAndVersion() throws IOException {
        JsonObject pools = poolsAndBackends(results()).getAsJsonObject("pools");

        assertEquals(Arrays.stream(PoolKind.values()).map(PoolKind::paramValue).toList(),
                List.copyOf(pools.keySet()));
        for (PoolKind kind : PoolKind.values()) {
            JsonObject p = pools.getAsJsonObject(kind.paramValue());
            assertEquals(kind.library(), p.get("library").getAsString(), kind.name());
            String version = p.get("version").getAsString();
            if (kind == PoolKind.UNPOOLED) {
                assertEquals("", version);
            } else {
                assertFalse(version.isEmpty() || version.equals("unknown") || version.contains("${"),
                        kind + " version " + version);
            }
        }
        assertEquals(pomProperty("hikaricp.version"), pools.getAsJsonObject("hikari").get("version").getAsString());
        assertEquals(pomProperty("c3p0.version"), pools.getAsJsonObject("c3p0").get("version").getAsString());
        assertEquals(pomProperty("vibur.version"), pools.getAsJsonObject("vibur").get("version").getAsString());
        assertEquals("HikariCP", pools.getAsJsonObject("hikari").get("library").getAsString());
    }

    @Test
    void poolsAndBackends_variantsInTheResultsRecordedWithTheirOwnSettings() {
        JsonArray results = JsonParser.parseString("""
                [
                  {"benchmark": "org.poolbench.bench.StatementReuseBenchmark.request",
                   "params": {"pool": "c3p0_cache", "backend": "stub", "size": "8"}},
                  {"benchmark": "org.poolbench.bench.StatementReuseBenchmark.request",
                   "params": {"pool": "hikari", "backend": "stub", "size": "8"}}
                ]
                """).getAsJsonArray();
        JsonObject pools = poolsAndBackends(results).getAsJsonObject("pools");

        assertEquals(PoolKind.values().length + 1, pools.size(), "the kinds and the one variant in the results");
        JsonObject cached = pools.getAsJsonObject("c3p0_cache");
        assertEquals("c3p0", cached.get("library").getAsString());
        assertEquals("32", cached.getAsJsonObject("settings").getAsJsonObject("size=8")
                .get("maxStatementsPerConnection").getAsString());
        assertFalse(pools.getAsJsonObject("c3p0").getAsJsonObject("settings").getAsJsonObject("size=8")
                .has("maxStatementsPerConnection"), "the plain kind caches nothing");
    }

    @Test
    void poolsAndBackends_settingsForExactlyTheSizesInTheResults() {
        JsonObject pools = poolsAndBackends(results()).getAsJsonObject("pools");

        for (PoolKind kind : PoolKind.values()) {
            JsonObject settings = pools.getAsJsonObject(kind.paramValue()).getAsJsonObject("settings");
            assertEquals(List.of("size=4", "size=8"), List.copyOf(settings.keySet()), kind.name());
            assertEquals(RunMetadata.toJson(kind.settings(PoolSpec.ofSize(4))), settings.get("size=4"), kind.name());
            assertEquals(RunMetadata.toJson(kind.settings(PoolSpec.ofSize(8))), settings.get("size=8"), kind.name());
        }
        JsonObject hikari8 = pools.getAsJsonObject("hikari").getAsJsonObject("settings").getAsJsonObject("size=8");
        assertEquals("8", hikari8.get("maximumPoolSize").getAsString());
        assertEquals(new JsonObject(), pools.getAsJsonObject("unpooled").getAsJsonObject("settings")
                .get("size=4"));
    }

    @Test
    void poolsAndBackends_minIdleParamBelowTheSize_recordedAsItsOwnSpec() {
        JsonArray results = JsonParser.parseString("""
                [
                  {"benchmark": "org.poolbench.bench.TenantRoutingBenchmark.poolPerTenant",
                   "params": {"pool": "c3p0", "size": "4", "minIdle": "0"}},
                  {"benchmark": "org.poolbench.bench.TenantRoutingBenchmark.sharedPool",
                   "params": {"pool": "c3p0", "size": "8"}},
                  {"benchmark": "org.poolbench.bench.AcquireReleaseBenchmark.acquireRelease",
                   "params": {"pool": "hikari", "size": "4"}}
                ]
                """).getAsJsonArray();
        JsonObject settings = poolsAndBackends(results).getAsJsonObject("pools").getAsJsonObject("c3p0")
                .getAsJsonObject("settings");

        assertEquals(List.of("size=4", "size=4,minIdle=0", "size=8"), List.copyOf(settings.keySet()));
        assertEquals("0", settings.getAsJsonObject("size=4,minIdle=0").get("initialPoolSize").getAsString());
        assertEquals("4", settings.getAsJsonObject("size=4,minIdle=0").get("maxPoolSize").getAsString());
        assertEquals("4", settings.getAsJsonObject("size=4").get("initialPoolSize").getAsString());
    }

    @Test
    void poolsAndBackends_benchmarkWithItsOwnSpec_recordsEachSpecItBuiltPerPool() {
        JsonArray results = JsonParser.parseString("""
                [
                  {"benchmark": "org.poolbench.bench.CleanerBenchmark.borrowReturn", "threads": 2,
                   "params": {"pool": "hikari", "idle": "256", "reaper": "10ms"}},
                  {"benchmark": "org.poolbench.bench.CleanerBenchmark.sweepExpired", "threads": 2,
                   "params": {"idle": "256", "expired": "256"}},
                  {"benchmark": "org.poolbench.bench.IdleBurstBenchmark.request", "threads": 8,
                   "params": {"pool": "c3p0", "gap": "long"}}
                ]
                """).getAsJsonArray();
        JsonObject pools = poolsAndBackends(results).getAsJsonObject("pools");

        JsonObject hikari = pools.getAsJsonObject("hikari").getAsJsonObject("settings");
        assertEquals(List.of("CleanerBenchmark idle=256,reaper=10ms,threads=2"), List.copyOf(hikari.keySet()));
        assertEquals("256", hikari.getAsJsonObject("CleanerBenchmark idle=256,reaper=10ms,threads=2")
                .get("maximumPoolSize").getAsString());
        assertEquals("10", hikari.getAsJsonObject("CleanerBenchmark idle=256,reaper=10ms,threads=2")
                .get("com.zaxxer.hikari.housekeeping.periodMs").getAsString());
        JsonObject c3p0 = pools.getAsJsonObject("c3p0").getAsJsonObject("settings");
        assertEquals(List.of("IdleBurstBenchmark gap=long,threads=8"), List.copyOf(c3p0.keySet()));
        assertEquals("1", c3p0.getAsJsonObject("IdleBurstBenchmark gap=long,threads=8").get("maxIdleTime")
                .getAsString());
        assertEquals("0", c3p0.getAsJsonObject("IdleBurstBenchmark gap=long,threads=8").get("minPoolSize")
                .getAsString());
    }

    @Test
    void poolsAndBackends_noResults_noSettings() {
        JsonObject pools = poolsAndBackends(new JsonArray()).getAsJsonObject("pools");

        assertEquals(new JsonObject(), pools.getAsJsonObject("hikari").get("settings"));
    }

    @Test
    void poolsAndBackends_listEveryBackendWithItsDriver() {
        JsonObject backends = poolsAndBackends(results()).getAsJsonObject("backends");

        assertEquals(Arrays.stream(Backend.values()).map(Backend::paramValue).toList(),
                List.copyOf(backends.keySet()));
        for (Backend b : Backend.values()) {
            assertEquals(RunMetadata.toJson(b.describe()), backends.get(b.paramValue()), b.name());
        }
        assertEquals("H2", backends.getAsJsonObject("h2").get("driver").getAsString());
    }

    @Test
    void metadata_poolsAndBackends_areTheSameAsPoolsAndBackends() {
        JsonObject meta = metadata(List.of(), null);
        JsonObject expected = poolsAndBackends(results());

        assertEquals(expected.get("pools"), meta.get("pools"));
        assertEquals(expected.get("backends"), meta.get("backends"));
    }

    @Test
    void shortCommit_isSevenCharactersOrTheWhole() {
        assertEquals("0123456", SOURCE.shortCommit());
        assertEquals("abc", new RunMetadata.Source("abc", true).shortCommit());
        assertEquals("unknown", new RunMetadata.Source("unknown", true).shortCommit());
    }

    // --- Source.of, against real git repositories in a temp dir ---

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t",
                "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "git " + String.join(" ", args) + " hung");
        assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + out);
        return out;
    }

    private static boolean gitInstalled() {
        try {
            Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether {@code dir} lies inside some git work tree (then it cannot serve as "not a repository"). */
    private static boolean insideWorkTree(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--is-inside-work-tree")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** A fresh repository with one committed file, {@code README}. */
    private static Path committedRepo(Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(gitInstalled(), "git is not installed");
        git(dir, "init", "-q");
        Files.writeString(dir.resolve("README"), "hello\n");
        git(dir, "add", "README");
        git(dir, "commit", "-q", "-m", "init");
        return dir;
    }

    @Test
    void sourceOf_notARepository_isUnknownAndDirty(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(gitInstalled(), "git is not installed");
        Assumptions.assumeFalse(insideWorkTree(dir), "the temp dir is inside a git work tree");

        assertEquals(new RunMetadata.Source("unknown", true), RunMetadata.Source.of(dir));
    }

    @Test
    void sourceOf_missingFolder_isUnknownAndDirty(@TempDir Path dir) {
        assertEquals(new RunMetadata.Source("unknown", true), RunMetadata.Source.of(dir.resolve("no/such/dir")));
    }

    @Test
    void sourceOf_repositoryWithoutCommits_isUnknownAndDirty(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(gitInstalled(), "git is not installed");
        git(dir, "init", "-q");

        assertEquals(new RunMetadata.Source("unknown", true), RunMetadata.Source.of(dir));
    }

    @Test
    void sourceOf_freshCommit_isItsHashAndClean(@TempDir Path dir) throws Exception {
        Path repo = committedRepo(dir);
        String head = git(repo, "rev-parse", "HEAD").strip();

        RunMetadata.Source s = RunMetadata.Source.of(repo);

        assertTrue(s.commit().matches("[0-9a-f]{40}"), s.commit());
        assertEquals(new RunMetadata.Source(head, false), s);
    }

    @Test
    void sourceOf_modifiedTrackedFile_isDirty(@TempDir Path dir) throws Exception {
        Path repo = committedRepo(dir);
        Files.writeString(repo.resolve("README"), "changed\n");

        RunMetadata.Source s = RunMetadata.Source.of(repo);

        assertTrue(s.dirty());
        assertEquals(git(repo, "rev-parse", "HEAD").strip(), s.commit());
    }

    @Test
    void sourceOf_untrackedFileOutsideReports_isDirty(@TempDir Path dir) throws Exception {
        Path repo = committedRepo(dir);
        Files.writeString(repo.resolve("Notes.java"), "class Notes {}\n");

        assertTrue(RunMetadata.Source.of(repo).dirty());
    }

    @Test
    void sourceOf_newFileUnderReportsOnly_staysClean(@TempDir Path dir) throws Exception {
        Path repo = committedRepo(dir);
        Path run = Files.createDirectories(repo.resolve("reports/runs/20261121T120000Z-0123456"));
        Files.writeString(run.resolve("run.json"), "{}\n");

        assertFalse(RunMetadata.Source.of(repo).dirty());
    }

    @Test
    void postgres_isRecordedInRunJsonAndTheSummaryHeader_withoutMaskingItsSettings() {
        java.util.Map<String, String> pg = new java.util.LinkedHashMap<>();
        pg.put("provisioning", "embedded");
        pg.put("url", "jdbc:postgresql://127.0.0.1:5432/bench");
        pg.put("server_version", "18.6");
        pg.put("max_connections", "20");
        pg.put("superuser_reserved_connections", "3");
        pg.put("fsync", "on");
        pg.put("login", "scram-sha-256 over TCP; passwords stored as scram-sha-256");
        pg.put("connection.prepareThreshold", "5");
        RunRecord record = RunRecord.of(RunRecord.Status.OK, null, Profile.QUICK, List.of(), SOURCE, STARTED,
                FINISHED, List.of(), results(), pg);

        JsonObject json = record.toJson().getAsJsonObject("postgres");
        assertEquals("20", json.get("max_connections").getAsString());
        assertEquals("scram-sha-256 over TCP; passwords stored as scram-sha-256", json.get("login").getAsString());
        assertEquals(List.copyOf(pg.keySet()), List.copyOf(json.keySet()), "the server's order is kept");
        String header = String.join("\n", record.summaryHeader(List.of("2 forks")));
        assertTrue(header.contains("PostgreSQL 18.6 (embedded): max_connections 20, superuser_reserved_connections 3, "
                + "fsync on, login scram-sha-256 over TCP; passwords stored as scram-sha-256; pgjdbc prepareThreshold=5"),
                header);
    }

    @Test
    void postgres_absent_leavesNoSection() {
        JsonObject json = RunRecord.of(RunRecord.Status.OK, null, Profile.QUICK, List.of(), SOURCE, STARTED, FINISHED,
                List.of(), results()).toJson();
        assertFalse(json.has("postgres"));
    }
}
