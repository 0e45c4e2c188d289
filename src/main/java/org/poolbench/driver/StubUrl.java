package org.poolbench.driver;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parsed settings of one {@code jdbc:stub:} URL.
 *
 * <p>Grammar: {@code jdbc:stub:<name>[;key=value]*}, for example
 * {@code jdbc:stub:bench;connectLatency=100us;executeLatency=0}. The name selects a {@link StubServer}: every URL with
 * the same name shares that server's counters and faults. The keys, all optional, each at most once, case-sensitive:
 *
 * <table>
 *   <caption>URL keys</caption>
 *   <tr><th>key</th><th>value</th><th>default</th><th>effect</th></tr>
 *   <tr><td>{@code connectLatency}</td><td>duration</td><td>0</td><td>time spent in each connect attempt</td></tr>
 *   <tr><td>{@code prepareLatency}</td><td>duration</td><td>0</td>
 *       <td>time spent in each prepareStatement/prepareCall</td></tr>
 *   <tr><td>{@code executeLatency}</td><td>duration</td><td>0</td><td>time spent in each execute* call</td></tr>
 *   <tr><td>{@code failConnect}</td><td>integer &ge; 1</td><td>off</td>
 *       <td>the server's N-th connect attempt (1-based, counted by the server across all its URLs) fails</td></tr>
 *   <tr><td>{@code failConnectsFor}</td><td>duration</td><td>0 (off)</td>
 *       <td>every connect through this URL fails until this much server-clock time has passed since the server
 *       first saw this exact URL string (its first connect attempt after the server was created or reset)</td></tr>
 *   <tr><td>{@code maxConnections}</td><td>integer &ge; 1</td><td>unlimited</td>
 *       <td>a connect attempt that arrives while N connections are open or being opened fails with SQLState
 *       53300 (after its {@code connectLatency}); an attempt holds its slot from its start, as a PostgreSQL
 *       backend does while it authenticates</td></tr>
 *   <tr><td>{@code badAfterUses}</td><td>integer &ge; 1</td><td>off</td>
 *       <td>a connection's first N execute* calls succeed, then it is broken</td></tr>
 *   <tr><td>{@code badAfterIdle}</td><td>duration</td><td>off</td>
 *       <td>a connection with no operation for longer than this is broken at its next operation or isValid</td></tr>
 *   <tr><td>{@code badState}</td><td>SQLState</td><td>{@code 08006}</td>
 *       <td>the SQLState a broken connection throws</td></tr>
 * </table>
 *
 * <p>A duration is {@code 0} or a non-negative integer followed by {@code ns}, {@code us}, {@code ms} or {@code s}:
 * {@code 250ns}, {@code 100us}, {@code 1ms}, {@code 2s}. The driver parses each distinct URL string once and caches
 * the result, so instances are immutable and shared by every connection made through the same URL.
 *
 * <p>An error about a malformed URL repeats it only in the form {@link #redacted} gives, which masks everything the
 * grammar cannot vouch for: a {@code password=} meant for a real database never reaches a message.
 */
public final class StubUrl {

    /** The prefix every stub URL starts with. */
    public static final String PREFIX = "jdbc:stub:";

    /** SQLState of a broken connection when the URL has no {@code badState}: PostgreSQL's connection_failure. */
    public static final String DEFAULT_BAD_STATE = "08006";

    /** Every key the grammar accepts, in the order error messages list them. */
    public static final List<String> KEYS = List.of("connectLatency", "prepareLatency", "executeLatency",
            "failConnect", "failConnectsFor", "maxConnections", "badAfterUses", "badAfterIdle", "badState");

    /** What {@link #redacted} shows in place of a part of a URL that it will not repeat. */
    static final String MASK = "****";

    /**
     * Text that a message may repeat from a malformed URL: letters, digits, spaces and {@code _ . + / -}, enough for
     * every value and name the grammar accepts and for the usual typos ({@code 1 ms}, {@code a b}), but none of the
     * {@code : @ = & ? ;} that user info and {@code key=value} pairs are made of.
     */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9 _.+/\\-]*");

    private static final String DURATION_FORMAT =
            "0 or a non-negative integer followed by ns, us, ms or s (e.g. 250ns, 100us, 1ms, 2s)";

    private final String url;
    private final String serverName;
    // Nanosecond longs rather than Durations because the hot paths read them on every call.
    final long connectLatencyNanos;
    final long prepareLatencyNanos;
    final long executeLatencyNanos;
    /** 0 means off. */
    final long failConnect;
    /** 0 means off. */
    final long failConnectsForNanos;
    /** 0 means unlimited. */
    final int maxConnections;
    /** 0 means off. */
    final long badAfterUses;
    /** Negative means off; 0 is a legal limit (any elapsed server-clock time breaks the connection). */
    final long badAfterIdleNanos;
    final String badState;

    private StubUrl(String url, String serverName, long connectLatencyNanos, long prepareLatencyNanos,
                    long executeLatencyNanos, long failConnect, long failConnectsForNanos, int maxConnections,
                    long badAfterUses, long badAfterIdleNanos, String badState) {
        this.url = url;
        this.serverName = serverName;
        this.connectLatencyNanos = connectLatencyNanos;
        this.prepareLatencyNanos = prepareLatencyNanos;
        this.executeLatencyNanos = executeLatencyNanos;
        this.failConnect = failConnect;
        this.failConnectsForNanos = failConnectsForNanos;
        this.maxConnections = maxConnections;
        this.badAfterUses = badAfterUses;
        this.badAfterIdleNanos = badAfterIdleNanos;
        this.badState = badState;
    }

    /**
     * Parses a stub URL.
     *
     * @param url a URL such as {@code jdbc:stub:bench;executeLatency=100us}
     * @return the parsed settings
     * @throws IllegalArgumentException if the URL does not start with {@value #PREFIX}, has an invalid server name,
     *         a malformed {@code key=value} pair, an unknown or repeated key, or a malformed value; the message names
     *         the offending key and value and says what is accepted
     */
    public static StubUrl parse(String url) {
        if (url == null) {
            throw new IllegalArgumentException("stub URL is null; expected jdbc:stub:<name>[;key=value]*");
        }
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("'" + redacted(url) + "' is not a stub URL: it must start with " + PREFIX
                    + ", e.g. jdbc:stub:bench;executeLatency=100us");
        }
        String[] parts = url.substring(PREFIX.length()).split(";", -1);
        String name = parts[0];
        if (!isValidServerName(name)) {
            throw new IllegalArgumentException("stub URL '" + redacted(url) + "' has an invalid server name '"
                    + (isPlain(name) ? name : MASK)
                    + "': use one or more letters, digits, '_', '-' or '.', e.g. jdbc:stub:bench");
        }
        long connectLatency = 0;
        long prepareLatency = 0;
        long executeLatency = 0;
        long failConnect = 0;
        long failConnectsFor = 0;
        int maxConnections = 0;
        long badAfterUses = 0;
        long badAfterIdle = -1;
        String badState = DEFAULT_BAD_STATE;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed setting '" + shownMalformedPart(part)
                        + "' in stub URL '" + redacted(url)
                        + "': expected key=value separated by ';', e.g. jdbc:stub:bench;executeLatency=100us");
            }
            String key = part.substring(0, eq);
            String value = part.substring(eq + 1);
            if (!seen.add(key)) {
                throw new IllegalArgumentException("key '" + key + "' appears more than once in stub URL '"
                        + redacted(url) + "': give each key at most once");
            }
            switch (key) {
                case "connectLatency" -> connectLatency = parseDurationNanos(key, value, url);
                case "prepareLatency" -> prepareLatency = parseDurationNanos(key, value, url);
                case "executeLatency" -> executeLatency = parseDurationNanos(key, value, url);
                case "failConnect" -> failConnect = parseCount(key, value, url, Long.MAX_VALUE);
                case "failConnectsFor" -> failConnectsFor = parseDurationNanos(key, value, url);
                case "maxConnections" -> maxConnections = (int) parseCount(key, value, url, Integer.MAX_VALUE);
                case "badAfterUses" -> badAfterUses = parseCount(key, value, url, Long.MAX_VALUE);
                case "badAfterIdle" -> badAfterIdle = parseDurationNanos(key, value, url);
                case "badState" -> badState = parseSqlState(key, value, url);
                default -> throw unknownKey(key, url);
            }
        }
        return new StubUrl(url, name, connectLatency, prepareLatency, executeLatency, failConnect, failConnectsFor,
                maxConnections, badAfterUses, badAfterIdle, badState);
    }

    // ---------------------------------------------------------------- accessors

    /** @return the URL exactly as given to {@link #parse} */
    public String url() {
        return url;
    }

    /** @return the server name, the part between {@value #PREFIX} and the first ';' */
    public String serverName() {
        return serverName;
    }

    /** @return the simulated latency of each connect attempt, {@link Duration#ZERO} if none */
    public Duration connectLatency() {
        return Duration.ofNanos(connectLatencyNanos);
    }

    /** @return the simulated latency of each prepareStatement/prepareCall, {@link Duration#ZERO} if none */
    public Duration prepareLatency() {
        return Duration.ofNanos(prepareLatencyNanos);
    }

    /** @return the simulated latency of each execute* call, {@link Duration#ZERO} if none */
    public Duration executeLatency() {
        return Duration.ofNanos(executeLatencyNanos);
    }

    /** @return the 1-based server connect attempt that fails, or 0 if {@code failConnect} is not set */
    public long failConnect() {
        return failConnect;
    }

    /** @return how long connects through this URL fail after the server first sees it, {@link Duration#ZERO} if off */
    public Duration failConnectsFor() {
        return Duration.ofNanos(failConnectsForNanos);
    }

    /** @return the server-side limit on live connections, or 0 if unlimited */
    public int maxConnections() {
        return maxConnections;
    }

    /** @return the number of execute* calls after which a connection breaks, or 0 if {@code badAfterUses} is not set */
    public long badAfterUses() {
        return badAfterUses;
    }

    /** @return the idle time after which a connection breaks, empty if {@code badAfterIdle} is not set */
    public Optional<Duration> badAfterIdle() {
        return badAfterIdleNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(badAfterIdleNanos));
    }

    /** @return the SQLState a broken connection throws */
    public String badState() {
        return badState;
    }

    /**
     * @return the URL; a parsed stub URL carries no credentials (the grammar accepts only its own keys, and the driver
     *         takes user and password only from properties, which it ignores)
     */
    @Override
    public String toString() {
        return url;
    }

    // ---------------------------------------------------------------- parsing helpers

    private static boolean isValidServerName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code 0} or digits followed by ns, us, ms or s; the result is in nanoseconds. */
    static long parseDurationNanos(String key, String value, String url) {
        if (value.equals("0")) {
            return 0;
        }
        int digits = 0;
        while (digits < value.length() && value.charAt(digits) >= '0' && value.charAt(digits) <= '9') {
            digits++;
        }
        long unitNanos = switch (value.substring(digits)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> -1L;
        };
        if (digits == 0 || unitNanos < 0) {
            throw invalidValue(key, value, url, DURATION_FORMAT);
        }
        try {
            return Math.multiplyExact(Long.parseLong(value, 0, digits, 10), unitNanos);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalidValue(key, value, url, DURATION_FORMAT + ", at most 9223372036854775807ns (about 292 years)");
        }
    }

    private static long parseCount(String key, String value, String url, long max) {
        String accepted = "an integer from 1 to " + max;
        // Long.parseLong would accept a leading '+' or '-'; the grammar is digits only.
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                throw invalidValue(key, value, url, accepted);
            }
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // empty or too many digits: reported below like any other out-of-range value
        }
        throw invalidValue(key, value, url, accepted);
    }

    private static String parseSqlState(String key, String value, String url) {
        boolean ok = value.length() == 5;
        for (int i = 0; ok && i < 5; i++) {
            char c = value.charAt(i);
            ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
        }
        if (!ok) {
            throw invalidValue(key, value, url, "a SQLState of 5 digits or upper-case letters, e.g. 08006 or 57P01");
        }
        return value;
    }

    private static IllegalArgumentException invalidValue(String key, String value, String url, String accepted) {
        return new IllegalArgumentException("invalid value '" + (isPlain(value) ? value : MASK) + "' for key '" + key
                + "' in stub URL '" + redacted(url) + "': expected " + accepted);
    }

    private static IllegalArgumentException unknownKey(String key, String url) {
        String hint = "";
        for (String known : KEYS) {
            if (known.equalsIgnoreCase(key)) {
                hint = " (did you mean '" + known + "'? keys are case-sensitive)";
            }
        }
        return new IllegalArgumentException("unknown key '" + (isPlain(key) ? key : MASK) + "' in stub URL '"
                + redacted(url) + "'" + hint
                + ": accepted keys are " + String.join(", ", KEYS));
    }

    /**
     * The URL as error messages show it. The parser stops at the first error, so a message that repeated the URL as
     * given would also repeat whatever came after the error, such as a {@code password=} meant for a real database.
     * This form shows only what the stub grammar can explain: the server name and each known key's value if
     * {@linkplain #PLAIN plain}, and an unknown key's name if plain; an unknown key's value (even one that looks like
     * a duration: {@code password=2024s} is a password) and every part that is no {@code key=value} pair (the tail of
     * a password containing {@code ;}, or {@code password hunter2}) are shown as {@value #MASK}. It needs no list of
     * secret words, so the driver does not depend on the pool's redaction.
     *
     * @param url a URL, stub or not
     * @return the URL with everything the grammar cannot vouch for masked
     */
    static String redacted(String url) {
        if (!url.startsWith(PREFIX)) {
            if (PLAIN.matcher(url.replace(':', ' ')).matches()) {
                return url;
            }
            int scheme = url.indexOf(':');
            int subprotocol = scheme < 0 ? -1 : url.indexOf(':', scheme + 1);
            return subprotocol < 0 || !isPlain(url.substring(0, subprotocol).replace(':', ' '))
                    ? MASK : url.substring(0, subprotocol + 1) + MASK;
        }
        String[] parts = url.substring(PREFIX.length()).split(";", -1);
        StringBuilder out = new StringBuilder(PREFIX).append(isPlain(parts[0]) ? parts[0] : MASK);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int eq = part.indexOf('=');
            out.append(';');
            if (eq <= 0) {
                out.append(shownMalformedPart(part));
                continue;
            }
            String key = part.substring(0, eq);
            String value = part.substring(eq + 1);
            boolean showValue = KEYS.contains(key) && isPlain(value);
            out.append(isPlain(key) ? key : MASK).append('=').append(showValue ? value : MASK);
        }
        return out.toString();
    }

    /**
     * A part that is no {@code key=value} pair as a message shows it: empty or a known key's bare name as given, which
     * reveals nothing and tells the reader what is missing; anything else as {@value #MASK}, since it may be a
     * password's tail after a {@code ;} it contained, or a setting typed with a space ({@code password hunter2}).
     */
    private static String shownMalformedPart(String part) {
        return part.isEmpty() || KEYS.contains(part) ? part : MASK;
    }

    private static boolean isPlain(String text) {
        return PLAIN.matcher(text).matches();
    }

    /**
     * Formats nanoseconds in the URL's duration grammar with the largest unit that represents them exactly, so fault
     * messages read like the URL that caused them ({@code 1s}, {@code 1500us}).
     */
    static String formatNanos(long nanos) {
        if (nanos == 0) {
            return "0";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
