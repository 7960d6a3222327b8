package io.jobscale.server.storage;

import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.sql.common.JobTable;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * jobrunr's PostgreSQL storage with priority-ordered claiming. It never creates tables ({@code SKIP_CREATE}): Flyway
 * owns the schema, so start {@link io.jobscale.db.Migrations} first.
 */
public class JobscaleStorageProvider extends PostgresStorageProvider {

    private volatile JobMapper mapper;

    public JobscaleStorageProvider(DataSource dataSource) {
        super(dataSource, DatabaseOptions.SKIP_CREATE);
        setJobMapper(new JobMapper(new JacksonJsonMapper()));
    }

    @Override
    public void setJobMapper(JobMapper jobMapper) {
        super.setJobMapper(jobMapper);
        this.mapper = jobMapper;
    }

    public JobMapper jobMapper() {
        return mapper;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected JobTable jobTable(Connection connection) {
        return new PriorityJobTable(connection, dialect, tablePrefix, mapper);
    }
}
