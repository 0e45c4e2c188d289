package org.poolbench.pool;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes secrets from text meant for people: logs, exception messages, {@code toString()}, and the bench runner's
 * run metadata (public for that one other user, so both apply the same rules).
 */
public final class Redact {
    /** What a secret is replaced with. */
    public static final String MASK = "****";

    /** A property key whose value must never be shown. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|pwd|secret|token|credential).*");

    /**
     * {@code key=value} pairs in URLs: PostgreSQL's {@code ?password=x&...}, H2's {@code ;PASSWORD=x}, and SQL
     * Server's braced values, which may contain {@code ;} ({@code password={a;b}}, with {@code }}} for a brace).
     */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|credential)[a-z_]*=)(?:\\{(?:[^}]|}})*}|[^;&?]*)");

    /** User info in authority-style URLs: {@code //user:secret@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@;?&]*:)[^@/]*@");

    /** Oracle's {@code jdbc:oracle:thin:user/secret@host} (also {@code @//host/service}). */
    private static final Pattern ORACLE_USER_PASSWORD = Pattern.compile("(?i)(jdbc:oracle:\\w+:[^/@:;?]*/)[^@]*@");

    private Redact() {
    }

    /** Whether a property key names a secret (password, secret, token, credential and their spellings). */
    public static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** The URL with every password-like parameter and user-info secret replaced by {@value #MASK}. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String out = SECRET_PARAM.matcher(url).replaceAll("$1" + MASK);
        out = ORACLE_USER_PASSWORD.matcher(out).replaceAll("$1" + MASK + "@");
        return USER_INFO.matcher(out).replaceAll("$1" + MASK + "@");
    }
}
