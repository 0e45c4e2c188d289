package org.poolbench.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text meant for people: logs, exception messages, {@code toString()}, and the bench runner's
 * run metadata (public for that one other user, so both apply the same rules).
 *
 * <p>A key is secret by what it means, not by its spelling: its words are compared after case, {@code -}, {@code _},
 * {@code .}, digits and camel case are normalised away, so {@code password2}, {@code secret-key}, {@code apiKey},
 * {@code API_KEY} and {@code -Ddb.password} are all recognised. A key is secret if it names
 * <ul>
 *   <li>a password or passphrase ({@code password}, {@code passwd}, {@code pwd}, {@code pw}, {@code passphrase}, or
 *       the word {@code pass});</li>
 *   <li>a secret, token or credential ({@code clientSecret}, {@code access_token}, {@code credentials});</li>
 *   <li>authentication ({@code auth}, {@code oauth}, {@code authToken}, and also settings about it such as MySQL's
 *       {@code authenticationPluginClassName}: hiding a plugin name costs little, showing a secret costs much);</li>
 *   <li>a private, API, access or other secret key ({@code private_key}, {@code apiKey}, {@code accessKeyId},
 *       {@code encryptionKey}), or is just {@code key}.</li>
 * </ul>
 * Words that merely contain {@code pass} ({@code passive}, {@code compass}, {@code bypass}) and keys that are not
 * secrets ({@code publicKey}, {@code keyStoreType}, {@code primaryKey}) stay readable. A user name is not a secret:
 * {@code user} stays readable, since error messages that name the user are what a reader needs to act.
 */
public final class Redact {
    /** What a secret is replaced with. */
    public static final String MASK = "****";

    /**
     * Fragments that make a key secret wherever they occur in its normalised form (letters only, lower case): long
     * and specific enough that no ordinary setting contains them by accident. {@code token} also hides a
     * {@code tokenizer} setting, and {@code auth} an {@code author}: both rare in JDBC, both erring on the safe side.
     */
    private static final List<String> SECRET_FRAGMENTS = List.of("password", "passwd", "passphrase", "pwd",
            "secret", "token", "credential", "auth", "privatekey", "apikey", "accesskey");

    /**
     * Whole words that make a key secret: too short to be searched for inside other words ({@code pass} is in
     * {@code passive}, {@code pw} in many abbreviations, {@code key} in {@code monkey}).
     */
    private static final List<String> SECRET_WORDS = List.of("pass", "pw");

    /** Words that, followed by the word {@code key}, name a secret key (a public or primary key is no secret). */
    private static final List<String> SECRET_KEY_KINDS = List.of("private", "api", "access", "secret", "client",
            "encryption", "master", "signing", "shared", "session");

    /** A camel-case boundary: a lower-case letter then an upper-case one, or an acronym's end ({@code SSLKey}). */
    private static final Pattern CAMEL_BOUNDARY =
            Pattern.compile("(?<=\\p{Ll})(?=\\p{Lu})|(?<=\\p{Lu})(?=\\p{Lu}\\p{Ll})");

    /** Anything that is not a letter separates words: {@code -}, {@code _}, {@code .}, digits, spaces. */
    private static final Pattern NON_LETTERS = Pattern.compile("[^\\p{L}]+");

    /**
     * A {@code key=value} assignment in a URL or in text: PostgreSQL's {@code ?password=x&...}, H2's
     * {@code ;PASSWORD=x}, a command line's {@code -Ddb.password=x}, spaces around {@code =} allowed. Only the key
     * and the {@code =} are matched: the value's extent is decided after the key is judged, so that a non-secret
     * value never swallows the assignment after it.
     */
    private static final Pattern ASSIGNMENT =
            Pattern.compile("(?<![\\w.\\-])([\\w.\\-]+)(\\s*=\\s*)");

    /** Spaces, then what starts another word of a command line: an option ({@code -x}) or a {@code key=}. */
    private static final Pattern NEXT_OPTION = Pattern.compile("\\s+(?:-|[\\w.\\-]+\\s*=)");

    /**
     * User info in authority-style URLs: {@code //user:secret@host}. The password runs to the last {@code @} before
     * the query ({@code ?}) or the next space, so one containing {@code @} or {@code /} is hidden whole; a
     * {@code //host:port} is not taken for user info even when an {@code @} follows later (SQL Server's
     * {@code //host:1433;user=name@tenant}).
     */
    private static final Pattern USER_INFO =
            Pattern.compile("(//[^/:@;?&\\s]*:)(?!\\d+(?:[/;?,)]|\\s|$))[^\\s?]*@");

    /** Oracle's {@code jdbc:oracle:thin:user/secret@host} (also {@code @//host/service}), to the last {@code @}. */
    private static final Pattern ORACLE_USER_PASSWORD =
            Pattern.compile("(?i)(jdbc:oracle:\\w+:[^/@:;?\\s]*/)[^\\s?]*@");

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
        List<String> words = words(name);
        String joined = String.join("", words);
        for (String fragment : SECRET_FRAGMENTS) {
            if (joined.contains(fragment)) {
                return true;
            }
        }
        if (words.equals(List.of("key"))) {
            return true;
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (SECRET_WORDS.contains(word)
                    || word.equals("key") && i > 0 && SECRET_KEY_KINDS.contains(words.get(i - 1))) {
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
     * The text with secrets replaced by {@value #MASK}: the values of secret {@code key=value} assignments (to the
     * next {@code ;}, {@code &} or {@code ?}, or to the end, since a password may contain spaces; a braced SQL Server
     * value {@code {a;b}} whole) and URL user-info passwords. Meant for text from elsewhere that may quote a URL,
     * such as a driver's exception message.
     *
     * @param text any text; null gives null
     * @return the text without secrets
     */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        String out = maskAssignments(text);
        out = ORACLE_USER_PASSWORD.matcher(out).replaceAll("$1" + MASK + "@");
        return USER_INFO.matcher(out).replaceAll("$1" + MASK + "@");
    }

    private static String maskAssignments(String text) {
        Matcher m = ASSIGNMENT.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (m.find(from)) {
            if (!isSecretKey(m.group(1))) {
                // The value may hold the next assignment (free text: "user=bob password=x"): look on after the '='.
                from = m.end();
                continue;
            }
            int valueEnd = valueEnd(text, m.end());
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, m.end()).append(MASK);
            copied = valueEnd;
            from = valueEnd;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * Where a secret value starting at {@code start} ends: after a braced value's closing brace ({@code }}} inside it
     * is an escaped brace), else at the next {@code ;}, {@code &} or {@code ?}, or where a space is followed by
     * another option or assignment (a command line's {@code -Dpassword=x -Dy=2}), else at the end of the text: a
     * space alone does not end it, since a password may contain spaces.
     */
    private static int valueEnd(String text, int start) {
        if (start < text.length() && text.charAt(start) == '{') {
            int i = start + 1;
            while (i < text.length()) {
                if (text.charAt(i) == '}') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '}') {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i++;
            }
            return text.length(); // unclosed: all of the rest may be the secret
        }
        Matcher nextOption = NEXT_OPTION.matcher(text);
        int i = start;
        while (i < text.length() && ";&?".indexOf(text.charAt(i)) < 0
                && !(Character.isWhitespace(text.charAt(i)) && nextOption.region(i, text.length()).lookingAt())) {
            i++;
        }
        return i;
    }

    /** The key's words in lower case: split at camel case and at anything that is not a letter. */
    private static List<String> words(String key) {
        List<String> words = new ArrayList<>();
        for (String part : NON_LETTERS.split(key)) {
            for (String word : CAMEL_BOUNDARY.split(part)) {
                if (!word.isEmpty()) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        }
        return words;
    }
}
