package io.jobscale.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebProcessTest {

    @Test
    void webCredentialsAndPortsAreWithheldFromLocalWorkersButDatabaseSettingsAreNot() {
        assertThat(WebProcess.WEB_ONLY_VARIABLES)
                .accepts("JOBSCALE_AUTH_TOKEN", "JOBSCALE_AUTH_PASSWORD", "JOBSCALE_DASHBOARD_OPERATOR_PASSWORD",
                        "JOBSCALE_EXAMPLE_PORT")
                .rejects("JOBSCALE_DB_URL", "JOBSCALE_DB_PASSWORD", "JOBSCALE_WORKERS", "PATH");
    }
}
