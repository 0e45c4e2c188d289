package org.poolbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
