package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** {@link ScrubbingOutputStream}: JMH's console lines reach the console scrubbed, whole and in order. */
class ScrubbingOutputStreamTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream jmh = new PrintStream(new ScrubbingOutputStream(console), true, StandardCharsets.UTF_8);

    private String shown() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void println_vmOptionsWithSecrets_areMaskedAndTheRestKept() {
        jmh.println("# VM options: -Xmx1g -Ddb.password=hunter2 -Ddb.url=jdbc:postgresql://u:pw@h/db -Dx=1");

        assertEquals("# VM options: -Xmx1g -Ddb.password=**** -Ddb.url=jdbc:postgresql://u:****@h/db -Dx=1\n",
                shown());
    }

    @Test
    void println_spacedAssignment_isMasked() {
        jmh.println("<failure> java.sql.SQLException: cannot open jdbc:h2:mem:x;password = hunter2;MODE=PostgreSQL");

        assertEquals("<failure> java.sql.SQLException: cannot open jdbc:h2:mem:x;password = ****;MODE=PostgreSQL\n",
                shown());
    }

    /**
     * JMH 1.37's {@code BinaryLinkServer} writes the forked JVM's own output to {@code System.out} and
     * {@code System.err} directly: while installed, both scrub; closing flushes a held partial line and puts the
     * original streams back.
     */
    @Test
    void installOnSystemStreams_forkOutputWrittenToSystemOutAndErr_isScrubbedUntilClosed() throws IOException {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream testOut = new PrintStream(console, true, StandardCharsets.UTF_8);
        PrintStream testErr = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(testOut);
        System.setErr(testErr);
        try {
            try (ScrubbingOutputStream.SystemStreams installed = ScrubbingOutputStream.installOnSystemStreams()) {
                // as BinaryLinkServer does: raw frames, one of which ends inside a line
                System.out.write("driver log: jdbc:postgresql://bob:hunter2@db/app\n".getBytes(StandardCharsets.UTF_8));
                System.err.write("FATAL: password = hunter2".getBytes(StandardCharsets.UTF_8));
                assertEquals("", err.toString(StandardCharsets.UTF_8), "a partial line is held");
            }
            assertEquals("driver log: jdbc:postgresql://bob:****@db/app\n", shown());
            assertEquals("FATAL: password = ****", err.toString(StandardCharsets.UTF_8));
            assertSame(testOut, System.out, "the original stream is back");
            assertSame(testErr, System.err, "the original stream is back");
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
    }

    @Test
    void partialLine_isHeldUntilTheLineEndsOrAFlush() throws IOException {
        ScrubbingOutputStream stream = new ScrubbingOutputStream(console);

        stream.write("# VM options: -Dpass".getBytes(StandardCharsets.UTF_8));
        assertEquals("", shown());
        stream.write("word=hunter2 -Dx=1\n# Warmup Iteration   1: ".getBytes(StandardCharsets.UTF_8));
        assertEquals("# VM options: -Dpassword=**** -Dx=1\n", shown());
        stream.flush();
        assertEquals("# VM options: -Dpassword=**** -Dx=1\n# Warmup Iteration   1: ", shown());
        stream.write('7');
        stream.write('\n');
        assertEquals("# VM options: -Dpassword=**** -Dx=1\n# Warmup Iteration   1: 7\n", shown());
    }

    @Test
    void plainText_andNonAscii_passUnchanged() {
        jmh.println("Result \"org.poolbench.bench.IdleReuseBenchmark.request\": 1.5 ±(99.9%) 0.1 ops/us · ok");

        assertEquals("Result \"org.poolbench.bench.IdleReuseBenchmark.request\": 1.5 ±(99.9%) 0.1 ops/us · ok\n",
                shown());
    }
}
