package io.jobscale.example.embedded;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.worker.WorkerSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The README's embedding example, run: 50 instance-method jobs on an object only the application can build. */
class WelcomeMailsTest {

    @Test
    void fiftyWelcomeMailsRunOnTheApplicationsOwnMailer() {
        DatabaseSettings db = TestDatabase.fresh("example_welcome_mails");
        WelcomeMails.Mailer mailer = new WelcomeMails.Mailer("test@example.com");
        List<String> users = IntStream.range(0, 50).mapToObj(i -> "user-" + i).toList();

        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> WelcomeMails.send(db,
                new WorkerSettings(4, Duration.ofSeconds(5), Duration.ofSeconds(2), "welcome/1"), mailer, users));

        assertThat(mailer.welcomed()).containsExactlyInAnyOrderElementsOf(users);
    }
}
