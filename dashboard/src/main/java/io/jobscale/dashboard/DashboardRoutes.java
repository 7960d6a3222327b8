package io.jobscale.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.jobscale.db.store.DashboardSamples;
import io.jobscale.db.store.JobListQueries;
import io.jobscale.db.store.JobsTable;
import io.jobscale.metrics.EnqueuedMetrics;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.settings.Settings;
import io.jobscale.web.BadRequestException;
import io.jobscale.web.NotFoundException;
import io.jobscale.web.QueryParameters;
import io.jobscale.web.WebRoutes;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.RecurringJob;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The dashboard page at {@code /dashboard} and its JSON API under {@code /api/dashboard}. */
public class DashboardRoutes implements WebRoutes {

    static final int MAX_PAGE = 200;
    static final int MAX_OFFSET = 10_000;
    /** The most jobs one bulk action by filter changes; the response says when there were more. */
    static final int MAX_BULK = 10_000;
    /** How many upcoming runs of each recurring job the Recurring tab lists. */
    private static final int NEXT_RUNS = 3;
    /** The time the overview's and autoscaler's charts span by default. */
    static final Duration CHART_SPAN = Duration.ofHours(1);
    private static final int MAX_HISTORY_MINUTES = (int) QueueSampler.RETENTION.toMinutes();
    /**
     * The overview is computed at most this often per web process, in the background, and every request answers
     * from the newest computation: a page refreshes every 3 s, so any number of open pages cost one computation.
     */
    static final Duration OVERVIEW_MAX_AGE = Duration.ofSeconds(2);
    /** An overview older than this (the database failing meanwhile) is computed in the request, or fails it. */
    static final Duration OVERVIEW_STALE_LIMIT = Duration.ofSeconds(30);

    private final JobscaleStorageProvider storage;
    private final JobMetrics metrics;
    private final JobListQueries queries;
    private final JobActions actions;
    private final Clock clock;
    private final AutoscalerBackend backend;
    private final QueueSampler sampler;
    private final DashboardSamples history;
    private final ExecutorService overviewRefresher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jobscale-dashboard-overview");
        thread.setDaemon(true);
        return thread;
    });
    private final RefreshingSnapshot<Map<String, Object>> overview;

    public DashboardRoutes(JobscaleStorageProvider storage, JobMetrics metrics, Clock clock) {
        this(storage, metrics, clock, AutoscalerBackend.from(Settings.fromEnvironment()));
    }

    /**
     * With {@code overviewMaxAge} zero every request computes the overview itself; the dashboard benchmark measures
     * that cost this way.
     */
    public DashboardRoutes(JobscaleStorageProvider storage, JobMetrics metrics, Clock clock, Duration overviewMaxAge) {
        this(storage, metrics, clock, AutoscalerBackend.from(Settings.fromEnvironment()), overviewMaxAge);
    }

    DashboardRoutes(JobscaleStorageProvider storage, JobMetrics metrics, Clock clock, AutoscalerBackend backend) {
        this(storage, metrics, clock, backend, OVERVIEW_MAX_AGE);
    }

    private DashboardRoutes(JobscaleStorageProvider storage, JobMetrics metrics, Clock clock, AutoscalerBackend backend,
                            Duration overviewMaxAge) {
        this.storage = storage;
        this.metrics = metrics;
        this.queries = new JobListQueries(storage.dataSource());
        this.actions = new JobActions(storage, queries);
        this.clock = clock;
        this.backend = backend;
        this.sampler = new QueueSampler(storage.dataSource(), metrics, clock);
        this.history = new DashboardSamples(storage.dataSource());
        this.overview = new RefreshingSnapshot<>("dashboard overview", this::overview, clock, overviewMaxAge,
                overviewMaxAge.isZero() ? Duration.ZERO : OVERVIEW_STALE_LIMIT, overviewRefresher);
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.events.serverStarted(sampler::start);
        config.events.serverStopping(sampler::close);
        config.events.serverStopping(overviewRefresher::shutdownNow);
        config.routes.get("/", ctx -> ctx.redirect("/dashboard"));
        config.routes.get("/dashboard", this::page);
        config.routes.get("/dashboard/static/{file}", this::asset);
        // Every call the page makes other than a GET carries the CSRF token, the autoscaler's what-if POST included.
        for (String calls : List.of("/api/dashboard/*", "/api/autoscaler/*")) {
            config.routes.before(calls, ctx -> {
                if (ctx.method() != HandlerType.GET && !Csrf.check(ctx)) ctx.skipRemainingHandlers();
            });
        }
        config.routes.get("/api/dashboard/config", ctx -> {
            QueryParameters.of(ctx, Set.of());
            ctx.json(Map.of("states", JobsTable.STATES, "autoscalerBackend", backend.backend()));
        });
        config.routes.get("/api/dashboard/history", this::history);
        config.routes.get("/api/dashboard/overview", ctx -> {
            QueryParameters.of(ctx, Set.of());
            ctx.json(overview.get());
        });
        config.routes.get("/api/dashboard/jobs", this::jobs);
        config.routes.get("/api/dashboard/jobs/{id}", ctx -> ctx.json(JobDetail.of(job(ctx.pathParam("id")))));
        config.routes.post("/api/dashboard/jobs/{id}/requeue",
                ctx -> ctx.json(Map.of("requeued", requeue(job(ctx.pathParam("id"))))));
        config.routes.delete("/api/dashboard/jobs/{id}",
                ctx -> ctx.json(Map.of("deleted", delete(job(ctx.pathParam("id"))))));
        config.routes.post("/api/dashboard/jobs/requeue", ctx -> ctx.json(bulk(ctx, true)));
        config.routes.post("/api/dashboard/jobs/delete", ctx -> ctx.json(bulk(ctx, false)));
        config.routes.post("/api/dashboard/failed/requeue", ctx -> ctx.json(allFailed(ctx, true)));
        config.routes.post("/api/dashboard/failed/delete", ctx -> ctx.json(allFailed(ctx, false)));
        config.routes.get("/api/dashboard/servers", ctx -> ctx.json(metrics.servers()));
        config.routes.get("/api/dashboard/recurring-jobs", ctx -> ctx.json(recurringJobs()));
        config.routes.post("/api/dashboard/recurring-jobs/{id}/trigger",
                ctx -> ctx.json(Map.of("jobId", trigger(recurring(ctx.pathParam("id"))))));
        config.routes.post("/api/dashboard/recurring-jobs/{id}/pause",
                ctx -> ctx.json(pause(recurring(ctx.pathParam("id")), true)));
        config.routes.post("/api/dashboard/recurring-jobs/{id}/resume",
                ctx -> ctx.json(pause(recurring(ctx.pathParam("id")), false)));
        config.routes.delete("/api/dashboard/recurring-jobs/{id}", ctx -> {
            storage.deleteRecurringJob(recurring(ctx.pathParam("id")).getId());
            ctx.json(Map.of("deleted", true));
        });
    }

    private void page(Context ctx) throws IOException {
        Csrf.issue(ctx);
        ctx.contentType("text/html; charset=utf-8").result(resource("index.html"));
    }

    private void asset(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        if (!file.matches("[a-z0-9-]+(\\.min)?\\.(js|css)")) throw new NotFoundException("no such asset: " + file);
        ctx.contentType(file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8")
                .result(resource(file));
    }

    private Map<String, Object> overview() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Long> counts = queries.countsByState();
        body.put("counts", counts);
        body.put("countsCapped", counts.entrySet().stream().filter(e -> e.getValue() > JobListQueries.COUNT_CAP)
                .map(Map.Entry::getKey).toList());
        List<Map<String, Object>> priorities = new ArrayList<>();
        List<EnqueuedMetrics> enqueued = metrics.enqueuedByPriority();
        for (int p = 0; p < enqueued.size(); p++) {
            if (enqueued.get(p).count() == 0) continue;
            priorities.add(Map.of("priority", p, "count", enqueued.get(p).count(),
                    "latency", enqueued.get(p).latency()));
        }
        body.put("enqueuedByPriority", priorities);
        body.put("workers", metrics.workers());
        Instant now = clock.instant();
        body.put("throughput", queries.throughput(now.minus(CHART_SPAN), now));
        body.put("now", clock.instant());
        return body;
    }

    /** Queue samples of the last {@code minutes} (default one hour), oldest first, as parallel arrays for charts. */
    private void history(Context ctx) throws Exception {
        QueryParameters query = QueryParameters.of(ctx, Set.of("minutes"));
        int minutes = Parameters.of(query).number("minutes", (int) CHART_SPAN.toMinutes(), 1, MAX_HISTORY_MINUTES);
        Instant now = clock.instant();
        List<DashboardSamples.Sample> samples = history.between(now.minus(Duration.ofMinutes(minutes)), now);
        int priorities = samples.stream().mapToInt(s -> s.enqueued().length).max().orElse(0);
        List<List<Long>> enqueued = new ArrayList<>();
        List<List<Long>> latency = new ArrayList<>();
        for (int p = 0; p < priorities; p++) {
            int priority = p;
            enqueued.add(samples.stream()
                    .map(s -> priority < s.enqueued().length ? s.enqueued()[priority] : 0L).toList());
            latency.add(samples.stream().map(s -> priority < s.latency().length ? s.latency()[priority] : 0L).toList());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", now.minus(Duration.ofMinutes(minutes)));
        body.put("to", now);
        body.put("interval", QueueSampler.INTERVAL.toSeconds());
        body.put("at", samples.stream().map(DashboardSamples.Sample::at).toList());
        body.put("enqueuedByPriority", enqueued);
        body.put("latencyByPriority", latency);
        body.put("busyWorkers", samples.stream().map(DashboardSamples.Sample::busyWorkers).toList());
        body.put("totalWorkers", samples.stream().map(DashboardSamples.Sample::totalWorkers).toList());
        ctx.json(body);
    }

    private void jobs(Context ctx) throws Exception {
        Set<String> names = new HashSet<>(JobFilter.PARAMETERS);
        names.addAll(Set.of("limit", "offset"));
        Parameters parameters = Parameters.of(QueryParameters.of(ctx, names));
        JobFilter filter = JobFilter.parse(parameters, clock.instant());
        int limit = parameters.number("limit", 50, 1, MAX_PAGE);
        int offset = parameters.number("offset", 0, 0, MAX_OFFSET);
        ctx.json(Map.of("state", filter.state() == null ? JobFilter.ALL_STATES : filter.state(), "limit", limit,
                "offset", offset, "jobs", queries.page(filter.query(), limit, offset)));
    }

    /**
     * Requeues or deletes the jobs of a selection, {@code {"ids": [...]}} (at most a page of them), or everything a
     * filter matches, {@code {"filter": {...}, "confirm": true}} (at most {@value #MAX_BULK} jobs, newest first).
     */
    private Map<String, Object> bulk(Context ctx, boolean requeue) throws SQLException {
        Selection selection = Selection.parse(ctx.body(), MAX_PAGE, clock.instant());
        if (selection.filter() != null) return byFilter(selection.filter(), requeue);
        JobActions.Outcome outcome = actions.apply(selection.ids(), requeue, null);
        return Map.of(requeue ? "requeued" : "deleted", outcome.done(), "skipped", outcome.skipped());
    }

    /** The older form of "everything the filter state=FAILED matches", {@code ?confirm=true}. */
    private Map<String, Object> allFailed(Context ctx, boolean requeue) throws SQLException {
        QueryParameters query = QueryParameters.of(ctx, Set.of("confirm"));
        if (!query.get("confirm").map("true"::equals).orElse(false)) {
            throw new BadRequestException("confirm", "bulk actions on all failed jobs need confirm=true");
        }
        return byFilter(new JobFilter(StateName.FAILED.name(), null, null, null, null), requeue);
    }

    private Map<String, Object> byFilter(JobFilter filter, boolean requeue) throws SQLException {
        List<String> ids = queries.ids(filter.query(), MAX_BULK + 1);
        boolean capped = ids.size() > MAX_BULK;
        JobActions.Outcome outcome = actions.apply(capped ? ids.subList(0, MAX_BULK) : ids, requeue, filter.state());
        return Map.of(requeue ? "requeued" : "deleted", outcome.done(), "skipped", outcome.skipped().size(),
                "capped", capped);
    }

    private Job job(String rawId) {
        UUID id;
        try {
            id = UUID.fromString(rawId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no job with id '" + rawId + "'");
        }
        try {
            return storage.getJobById(id);
        } catch (JobNotFoundException e) {
            throw new NotFoundException("no job with id " + id);
        }
    }

    private RecurringJob recurring(String id) {
        return storage.getRecurringJobs().stream().filter(r -> r.getId().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("no recurring job with id '" + id + "'"));
    }

    private boolean requeue(Job job) {
        if (!JobActions.canRequeue(job)) {
            throw new BadRequestException("id", "job is " + job.getState()
                    + "; only scheduled, failed, succeeded or deleted jobs can be requeued");
        }
        JobActions.change(job, true);
        storage.save(job);
        return true;
    }

    private boolean delete(Job job) {
        if (!JobActions.canDelete(job)) return false;
        JobActions.change(job, false);
        storage.save(job);
        return true;
    }

    private List<Map<String, Object>> recurringJobs() throws SQLException {
        Instant now = clock.instant();
        List<Map<String, Object>> result = new ArrayList<>();
        Map<String, Instant> paused = storage.recurringJobPauses().paused();
        for (RecurringJob r : storage.getRecurringJobs()) {
            Instant pausedAt = paused.get(r.getId());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", r.getId());
            row.put("name", r.getJobName());
            row.put("cron", r.getScheduleExpression());
            row.put("zoneId", r.getZoneId());
            row.put("paused", pausedAt != null);
            row.put("pausedAt", pausedAt);
            // a paused job runs only when someone resumes it (or triggers it by hand): there is no next run to show
            row.put("nextRun", pausedAt == null ? r.getNextRun(now) : null);
            row.put("nextRuns", pausedAt == null ? NextRuns.of(r, now, NEXT_RUNS) : List.of());
            row.put("lastRun", queries.lastRunOf(r.getId()).orElse(null));
            row.put("labels", r.getLabels());
            result.add(row);
        }
        return result;
    }

    /**
     * Pauses or resumes a recurring job. Every process reads the pause from the database when it creates runs, so it
     * holds at once everywhere; see {@link io.jobscale.server.storage.RecurringJobPauses}.
     */
    private Map<String, Object> pause(RecurringJob recurringJob, boolean pause) {
        if (pause && !storage.recurringJobPauses().pause(recurringJob.getId(), clock.instant())) {
            // deleted since it was looked up
            throw new NotFoundException("no recurring job with id '" + recurringJob.getId() + "'");
        }
        if (!pause) storage.recurringJobPauses().resume(recurringJob.getId());
        return Map.of("id", recurringJob.getId(), "paused", pause);
    }

    private String trigger(RecurringJob recurringJob) {
        Job job = recurringJob.toEnqueuedJob();
        storage.save(job);
        return job.getId().toString();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("/io/jobscale/dashboard/static/" + name)) {
            if (in == null) throw new NotFoundException("no such asset: " + name);
            return in.readAllBytes();
        }
    }
}
