package io.jobscale.server.storage;

import io.jobscale.db.store.BackgroundJobServers;
import io.jobscale.db.store.JobRows;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.navigation.AmountRequest;
import org.jobrunr.storage.sql.common.db.Transaction;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.ServerTimedOutException;
import org.jobrunr.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * jobrunr's PostgreSQL storage with priority-ordered claiming. It never creates tables ({@code SKIP_CREATE}): Flyway
 * owns the schema, so start {@link io.jobscale.db.Migrations} first.
 */
public class JobscaleStorageProvider extends PostgresStorageProvider {

    /** How overdue a scheduled job is before jobrunr's master enqueues it in place of a promoter. */
    public static final Duration SCHEDULED_FALLBACK_DELAY = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(JobscaleStorageProvider.class);

    private volatile JobMapper mapper;
    private volatile UUID lastKnownMaster;
    private final HeartbeatFailures heartbeat = new HeartbeatFailures();
    private final Map<UUID, IntSupplier> occupancy = new ConcurrentHashMap<>();
    private final Map<UUID, BooleanSupplier> drainChecks = new ConcurrentHashMap<>();
    private final EnqueueNotifier enqueueNotifier;
    private final GroupCommit groupCommit;
    private final RecurringJobPauses recurringJobPauses;
    private final BackgroundJobServers serverTable;

    public JobscaleStorageProvider(DataSource dataSource) {
        super(dataSource, DatabaseOptions.SKIP_CREATE);
        setJobMapper(new JobMapper(new JacksonJsonMapper()));
        this.enqueueNotifier = new EnqueueNotifier(dataSource);
        this.groupCommit = new GroupCommit(dataSource, this::jobTable, this::saveAlone);
        this.recurringJobPauses = new RecurringJobPauses(dataSource);
        this.serverTable = new BackgroundJobServers(dataSource);
    }

    /**
     * Saving one job is one statement (a versioned INSERT or UPDATE), atomic on its own: run it in autocommit, one
     * round trip, where jobrunr opens a transaction for it and commits in a second round trip. Every enqueue and every
     * job completion goes through here. Completions (SUCCEEDED) of jobs finishing at about the same time share one
     * commit ({@link GroupCommit}): the commit rate of the database no longer caps the jobs per second.
     */
    @Override
    public Job save(Job job) {
        boolean finished = job.getVersion() != 0 && job.hasState(StateName.SUCCEEDED);
        Job saved = finished ? groupCommit.save(job) : saveAlone(job);
        notifyJobStatsOnChangeListeners();
        return saved;
    }

    GroupCommit groupCommit() {
        return groupCommit;
    }

    private Job saveAlone(Job job) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) connection.setAutoCommit(true);
            Job saved = jobTable(connection).save(job);
            if (announces(saved)) enqueueNotifier.jobsEnqueued(connection);
            return saved;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /**
     * Saves jobs in one transaction, leaving out the new runs of paused recurring jobs ({@link RecurringJobPauses}).
     * jobrunr's master creates recurring runs only through here. The pause is applied here and not by hiding paused
     * jobs from {@link #getRecurringJobs()}: the master remembers, in memory, the last run it created of each
     * recurring job and on the next poll creates every run since then, so a job hidden while paused would get all its
     * missed runs at once when it came back. Left in the list, the master keeps moving that mark while the runs it
     * hands over are dropped, and after a resume the next run is the first one due after it.
     */
    @Override
    public List<Job> save(List<Job> jobs) {
        Set<String> paused = recurringJobPauses.pausedAmong(recurringJobsWithNewRuns(jobs));
        if (!paused.isEmpty()) {
            jobs = jobs.stream().filter(job -> !isNewRunOf(job, paused)).toList();
            if (jobs.isEmpty()) return jobs;
        }
        List<Job> saved = super.save(jobs);
        if (saved.stream().anyMatch(JobscaleStorageProvider::announces)) enqueueNotifier.jobsEnqueued();
        return saved;
    }

    /** The recurring jobs that new jobs among {@code jobs} are runs of. */
    private static Set<String> recurringJobsWithNewRuns(List<Job> jobs) {
        return jobs.stream().filter(job -> job.getVersion() == 0).flatMap(job -> job.getRecurringJobId().stream())
                .collect(Collectors.toSet());
    }

    private static boolean isNewRunOf(Job job, Set<String> recurringJobIds) {
        return job.getVersion() == 0 && job.getRecurringJobId().filter(recurringJobIds::contains).isPresent();
    }

    public RecurringJobPauses recurringJobPauses() {
        return recurringJobPauses;
    }

    /** Jobs that a listener has to hear about: new work, or a (maybe earlier) due time. */
    private static boolean announces(Job job) {
        return job.hasState(StateName.ENQUEUED) || job.hasState(StateName.SCHEDULED);
    }

    /**
     * Enqueues up to {@code limit} scheduled jobs whose time has come, {@code scheduledAt < now}, in one transaction,
     * skipping those another process is promoting at the same moment. {@code now} is cut to the microseconds the column
     * keeps, and the comparison is strict, so a job is never enqueued before its time however its instant was rounded
     * when stored. Returns how many were enqueued.
     */
    public int promoteDueScheduledJobs(Instant now, int limit) {
        List<Job> due;
        try (Connection connection = dataSource.getConnection();
             Transaction transaction = new Transaction(connection)) {
            due = new JobRows(connection).dueScheduled(now.truncatedTo(ChronoUnit.MICROS), limit).stream()
                    .map(mapper::deserializeJob).toList();
            if (due.isEmpty()) return 0;
            due.forEach(Job::enqueue);
            jobTable(connection).save(due);
            transaction.commit();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
        notifyJobStatsOnChangeListeners();
        enqueueNotifier.jobsEnqueued();
        return due.size();
    }

    /** The earliest due time of a scheduled job, if there is one. */
    public Optional<Instant> nextScheduledAt() {
        try (Connection connection = dataSource.getConnection()) {
            return new JobRows(connection).earliestScheduledAt();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /**
     * What jobrunr's master enqueues from the scheduled jobs. jobrunr takes every job due before the next poll, up to a
     * poll interval early; jobscale's promoters enqueue each job at its time instead, and this is left as their
     * fallback: jobs overdue by {@link #SCHEDULED_FALLBACK_DELAY}, which a promoter would have taken long before, so
     * the two do not compete for the same jobs.
     */
    @Override
    public List<Job> getScheduledJobs(Instant scheduledBefore, AmountRequest amountRequest) {
        Instant fallbackBefore = Instant.now().minus(SCHEDULED_FALLBACK_DELAY);
        Instant before = scheduledBefore.isBefore(fallbackBefore) ? scheduledBefore : fallbackBefore;
        return super.getScheduledJobs(before, amountRequest);
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

    /**
     * Publishes the server's occupied workers with each heartbeat (column {@code occupiedWorkers}, migration V3) and
     * whether it drains (column {@code draining}, V22, the answer of {@code drainCheck}): the check runs first, with
     * the heartbeat, so the worker sees its drain mark within one poll interval.
     */
    public void publishLoad(UUID serverId, IntSupplier occupiedWorkers, BooleanSupplier drainCheck) {
        occupancy.put(serverId, occupiedWorkers);
        drainChecks.put(serverId, drainCheck);
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
        // Checked before the occupancy is read: once the row says draining, no claim adds to the count.
        boolean draining = drainChecks.getOrDefault(serverId, () -> false).getAsBoolean();
        try {
            serverTable.publishOccupancy(serverId.toString(), occupied.getAsInt(), draining);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    protected PriorityJobTable jobTable(Connection connection) {
        return new PriorityJobTable(connection, dialect, tablePrefix, mapper);
    }
}
