package io.jobscale.cli;

import io.jobscale.settings.Settings;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDefaultDatabaseTest {

    @Test
    void aConfiguredUrlAlwaysWinsEvenWhenNothingAnswersThere() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Settings settings = Settings.of(Map.of("JOBSCALE_DB_URL", "jdbc:postgresql://127.0.0.1:1/jobscale"));

        assertThat(EmbeddedDefaultDatabase.startIfNeeded(settings, new PrintStream(out, true, StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
