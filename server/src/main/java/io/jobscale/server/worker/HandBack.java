package io.jobscale.server.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobscale.db.store.ProcessingJobs;
import io.jobscale.server.storage.JobscaleStorageProvider;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Puts jobs that a stopping server still holds back to ENQUEUED, so another worker takes them at once.
 *
 * <p>jobrunr forbids PROCESSING → ENQUEUED ({@code job.enqueue()} throws), and the only path it offers (FAILED, then a
 * retry) would burn one of the job's retries and delay it by the back-off. So the ENQUEUED state is appended to the
 * job's stored history directly: the retry count, which jobrunr derives from the FAILED states in the history, is
 * unchanged, and the history still shows where the job had been running. The row keeps the queue position the job had
 * before it was claimed ({@code updatedAt}, which claim order and queue latency read), so a handed-back job is next in
 * its priority, not last.
 *
 * <p>The write is versioned like every jobrunr save; when the job changed meanwhile (jobrunr refreshes running jobs
 * every poll) it is read again and retried, as is any database error, with back-off until the deadline.
 */
public class HandBack {

    private static final Logger LOG = LoggerFactory.getLogger(HandBack.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(200);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(2);

    private final JobscaleStorageProvider storage;
    private final ProcessingJobs processingJobs;
    private final Clock clock;

    public HandBack(JobscaleStorageProvider storage, Clock clock) {
        this.storage = storage;
        this.processingJobs = new ProcessingJobs(storage.dataSource());
        this.clock = clock;
    }

    /**
     * Hands back every job still PROCESSING on {@code serverId}, one by one, retrying failures until
     * {@code deadline}.
     */
    public Outcome handBackJobsOf(UUID serverId, Instant deadline) {
        Optional<List<UUID>> ids = retryUntil(deadline, "list the jobs of server " + serverId,
                () -> processingJobIdsOf(serverId));
        if (ids.isEmpty()) return new Outcome(0, false);
        int handedBack = 0;
        boolean complete = true;
        for (UUID jobId : ids.get()) {
            Optional<Boolean> done = retryUntil(deadline, "hand back job " + jobId, () -> handBack(jobId, serverId));
            if (done.isEmpty()) complete = false;
            else if (done.get()) handedBack++;
        }
        return new Outcome(handedBack, complete);
    }

    /** True when handed back; false when the job is no longer ours (finished, deleted, taken by someone else). */
    boolean handBack(UUID jobId, UUID serverId) throws SQLException, ConcurrentChangeException {
        Job job;
        try {
            job = storage.getJobById(jobId);
        } catch (JobNotFoundException e) {
            return false;
        }
        if (!job.hasState(StateName.PROCESSING) || !serverId.equals(job.<ProcessingState>getJobState().getServerId())) {
            return false;
        }
        putBack(job, state(StateName.ENQUEUED), queuePosition(job), null);
        LOG.info("Handed back job {} ({}) to the queue", jobId, job.getJobName());
        return true;
    }

    /**
     * Puts a job this server claimed but cannot run back as SCHEDULED at {@code at}, with {@code reason} in its
     * history, so another worker takes it then. No FAILED state: its retries are unchanged.
     */
    public void reschedule(Job job, Instant at, String reason) throws SQLException, ConcurrentChangeException {
        ObjectNode scheduled = state(StateName.SCHEDULED);
        scheduled.put("scheduledAt", at.toString());
        scheduled.put("reason", reason);
        putBack(job, scheduled, clock.instant(), at);
    }

    private void putBack(Job job, ObjectNode newState, Instant updatedAt, Instant scheduledAt)
            throws SQLException, ConcurrentChangeException {
        if (!processingJobs.putBack(job.getId().toString(), job.getVersion(), withState(job, newState),
                newState.get("state").asText(), updatedAt, scheduledAt)) {
            throw new ConcurrentChangeException(job.getId());
        }
    }

    /**
     * When the job became ready for this attempt: the earliest ENQUEUED state of the run of ENQUEUED/PROCESSING states
     * at the end of its history (earlier hand-backs keep the position too).
     */
    static Instant queuePosition(Job job) {
        List<JobState> history = job.getJobStates();
        Instant position = job.getCreatedAt();
        for (int i = history.size() - 1; i >= 0; i--) {
            JobState state = history.get(i);
            if (state.getName() == StateName.ENQUEUED) position = state.getCreatedAt();
            else if (state.getName() != StateName.PROCESSING) break;
        }
        return position;
    }

    private ObjectNode state(StateName name) {
        ObjectNode state = JSON.createObjectNode();
        state.put("@class", "org.jobrunr.jobs.states." + switch (name) {
            case ENQUEUED -> "EnqueuedState";
            case SCHEDULED -> "ScheduledState";
            default -> throw new IllegalArgumentException("not a state a job is put back to: " + name);
        });
        state.put("state", name.name());
        state.put("createdAt", clock.instant().toString());
        return state;
    }

    /** The job's JSON with {@code newState} appended to its history and its version advanced. */
    private String withState(Job job, ObjectNode newState) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(storage.jobMapper().serializeJob(job));
            ((ArrayNode) json.get("jobHistory")).add(newState);
            json.put("version", job.getVersion() + 1);
            return JSON.writeValueAsString(json);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot rewrite job " + job.getId(), e);
        }
    }

    private List<UUID> processingJobIdsOf(UUID serverId) throws SQLException {
        return processingJobs.idsOnServer(serverId.toString()).stream().map(UUID::fromString).toList();
    }

    /** Runs {@code action} until it succeeds or the deadline passes; empty when it never succeeded. */
    private <T> Optional<T> retryUntil(Instant deadline, String what, Callable<T> action) {
        Duration backOff = FIRST_BACK_OFF;
        for (int attempt = 1; ; attempt++) {
            try {
                return Optional.of(action.call());
            } catch (ConcurrentChangeException e) {
                LOG.debug("Could not {}: changed meanwhile, reading it again", what);
                backOff = FIRST_BACK_OFF;
            } catch (Exception e) {
                LOG.warn("Could not {} (attempt {}): {}", what, attempt, e.toString());
            }
            if (!clock.instant().plus(backOff).isBefore(deadline)) {
                LOG.error("Gave up trying to {}: the stop's deadline {} has come", what, deadline);
                return Optional.empty();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(backOff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            backOff = backOff.multipliedBy(2).compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : backOff.multipliedBy(2);
        }
    }

    /** The job's row changed between reading and writing it. */
    public static final class ConcurrentChangeException extends Exception {
        ConcurrentChangeException(UUID jobId) {
            super("job " + jobId + " changed meanwhile", null, false, false);
        }
    }

    /**
     * @param handedBack jobs put back to ENQUEUED
     * @param complete   false when some job could not be handed back (or not even listed) before the deadline
     */
    public record Outcome(int handedBack, boolean complete) {
    }
}
