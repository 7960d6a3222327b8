package io.jobscale.db.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.jobscale.db.store.Columns.utc;

/**
 * The hot path of the jobs table: the claim, inserts of new jobs, versioned updates and the due scheduled jobs a
 * promoter enqueues. Every method works on the connection it was made with and inside the caller's transaction: the
 * worker decides what goes into one commit (a claim and the update of its jobs, a batch of finished jobs). Rows carry
 * jobrunr's JSON; turning it into jobs is the worker's business. docs/store.md explains the indexes each one reads.
 */
public final class JobRows {

    private static final String INSERT = "INSERT INTO jobrunr_jobs (id, version, jobAsJson, jobSignature, state,"
            + " createdAt, updatedAt, scheduledAt, recurringJobId, priority) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** The versioned update, bound by {@link #bind(PreparedStatement, JobUpdate)}; the hand-back narrows it. */
    static final String UPDATE_VERSIONED = "UPDATE jobrunr_jobs SET version = ?, jobAsJson = ?, state = ?,"
            + " updatedAt = ?, scheduledAt = ? WHERE id = ? AND version = ?";

    /**
     * The claim: the most urgent enqueued jobs, locked, {@code SKIP LOCKED} so that concurrent workers do not wait on
     * each other's rows. It also takes the claimed jobs out of the enqueued counts, once per priority, which spares
     * the update of each claimed row its counter trigger (migration V27); the subquery in the WHERE clause only makes
     * the counting run (a CTE no one reads is not run). The rows come out of the CTE in the order it stored them, the
     * claim's order. Sorting them again would add a Sort node, which {@link #CLAIM_PLAN} prices so high that
     * PostgreSQL JIT-compiles the statement on every claim (200 ms).
     */
    public static final String CLAIM = "WITH claimed AS (SELECT jobAsJson, priority FROM jobrunr_jobs"
            + " WHERE state = 'ENQUEUED' ORDER BY " + JobsTable.QUEUE_ORDER + " LIMIT ? FOR UPDATE SKIP LOCKED),"
            + " counted AS (SELECT jobscale_count_claimed(priority, count(*)) FROM claimed GROUP BY priority)"
            + " SELECT jobAsJson FROM claimed WHERE (SELECT count(*) FROM counted) >= 0";
    /**
     * Set in the claim's transaction so that the planner cannot read the enqueued jobs in another order and sort them.
     * It does when the table's statistics say hardly any job is enqueued, which they do whenever a burst of enqueues
     * came after the last ANALYZE: in a table of a million finished jobs autoanalyze waits for 100,000 changed rows.
     * Every claim then read and sorted the whole backlog, and processing ran at a fifth of its speed
     * ({@code bin/benchmark scale}). The scan never needs a sort, so forbidding one only removes that plan.
     */
    public static final String CLAIM_PLAN = "SET LOCAL enable_sort = off";

    private static final String DUE_SCHEDULED = "SELECT jobAsJson FROM jobrunr_jobs WHERE state = 'SCHEDULED'"
            + " AND scheduledAt < ? ORDER BY scheduledAt ASC LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String EARLIEST_SCHEDULED = "SELECT min(scheduledAt) FROM jobrunr_jobs"
            + " WHERE state = 'SCHEDULED'";

    private final Connection connection;

    public JobRows(Connection connection) {
        this.connection = connection;
    }

    /**
     * Claims up to {@code limit} enqueued jobs in queue order ({@link JobsTable#QUEUE_ORDER}) and returns their JSON.
     * Run it in a transaction, which the claim's plan setting lasts for and which must also move the jobs out of
     * ENQUEUED. The setting and the claim go in one round trip: a worker's claims run one at a time, so each round
     * trip saved is time won.
     */
    public List<String> claim(int limit) throws SQLException {
        return withClaimPlan(CLAIM, limit);
    }

    /**
     * The plan PostgreSQL chooses for {@link #claim(int)}, one line per line of EXPLAIN, under the same plan setting.
     * Run it in a transaction too: the setting lasts until the transaction ends.
     */
    public List<String> claimPlan(int limit) throws SQLException {
        return withClaimPlan("EXPLAIN " + CLAIM, limit);
    }

    /** Runs {@code query}, whose one parameter is the claim's limit, after the setting; returns its first column. */
    private List<String> withClaimPlan(String query, int limit) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CLAIM_PLAN + "; " + query)) {
            statement.setInt(1, limit);
            statement.execute();            // the setting's result comes first, then the query's rows
            statement.getMoreResults();
            try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) values.add(rows.getString(1));
            }
        }
        return values;
    }

    /**
     * Inserts new jobs, with their {@code priority} column: deriving it in PostgreSQL instead (a generated column, or
     * the V2 trigger parsing the JSON, which stays for rows inserted by other means) measurably slowed every enqueue.
     * One row is one statement, more are one batch. A job whose id exists fails with a unique violation.
     */
    public void insert(List<JobRow> rows) throws SQLException {
        if (rows.isEmpty()) return;
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (JobRow row : rows) {
                statement.setString(1, row.id());
                statement.setInt(2, row.version());
                statement.setString(3, row.jobAsJson());
                statement.setString(4, row.jobSignature());
                statement.setString(5, row.state());
                statement.setTimestamp(6, Timestamp.from(row.createdAt()), utc());
                statement.setTimestamp(7, Timestamp.from(row.updatedAt()), utc());
                setInstant(statement, 8, row.scheduledAt());
                statement.setString(9, row.recurringJobId());
                statement.setInt(10, row.priority());
                if (rows.size() > 1) statement.addBatch();
            }
            if (rows.size() == 1) statement.executeUpdate();
            else statement.executeBatch();
        }
    }

    /**
     * Writes each update over the row with its id at version {@code version - 1}. Returns the positions in
     * {@code updates} of those not written because the row is at another version (it changed meanwhile, or was
     * deleted); the others are written, and the caller decides whether to commit them.
     */
    public List<Integer> updateVersioned(List<JobUpdate> updates) throws SQLException {
        if (updates.isEmpty()) return List.of();
        int[] updated;
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_VERSIONED)) {
            for (JobUpdate update : updates) {
                bind(statement, update);
                if (updates.size() > 1) statement.addBatch();
            }
            updated = updates.size() == 1 ? new int[] {statement.executeUpdate()} : statement.executeBatch();
        }
        List<Integer> stale = new ArrayList<>();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) stale.add(i);
        }
        return stale;
    }

    /**
     * The JSON of up to {@code limit} scheduled jobs due before {@code dueBefore} (strictly), earliest first, locked
     * so that the promoters of other processes skip them (partial index {@code jobscale_jobs_scheduled_due_idx}).
     */
    public List<String> dueScheduled(Instant dueBefore, int limit) throws SQLException {
        List<String> due = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(DUE_SCHEDULED)) {
            statement.setTimestamp(1, Timestamp.from(dueBefore), utc());
            statement.setInt(2, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) due.add(rows.getString(1));
            }
        }
        return due;
    }

    /** The earliest due time of a scheduled job, if any (an index-only scan). */
    public Optional<Instant> earliestScheduledAt() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(EARLIEST_SCHEDULED);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            Timestamp earliest = rows.getTimestamp(1, utc());
            return Optional.ofNullable(earliest).map(Timestamp::toInstant);
        }
    }

    /** Binds the parameters of {@link #UPDATE_VERSIONED}, and of statements that only add conditions to it. */
    static void bind(PreparedStatement statement, JobUpdate update) throws SQLException {
        statement.setInt(1, update.version());
        statement.setString(2, update.jobAsJson());
        statement.setString(3, update.state());
        statement.setTimestamp(4, Timestamp.from(update.updatedAt()), utc());
        setInstant(statement, 5, update.scheduledAt());
        statement.setString(6, update.id());
        statement.setInt(7, update.version() - 1);
    }

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) statement.setNull(index, Types.TIMESTAMP);
        else statement.setTimestamp(index, Timestamp.from(instant), utc());
    }
}
