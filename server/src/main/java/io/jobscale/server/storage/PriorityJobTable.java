package io.jobscale.server.storage;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.storage.navigation.AmountRequest;
import org.jobrunr.storage.sql.common.JobTable;
import org.jobrunr.storage.sql.common.db.Dialect;

import java.sql.Connection;
import java.util.List;

import static java.util.stream.Collectors.toList;
import static org.jobrunr.jobs.states.StateName.ENQUEUED;

/**
 * jobrunr's job table with one change: workers claim the most urgent enqueued job first, oldest first within a
 * priority. The order is served by index {@code (state, priority, updatedAt)}, so the claim stays an index range scan
 * at millions of rows; {@code SKIP LOCKED} keeps concurrent workers from waiting on each other's rows.
 */
class PriorityJobTable extends JobTable {

    private final JobMapper jobMapper;

    PriorityJobTable(Connection connection, Dialect dialect, String tablePrefix, JobMapper jobMapper) {
        super(connection, dialect, tablePrefix, jobMapper);
        this.jobMapper = jobMapper;
    }

    @Override
    public List<Job> selectJobsToProcess(AmountRequest amountRequest) {
        withState(ENQUEUED);
        with("limit", amountRequest.getLimit());
        return select("jobAsJson from jobrunr_jobs where state = :state",
                " ORDER BY priority ASC, updatedAt ASC LIMIT :limit FOR UPDATE SKIP LOCKED")
                .map(row -> jobMapper.deserializeJob(row.asString("jobAsJson")))
                .collect(toList());
    }
}
