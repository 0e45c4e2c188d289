package org.poolbench.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The console as JMH sees it: every line passes through {@link RunMetadata#sanitizeText} before it reaches the
 * real console. JMH prints the forks' JVM options ({@code # VM options: -Ddb.password=...}) and, when verbose,
 * the whole fork command line; a password given with {@code -jvmArgsAppend} must not be shown there either.
 *
 * <p>Text is held until a line ends or the stream is flushed, so that an option is scrubbed as a whole: JMH
 * prints each line with one call, so a flush never falls inside an option.
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

    private void emit() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        console.write(RunMetadata.sanitizeText(text).getBytes(StandardCharsets.UTF_8));
    }
}
