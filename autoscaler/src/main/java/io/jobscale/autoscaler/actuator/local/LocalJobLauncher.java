package io.jobscale.autoscaler.actuator.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobscale.autoscaler.actuator.ActuatorException;
import io.jobscale.autoscaler.actuator.JobActuator;
import io.jobscale.autoscaler.actuator.JobCounts;
import io.jobscale.autoscaler.actuator.PartialScaleException;
import io.jobscale.db.store.QueuedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ScaledJob semantics on this machine: one {@code run-one <jobId>} process per queued job. A local process is running
 * from the moment it is spawned, so none is ever "pending". Finished processes are kept (as a Kubernetes Job history)
 * up to the history limits, for the dashboard.
 */
public class LocalJobLauncher implements JobActuator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobLauncher.class);

    private final ProcessLauncher launcher;
    private final Map<String, Map<String, Process>> running = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> finishedExitCodes = new ConcurrentHashMap<>();

    /** {@code launcher}'s command must run {@code run-one} and take the job id as its last argument. */
    public LocalJobLauncher(ProcessLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public synchronized JobCounts count(String scaledJobName) {
        reap(scaledJobName);
        return new JobCounts(jobs(scaledJobName).size(), 0);
    }

    @Override
    public synchronized Set<String> jobIdsInFlight(String scaledJobName) {
        reap(scaledJobName);
        return Set.copyOf(jobs(scaledJobName).keySet());
    }

    @Override
    public synchronized int launch(String scaledJobName, JsonNode jobTargetRef, List<QueuedJob> queued)
            throws ActuatorException {
        reap(scaledJobName);
        int launched = 0;
        for (QueuedJob job : queued) {
            String jobId = job.id();
            if (jobs(scaledJobName).containsKey(jobId)) continue;
            try {
                Process process = launcher.start(scaledJobName + "-" + jobId, Map.of("JOBSCALE_JOB_ID", jobId), jobId);
                jobs(scaledJobName).put(jobId, process);
                launched++;
                LOG.info("Started run-one process {} for job {}", process.pid(), jobId);
            } catch (IOException e) {
                String message = "cannot start run-one for job " + jobId + ": " + e.getMessage();
                if (launched > 0) throw new PartialScaleException(launched, message, e);
                throw new ActuatorException(message, e);
            }
        }
        return launched;
    }

    @Override
    public synchronized void pruneHistory(String scaledJobName, int successfulJobsHistoryLimit,
                                          int failedJobsHistoryLimit) {
        Deque<Integer> history = finishedExitCodes.computeIfAbsent(scaledJobName, k -> new ArrayDeque<>());
        long succeeded = history.stream().filter(code -> code == 0).count();
        long failed = history.size() - succeeded;
        // Oldest first, as Kubernetes Job history is pruned.
        for (var it = history.iterator(); it.hasNext(); ) {
            int code = it.next();
            if (code == 0 && succeeded > successfulJobsHistoryLimit) {
                it.remove();
                succeeded--;
            } else if (code != 0 && failed > failedJobsHistoryLimit) {
                it.remove();
                failed--;
            }
        }
    }

    /** Exit codes of finished run-one processes still in the history, oldest first. */
    public synchronized List<Integer> history(String scaledJobName) {
        reap(scaledJobName);
        return List.copyOf(finishedExitCodes.getOrDefault(scaledJobName, new ArrayDeque<>()));
    }

    private Map<String, Process> jobs(String scaledJobName) {
        return running.computeIfAbsent(scaledJobName, k -> new HashMap<>());
    }

    private void reap(String scaledJobName) {
        jobs(scaledJobName).entrySet().removeIf(entry -> {
            if (entry.getValue().isAlive()) return false;
            finishedExitCodes.computeIfAbsent(scaledJobName, k -> new ArrayDeque<>()).add(entry.getValue().exitValue());
            return true;
        });
    }

    /** SIGTERM to every run-one process: each hands its job back to the queue. */
    @Override
    public synchronized void close() {
        running.values().forEach(group -> group.values().forEach(Process::destroy));
    }
}
