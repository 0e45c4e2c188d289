package org.poolbench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StubUrlTest {

    // ---------------------------------------------------------------- good URLs

    @Test
    void parse_nameOnly_givesDefaults() {
        StubUrl url = StubUrl.parse("jdbc:stub:bench");

        assertEquals("bench", url.serverName());
        assertEquals("jdbc:stub:bench", url.url());
        assertEquals(Duration.ZERO, url.connectLatency());
        assertEquals(Duration.ZERO, url.prepareLatency());
        assertEquals(Duration.ZERO, url.executeLatency());
        assertEquals(0, url.failConnect());
        assertEquals(Duration.ZERO, url.failConnectsFor());
        assertEquals(0, url.maxConnections());
        assertEquals(0, url.badAfterUses());
        assertEquals(Optional.empty(), url.badAfterIdle());
        assertEquals("08006", url.badState());
    }

    @Test
    void parse_everyKey() {
        StubUrl url = StubUrl.parse("jdbc:stub:a-b_c.9;connectLatency=100us;prepareLatency=250ns;executeLatency=0"
                + ";failConnect=3;failConnectsFor=2s;maxConnections=10;badAfterUses=7;badAfterIdle=1ms;badState=57P01");

        assertEquals("a-b_c.9", url.serverName());
        assertEquals(Duration.ofNanos(100_000), url.connectLatency());
        assertEquals(Duration.ofNanos(250), url.prepareLatency());
        assertEquals(Duration.ZERO, url.executeLatency());
        assertEquals(3, url.failConnect());
        assertEquals(Duration.ofSeconds(2), url.failConnectsFor());
        assertEquals(10, url.maxConnections());
        assertEquals(7, url.badAfterUses());
        assertEquals(Optional.of(Duration.ofMillis(1)), url.badAfterIdle());
        assertEquals("57P01", url.badState());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "0ns, 0", "250ns, 250", "100us, 100000", "1ms, 1000000", "2s, 2000000000",
                "9223372036854775807ns, 9223372036854775807"})
    void parse_durations(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), StubUrl.parse("jdbc:stub:d;executeLatency=" + text).executeLatency());
    }

    @Test
    void parse_badAfterIdleZero_isALimitNotOff() {
        assertEquals(Optional.of(Duration.ZERO), StubUrl.parse("jdbc:stub:d;badAfterIdle=0").badAfterIdle());
    }

    @Test
    void formatNanos_usesLargestExactUnit() {
        assertEquals("0", StubUrl.formatNanos(0));
        assertEquals("2s", StubUrl.formatNanos(2_000_000_000L));
        assertEquals("1500ms", StubUrl.formatNanos(1_500_000_000L));
        assertEquals("100us", StubUrl.formatNanos(100_000L));
        assertEquals("250ns", StubUrl.formatNanos(250L));
    }

    // ---------------------------------------------------------------- bad URLs: the message is the API

    @Test
    void parse_notAStubUrl() {
        var e = assertThrows(IllegalArgumentException.class, () -> StubUrl.parse("jdbc:h2:mem:x"));
        assertEquals("'jdbc:h2:mem:x' is not a stub URL: it must start with jdbc:stub:,"
                + " e.g. jdbc:stub:bench;executeLatency=100us", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:stub:", "jdbc:stub:;executeLatency=0", "jdbc:stub:a b", "jdbc:stub:a/b"})
    void parse_invalidServerName(String url) {
        var e = assertThrows(IllegalArgumentException.class, () -> StubUrl.parse(url));
        assertTrue(e.getMessage().startsWith("stub URL '" + url + "' has an invalid server name"), e.getMessage());
        assertTrue(e.getMessage().endsWith("use one or more letters, digits, '_', '-' or '.', e.g. jdbc:stub:bench"));
    }

    @Test
    void parse_unknownKey_listsAcceptedKeys() {
        var e = assertThrows(IllegalArgumentException.class, () -> StubUrl.parse("jdbc:stub:x;latency=1ms"));
        // an unknown key's value is masked even when it looks like a duration: password=2024s is a password
        assertEquals("unknown key 'latency' in stub URL 'jdbc:stub:x;latency=****': accepted keys are connectLatency,"
                + " prepareLatency, executeLatency, failConnect, failConnectsFor, maxConnections, badAfterUses,"
                + " badAfterIdle, badState", e.getMessage());
    }

    @Test
    void parse_unknownKey_suggestsCaseFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> StubUrl.parse("jdbc:stub:x;executelatency=0"));
        assertTrue(e.getMessage().contains("(did you mean 'executeLatency'? keys are case-sensitive)"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "1 ms", "1m", "-1ms", "ms", "1.5ms", "", "+1ms", "1MS", "99999999999s"})
    void parse_malformedDuration(String value) {
        String url = "jdbc:stub:x;connectLatency=" + value;
        var e = assertThrows(IllegalArgumentException.class, () -> StubUrl.parse(url));
        assertTrue(e.getMessage().startsWith("invalid value '" + value + "' for key 'connectLatency' in stub URL '"
                + url + "': expected 0 or a non-negative integer followed by ns, us, ms or s"
                + " (e.g. 250ns, 100us, 1ms, 2s)"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"failConnect, 0", "failConnect, -1", "failConnect, x", "badAfterUses, 0", "badAfterUses, +3",
                "maxConnections, 2147483648", "maxConnections, ''"})
    void parse_malformedCount(String key, String value) {
        String url = "jdbc:stub:x;" + key + "=" + value;
        var e = assertThrows(IllegalArgumentException.class, () -> StubUrl.parse(url));
        long max = key.equals("maxConnections") ? Integer.MAX_VALUE : Long.MAX_VALUE;
        assertEquals("invalid value '" + value + "' for key '" + key + "' in stub URL '" + url
                + "': expected an integer from 1 to " + max, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0800", "080066", "08a06", ""})
    void parse_malformedSqlState(String value) {
        String url = "jdbc:stub:x;badState=" + value;
        var e = assertThrows(IllegalArgumentException.class, () -> StubUrl.parse(url));
        assertEquals("invalid value '" + value + "' for key 'badState' in stub URL '" + url
                + "': expected a SQLState of 5 digits or upper-case letters, e.g. 08006 or 57P01", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:stub:x;", "jdbc:stub:x;;failConnect=1", "jdbc:stub:x;failConnect", "jdbc:stub:x;=1"})
    void parse_malformedSetting(String url) {
        var e = assertThrows(IllegalArgumentException.class, () -> StubUrl.parse(url));
        assertTrue(e.getMessage().startsWith("malformed setting '"), e.getMessage());
        assertTrue(e.getMessage().endsWith("': expected key=value separated by ';',"
                + " e.g. jdbc:stub:bench;executeLatency=100us"), e.getMessage());
    }

    @Test
    void parse_repeatedKey() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> StubUrl.parse("jdbc:stub:x;failConnect=1;failConnect=2"));
        assertEquals("key 'failConnect' appears more than once in stub URL 'jdbc:stub:x;failConnect=1;failConnect=2':"
                + " give each key at most once", e.getMessage());
    }

    @Test
    void parse_null() {
        var e = assertThrows(IllegalArgumentException.class, () -> StubUrl.parse(null));
        assertEquals("stub URL is null; expected jdbc:stub:<name>[;key=value]*", e.getMessage());
    }

    // ---------------------------------------------------------------- bad URLs: the message never shows a secret

    /**
     * Each row: a malformed URL carrying the secret {@code hunter2}, and what its message must still show so that the
     * reader can fix it. The parser stops at the first error, so a secret after it would be echoed with the URL.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        jdbc:stub:x;password=hunter2                          | unknown key 'password' in stub URL 'jdbc:stub:x;password=****'
        jdbc:stub:x;executeLatency=1s;secret=hunter2          | unknown key 'secret' in stub URL 'jdbc:stub:x;executeLatency=1s;secret=****'
        jdbc:stub:x;failConnect=oops;password=hunter2         | invalid value 'oops' for key 'failConnect' in stub URL 'jdbc:stub:x;failConnect=oops;password=****'
        jdbc:stub:x;connectLatency=1ms&password=hunter2       | invalid value '****' for key 'connectLatency' in stub URL 'jdbc:stub:x;connectLatency=****'
        jdbc:stub:x;failConnect=1;failConnect=2;pass=hunter2  | key 'failConnect' appears more than once in stub URL 'jdbc:stub:x;failConnect=1;failConnect=2;pass=****'
        jdbc:stub:bob:hunter2@db                              | stub URL 'jdbc:stub:****' has an invalid server name '****'
        jdbc:stub:x;bob:hunter2@db;failConnect                | malformed setting '****' in stub URL 'jdbc:stub:x;****;failConnect'
        jdbc:postgresql://bob:hunter2@db/app                  | 'jdbc:postgresql:****' is not a stub URL
        jdbc:stub:x;password=hun;ter2                         | unknown key 'password' in stub URL 'jdbc:stub:x;password=****;****'
        jdbc:stub:x;password hunter2                          | malformed setting '****' in stub URL 'jdbc:stub:x;****'
        jdbc:stub:x;password=2024s;pw=hunter2ms               | unknown key 'password' in stub URL 'jdbc:stub:x;password=****;pw=****'
        """)
    void parse_malformedUrlWithSecret_messageMasksIt(String url, String shown) {
        var e = assertThrows(IllegalArgumentException.class, () -> StubUrl.parse(url));
        assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("ter2")
                || e.getMessage().contains("2024s"), e.getMessage());
        assertTrue(e.getMessage().startsWith(shown), e.getMessage());
    }
}
