package io.jobscale.server.storage;

import io.jobscale.db.store.PausedRecurringJobs;
import org.jobrunr.storage.StorageException;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The paused recurring jobs (migration V24): an operator pauses one from the dashboard and no process creates runs of
 * it until it is resumed. The statements are in {@link PausedRecurringJobs}; this class gives their failures
 * jobrunr's error type, which the storage's save path expects.
 *
 * <p>The pause is kept in the database, not in any process, so every worker honours it at once and it outlives
 * restarts and redeploys; replacing a recurring job (same id) keeps its pause, deleting it drops the pause.
 */
public class RecurringJobPauses {

    private final PausedRecurringJobs paused;

    public RecurringJobPauses(DataSource dataSource) {
        this.paused = new PausedRecurringJobs(dataSource);
    }

    /**
     * Pauses recurring job {@code id} from {@code pausedAt} (pausing a paused job keeps its first pause). Answers
     * false when there is no such recurring job.
     */
    public boolean pause(String id, Instant pausedAt) {
        try {
            return paused.pause(id, pausedAt);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Resumes recurring job {@code id}; resuming one that is not paused changes nothing. */
    public void resume(String id) {
        try {
            paused.resume(id);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Every paused recurring job's id, with the time it was paused. */
    public Map<String, Instant> paused() {
        try {
            return paused.all();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Which of {@code ids} are paused recurring jobs. */
    public Set<String> pausedAmong(Collection<String> ids) {
        try {
            return paused.among(ids);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
