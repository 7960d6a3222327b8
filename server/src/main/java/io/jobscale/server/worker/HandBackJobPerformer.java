package io.jobscale.server.worker;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.server.BackgroundJobPerformer;
import org.jobrunr.scheduling.exceptions.JobNotFoundException;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * jobrunr's performer with three changes that keep a stop, a database blip or a worker without the job's code from
 * failing jobs:
 * <ul>
 *     <li>A job interrupted while still PROCESSING (a graceful stop, or jobrunr stopping its server after storage
 *     errors) records nothing: jobrunr would save FAILED and burn a retry. The job is left to {@link GracefulStop} or
 *     {@link ServerSupervisor}, which hand it back to the queue.</li>
 *     <li>Saving a job's success is retried while the database is unreachable, for up to {@link #OUTCOME_SAVE_RETRY}:
 *     jobrunr logs the error and forgets the outcome, so a job that succeeded during a blip would be taken for an
 *     orphan, failed and run again. (A failure's outcome is not retried: its state filters schedule the retry, and
 *     an orphaned failure ends the same way.)</li>
 *     <li>A job whose class or method this worker does not have goes back to the queue for a worker that has it
 *     ({@link MissingJobClass}), where jobrunr would fail it at once.</li>
 * </ul>
 */
class HandBackJobPerformer extends BackgroundJobPerformer {

    /** How long the success of a finished job is retried while the database does not answer. */
    static final Duration OUTCOME_SAVE_RETRY = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(HandBackJobPerformer.class);

    private final Job job;
    private final MissingJobClass missingClass;

    HandBackJobPerformer(BackgroundJobServer server, Job job) {
        super(server, job);
        this.job = job;
        this.missingClass = new MissingJobClass(server);
    }

    @Override
    protected void performJob() throws Exception {
        try {
            super.performJob();
        } catch (JobNotFoundException e) {
            if (!job.hasState(StateName.PROCESSING) || !missingClass.putBack(job, e)) throw e;
        } catch (Exception e) {
            if (job.hasState(StateName.PROCESSING) && interrupted(e)) {
                LOG.info("Job {} interrupted by a server stop; it will be handed back to the queue", job.getId());
                return;
            }
            throw e;
        }
    }

    @Override
    protected void saveAndRunStateRelatedJobFilters(Job job) {
        Instant giveUp = Instant.now().plus(OUTCOME_SAVE_RETRY);
        long backOffMillis = 100;
        while (true) {
            try {
                super.saveAndRunStateRelatedJobFilters(job);
                return;
            } catch (ConcurrentJobModificationException e) {
                throw e;   // someone else changed the job (deleted, handed back): not ours to overwrite
            } catch (StorageException e) {
                if (job.getState() != StateName.SUCCEEDED || Instant.now().isAfter(giveUp)) throw e;
                LOG.warn("Could not save job {} as {} ({}); retrying", job.getId(), job.getState(), e.toString());
                sleep(backOffMillis);
                backOffMillis = Math.min(2_000, backOffMillis * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while retrying a save", e);
        }
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) return true;
        }
        return Thread.currentThread().isInterrupted();
    }
}
