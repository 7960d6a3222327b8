package io.jobscale.autoscaler.actuator;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobscale.db.store.QueuedJob;

import java.util.List;
import java.util.Set;

/**
 * Runs one unit of execution per queued job (KEDA ScaledJob semantics). Implementations: Kubernetes batch/v1 Jobs
 * and local {@code run-one} processes. Each launched unit is told its job id, so none starts with nothing to do.
 */
public interface JobActuator {

    /** Counts this scaled job's unfinished Jobs, as KEDA does. */
    JobCounts count(String scaledJobName) throws ActuatorException;

    /** Job ids that already have an unfinished Job: they must not get a second one. */
    Set<String> jobIdsInFlight(String scaledJobName) throws ActuatorException;

    /**
     * Launches one Job per queued job from the ScaledJob's {@code spec.jobTargetRef} (a batch/v1 JobSpec as JSON):
     * one per attempt, so a job launched again at the same version gets no second one. Returns how many were
     * launched; when some were launched before a failure, throws {@link PartialScaleException} with that number.
     */
    int launch(String scaledJobName, JsonNode jobTargetRef, List<QueuedJob> jobs) throws ActuatorException;

    /** Deletes finished Jobs beyond the history limits, oldest completion first. */
    void pruneHistory(String scaledJobName, int successfulJobsHistoryLimit, int failedJobsHistoryLimit)
            throws ActuatorException;
}
