package io.jobscale.db.store;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.jobscale.db.store.Columns.utc;

/**
 * The dashboard's reads of the jobs table, with statements that stay index-backed at millions of jobs
 * ({@code bin/benchmark dashboard}): a page of one state is a backward scan of {@code (state, updatedAt)}; counts are
 * index-only and capped.
 */
public final class JobListQueries {

    /** Each state's count stops at this + 1: the page shows "100000+" beyond it. */
    public static final long COUNT_CAP = 100_000;

    /**
     * Which jobs a list or a bulk action covers; null parts do not filter.
     *
     * @param state        one of {@link JobsTable#STATES}, or null for every state
     * @param search       a part of the job's name or signature (case-insensitive), or an exact job id
     * @param priority     0..9
     * @param label        a label the job carries, exactly
     * @param updatedAfter only jobs whose last change is this recent
     */
    public record Filter(String state, String search, Integer priority, String label, Instant updatedAfter) {
    }

    /** One job as the list shows it. */
    public record JobRow(String id, String name, String state, int priority, Instant createdAt, Instant updatedAt,
                         Instant scheduledAt, List<String> labels) {
    }

    /** The jobs that succeeded and failed in one minute. */
    public record Minute(Instant minute, long succeeded, long failed) {
    }

    private final DataSource dataSource;

    public JobListQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Jobs per state, each counted up to {@link #COUNT_CAP} + 1. An exact count of a million succeeded jobs costs a
     * scan of a million index entries on every refresh, for a number nobody reads to the last digit.
     */
    public Map<String, Long> countsByState() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM (SELECT 1 FROM jobrunr_jobs WHERE state = ? LIMIT " + (COUNT_CAP + 1)
                        + ") AS capped")) {
            for (String state : JobsTable.STATES) {
                s.setString(1, state);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    counts.put(state, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /**
     * Newest first, as the filter says. Every state is its own backward scan of (state, updatedAt),
     * so "all states" merges seven bounded scans rather than sorting the whole table.
     */
    public List<JobRow> page(Filter f, int limit, int offset) throws SQLException {
        String columns = "SELECT id, jobAsJson::jsonb ->> 'jobName' AS name, state, priority, createdAt, updatedAt,"
                + " scheduledAt, ARRAY(SELECT jsonb_array_elements_text(jobAsJson::jsonb -> 'labels')) AS labels"
                + " FROM jobrunr_jobs";
        List<JobRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = matching(c, columns, f, limit, offset);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Array labels = rs.getArray(8);
                rows.add(new JobRow(rs.getString(1).trim(), rs.getString(2), rs.getString(3), rs.getInt(4),
                        instant(rs, 5), instant(rs, 6), instant(rs, 7), List.of((String[]) labels.getArray())));
            }
        }
        return rows;
    }

    /** The ids of the newest {@code limit} jobs the filter matches, by the same bounded scans as {@link #page}. */
    public List<String> ids(Filter f, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = matching(c, "SELECT id, updatedAt FROM jobrunr_jobs", f, limit, 0);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) ids.add(rs.getString(1).trim());
        }
        return ids;
    }

    /** The stored JSON of the jobs with these ids, in one query; ids of jobs that are gone are left out. */
    public List<String> jobsAsJson(List<String> ids) throws SQLException {
        List<String> jobs = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT jobAsJson FROM jobrunr_jobs WHERE id = ANY (CAST(? AS char(36)[]))")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) jobs.add(rs.getString(1));
            }
        }
        return jobs;
    }

    /** {@code columns} (ending in the jobs table, with updatedAt among them) of the jobs the filter matches. */
    private static PreparedStatement matching(Connection c, String columns, Filter f, int limit, int offset)
            throws SQLException {
        String search = f.search();
        StringBuilder filter = new StringBuilder(" WHERE state = ?");
        boolean byId = search != null && search.matches("[0-9a-fA-F-]{36}");
        if (byId) filter.append(" AND id = ?");
        else if (search != null) filter.append(" AND (jobSignature ILIKE ? OR jobAsJson ILIKE ?)");
        if (f.priority() != null) filter.append(" AND priority = ?");
        // Containment of a one-element array: an exact label, not a part of one.
        if (f.label() != null) filter.append(" AND jobAsJson::jsonb -> 'labels' @> jsonb_build_array(CAST(? AS text))");
        if (f.updatedAfter() != null) filter.append(" AND updatedAt >= ?");
        List<String> states = f.state() == null ? JobsTable.STATES : List.of(f.state());
        String sql;
        if (f.state() != null) {
            sql = columns + filter + " ORDER BY updatedAt DESC LIMIT ? OFFSET ?";
        } else {
            String one = "(" + columns + filter + " ORDER BY updatedAt DESC LIMIT " + (limit + offset) + ")";
            sql = "SELECT * FROM (" + String.join(" UNION ALL ", Collections.nCopies(states.size(), one))
                    + ") AS merged ORDER BY updatedAt DESC LIMIT ? OFFSET ?";
        }
        PreparedStatement s = c.prepareStatement(sql);
        try {
            int i = 1;
            for (String each : states) {
                s.setString(i++, each);
                if (byId) {
                    s.setString(i++, search.toLowerCase());
                } else if (search != null) {
                    String pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                            + "%";
                    s.setString(i++, pattern);
                    s.setString(i++, "%\"jobName\":\"%" + pattern.substring(1));
                }
                if (f.priority() != null) s.setInt(i++, f.priority());
                if (f.label() != null) s.setString(i++, f.label());
                if (f.updatedAfter() != null) s.setTimestamp(i++, Timestamp.from(f.updatedAfter()), utc());
            }
            s.setInt(i++, limit);
            s.setInt(i, offset);
            return s;
        } catch (SQLException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Succeeded and failed jobs per minute from {@code since} to {@code until}, by their last update time; every
     * minute is there, those without jobs as zeros, so a chart's time axis has no gaps to hide.
     */
    public List<Minute> throughput(Instant since, Instant until) throws SQLException {
        Map<Instant, long[]> minutes = new LinkedHashMap<>();
        for (Instant m = since.truncatedTo(ChronoUnit.MINUTES); !m.isAfter(until); m = m.plus(1, ChronoUnit.MINUTES)) {
            minutes.put(m, new long[2]);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT date_trunc('minute', updatedAt) AS m, state, count(*) FROM jobrunr_jobs"
                        + " WHERE state IN ('SUCCEEDED', 'FAILED') AND updatedAt >= ? AND updatedAt <= ?"
                        + " GROUP BY 1, 2 ORDER BY 1")) {
            s.setTimestamp(1, Timestamp.from(since.truncatedTo(ChronoUnit.MINUTES)), utc());
            s.setTimestamp(2, Timestamp.from(until), utc());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long[] counts = minutes.get(rs.getTimestamp(1, utc()).toInstant());
                    if (counts != null) counts["SUCCEEDED".equals(rs.getString(2)) ? 0 : 1] = rs.getLong(3);
                }
            }
        }
        return minutes.entrySet().stream().map(e -> new Minute(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }

    /** The state and times of the newest job a recurring job created; JobRunr links them by recurringJobId. */
    public record LastRun(String jobId, String state, Instant createdAt, Instant updatedAt) {
    }

    public Optional<LastRun> lastRunOf(String recurringJobId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, state, createdAt, updatedAt FROM jobrunr_jobs WHERE recurringJobId = ?"
                        + " ORDER BY createdAt DESC LIMIT 1")) {
            s.setString(1, recurringJobId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new LastRun(rs.getString(1).trim(), rs.getString(2), instant(rs, 3),
                        instant(rs, 4)));
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column, utc());
        return t == null ? null : t.toInstant();
    }
}
