package io.jobscale.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A server that asks for a password (SCRAM, Debian's default for TCP connections): the local test server trusts every
 * login, so these run on an embedded PostgreSQL of their own whose pg_hba.conf requires scram-sha-256.
 */
class PasswordAuthenticationTest {

    private static final String ROLE = "jobscale_app";
    private static final String PASSWORD = "right-password";
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startServerRequiringScram() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(120))
                .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath().resolve("pg_hba.conf")))
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
    }

    private static void writeHba(java.nio.file.Path hba) {
        try {
            // The superuser keeps trust to set the test up; every other role must give its SCRAM password.
            Files.writeString(hba, """
                    local all all trust
                    host all postgres 127.0.0.1/32 trust
                    host all postgres ::1/128 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) postgres.close();
    }

    @Test
    void wrongPasswordIsOneLineNamingUrlUserAndTheServersReason() {
        DatabaseSettings wrong = settings("not-the-password");

        DatabaseUnreachableException e =
                catchThrowableOfType(DatabaseUnreachableException.class, () -> DatabaseProbe.check(wrong));

        assertThat(e.getMessage()).startsWith("Cannot connect to " + wrong.url() + " as " + ROLE + ": ")
                .contains("password authentication failed for user \"" + ROLE + "\"").doesNotContain("\n");
    }

    @Test
    void noPasswordForAScramServerSaysOneIsNeeded() {
        DatabaseSettings none = settings("");

        DatabaseUnreachableException e =
                catchThrowableOfType(DatabaseUnreachableException.class, () -> new Migrations(none).run());

        assertThat(e.getMessage()).startsWith("Cannot connect to " + none.url() + " as " + ROLE + ": ")
                .contains("the server asks for a password and none is set");
    }

    @Test
    void theRightPasswordPasses() {
        assertThatNoException().isThrownBy(() -> DatabaseProbe.check(settings(PASSWORD)));
    }

    private static DatabaseSettings settings(String password) {
        return new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", ROLE,
                password, 2);
    }
}
