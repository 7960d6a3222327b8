package io.jobscale.server.storage;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.sql.common.JobTable;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.ServerTimedOutException;
import org.jobrunr.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * jobrunr's PostgreSQL storage with priority-ordered claiming. It never creates tables ({@code SKIP_CREATE}): Flyway
 * owns the schema, so start {@link io.jobscale.db.Migrations} first.
 */
public class JobscaleStorageProvider extends PostgresStorageProvider {

    private static final Logger LOG = LoggerFactory.getLogger(JobscaleStorageProvider.class);

    private volatile JobMapper mapper;
    private volatile UUID lastKnownMaster;
    private final HeartbeatFailures heartbeat = new HeartbeatFailures();
    private final Map<UUID, IntSupplier> occupancy = new ConcurrentHashMap<>();
    private final EnqueueNotifier enqueueNotifier;

    public JobscaleStorageProvider(DataSource dataSource) {
        super(dataSource, DatabaseOptions.SKIP_CREATE);
        setJobMapper(new JobMapper(new JacksonJsonMapper()));
        this.enqueueNotifier = new EnqueueNotifier(dataSource);
    }

    /**
     * Saving one job is one statement (a versioned INSERT or UPDATE), atomic on its own: run it in autocommit, one round
     * trip, where jobrunr opens a transaction for it and commits in a second round trip. Every enqueue and every job
     * completion goes through here.
     */
    @Override
    public Job save(Job job) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) connection.setAutoCommit(true);
            Job saved = jobTable(connection).save(job);
            notifyJobStatsOnChangeListeners();
            if (saved.hasState(StateName.ENQUEUED)) enqueueNotifier.jobsEnqueued();
            return saved;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public List<Job> save(List<Job> jobs) {
        List<Job> saved = super.save(jobs);
        if (saved.stream().anyMatch(j -> j.hasState(StateName.ENQUEUED))) enqueueNotifier.jobsEnqueued();
        return saved;
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

    /** Publishes the server's occupied workers with each heartbeat (column {@code occupiedWorkers}, migration V3). */
    public void publishOccupancy(UUID serverId, IntSupplier occupiedWorkers) {
        occupancy.put(serverId, occupiedWorkers);
    }

    @Override
    public void announceBackgroundJobServer(BackgroundJobServerStatus serverStatus) {
        super.announceBackgroundJobServer(serverStatus);
        writeOccupancy(serverStatus.getId());
    }

    /*
     * The heartbeat calls below tolerate storage errors. jobrunr's ServerZooKeeper stops the whole server on the first
     * failed heartbeat (Hikari gives up on a connection after 5 s), which interrupts every running job; a database blip
     * must not do that. Running jobs carry on; the heartbeat resumes when the database answers, well before other
     * servers would count this one as dead (4 poll intervals). A server row removed meanwhile is announced again.
     */

    @Override
    public boolean signalBackgroundJobServerAlive(BackgroundJobServerStatus serverStatus) {
        try {
            try {
                super.signalBackgroundJobServerAlive(serverStatus);
            } catch (ServerTimedOutException e) {
                LOG.warn("Server {} was removed as timed out while the database was unreachable; announcing it again",
                        serverStatus.getId());
                super.announceBackgroundJobServer(serverStatus);
            }
            writeOccupancy(serverStatus.getId());
            heartbeat.succeeded();
        } catch (StorageException e) {
            heartbeat.failed(e);
        }
        return true;
    }

    @Override
    public int removeTimedOutBackgroundJobServers(Instant heartbeatOlderThan) {
        try {
            return super.removeTimedOutBackgroundJobServers(heartbeatOlderThan);
        } catch (StorageException e) {
            heartbeat.failed(e);
            return 0;
        }
    }

    @Override
    public UUID getLongestRunningBackgroundJobServerId() {
        try {
            UUID master = super.getLongestRunningBackgroundJobServerId();
            lastKnownMaster = master;
            return master;
        } catch (StorageException e) {
            if (lastKnownMaster == null) throw e;
            heartbeat.failed(e);
            return lastKnownMaster;
        }
    }

    private void writeOccupancy(UUID serverId) {
        IntSupplier occupied = occupancy.get(serverId);
        if (occupied == null) return;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE jobrunr_backgroundjobservers SET occupiedWorkers = ? WHERE id = ?")) {
            statement.setInt(1, occupied.getAsInt());
            statement.setString(2, serverId.toString());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    protected JobTable jobTable(Connection connection) {
        return new PriorityJobTable(connection, dialect, tablePrefix, mapper);
    }
}
