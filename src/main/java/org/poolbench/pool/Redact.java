package org.poolbench.pool;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text meant for people: logs, exception messages, {@code toString()}, and the bench runner's
 * run metadata (public for that one other user, so both apply the same rules).
 *
 * <p>A key is secret by what it means, not by its spelling. It is first normalised: percent-decoded, a JVM
 * option's {@code -D} dropped, lower-cased, and everything that is not a letter ({@code -}, {@code _}, {@code .},
 * digits) removed, so {@code password2}, {@code secret-key}, {@code apiKey}, {@code API_KEY}, {@code DBPASS} and
 * {@code -Ddb.password} are judged alike. Words that merely contain {@code pass} ({@code passive},
 * {@code bypass}, {@code compass}, {@code passthrough}, {@code passport}, {@code passenger}) are then struck out,
 * and the key is secret if what is left
 * <ul>
 *   <li>contains {@code password}, {@code passwd}, {@code passphrase}, {@code pass}, {@code pwd}, {@code secret},
 *       {@code token}, {@code credential} or {@code auth} (also settings about authentication, such as MySQL's
 *       {@code authenticationPluginClassName}: hiding a plugin name costs little, showing a secret costs much);</li>
 *   <li>ends in {@code pw} ({@code rootpw});</li>
 *   <li>contains a private, API, access, client, encryption, master, signing, shared, session or secret key
 *       ({@code private_key}, {@code accessKeyId}, {@code masterkey}), or is just {@code key}.</li>
 * </ul>
 * Keys that are not secrets ({@code publicKey}, {@code keyStoreType}, {@code primaryKey}, {@code monkey}) stay
 * readable. A user name is not a secret: {@code user} stays readable, since error messages that name the user are
 * what a reader needs to act.
 *
 * <p>Where a secret value ends depends on where its key stands: after {@code ?} or {@code &} (a URL query) it runs
 * to the next {@code &}, {@code #}, whitespace or the end; after {@code ;} (H2's and SQL Server's properties) to the
 * next {@code ;}; elsewhere (free text, a command line) to the next {@code ;}, {@code &} or line end, or to whitespace
 * followed by another option, else to the end. A quoted or braced value runs to its closing quote or brace. When in
 * doubt more is hidden, never less: the cost of hiding a setting is a reader's question, of showing a secret a
 * breach.
 */
public final class Redact {
    /** What a secret is replaced with. */
    public static final String MASK = "****";

    /**
     * Known secrets shorter than this are not searched for in quoted text: a one- or two-character password would
     * mask every occurrence of that letter pair and make a message unreadable, while hiding little.
     */
    public static final int MIN_KNOWN_SECRET_LENGTH = 3;

    /** Words containing {@code pass} that name no secret; struck out of a normalised key before it is judged. */
    private static final List<String> BENIGN_WORDS =
            List.of("passive", "bypass", "compass", "passthrough", "passport", "passenger");

    /** Fragments that make a normalised key secret wherever they occur in it. */
    private static final List<String> SECRET_FRAGMENTS = List.of("password", "passwd", "passphrase", "pass", "pwd",
            "secret", "token", "credential", "auth", "privatekey", "apikey", "accesskey", "clientkey",
            "encryptionkey", "masterkey", "signingkey", "sharedkey", "sessionkey", "secretkey");

    /** Anything that is not a letter: dropped from a key before it is judged. */
    private static final Pattern NON_LETTERS = Pattern.compile("[^\\p{L}]+");

    /**
     * A secret may follow a key as {@code key=value}, {@code key: value}, {@code "key":"value"} or
     * {@code key 'value'}. Only the key and its separator are matched: the value's extent is decided after the key
     * is judged, so that a non-secret value never swallows the assignment after it. A key may hold percent escapes
     * ({@code pass%77ord}).
     */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?<![\\w.\\-%])([\\w.\\-%]+)([\"']?\\s*[=:]\\s*|\\s+(?=[\"']))");

    /** Spaces, then what starts another word of a command line: an option ({@code -x}) or a {@code key=}. */
    private static final Pattern NEXT_OPTION = Pattern.compile("\\s+(?:-|[\\w.\\-%]+\\s*=)");

    /** Where authority-style user info may start: {@code //}. */
    private static final Pattern AUTHORITY_START = Pattern.compile("//");

    /** Oracle's {@code jdbc:oracle:thin:user/secret@host}: up to and including the {@code /} before the secret. */
    private static final Pattern ORACLE_USER = Pattern.compile("(?i)jdbc:oracle:\\w+:[^/@:;?\\s\"]*/");

    private Redact() {
    }

    /**
     * Whether a property key names a secret (see the class description for what counts). A JVM option's {@code -D}
     * prefix is ignored, so {@code -Dpass} is judged as {@code pass}.
     *
     * @param key a property, URL parameter or system property name; null is no secret
     * @return true if values under this key must never be shown
     */
    public static boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String name = key.startsWith("-D") ? key.substring(2) : key;
        if (name.indexOf('%') >= 0) {
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformedEscape) {
                // judged as written; the letters around a broken escape still count
            }
        }
        String normalised = NON_LETTERS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("");
        for (String benign : BENIGN_WORDS) {
            normalised = normalised.replace(benign, " ");
        }
        if (normalised.equals("key") || normalised.endsWith("pw")) {
            return true;
        }
        for (String fragment : SECRET_FRAGMENTS) {
            if (normalised.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The URL with every secret parameter and user-info password replaced by {@value #MASK}; the rest of the URL is
     * kept as given.
     *
     * @param url a JDBC URL, or any text that may contain one; null gives null
     * @return the URL without secrets
     */
    public static String url(String url) {
        return text(url);
    }

    /**
     * The text with secrets replaced by {@value #MASK}: the values of secret assignments (see the class description
     * for where a value ends), the password of URL user info ({@code //user:secret@host}, where the user info runs
     * to the last {@code @} that a host follows, so a user or password containing {@code @}, {@code /} or
     * {@code ?} is hidden whole) and Oracle's {@code user/secret@}. Meant for text from elsewhere that may quote a
     * URL, such as a driver's exception message.
     *
     * @param text any text; null gives null
     * @return the text without secrets
     */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        return mask(text, null);
    }

    /**
     * The secrets the rules of {@link #text(String)} find in {@code text}, as written there: for a caller that holds
     * a URL or properties and must also hide those secrets where other text quotes them without a key.
     *
     * @param text any text; null gives none
     * @return each masked value, in the order found; empty if there is none
     */
    public static List<String> secretsIn(String text) {
        List<String> found = new ArrayList<>();
        if (text != null) {
            mask(text, found);
        }
        return found;
    }

    /** Applies every rule; adds each masked value to {@code found} unless it is null. */
    private static String mask(String text, List<String> found) {
        String out = maskAssignments(text, found);
        out = maskOracleUserPassword(out, found);
        return maskUserInfo(out, found);
    }

    /** Adds {@code text[start, end)} to {@code found} if there is one and the value is not itself a mask. */
    private static void record(List<String> found, String text, int start, int end) {
        if (found != null && end > start) {
            String value = text.substring(start, end);
            if (!value.equals(MASK)) {
                found.add(value);
            }
        }
    }

    /**
     * {@link #text(String)}, after every literal occurrence of each known secret has been replaced by
     * {@value #MASK}: for text quoted from a driver, which may name the configured password in words of its own
     * ("password tried: x") that no rule recognises. Secrets shorter than {@value #MIN_KNOWN_SECRET_LENGTH}
     * characters are not searched for.
     *
     * @param text         any text; null gives null
     * @param knownSecrets the secrets this caller holds, such as a pool's configured password; nulls are skipped
     * @return the text without the known secrets and without anything the rules find
     */
    public static String text(String text, Collection<String> knownSecrets) {
        if (text == null) {
            return null;
        }
        List<String> longestFirst = new ArrayList<>();
        for (String secret : knownSecrets) {
            if (secret != null && secret.length() >= MIN_KNOWN_SECRET_LENGTH) {
                longestFirst.add(secret);
            }
        }
        // A secret that contains another is replaced first, so that none of it is left beside the shorter one's mask.
        longestFirst.sort((a, b) -> Integer.compare(b.length(), a.length()));
        String out = text;
        for (String secret : longestFirst) {
            out = out.replace(secret, MASK);
        }
        return text(out);
    }

    private static String maskAssignments(String text, List<String> found) {
        Matcher m = ASSIGNMENT.matcher(text);
        return maskSpans(text, found, from -> {
            while (from <= text.length() && m.find(from)) {
                if (!isSecretKey(m.group(1))) {
                    // The value may hold the next assignment (free text: "user=bob password=x"): look on after the key.
                    from = m.end(1);
                    continue;
                }
                int keyStart = m.start(1);
                char before = keyStart == 0 ? ' ' : text.charAt(keyStart - 1);
                int valueEnd = valueEnd(text, m.end(), before);
                if (valueEnd == m.end()) {
                    // Nothing to hide ("password:" at the end of a word); a mask would suggest a value that is not there.
                    from = m.end();
                    continue;
                }
                return new int[] {m.end(), valueEnd};
            }
            return null;
        });
    }

    /** Finds the next stretch of text to mask at or after {@code from}: {start, end}, or null when there is none. */
    @FunctionalInterface
    private interface SecretFinder {
        int[] next(int from);
    }

    /**
     * Replaces each stretch {@code finder} finds with {@value #MASK}, recording what it hid in {@code found}; the
     * text itself when nothing is found. The search goes on after each stretch, so every finder moves forward.
     */
    private static String maskSpans(String text, List<String> found, SecretFinder finder) {
        StringBuilder out = null;
        int copied = 0;
        for (int[] span = finder.next(0); span != null; span = finder.next(Math.max(span[1], span[0] + 1))) {
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, span[0]).append(MASK);
            record(found, text, span[0], span[1]);
            copied = span[1];
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * Where a secret value starting at {@code start} ends, given the character before its key: a quoted or braced
     * value at its closing quote or brace; after {@code ?} or {@code &} at the next {@code &}, {@code #} or
     * whitespace; after {@code ;} at the next {@code ;}; elsewhere at the next {@code ;}, {@code &} or line end, or
     * where a space is followed by another option or assignment (a command line's {@code -Dpassword=x -Dy=2}). A space
     * alone does not end a value outside a query, since a password may contain spaces.
     */
    private static int valueEnd(String text, int start, char beforeKey) {
        if (start < text.length()) {
            char first = text.charAt(start);
            if (first == '{') {
                return closing(text, start, '}', true);
            }
            if (first == '"' || first == '\'') {
                return closing(text, start, first, false);
            }
        }
        int i = start;
        if (beforeKey == '?' || beforeKey == '&') {
            while (i < text.length() && text.charAt(i) != '&' && text.charAt(i) != '#'
                    && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            return i;
        }
        if (beforeKey == ';') {
            int semicolon = text.indexOf(';', start);
            return semicolon < 0 ? text.length() : semicolon;
        }
        Matcher nextOption = NEXT_OPTION.matcher(text);
        while (i < text.length() && ";&\r\n".indexOf(text.charAt(i)) < 0
                && !(Character.isWhitespace(text.charAt(i)) && nextOption.region(i, text.length()).lookingAt())) {
            i++;
        }
        return i;
    }

    /**
     * The index after the quote or brace that closes the value opening at {@code start}; the end of the text if
     * none does (then all of the rest may be the secret). A doubled closing brace is SQL Server's escaped brace; a
     * backslash escapes the next character inside quotes (JSON).
     */
    private static int closing(String text, int start, char close, boolean doubledEscapes) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!doubledEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == close) {
                if (doubledEscapes && i + 1 < text.length() && text.charAt(i + 1) == close) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    /**
     * Masks Oracle's {@code user/secret}: after the {@code /}, a quoted password to its closing quote, else to the
     * last {@code @} before whitespace, or to the whitespace or end if no {@code @} follows (a URL with no host).
     */
    private static String maskOracleUserPassword(String text, List<String> found) {
        Matcher m = ORACLE_USER.matcher(text);
        return maskSpans(text, found, from -> {
            if (from >= text.length() || !m.find(from)) {
                return null;
            }
            int start = m.end();
            if (start < text.length() && text.charAt(start) == '"') {
                return new int[] {start, closing(text, start, '"', false)};
            }
            int tokenEnd = start;
            while (tokenEnd < text.length() && !Character.isWhitespace(text.charAt(tokenEnd))) {
                tokenEnd++;
            }
            int at = text.lastIndexOf('@', tokenEnd - 1);
            return new int[] {start, at >= start ? at : tokenEnd};
        });
    }

    /**
     * Masks URL user info's password: after {@code //}, the user info is the text up to the last {@code @} that a
     * host-like character follows, provided that text holds no {@code =} and no whitespace (so SQL Server's
     * {@code //host:1433;user=name@tenant} keeps its port); everything after its first {@code :} is the password.
     */
    private static String maskUserInfo(String text, List<String> found) {
        Matcher m = AUTHORITY_START.matcher(text);
        return maskSpans(text, found, from -> {
            while (from < text.length() && m.find(from)) {
                int start = m.end();
                int limit = start;
                while (limit < text.length() && text.charAt(limit) != '=' && !Character.isWhitespace(text.charAt(limit))) {
                    limit++;
                }
                int at = -1;
                for (int i = limit - 1; i >= start; i--) {
                    if (text.charAt(i) == '@' && i + 1 < text.length() && isHostStart(text.charAt(i + 1))) {
                        at = i;
                        break;
                    }
                }
                int colon = at < 0 ? -1 : text.indexOf(':', start);
                if (colon < 0 || colon > at) {
                    from = start;
                    continue;
                }
                return new int[] {colon + 1, at};
            }
            return null;
        });
    }

    /** A character a host name, an IPv4 or IPv6 address, or Oracle's {@code //host} may start with. */
    private static boolean isHostStart(char c) {
        return Character.isLetterOrDigit(c) || c == '[' || c == '/' || c == '_' || c == '-' || c == '(';
    }
}
