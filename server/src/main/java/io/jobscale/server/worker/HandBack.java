package io.jobscale.server.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobscale.server.storage.JobscaleStorageProvider;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.JobNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Puts jobs that a stopping server still holds back to ENQUEUED, so another worker takes them at once.
 *
 * <p>jobrunr forbids PROCESSING → ENQUEUED ({@code job.enqueue()} throws), and the only path it offers (FAILED, then a
 * retry) would burn one of the job's retries and delay it by the back-off. So the ENQUEUED state is appended to the
 * job's stored history directly: the retry count, which jobrunr derives from the FAILED states in the history, is
 * unchanged, and the history still shows where the job had been running. The save is versioned like every jobrunr
 * save, so a job that changed meanwhile is left alone.
 */
public class HandBack {

    private static final Logger LOG = LoggerFactory.getLogger(HandBack.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobscaleStorageProvider storage;
    private final Clock clock;

    public HandBack(JobscaleStorageProvider storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Hands back every job still PROCESSING on {@code serverId}; returns how many were handed back. */
    public int handBackJobsOf(UUID serverId) {
        int handedBack = 0;
        for (UUID jobId : processingJobIdsOf(serverId)) {
            if (handBack(jobId, serverId)) handedBack++;
        }
        return handedBack;
    }

    boolean handBack(UUID jobId, UUID serverId) {
        try {
            Job job = storage.getJobById(jobId);
            if (!job.hasState(StateName.PROCESSING) || !serverId.equals(job.<ProcessingState>getJobState().getServerId())) {
                return false;
            }
            storage.save(enqueuedAgain(job));
            LOG.info("Handed back job {} ({}) to the queue", jobId, job.getJobName());
            return true;
        } catch (JobNotFoundException | ConcurrentJobModificationException e) {
            return false;   // deleted or changed by someone else meanwhile: nothing of ours to hand back
        }
    }

    private Job enqueuedAgain(Job job) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(storage.jobMapper().serializeJob(job));
            ObjectNode enqueued = JSON.createObjectNode();
            enqueued.put("@class", "org.jobrunr.jobs.states.EnqueuedState");
            enqueued.put("state", StateName.ENQUEUED.name());
            enqueued.put("createdAt", clock.instant().toString());
            ((ArrayNode) json.get("jobHistory")).add(enqueued);
            return storage.jobMapper().deserializeJob(JSON.writeValueAsString(json));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot rewrite job " + job.getId(), e);
        }
    }

    private List<UUID> processingJobIdsOf(UUID serverId) {
        String sql = "SELECT id FROM jobrunr_jobs WHERE state = 'PROCESSING'"
                + " AND (jobAsJson::jsonb -> 'jobHistory' -> -1 ->> 'serverId') = ?";
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = storage.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, serverId.toString());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) ids.add(UUID.fromString(rs.getString(1).trim()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list the jobs of server " + serverId, e);
        }
        return ids;
    }
}
