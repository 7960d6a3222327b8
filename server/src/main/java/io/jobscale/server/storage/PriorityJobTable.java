package io.jobscale.server.storage;

import io.jobscale.db.store.JobsTable;
import io.jobscale.server.Priority;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobListVersioner;
import org.jobrunr.jobs.JobVersioner;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageException;
import org.jobrunr.storage.navigation.AmountRequest;
import org.jobrunr.storage.sql.common.JobTable;
import org.jobrunr.storage.sql.common.db.ConcurrentSqlModificationException;
import org.jobrunr.storage.sql.common.db.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.stream.Collectors.toList;
import static org.jobrunr.jobs.states.StateName.ENQUEUED;
import static org.jobrunr.jobs.states.StateName.SCHEDULED;

/**
 * jobrunr's job table with two changes and the queries of the scheduled-job promoter.
 * <ul>
 *     <li>Claiming takes the most urgent enqueued job first, oldest first within a priority. The order is served by
 *     index {@code (state, priority, updatedAt)}, so the claim stays an index range scan at millions of rows;
 *     {@code SKIP LOCKED} keeps concurrent workers from waiting on each other's rows.</li>
 *     <li>The claim's plan is pinned to that ordered scan ({@link #CLAIM_PLAN}).</li>
 *     <li>A new job's {@code priority} column is written with the row, from its label. Deriving it in PostgreSQL
 *     instead (a generated column, or a trigger parsing the JSON) measurably slowed every enqueue; the trigger in
 *     migration V2 stays only as a fallback for rows inserted by other means.</li>
 * </ul>
 * Updates are jobrunr's own, with the job's values read by direct calls instead of reflection: a job's labels never
 * change after it is created.
 */
class PriorityJobTable extends JobTable {

    private static final String INSERT_WITH_PRIORITY = "into jobrunr_jobs (id, version, jobAsJson, jobSignature, state,"
            + " createdAt, updatedAt, scheduledAt, recurringJobId, priority)"
            + " values (:id, :version, :jobAsJson, :jobSignature,"
            + " :state, :createdAt, :updatedAt, :scheduledAt, :recurringJobId, :priority)";

    /** jobrunr's versioned update of a job (JobTable's, which is private there). */
    private static final String UPDATE_VERSIONED = "jobrunr_jobs SET version = :version, jobAsJson = :jobAsJson,"
            + " state = :state, updatedAt = :updatedAt, scheduledAt = :scheduledAt"
            + " WHERE id = :id and version = :previousVersion";

    /** The claim: the most urgent enqueued jobs, locked. */
    private static final String CLAIM_SELECT = "jobAsJson, priority from jobrunr_jobs where state = '" + ENQUEUED + "'";
    private static final String CLAIM_ORDER = " ORDER BY " + JobsTable.QUEUE_ORDER + " LIMIT ? FOR UPDATE SKIP LOCKED";
    /**
     * The claim's statement: it also takes the claimed jobs out of the enqueued counts, once per priority, which spares
     * the update of each claimed row its counter trigger (migration V27). The subquery in the WHERE clause only makes
     * the counting run (a CTE that no one reads is not run). The rows come out of the CTE in the order it stored them,
     * the claim's order. Sorting them again would add a Sort node, which {@link #CLAIM_PLAN} prices so high that
     * PostgreSQL JIT-compiles the statement on every claim (200 ms).
     */
    static final String CLAIM = "WITH claimed AS (SELECT " + CLAIM_SELECT + CLAIM_ORDER + "),"
            + " counted AS (SELECT jobscale_count_claimed(priority, count(*)) FROM claimed GROUP BY priority)"
            + " SELECT jobAsJson FROM claimed WHERE (SELECT count(*) FROM counted) >= 0";
    /**
     * Set in the claim's transaction so that the planner cannot read the enqueued jobs in another order and sort them.
     * It does when the table's statistics say hardly any job is enqueued, which they do whenever a burst of enqueues
     * came after the last ANALYZE: in a table of a million finished jobs autoanalyze waits for 100,000 changed rows.
     * Every claim then read and sorted the whole backlog, and processing ran at a fifth of its speed
     * ({@code bin/benchmark scale}). The scan never needs a sort, so forbidding one only removes that plan.
     */
    static final String CLAIM_PLAN = "SET LOCAL enable_sort = off";

    private final Connection connection;
    private final JobMapper jobMapper;

    PriorityJobTable(Connection connection, Dialect dialect, String tablePrefix, JobMapper jobMapper) {
        super(connection, dialect, tablePrefix, jobMapper);
        this.connection = connection;
        this.jobMapper = jobMapper;
        with("priority", Priority::of);
        // jobrunr's Sql reads any parameter without a supplier by reflection (a method lookup per value, per row):
        // it was the largest part of a worker's CPU per job. The same getters, called directly, bind the same values.
        with("id", Job::getId);
        with("state", Job::getState);
        with("createdAt", Job::getCreatedAt);
        with("updatedAt", Job::getUpdatedAt);
        with("previousVersion", job -> job.getVersion() - 1);   // jobrunr's own fallback, without looking first
    }

    /**
     * Runs in jobrunr's claim transaction, which {@link #CLAIM_PLAN}'s {@code SET LOCAL} lasts for. The setting and the
     * claim go in one round trip: the claims of a worker run one at a time, so each round trip saved is time won.
     */
    @Override
    public List<Job> selectJobsToProcess(AmountRequest amountRequest) {
        List<Job> claimed = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CLAIM_PLAN + "; " + CLAIM)) {
            statement.setInt(1, amountRequest.getLimit());
            statement.execute();            // the setting's result comes first, then the claimed rows
            statement.getMoreResults();
            try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) claimed.add(jobMapper.deserializeJob(rows.getString(1)));
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
        return claimed;
    }

    /**
     * Scheduled jobs whose time has passed, {@code scheduledAt < dueBefore}, earliest first, locked so that the
     * promoters of other processes skip them (partial index {@code jobscale_jobs_scheduled_due_idx}).
     */
    List<Job> selectDueScheduledJobsForUpdate(Instant dueBefore, int limit) {
        withState(SCHEDULED);
        withScheduledAt(dueBefore);
        with("limit", limit);
        return select("jobAsJson from jobrunr_jobs where state = :state and scheduledAt < :scheduledAt",
                " ORDER BY scheduledAt ASC LIMIT :limit FOR UPDATE SKIP LOCKED")
                .map(row -> jobMapper.deserializeJob(row.asString("jobAsJson")))
                .collect(toList());
    }

    /** The earliest due time of a scheduled job, if any (an index-only scan). */
    Optional<Instant> selectEarliestScheduledAt() {
        withState(SCHEDULED);
        return select("min(scheduledAt) as earliest from jobrunr_jobs where state = :state")
                .map(row -> Optional.ofNullable(row.asInstant("earliest")))
                .findFirst().orElse(Optional.empty());
    }

    /**
     * Versioned updates of jobs whose versions the caller has already raised, as one statement batch; throws
     * {@link ConcurrentSqlModificationException} if any row had another version. The caller owns the transaction and
     * the version bookkeeping ({@link GroupCommit}).
     */
    void updateAllVersioned(List<Job> jobs) throws SQLException {
        updateAll(jobs, UPDATE_VERSIONED);
    }

    @Override
    public Job save(Job job) throws SQLException {
        if (job.getVersion() != 0) return super.save(job);
        try (JobVersioner versioner = new JobVersioner(job)) {
            insert(job, INSERT_WITH_PRIORITY);
            versioner.commitVersion();
        } catch (SQLException e) {
            if (dialect.isUniqueConstraintException(e)) throw new ConcurrentJobModificationException(job);
            throw e;
        }
        return job;
    }

    @Override
    public List<Job> save(List<Job> jobs) throws SQLException {
        if (jobs.isEmpty() || jobs.get(0).getVersion() != 0) return super.save(jobs);
        try (JobListVersioner versioner = new JobListVersioner(jobs)) {
            insertAll(jobs, INSERT_WITH_PRIORITY);
            versioner.commitVersions();
            return jobs;
        } catch (ConcurrentSqlModificationException e) {
            throw new ConcurrentJobModificationException(jobs, e);
        }
    }
}
