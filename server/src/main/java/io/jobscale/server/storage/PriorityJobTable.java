package io.jobscale.server.storage;

import io.jobscale.db.store.JobRow;
import io.jobscale.db.store.JobRows;
import io.jobscale.db.store.JobUpdate;
import io.jobscale.server.Priority;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobListVersioner;
import org.jobrunr.jobs.JobVersioner;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.SchedulableState;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageException;
import org.jobrunr.storage.navigation.AmountRequest;
import org.jobrunr.storage.sql.common.JobTable;
import org.jobrunr.storage.sql.common.db.Dialect;
import org.jobrunr.utils.JobUtils;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * jobrunr's job table with the statements of the hot path taken from the store ({@link JobRows}): the claim, which
 * takes the most urgent enqueued job first, inserts that write a job's priority with it, and versioned updates. The
 * rest (reads by id, pages, clean-up) stays jobrunr's. This class only translates between jobrunr's jobs and the
 * store's rows, with jobrunr's version bookkeeping and its exceptions for a job changed meanwhile.
 */
class PriorityJobTable extends JobTable {

    private final JobRows rows;
    private final Dialect dialect;
    private final JobMapper jobMapper;

    PriorityJobTable(Connection connection, Dialect dialect, String tablePrefix, JobMapper jobMapper) {
        super(connection, dialect, tablePrefix, jobMapper);
        this.rows = new JobRows(connection);
        this.dialect = dialect;
        this.jobMapper = jobMapper;
    }

    /** Runs in jobrunr's claim transaction, which then saves the claimed jobs as PROCESSING. */
    @Override
    public List<Job> selectJobsToProcess(AmountRequest amountRequest) {
        try {
            return rows.claim(amountRequest.getLimit()).stream().map(jobMapper::deserializeJob).toList();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public Job save(Job job) throws SQLException {
        try (JobVersioner versioner = new JobVersioner(job)) {
            if (versioner.isNewJob()) {
                rows.insert(List.of(row(job)));
            } else if (!rows.updateVersioned(List.of(update(job))).isEmpty()) {
                throw new ConcurrentJobModificationException(job);
            }
            versioner.commitVersion();
        } catch (SQLException e) {
            if (dialect.isUniqueConstraintException(e)) throw new ConcurrentJobModificationException(job, e);
            throw e;
        }
        return job;
    }

    /**
     * Saves new jobs as one batch of inserts, or existing ones as one batch of versioned updates. When some existing
     * jobs changed meanwhile, the others are written (the caller's transaction decides whether they stay) and the
     * exception names the ones that were not.
     */
    @Override
    public List<Job> save(List<Job> jobs) throws SQLException {
        if (jobs.isEmpty()) return jobs;
        try (JobListVersioner versioner = new JobListVersioner(jobs)) {
            if (versioner.areNewJobs()) {
                rows.insert(rowsOf(jobs));
            } else {
                List<Job> stale = rows.updateVersioned(updatesOf(jobs)).stream().map(jobs::get).toList();
                if (!stale.isEmpty()) {
                    versioner.rollbackVersions(stale);
                    throw new ConcurrentJobModificationException(stale);
                }
            }
            versioner.commitVersions();
            return jobs;
        }
    }

    /**
     * Versioned updates of jobs whose versions the caller has already raised, as one statement batch; false if any
     * row had another version. The caller owns the transaction and the version bookkeeping ({@link GroupCommit}).
     */
    boolean updateAllVersioned(List<Job> jobs) throws SQLException {
        return rows.updateVersioned(updatesOf(jobs)).isEmpty();
    }

    private List<JobRow> rowsOf(List<Job> jobs) {
        return jobs.stream().map(this::row).toList();
    }

    private List<JobUpdate> updatesOf(List<Job> jobs) {
        return jobs.stream().map(this::update).toList();
    }

    /** A new job's row. A job's labels, hence its priority, never change after it is created. */
    private JobRow row(Job job) {
        return new JobRow(job.getId().toString(), job.getVersion(), jobMapper.serializeJob(job),
                JobUtils.getJobSignature(job), job.getState().name(), job.getCreatedAt(), job.getUpdatedAt(),
                scheduledAt(job), job.getRecurringJobId().orElse(null), Priority.of(job));
    }

    /** The update of a job's row to its current version and state. */
    private JobUpdate update(Job job) {
        return new JobUpdate(job.getId().toString(), job.getVersion(), jobMapper.serializeJob(job),
                job.getState().name(), job.getUpdatedAt(), scheduledAt(job));
    }

    /** As jobrunr writes it: a job keeps the due time of its last schedule after it is enqueued. */
    private static Instant scheduledAt(Job job) {
        return job.getLastJobStateOfType(SchedulableState.class).map(SchedulableState::getScheduledAt).orElse(null);
    }
}
