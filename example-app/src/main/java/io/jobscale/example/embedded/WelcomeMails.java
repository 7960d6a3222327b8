package io.jobscale.example.embedded;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.JobscaleWorker;
import io.jobscale.server.worker.WorkerSettings;
import io.jobscale.settings.Settings;
import org.jobrunr.server.JobActivator;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The README's "your own jobs in your own process" example, compiled with the build and run by
 * {@code WelcomeMailsTest}: an application enqueues jobs on its own service object (a class without a no-argument
 * constructor) and runs them in an embedded worker that gets that object from the application.
 * Run it with {@code java -cp ... io.jobscale.example.embedded.WelcomeMails ada grace}.
 */
public final class WelcomeMails {

    /** An application service: the application builds it; jobrunr could not. */
    public static final class Mailer {
        private final String sender;
        private final Set<String> welcomed = ConcurrentHashMap.newKeySet();

        public Mailer(String sender) {
            this.sender = sender;
        }

        public void sendWelcome(String user) {
            System.out.printf("%s -> %s: welcome!%n", sender, user);
            welcomed.add(user);
        }

        public Set<String> welcomed() {
            return welcomed;
        }
    }

    private WelcomeMails() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.fromEnvironment();
        send(DatabaseSettings.from(settings), WorkerSettings.from(settings), new Mailer("hello@example.com"),
                List.of(args));
    }

    /** Enqueues a welcome mail per user and runs them in this process; returns once all are sent. */
    public static void send(DatabaseSettings db, WorkerSettings workerSettings, Mailer mailer, List<String> users)
            throws InterruptedException {
        JobActivator activator = new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return type.isInstance(mailer) ? type.cast(mailer) : null;   // e.g. context.getBean(type)
            }
        };
        try (JobscaleWorker worker = JobscaleWorker.start(db, workerSettings, activator);
             JobscaleClient jobs = JobscaleClient.create(db)) {
            for (String user : users) jobs.enqueue(() -> mailer.sendWelcome(user));
            while (!mailer.welcomed().containsAll(users)) Thread.sleep(50);
        }   // close(): the graceful stop — no new jobs, running ones finish or are handed back
    }
}
