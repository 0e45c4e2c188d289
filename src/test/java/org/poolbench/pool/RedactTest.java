package org.poolbench.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Redact}: secrets are found by what a key means, not by a list of spellings, in property keys and in URLs;
 * settings that only look alike stay readable.
 */
class RedactTest {

    /** The secret every URL case hides; no non-secret part of any case contains it. */
    private static final String SECRET = "hunter2";

    @ParameterizedTest
    @ValueSource(strings = {
        // password and its spellings, any case, any separator, numbered (MySQL's multi-factor password1..3)
        "password", "PASSWORD", "passwd", "pwd", "pw", "dbPassword", "sslPassword", "password1", "password2",
        "db.password", "-Ddb.password", "-Dpassword", "trustCertificateKeyStorePassword",
        // pass and passphrase
        "pass", "PASS", "db_pass", "userPass", "pass1", "-Dpass", "passphrase", "sslPassphrase", "keyPassphrase",
        // secrets, tokens, credentials
        "secret", "secret-key", "secret_key", "client.secret", "clientSecret", "apiToken", "token", "access_token",
        "credential", "credentials", "googleCredentials",
        // auth: authentication data and its settings (safety first: the latter are hidden too)
        "auth", "AUTH", "authToken", "basic_auth", "oauth", "authenticationPluginClassName",
        // private, API and access keys, and a bare key
        "apiKey", "api_key", "API-KEY", "apikey", "private_key", "privateKey", "private.key", "accessKey",
        "access_key", "accessKeyId", "secretAccessKey", "encryptionKey", "key", "KEY1",
        // one lower- or upper-case word: the meaning is found inside it, whatever its case
        "dbpass", "DBPASS", "userpass", "rootpw", "masterkey", "ENCRYPTIONKEY", "sessionkey", "passkey",
        // a percent-encoded key is judged decoded
        "pass%77ord"})
    void isSecretKey_keyNamingASecret_true(String key) {
        assertTrue(Redact.isSecretKey(key), key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "username", "pool", "url", "passive", "compass", "bypass", "passenger",
        "passiveMode", "passthrough", "passport", "USER",
        "sslmode", "DB_CLOSE_DELAY", "publicKey", "allowPublicKeyRetrieval", "keyStoreType", "primaryKey",
        "monkey", "keyspace", "", "-Xmx1g"})
    void isSecretKey_keyNamingNoSecret_false(String key) {
        assertFalse(Redact.isSecretKey(key), key);
    }

    @Test
    void isSecretKey_null_false() {
        assertFalse(Redact.isSecretKey(null));
    }

    /** Each row: a URL (or text) carrying {@value #SECRET}, and exactly what must be shown instead. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        jdbc:mysql://db/app?user=u&password1=hunter2&password2=hunter2 | jdbc:mysql://db/app?user=u&password1=****&password2=****
        jdbc:mysql://db/app?pass=hunter2&x=1                      | jdbc:mysql://db/app?pass=****&x=1
        jdbc:x://db/app?secret-key=hunter2&x=1                    | jdbc:x://db/app?secret-key=****&x=1
        jdbc:x://db/app?api_key=hunter2&x=1                       | jdbc:x://db/app?api_key=****&x=1
        jdbc:x://db/app?apiKey=hunter2&accessKey=hunter2          | jdbc:x://db/app?apiKey=****&accessKey=****
        jdbc:x://db/app?private_key=hunter2;auth=hunter2          | jdbc:x://db/app?private_key=****
        jdbc:x://db/app;private_key=hunter2;auth=hunter2          | jdbc:x://db/app;private_key=****;auth=****
        jdbc:x://db/app?passphrase=hunter2                        | jdbc:x://db/app?passphrase=****
        "jdbc:h2:mem:x;USER=sa;password = hunter2;MODE=PostgreSQL" | "jdbc:h2:mem:x;USER=sa;password = ****;MODE=PostgreSQL"
        jdbc:postgresql://bob:hun@ter2@db:5432/app                | jdbc:postgresql://bob:****@db:5432/app
        jdbc:postgresql://bob:hun/ter2@db:5432/app                | jdbc:postgresql://bob:****@db:5432/app
        jdbc:postgresql://bob:hunter2@db:5432/app?email=a@b.c     | jdbc:postgresql://bob:****@db:5432/app?email=a@b.c
        jdbc:oracle:thin:scott/hun@ter2@dbhost:1521:ORCL          | jdbc:oracle:thin:scott/****@dbhost:1521:ORCL
        jdbc:sqlserver://db:1433;user=sa;password={hun;ter2};encrypt=true | jdbc:sqlserver://db:1433;user=sa;password=****;encrypt=true
        "cannot connect: user=bob password=hunter2"               | "cannot connect: user=bob password=****"
        "password=hun ter2"                                       | "password=****"
        "-Xmx1g -Dpass=hunter2 -Dapi.key=hunter2 -Dpool=hikari"   | "-Xmx1g -Dpass=**** -Dapi.key=**** -Dpool=hikari"
        jdbc:postgresql://bob@corp:hunter2@db:5432/app            | jdbc:postgresql://bob@corp:****@db:5432/app
        jdbc:postgresql://bob:2024/hunter2@db:5432/app            | jdbc:postgresql://bob:****@db:5432/app
        jdbc:mysql://bob:2024,hunter2@db:3306/app                 | jdbc:mysql://bob:****@db:3306/app
        jdbc:postgresql://bob:hun?ter2@db:5432/app                | jdbc:postgresql://bob:****@db:5432/app
        jdbc:postgresql://db:5432/app?user=bob&password=hun?ter2  | jdbc:postgresql://db:5432/app?user=bob&password=****
        jdbc:mysql://db:3306/app?user=bob&password=hun;ter2&x=1   | jdbc:mysql://db:3306/app?user=bob&password=****&x=1
        jdbc:mysql://db:3306/app?user=bob&password=hun;ter2       | jdbc:mysql://db:3306/app?user=bob&password=****
        jdbc:mysql://db/app?user=bob&password=hunter2#frag        | jdbc:mysql://db/app?user=bob&password=****#frag
        jdbc:mysql://db/app?user=bob&dbpass=hunter2               | jdbc:mysql://db/app?user=bob&dbpass=****
        jdbc:h2:mem:x;USER=sa;DBPASS=hunter2                      | jdbc:h2:mem:x;USER=sa;DBPASS=****
        jdbc:x://db/app?rootpw=hunter2                            | jdbc:x://db/app?rootpw=****
        jdbc:postgresql://db/app?user=bob&pass%77ord=hunter2      | jdbc:postgresql://db/app?user=bob&pass%77ord=****
        "jdbc:oracle:thin:scott/""hun ter2""@db:1521/ORCL"        | "jdbc:oracle:thin:scott/****@db:1521/ORCL"
        jdbc:oracle:thin:scott/hun?ter2@db:1521/ORCL              | jdbc:oracle:thin:scott/****@db:1521/ORCL
        jdbc:oracle:thin:scott/hunter2@//db:1521/orclpdb          | jdbc:oracle:thin:scott/****@//db:1521/orclpdb
        jdbc:oracle:thin:scott/hunter2                            | jdbc:oracle:thin:scott/****
        "password: hunter2"                                       | "password: ****"
        "{""user"":""bob"",""password"":""hunter2""}"             | "{""user"":""bob"",""password"":****}"
        "login failed for bob with password 'hunter2'"            | "login failed for bob with password ****"
        "-Dsecret=hunter2\nnext line"                             | "-Dsecret=****\nnext line"
        """)
    void url_secretInAnyForm_masked(String url, String expected) {
        assertEquals(expected, Redact.url(url));
        assertFalse(Redact.url(url).contains("ter2"), "no part of the secret shows");
        assertEquals(expected, Redact.text(url), "free text follows the same rules");
    }

    /** Each row: text with no secret, shown exactly as given. */
    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:postgresql://db:5432/app?user=alice@tenant&sslmode=require",
        "jdbc:sqlserver://db.example.com:1433;user=alice@tenant;encrypt=true",
        "jdbc:postgresql://h1:5432,h2:5433/app?targetServerType=primary",
        "jdbc:mysql://db/app?allowPublicKeyRetrieval=true&passive=1&compass=north",
        "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1",
        "jdbc:stub:bench;executeLatency=100us",
        "jdbc:mysql://db/app?passiveMode=true&user=bob",
        "jdbc:oracle:thin:@//db:1521/orclpdb",
        "FATAL: password authentication failed for user \"bob\""})
    void url_noSecret_unchanged(String url) {
        assertEquals(url, Redact.url(url));
    }

    /** Secrets the caller holds are masked wherever the text quotes them, whatever words surround them. */
    @Test
    void text_knownSecrets_everyLiteralOccurrenceMasked() {
        assertEquals("FATAL: password authentication failed (password tried: ****, again ****)",
                Redact.text("FATAL: password authentication failed (password tried: hunter2, again hunter2)",
                        List.of("hunter2")));
        // the longer of two overlapping secrets goes first, so no part of it is left beside the shorter's mask
        assertEquals("tried **** and ****", Redact.text("tried hunter2 and hunter", List.of("hunter", "hunter2")));
    }

    /** A known secret shorter than three characters would mask every such letter pair; it is not searched for. */
    @Test
    void text_knownSecretShorterThanThree_notSearchedFor() {
        assertEquals(3, Redact.MIN_KNOWN_SECRET_LENGTH);
        assertEquals("connect to db as bob failed", Redact.text("connect to db as bob failed", List.of("db", "o")));
        assertNull(Redact.text(null, List.of("hunter2")));
    }

    @Test
    void secretsIn_url_givesWhatTheRulesMask() {
        assertEquals(List.of("hunter3", "hunter2"),
                Redact.secretsIn("jdbc:postgresql://bob:hunter2@db/app?password=hunter3&user=bob"));
        assertEquals(List.of("\"hun ter2\""), Redact.secretsIn("jdbc:oracle:thin:scott/\"hun ter2\"@db/x"));
        assertEquals(List.of(), Redact.secretsIn("jdbc:stub:bench"));
        assertEquals(List.of(), Redact.secretsIn(null));
    }

    @Test
    void url_null_null() {
        assertNull(Redact.url(null));
        assertNull(Redact.text(null));
    }
}
