package com.example.thumbnails;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.JobscaleWorker;
import io.jobscale.server.worker.WorkerSettings;
import io.jobscale.settings.Settings;
import org.jobrunr.server.JobActivator;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An application of its own: it enqueues {@value #IMAGES} jobs on its {@link Thumbnailer}, which has no no-argument
 * constructor, and runs them in a worker inside its own process. Settings from the environment ({@code JOBSCALE_DB_URL}
 * and the rest). Exits 0 when every job ran on its thumbnailer.
 */
public final class ThumbnailApp {

    static final int IMAGES = 50;
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);

    /** A service the application builds; jobrunr could not. */
    public static final class Thumbnailer {
        private final String size;
        private final Set<Integer> rendered = ConcurrentHashMap.newKeySet();

        public Thumbnailer(String size) {
            this.size = size;
        }

        public void render(int image) {
            rendered.add(image);
        }

        int renderedCount() {
            return rendered.size();
        }
    }

    private ThumbnailApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.fromEnvironment();
        DatabaseSettings db = DatabaseSettings.from(settings);
        Thumbnailer thumbnailer = new Thumbnailer("128x128");
        JobActivator activator = new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return type.isInstance(thumbnailer) ? type.cast(thumbnailer) : null;
            }
        };
        try (JobscaleWorker worker = JobscaleWorker.start(db, WorkerSettings.from(settings), activator);
             JobscaleClient jobs = JobscaleClient.create(db)) {
            for (int i = 0; i < IMAGES; i++) {
                int image = i;
                jobs.enqueue(() -> thumbnailer.render(image));
            }
            Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
            while (thumbnailer.renderedCount() < IMAGES && Instant.now().isBefore(giveUp)) Thread.sleep(50);
        }
        System.out.println("rendered " + thumbnailer.renderedCount() + " of " + IMAGES + " thumbnails");
        System.exit(thumbnailer.renderedCount() == IMAGES ? 0 : 1);
    }
}
