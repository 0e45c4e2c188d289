package org.poolbench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Where the virtual threads of a stalled fork stood when the runner's watchdog ended it, so that a stall names the
 * pool code it happened in, as the pinning table does for pins: a thread dump of the fork taken with
 * {@code jcmd <pid> Thread.dump_to_file} (which, unlike {@code jstack}, lists virtual threads), reduced to the
 * topmost pool-library frame of each virtual thread ({@link PinningReport#attributedFrame}). The dump itself is
 * deleted: it holds whole stacks of a fork, and only the reduced line is part of a run.
 */
final class StallDump {

    private StallDump() {
    }

    /**
     * Dumps the threads of {@code fork} into a temporary file and summarises them; never throws, since a stall is
     * reported with or without its dump.
     *
     * @return for example {@code "16 virtual threads; topmost pool frames: HikariCP
     *         com.zaxxer.hikari.util.ConcurrentBag.requite x1; 15 in no pool code"}, or why there is no dump
     */
    static String take(ProcessHandle fork) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("poolbench-stall");
            Path file = dir.resolve("fork-" + fork.pid() + ".txt");
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(fork.pid()), "Thread.dump_to_file",
                    "-format=text", file.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no thread dump: jcmd did not answer within 15 s";
            }
            if (p.exitValue() != 0 || !Files.exists(file)) {
                return "no thread dump: jcmd exited with " + p.exitValue();
            }
            return summarise(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return "no thread dump: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a leftover temporary file holds no secret; the stall is reported either way
                }
            }
        }
    }

    /**
     * Reduces a text thread dump ({@code Thread.dump_to_file -format=text}, JDK 21 and later) to its virtual threads'
     * topmost pool frames, most frequent first.
     */
    static String summarise(List<String> dump) {
        List<List<PinningReport.Frame>> virtualStacks = new ArrayList<>();
        List<PinningReport.Frame> current = null;
        for (String line : dump) {
            if (line.startsWith("#")) {
                current = line.contains("\" virtual ") ? new ArrayList<>() : null;
                if (current != null) {
                    virtualStacks.add(current);
                }
            } else if (current != null && line.trim().startsWith("at ")) {
                PinningReport.Frame frame = frame(line.trim().substring(3));
                if (frame != null) {
                    current.add(frame);
                }
            }
        }
        if (virtualStacks.isEmpty()) {
            return "no virtual thread in the thread dump";
        }
        Map<String, Integer> poolFrames = new TreeMap<>();
        int elsewhere = 0;
        for (List<PinningReport.Frame> stack : virtualStacks) {
            PinningReport.Frame top = PinningReport.attributedFrame(stack);
            String owner = top == null ? null : PinningReport.owner(top);
            if (owner == null || owner.startsWith("other: ")) {
                elsewhere++;
            } else {
                poolFrames.merge(owner + " " + top.className() + "." + top.method(), 1, Integer::sum);
            }
        }
        String pools = poolFrames.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
        return virtualStacks.size() + " virtual threads; topmost pool frames: " + (pools.isEmpty() ? "none" : pools)
                + (elsewhere == 0 ? "" : "; " + elsewhere + " in no pool code");
    }

    /** {@code java.base/java.lang.Thread.yield(Thread.java:460)} as class and method; null if it is no frame. */
    private static PinningReport.Frame frame(String text) {
        int paren = text.indexOf('(');
        String qualified = paren < 0 ? text : text.substring(0, paren);
        qualified = qualified.substring(qualified.indexOf('/') + 1); // the module, when there is one
        int dot = qualified.lastIndexOf('.');
        return dot <= 0 ? null : new PinningReport.Frame(qualified.substring(0, dot), qualified.substring(dot + 1));
    }
}
