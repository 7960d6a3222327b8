package io.jobscale.server.worker;

import io.jobscale.server.storage.JobscaleStorageProvider;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.exceptions.JobNotFoundException;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.ThreadSafeStorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * What a worker does with a job whose class or method it does not have: an application's job claimed by the stock
 * worker, or a new job class met by an old worker during a rolling deploy. jobrunr fails such a job at once ("Job
 * method not found"). jobscale puts it back, SCHEDULED {@link #DELAY} later so that another worker can take it, with
 * a history entry naming this server; after {@link #MAX_PUT_BACKS} such put-backs the job fails with jobrunr's reason,
 * as no worker seems to have its code.
 */
final class MissingJobClass {

    /** How many times a job is put back for a worker that has its code before it fails. */
    static final int MAX_PUT_BACKS = 5;
    /** How long a put-back job waits: time for a worker with the code to take it, not this one again at once. */
    static final Duration DELAY = Duration.ofSeconds(15);
    static final String REASON_PREFIX = "Not runnable on ";
    private static final int ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(MissingJobClass.class);

    private final BackgroundJobServer server;
    private final Clock clock = Clock.systemUTC();

    MissingJobClass(BackgroundJobServer server) {
        this.server = server;
    }

    /** True when the job was put back; false when it has used its put-backs (or cannot be), so it should fail. */
    boolean putBack(Job job, JobNotFoundException cause) {
        StorageProvider storage = server.getStorageProvider();
        if (storage instanceof ThreadSafeStorageProvider wrapper) storage = wrapper.getStorageProvider();
        if (!(storage instanceof JobscaleStorageProvider jobscaleStorage)) return false;
        long earlier = job.getJobStates().stream()
                .filter(s -> s instanceof ScheduledState scheduled && scheduled.getReason() != null
                        && scheduled.getReason().startsWith(REASON_PREFIX))
                .count();
        if (earlier >= MAX_PUT_BACKS) {
            LOG.warn("Job {} could not be run on {} workers that lacked its code; failing it", job.getId(),
                    earlier + 1);
            return false;
        }
        String reason = REASON_PREFIX + server.getConfiguration().getName() + " (" + server.getId() + "): "
                + cause.getMessage() + "; put back for a worker that has the job's code ("
                + (earlier + 1) + " of " + MAX_PUT_BACKS + ")";
        HandBack handBack = new HandBack(jobscaleStorage, clock);
        Job current = job;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                handBack.reschedule(current, clock.instant().plus(DELAY), reason);
                LOG.warn("Job {} ({}): {}", job.getId(), job.getJobName(), reason);
                return true;
            } catch (HandBack.ConcurrentChangeException e) {
                current = jobscaleStorage.getJobById(job.getId());   // refreshed meanwhile: read it again
                if (!current.hasState(StateName.PROCESSING)) return true;   // deleted or taken over: not ours now
            } catch (SQLException e) {
                LOG.warn("Could not put back job {}: {}", job.getId(), e.toString());
                return false;
            }
        }
        return false;
    }
}
