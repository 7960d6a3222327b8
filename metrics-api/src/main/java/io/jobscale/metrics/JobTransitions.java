package io.jobscale.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.db.store.JobChanges;
import io.jobscale.db.store.JobsTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Job state transitions, job durations and queue latencies for Prometheus, read from the jobs' state histories: at
 * each scrape, every job updated since the last one contributes the states it entered in between. Workers run the
 * jobs; this process only reads what they wrote, so the numbers cover every worker. Counting starts when the process
 * starts. Each web replica counts every transition, so aggregate replicas with {@code max}, not {@code sum}.
 */
public final class JobTransitions {

    /**
     * Transitions newer than this are left for the next scrape: a worker's transaction may commit a moment after the
     * time it wrote, and a transition read after its time had been passed would be lost.
     */
    static final Duration SETTLE = Duration.ofSeconds(5);
    /** Jobs read per state and scrape; a scrape after a long pause catches up over several scrapes. */
    static final int BATCH = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobChanges changes;
    private final Clock clock;
    private final MeterRegistry registry;
    private Instant watermark;

    public JobTransitions(DataSource dataSource, Clock clock, MeterRegistry registry) {
        this.changes = new JobChanges(dataSource);
        this.clock = clock;
        this.registry = registry;
        this.watermark = clock.instant();
    }

    /**
     * The {@code job} label: the class and method a job calls ({@code Invoices.send} of
     * {@code com.example.Invoices.send(java.lang.Long)}). Not the job's name, which may be set per job
     * ({@code withName("Invoice 42")}) and would make a series per job.
     */
    static String jobLabel(String signature) {
        if (signature == null) return "";
        int parenthesis = signature.indexOf('(');
        String method = parenthesis < 0 ? signature : signature.substring(0, parenthesis);
        int methodDot = method.lastIndexOf('.');
        int classDot = methodDot <= 0 ? -1 : method.lastIndexOf('.', methodDot - 1);
        return method.substring(classDot + 1);
    }

    /** Records the transitions between the last call and now (minus {@link #SETTLE}). */
    public synchronized void collect() throws SQLException {
        Instant until = clock.instant().minus(SETTLE);
        if (!until.isAfter(watermark)) return;
        List<JobChanges.ChangedJob> rows = new ArrayList<>();
        for (String state : JobsTable.STATES) {
            List<JobChanges.ChangedJob> changed = changes.changedSince(state, watermark, BATCH);
            rows.addAll(changed);
            // A full batch: stop where it ends, so the jobs beyond it are read next time rather than passed over.
            if (changed.size() == BATCH && changed.get(BATCH - 1).updatedAt().isBefore(until)) {
                until = changed.get(BATCH - 1).updatedAt();
            }
        }
        for (JobChanges.ChangedJob row : rows) record(row.priority(), jobLabel(row.signature()), row.history(), until);
        watermark = until;
    }

    private void record(int priority, String job, String history, Instant until) throws SQLException {
        JsonNode entries;
        try {
            entries = JSON.readTree(history == null ? "[]" : history);
        } catch (IOException e) {
            throw new SQLException("unreadable job history", e);
        }
        for (int i = 0; i < entries.size(); i++) {
            Instant at = Instant.parse(entries.get(i).get(1).asText());
            if (!at.isAfter(watermark) || at.isAfter(until)) continue;
            String state = entries.get(i).get(0).asText();
            transitions(state, job).increment();
            if (i == 0) continue;
            String previous = entries.get(i - 1).get(0).asText();
            Duration since = Duration.between(Instant.parse(entries.get(i - 1).get(1).asText()), at);
            if (previous.equals("PROCESSING") && (state.equals("SUCCEEDED") || state.equals("FAILED"))) {
                Timer.builder("jobscale.job.duration")
                        .description("Time jobs spent processing, from start to success or failure")
                        .tag("outcome", state.toLowerCase(Locale.ROOT)).publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(2))
                        .register(registry).record(since);
            } else if (previous.equals("ENQUEUED") && state.equals("PROCESSING")) {
                Timer.builder("jobscale.job.queue.latency")
                        .description("Time jobs waited enqueued before a worker took them")
                        .tag("priority", Integer.toString(priority)).publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(2))
                        .register(registry).record(since);
            }
        }
    }

    private Counter transitions(String state, String job) {
        return Counter.builder("jobscale.job.transitions").description("Jobs that entered a state")
                .tag("state", state.toLowerCase(Locale.ROOT)).tag("job", job).register(registry);
    }
}
