package io.jobscale.dashboard;

import io.jobscale.db.store.JobListQueries;
import io.jobscale.server.storage.JobscaleStorageProvider;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.ConcurrentJobModificationException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requeue and delete, of one job or of many. Many go in batches: each batch's jobs are read in one query and saved in
 * one statement batch, so ten thousand jobs are forty round trips rather than twenty thousand.
 */
final class JobActions {

    /** How many jobs one read and one save handle. */
    static final int BATCH = 500;
    static final String DELETED_REASON = "Deleted from the dashboard";

    /** How a bulk action ended: jobs changed, and those left as they were (running, gone, or changed meanwhile). */
    record Outcome(int done, List<String> skipped) {
    }

    private final JobscaleStorageProvider storage;
    private final JobListQueries queries;

    JobActions(JobscaleStorageProvider storage, JobListQueries queries) {
        this.storage = storage;
        this.queries = queries;
    }

    /** A job a worker holds or is about to take cannot be requeued: that would run it twice. */
    static boolean canRequeue(Job job) {
        return !job.hasState(StateName.ENQUEUED) && !job.hasState(StateName.PROCESSING);
    }

    static boolean canDelete(Job job) {
        return !job.hasState(StateName.DELETED);
    }

    /** Changes the job in memory; the caller saves it. */
    static void change(Job job, boolean requeue) {
        if (requeue) job.enqueue();
        else job.delete(DELETED_REASON);
    }

    /**
     * Requeues or deletes the jobs with these ids, batch by batch. A job that cannot take the action, or is no longer
     * in {@code expectedState} (when that is not null: the filter that found it no longer matches), is skipped.
     */
    Outcome apply(List<String> ids, boolean requeue, String expectedState) throws SQLException {
        int done = 0;
        List<String> skipped = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            Map<String, Job> loaded = new HashMap<>();
            for (String json : queries.jobsAsJson(batch)) {
                Job job = storage.jobMapper().deserializeJob(json);
                loaded.put(job.getId().toString(), job);
            }
            List<Job> changed = new ArrayList<>();
            for (String id : batch) {
                Job job = loaded.get(id);
                boolean applies = job != null && (requeue ? canRequeue(job) : canDelete(job))
                        && (expectedState == null || job.getState().name().equals(expectedState));
                if (!applies) {
                    skipped.add(id);
                    continue;
                }
                change(job, requeue);
                changed.add(job);
            }
            List<String> conflicts = save(changed);
            skipped.addAll(conflicts);
            done += changed.size() - conflicts.size();
        }
        return new Outcome(done, skipped);
    }

    /**
     * Saves the batch in one go; if another process changed some of its jobs since they were read, saves them one by
     * one instead, so the rest still go ahead. Returns the ids of the jobs that were changed meanwhile.
     */
    private List<String> save(List<Job> jobs) {
        if (jobs.isEmpty()) return List.of();
        try {
            storage.save(jobs);
            return List.of();
        } catch (ConcurrentJobModificationException e) {
            // jobrunr may already have written the batch's other jobs; saving them again writes the same state.
            List<String> conflicts = new ArrayList<>();
            for (Job job : jobs) {
                try {
                    storage.save(job);
                } catch (ConcurrentJobModificationException changed) {
                    conflicts.add(job.getId().toString());
                }
            }
            return conflicts;
        }
    }
}
