package io.jobscale.server.worker;

import io.jobscale.db.DataSources;
import org.jobrunr.jobs.Job;
import org.jobrunr.server.BackgroundJobServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Stops a worker without losing or failing a job (docs/operations.md, "Graceful stop"):
 * <ol>
 *     <li>stop claiming work;</li>
 *     <li>let running jobs finish for up to the await duration;</li>
 *     <li>interrupt the rest and give them {@link #INTERRUPT_GRACE} to end;</li>
 *     <li>hand every job this server still holds back to ENQUEUED, whatever its thread does: a job stuck in a JDBC
 *     call or a CPU loop is handed back too, and its thread dies with the process (at least once, never lost);</li>
 *     <li>stop the jobrunr server, waiting at most {@link #SERVER_STOP_WAIT} for it.</li>
 * </ol>
 * The hand-back comes before jobrunr's own stop because that stop waits for stuck threads and, meanwhile, nothing
 * refreshes the jobs' {@code updatedAt}: they would pass the orphan limit and be failed by the master. A hand-back that
 * fails (database down) is retried until the grace period ends; the result says whether every job went back.
 */
public class GracefulStop {

    /** How long interrupted jobs get to end before they are handed back regardless. */
    public static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);
    /** How long the stop waits for jobrunr's own server stop, which can hang on a stuck job thread. */
    public static final Duration SERVER_STOP_WAIT = Duration.ofSeconds(3);
    /** Time for the hand-back itself when the database answers: a few statements per job. */
    static final Duration HAND_BACK_ALLOWANCE = Duration.ofSeconds(2);
    /** Kept free at the end of the grace period, for the process to exit before it is killed. */
    static final Duration EXIT_MARGIN = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
    private static final Set<UUID> STOPPING = ConcurrentHashMap.newKeySet();

    private final BackgroundJobServer server;
    private final HandBack handBack;
    private final Duration await;
    private final Duration gracePeriod;
    private final Clock clock;
    private Result result;

    public GracefulStop(BackgroundJobServer server, HandBack handBack, Duration await, Duration gracePeriod,
                        Clock clock) {
        this.server = server;
        this.handBack = handBack;
        this.await = await;
        this.gracePeriod = gracePeriod;
        this.clock = clock;
    }

    /**
     * The longest a stop takes while the database answers: what a pod's terminationGracePeriodSeconds must exceed.
     * The Kubernetes grace-period check and the settings' defaults both use this.
     */
    public static Duration timeNeeded(Duration await) {
        return await.plus(INTERRUPT_GRACE).plus(HAND_BACK_ALLOWANCE).plus(SERVER_STOP_WAIT).plus(EXIT_MARGIN);
    }

    /** True once a graceful stop of the server {@code serverId} has begun in this JVM. */
    public static boolean isStopping(UUID serverId) {
        return STOPPING.contains(serverId);
    }

    public boolean isStopping() {
        return isStopping(server.getId());
    }

    /**
     * Runs the stop; safe to call more than once: a later call waits for the first to finish and returns its result.
     */
    public synchronized Result stop() {
        if (result != null) return result;
        STOPPING.add(server.getId());
        Instant began = clock.instant();
        int running = jobsInProgress().size();
        LOG.info("Graceful stop: no new work; waiting up to {} for {} running job(s)", await, running);
        waitForJobs(began.plus(await));
        Set<Job> unfinished = jobsInProgress();
        for (Job job : unfinished) {
            Thread thread = server.getJobSteward().getThreadProcessingJob(job);
            if (thread != null) thread.interrupt();
        }
        if (!unfinished.isEmpty()) {
            LOG.info("Graceful stop: interrupted {} job(s) still running after {}", unfinished.size(), await);
            waitForJobs(clock.instant().plus(INTERRUPT_GRACE));
        }
        // The last attempt may block for a whole connection timeout: start none that could not end within the grace.
        Instant handBackDeadline = began.plus(gracePeriod).minus(EXIT_MARGIN).minus(DataSources.CONNECTION_TIMEOUT);
        HandBack.Outcome handedBack = handBack.handBackJobsOf(server.getId(), handBackDeadline);
        // With the database unreachable jobrunr's stop hangs on it too; the grace period is spent, so do not wait.
        stopServer(handedBack.complete() ? SERVER_STOP_WAIT : Duration.ZERO);
        int finished = Math.max(0, running - unfinished.size());
        if (handedBack.complete()) {
            LOG.info("Graceful stop done: {} job(s) finished during the wait, {} handed back to the queue",
                    finished, handedBack.handedBack());
        } else {
            LOG.error("Graceful stop incomplete: {} job(s) handed back, but the hand-back could not finish before the"
                    + " grace period ({}) ended; the jobs left PROCESSING run again once the master finds them"
                    + " orphaned", handedBack.handedBack(), gracePeriod);
        }
        result = new Result(finished, handedBack.handedBack(), handedBack.complete());
        return result;
    }

    /** jobrunr's stop, in its own thread: its executor waits for job threads that may never end. */
    private void stopServer(Duration wait) {
        Thread stopper = new Thread(() -> {
            try {
                server.stop();
            } catch (RuntimeException e) {
                LOG.warn("Stopping jobrunr server {} failed: {}", server.getId(), e.toString());
            }
        }, "jobscale-server-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            if (!wait.isZero()) stopper.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) LOG.warn("jobrunr server {} is still stopping after {}; not waiting longer",
                server.getId(), wait);
    }

    private void waitForJobs(Instant deadline) {
        while (!jobsInProgress().isEmpty() && clock.instant().isBefore(deadline)) {
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Set<Job> jobsInProgress() {
        return Set.copyOf(server.getJobSteward().getJobsInProgress());
    }

    /**
     * @param finished   jobs that completed while the stop waited
     * @param handedBack jobs put back to ENQUEUED
     * @param complete   false when the hand-back could not finish (database unreachable until the grace period ended)
     */
    public record Result(int finished, int handedBack, boolean complete) {
    }
}
