package io.jobscale.server.worker;

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

/**
 * Stops a worker without losing or failing a job: stop claiming work, let running jobs finish for up to the await
 * duration, interrupt the rest, stop the jobrunr server, and hand every job it still holds back to ENQUEUED with its
 * retry count unchanged. jobrunr's own stop would mark interrupted jobs FAILED and reschedule them with back-off.
 */
public class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
    private static final Set<UUID> STOPPING = ConcurrentHashMap.newKeySet();
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);

    private final BackgroundJobServer server;
    private final HandBack handBack;
    private final Duration await;
    private final Clock clock;

    public GracefulStop(BackgroundJobServer server, HandBack handBack, Duration await, Clock clock) {
        this.server = server;
        this.handBack = handBack;
        this.await = await;
        this.clock = clock;
    }

    /** True once a graceful stop of the server {@code serverId} has begun in this JVM. */
    public static boolean isStopping(UUID serverId) {
        return STOPPING.contains(serverId);
    }

    public boolean isStopping() {
        return isStopping(server.getId());
    }

    /** Runs the stop; safe to call more than once: a later call waits for the first to finish and does nothing. */
    public synchronized Result stop() {
        if (!STOPPING.add(server.getId())) return new Result(0, 0);
        int running = jobsInProgress().size();
        LOG.info("Graceful stop: no new work; waiting up to {} for {} running job(s)", await, running);
        waitForJobs(clock.instant().plus(await));
        Set<Job> unfinished = jobsInProgress();
        for (Job job : unfinished) {
            Thread thread = server.getJobSteward().getThreadProcessingJob(job);
            if (thread != null) thread.interrupt();
        }
        if (!unfinished.isEmpty()) {
            LOG.info("Graceful stop: interrupted {} job(s) still running after {}", unfinished.size(), await);
            waitForJobs(clock.instant().plus(INTERRUPT_GRACE));
        }
        server.stop();
        int handedBack = handBack.handBackJobsOf(server.getId());
        LOG.info("Graceful stop done: {} job(s) finished during the wait, {} handed back to the queue",
                Math.max(0, running - unfinished.size()), handedBack);
        return new Result(Math.max(0, running - unfinished.size()), handedBack);
    }

    private void waitForJobs(Instant deadline) {
        while (!jobsInProgress().isEmpty() && clock.instant().isBefore(deadline)) {
            try {
                Thread.sleep(100);
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
     */
    public record Result(int finished, int handedBack) {
    }
}
