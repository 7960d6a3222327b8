package io.jobscale.db;

import io.jobscale.db.testing.FreePorts;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.io.IOException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DatabaseProbeTest {

    @Test
    void serverDownIsOneLineNamingTheUrlAndWhy() throws IOException {
        DatabaseSettings down = new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + FreePorts.unused() + "/jobscale",
                "postgres", "", 2);

        DatabaseUnreachableException e =
                catchThrowableOfType(DatabaseUnreachableException.class, () -> DatabaseProbe.check(down));

        assertThat(e.getMessage()).isEqualTo("Cannot connect to " + down.url() + " as postgres: nothing answers there"
                + " (Connection refused) (check JOBSCALE_DB_URL, JOBSCALE_DB_USER, JOBSCALE_DB_PASSWORD)");
    }

    @Test
    void migrationsReportAServerDownTheSameWay() throws IOException {
        DatabaseSettings down = new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + FreePorts.unused() + "/jobscale",
                "postgres", "", 2);

        DatabaseUnreachableException e =
                catchThrowableOfType(DatabaseUnreachableException.class, () -> new Migrations(down).run());

        assertThat(e.getMessage())
                .startsWith("Cannot connect to " + down.url() + " as postgres: nothing answers there");
    }

    @Test
    void aMissingDatabaseOnAReachableServerPassesBecauseMigrationsCreateIt() {
        DatabaseSettings missing = TestDatabase.empty("probe").withDatabase("jobscale_test_probe_never_created");

        assertThatNoException().isThrownBy(() -> DatabaseProbe.check(missing));
    }

    @Test
    void wrongPasswordAndMissingPasswordSayWhatTheServerSaid() {
        DatabaseSettings settings = new DatabaseSettings("jdbc:postgresql://db:5432/jobscale", "app", "", 2);
        PSQLException wrong = new PSQLException("FATAL: password authentication failed for user \"app\"",
                PSQLState.INVALID_PASSWORD);
        PSQLException none = new PSQLException(
                "The server requested SCRAM-based authentication, but no password was provided.",
                PSQLState.CONNECTION_REJECTED);

        assertThat(new DatabaseUnreachableException(settings, wrong).getMessage())
                .startsWith("Cannot connect to jdbc:postgresql://db:5432/jobscale as app:"
                        + " FATAL: password authentication failed");
        assertThat(new DatabaseUnreachableException(settings, none).getMessage())
                .contains("as app: the server asks for a password and none is set (The server requested SCRAM-based");
    }

    @Test
    void aConnectionFailureUnderAPoolTimeoutIsFoundOtherErrorsAreNot() {
        DatabaseSettings settings = new DatabaseSettings("jdbc:postgresql://db:5432/jobscale", "app", "", 2);
        PSQLException refused =
                new PSQLException("Connection to db:5432 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
        RuntimeException wrapped =
                new IllegalStateException("storage", new SQLTransientConnectionException("pool timed out", refused));

        assertThat(DatabaseUnreachableException.causing(settings, wrapped)).get()
                .satisfies(e -> assertThat(e.getMessage()).contains("Connection to db:5432 refused."));
        assertThat(DatabaseUnreachableException.causing(settings,
                new IllegalStateException(new PSQLException("syntax error", PSQLState.SYNTAX_ERROR)))).isEmpty();
    }

}
