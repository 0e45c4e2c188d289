package org.poolbench.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The console as JMH sees it: every line passes through {@link RunMetadata#sanitizeText} before it reaches the
 * real console. JMH prints the forks' JVM options ({@code # VM options: -Ddb.password=...}) and, when verbose,
 * the whole fork command line; a password given with {@code -jvmArgsAppend} must not be shown there either.
 *
 * <p>Text is held until a line ends or the stream is flushed, so that an option is scrubbed as a whole: JMH
 * prints each line with one call, so a flush never falls inside an option.
 *
 * <p>JMH's own lines reach the console through the {@code OutputFormat} the runner gives it, which writes here. What
 * the forked benchmark JVM prints itself (a driver's log line quoting its URL, a stack trace) takes another path: in
 * JMH 1.37 the host's {@code BinaryLinkServer} copies each output frame of the fork's {@code System.out} and
 * {@code System.err} straight to the host's {@code System.out} and {@code System.err}, bypassing the
 * {@code OutputFormat}. {@link #installOnSystemStreams} closes that path for the length of a run.
 */
final class ScrubbingOutputStream extends OutputStream {

    private final OutputStream console;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ScrubbingOutputStream(OutputStream console) {
        this.console = console;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(b, start, off + len - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        console.flush();
    }

    /** Flushes; the console itself stays open, since this stream did not open it. */
    @Override
    public void close() throws IOException {
        flush();
    }

    /**
     * Replaces {@code System.out} and {@code System.err} with scrubbing streams over the current ones, until the
     * returned handle is closed: for the forked JVM's output, which JMH copies to them directly.
     *
     * @return the handle that flushes and puts the original streams back
     */
    static SystemStreams installOnSystemStreams() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        // Without auto-flush: BinaryLinkServer writes each output frame with write(byte[]), which an auto-flushing
        // PrintStream would follow with a flush, passing on a line cut at a frame's end before it could be judged.
        PrintStream scrubbedOut = new PrintStream(new ScrubbingOutputStream(out), false, StandardCharsets.UTF_8);
        PrintStream scrubbedErr = new PrintStream(new ScrubbingOutputStream(err), false, StandardCharsets.UTF_8);
        System.setOut(scrubbedOut);
        System.setErr(scrubbedErr);
        return new SystemStreams(out, err, scrubbedOut, scrubbedErr);
    }

    /** {@code System.out} and {@code System.err} while they scrub, and the streams they replaced. */
    record SystemStreams(PrintStream originalOut, PrintStream originalErr, PrintStream scrubbedOut,
                         PrintStream scrubbedErr) implements AutoCloseable {

        /** Passes on any held partial line, scrubbed (after each JMH invocation, so nothing waits for the next). */
        void flush() {
            scrubbedOut.flush();
            scrubbedErr.flush();
        }

        /** Flushes and puts the original streams back. */
        @Override
        public void close() {
            flush();
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private void emit() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        console.write(RunMetadata.sanitizeText(text).getBytes(StandardCharsets.UTF_8));
    }
}
