package org.poolbench.driver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Review r2 secrets probe (issue 7, defect 4): malformed stub URLs carrying a password meant for a real database.
 * The README: "An error about a malformed stub URL repeats the URL with everything its grammar does not recognise
 * shown as ****". A failing test is a leak.
 */
class StubUrlSecretsProbeTest {

    @ParameterizedTest
    @ValueSource(strings = {
        // a password containing ';': its tail becomes a "part" of its own, plain, and shown
        "jdbc:stub:bench;password=hun;ter2",
        // a setting typed with a space instead of '=': plain text, so shown as the malformed setting
        "jdbc:stub:bench;password hunter2",
        // an unknown key whose value looks like a duration
        "jdbc:stub:bench;password=2024s;pw=hunter2ms",
    })
    void connect_malformedUrlWithSecret_probe(String url) {
        SQLException e = assertThrows(SQLException.class, () -> StubDriver.instance().connect(url, new Properties()));
        String shown = e.getMessage();
        assertFalse(shown.contains("ter2") || shown.contains("2024s") || shown.contains("hunter2ms"),
                "secret shows: " + shown);
    }
}
