package io.jobscale.settings;

import io.jobscale.db.DatabaseSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void systemPropertiesOverrideTheEnvironmentAndOtherVariablesAreIgnored() {
        Properties properties = new Properties();
        properties.setProperty("JOBSCALE_WORKERS", "3");
        properties.setProperty("user.home", "/root");
        Settings settings = Settings.from(Map.of("JOBSCALE_WORKERS", "8", "PATH", "/bin"), properties);

        assertThat(settings.asMap()).containsOnlyKeys("JOBSCALE_WORKERS");
        assertThat(settings.integer("JOBSCALE_WORKERS", 1, 1, 100)).isEqualTo(3);
    }

    @Test
    void durationsAcceptIsoOrWholeSecondsWithinBounds() {
        Settings settings = Settings.of(Map.of("A", "PT2M", "B", "30", "C", "soon", "D", "PT0.5S"));
        Duration max = Duration.ofHours(1);

        assertThat(settings.duration("A", Duration.ZERO, Duration.ZERO, max)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.duration("B", Duration.ZERO, Duration.ZERO, max)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.duration("MISSING", Duration.ofSeconds(7), Duration.ZERO, max))
                .isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> settings.duration("C", Duration.ZERO, Duration.ZERO, max))
                .hasMessageContaining("C=soon");
        assertThatThrownBy(() -> settings.duration("D", Duration.ZERO, Duration.ofSeconds(1), max))
                .hasMessageContaining("between");
    }

    @Test
    void invalidValuesNameTheKeyAndHideSecrets() {
        Settings settings = Settings.of(Map.of("JOBSCALE_WORKERS", "many", "JOBSCALE_DB_PASSWORD", "hunter2",
                "JOBSCALE_X", "maybe"));

        assertThatThrownBy(() -> settings.integer("JOBSCALE_WORKERS", 1, 1, 10))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("JOBSCALE_WORKERS=many");
        assertThatThrownBy(() -> settings.bool("JOBSCALE_X", false)).hasMessageContaining("true or false");
        InvalidSettingException secret = new InvalidSettingException("JOBSCALE_DB_PASSWORD", "hunter2", "bad");
        assertThat(secret.getMessage()).doesNotContain("hunter2").contains("****");
    }

    @Test
    void unknownKeysAreRejected() {
        Settings settings = Settings.of(Map.of("JOBSCALE_DB_URL", "x", "JOBSCALE_WORKRES", "4"));

        assertThatThrownBy(() -> settings.requireOnlyKnownKeys(List.of("JOBSCALE_DB_URL", "JOBSCALE_WORKERS")))
                .hasMessageContaining("JOBSCALE_WORKRES").hasMessageContaining("not a jobscale setting");
    }

    @Test
    void kubernetesServiceLinksAreNotSettingsButTyposStillFail() {
        List<String> known = List.of("JOBSCALE_DB_URL", "JOBSCALE_WORKERS");
        Settings pod = Settings.of(Map.ofEntries(
                Map.entry("JOBSCALE_DB_URL", "jdbc:postgresql://jobscale-postgres:5432/jobscale"),
                Map.entry("JOBSCALE_POSTGRES_SERVICE_HOST", "10.96.0.10"),
                Map.entry("JOBSCALE_POSTGRES_SERVICE_PORT", "5432"),
                Map.entry("JOBSCALE_POSTGRES_SERVICE_PORT_POSTGRES", "5432"),
                Map.entry("JOBSCALE_POSTGRES_PORT", "tcp://10.96.0.10:5432"),
                Map.entry("JOBSCALE_POSTGRES_PORT_5432_TCP", "tcp://10.96.0.10:5432"),
                Map.entry("JOBSCALE_POSTGRES_PORT_5432_TCP_PROTO", "tcp"),
                Map.entry("JOBSCALE_POSTGRES_PORT_5432_TCP_PORT", "5432"),
                Map.entry("JOBSCALE_POSTGRES_PORT_5432_TCP_ADDR", "10.96.0.10"),
                Map.entry("JOBSCALE_SERVICE_SERVICE_HOST", "fd00::1"),
                Map.entry("JOBSCALE_SERVICE_PORT_8000_UDP", "udp://[fd00::1]:8000"),
                Map.entry("JOBSCALE_EXAMPLE_APP_PORT_8080_SCTP_PROTO", "sctp")));
        pod.requireOnlyKnownKeys(known);

        assertThatThrownBy(() -> pod.with("JOBSCALE_WORKRS", "4").requireOnlyKnownKeys(known))
                .hasMessageContaining("JOBSCALE_WORKRS");
        // A service-link name with a value no service link has is a typo, not a link.
        assertThatThrownBy(() -> pod.with("JOBSCALE_WORKER_PORT", "8080").requireOnlyKnownKeys(known))
                .hasMessageContaining("JOBSCALE_WORKER_PORT");
        assertThatThrownBy(() -> pod.with("JOBSCALE_WORKER_SERVICE_HOST", "worker").requireOnlyKnownKeys(known))
                .hasMessageContaining("JOBSCALE_WORKER_SERVICE_HOST");
    }

    @Test
    void databaseUrlMustBePostgres() {
        assertThatThrownBy(() -> DatabaseSettings.from(Settings.of(Map.of("JOBSCALE_DB_URL", "jdbc:mysql://x/y"))))
                .hasMessageContaining("JOBSCALE_DB_URL");
        DatabaseSettings settings = DatabaseSettings.from(
                Settings.of(Map.of("JOBSCALE_DB_URL", "jdbc:postgresql://db:5433/jobs?ssl=true")));
        assertThat(settings.databaseName()).isEqualTo("jobs");
        assertThat(settings.withDatabase("postgres").url()).isEqualTo("jdbc:postgresql://db:5433/postgres?ssl=true");
    }
}
