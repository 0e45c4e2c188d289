package org.poolbench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Which pool pinned its virtual threads to their carriers, from the JFR recordings of a virtual-thread step's forks
 * ({@link JmhOptions#pinningRecording(Path)}): every {@code jdk.VirtualThreadPinned} event is attributed to the
 * topmost frame of its stack that belongs to a pool library ({@link #LIBRARIES}); an event with no such frame goes
 * to the topmost frame outside the JDK ({@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}), else to its top
 * frame, so a pin is always named by where it happened.
 *
 * <p>On JDK 24 and later (JEP 491) a virtual thread no longer pins inside {@code synchronized}; it still pins in a
 * native frame or a class initializer. Zero events is then a real result, and the summary says so with the JDK.
 *
 * @param recordings the JFR files read (one per fork)
 * @param lines      per pool (or other frame), most events first
 */
record PinningReport(int recordings, List<Line> lines) {

    /** The JFR event of a virtual thread that blocked while pinned to its carrier. */
    static final String EVENT = "jdk.VirtualThreadPinned";

    /** Package prefixes of the pool libraries, and the names the summary gives them. */
    static final Map<String, String> LIBRARIES = libraries();

    private static Map<String, String> libraries() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("org.poolbench.pool.", "poolbench");
        m.put("com.zaxxer.hikari.", "HikariCP");
        m.put("com.mchange.", "c3p0");
        m.put("org.vibur.", "Vibur DBCP");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /**
     * The pins attributed to one pool library, or to one frame outside them.
     *
     * @param owner    a library name from {@link #LIBRARIES}, or {@code other: <class>} for a pin in no pool
     * @param events   pinned events
     * @param pinned   their durations summed
     * @param topFrame the most frequent attributed frame, {@code class.method}
     * @param reason   the most frequent {@code pinnedReason} JFR gave (JDK 24+, e.g. {@code VM call to
     *                 X.<clinit> on stack}: a one-time class initialisation); empty before JDK 24
     */
    record Line(String owner, long events, Duration pinned, String topFrame, String reason) {
    }

    /** A stack frame as the attribution sees it. */
    record Frame(String className, String method) {

        @Override
        public String toString() {
            return className + "." + method;
        }
    }

    /** An empty report: no recording held an event. */
    static PinningReport none(int recordings) {
        return new PinningReport(recordings, List.of());
    }

    /** The events in total. */
    long events() {
        return lines.stream().mapToLong(Line::events).sum();
    }

    /**
     * Reads every {@code .jfr} file in {@code folder} (none if it does not exist).
     *
     * @throws IOException if a file cannot be read as a JFR recording
     */
    static PinningReport read(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (var list = Files.list(folder)) {
                list.filter(p -> p.getFileName().toString().endsWith(".jfr")).sorted().forEach(files::add);
            }
        }
        List<Pin> pins = new ArrayList<>();
        for (Path file : files) {
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (!e.getEventType().getName().equals(EVENT)) {
                    continue;
                }
                List<Frame> frames = new ArrayList<>();
                if (e.getStackTrace() != null) {
                    for (RecordedFrame f : e.getStackTrace().getFrames()) {
                        if (f.getMethod() != null) {
                            frames.add(new Frame(f.getMethod().getType().getName(), f.getMethod().getName()));
                        }
                    }
                }
                // pinnedReason exists from JDK 24 on
                pins.add(new Pin(frames, e.getDuration(),
                        e.hasField("pinnedReason") ? String.valueOf(e.getString("pinnedReason")) : ""));
            }
        }
        return of(files.size(), pins);
    }

    /** One pinned event: its stack, top frame first, how long the thread stayed pinned, and why (or empty). */
    record Pin(List<Frame> stack, Duration duration, String reason) {

        /** A pin without a reason, as JDK 21 to 23 record it. */
        Pin(List<Frame> stack, Duration duration) {
            this(stack, duration, "");
        }
    }

    /** The report of {@code pins} read from {@code recordings} files. */
    static PinningReport of(int recordings, List<Pin> pins) {
        record Tally(long[] events, Duration[] pinned, Map<String, Long> frames, Map<String, Long> reasons) {
        }
        Map<String, Tally> byOwner = new TreeMap<>();
        for (Pin pin : pins) {
            Frame frame = attributedFrame(pin.stack());
            String owner = frame == null ? "other: (no stack)" : owner(frame);
            Tally t = byOwner.computeIfAbsent(owner,
                    k -> new Tally(new long[1], new Duration[] {Duration.ZERO}, new TreeMap<>(), new TreeMap<>()));
            t.events()[0]++;
            t.pinned()[0] = t.pinned()[0].plus(pin.duration());
            t.frames().merge(frame == null ? "?" : frame.toString(), 1L, Long::sum);
            t.reasons().merge(pin.reason(), 1L, Long::sum);
        }
        List<Line> lines = new ArrayList<>();
        byOwner.forEach((owner, t) -> {
            lines.add(new Line(owner, t.events()[0], t.pinned()[0], mostFrequent(t.frames()),
                    mostFrequent(t.reasons())));
        });
        lines.sort(Comparator.comparingLong(Line::events).reversed().thenComparing(Line::owner));
        return new PinningReport(recordings, List.copyOf(lines));
    }

    /** The most frequent key; ties go to the first by name, so the result never depends on file order. */
    private static String mostFrequent(Map<String, Long> counts) {
        return counts.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
    }

    /**
     * The frame a pin is attributed to: the topmost pool library frame, else the topmost frame outside the JDK,
     * else the top frame; null for an empty stack.
     */
    static Frame attributedFrame(List<Frame> stack) {
        for (Frame f : stack) {
            if (library(f.className()) != null) {
                return f;
            }
        }
        for (Frame f : stack) {
            if (JDK_PACKAGES.stream().noneMatch(f.className()::startsWith)) {
                return f;
            }
        }
        return stack.isEmpty() ? null : stack.get(0);
    }

    /** The library a frame belongs to, or {@code other: <class>}. */
    static String owner(Frame frame) {
        String library = library(frame.className());
        return library != null ? library : "other: " + frame.className();
    }

    private static String library(String className) {
        for (Map.Entry<String, String> e : LIBRARIES.entrySet()) {
            if (className.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
