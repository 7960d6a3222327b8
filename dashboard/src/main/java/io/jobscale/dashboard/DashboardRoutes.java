package io.jobscale.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
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
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.JobNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The dashboard page at {@code /dashboard} and its JSON API under {@code /api/dashboard}. */
public class DashboardRoutes implements WebRoutes {

    static final int MAX_PAGE = 200;
    static final int MAX_OFFSET = 10_000;
    static final int MAX_BULK = 10_000;
    /** The jobs list's {@code state} for every state, also its default. */
    static final String ALL_STATES = "ALL";
    /** How many upcoming runs of each recurring job the Recurring tab lists. */
    private static final int NEXT_RUNS = 3;
    /** The time the overview's and autoscaler's charts span by default. */
    static final Duration CHART_SPAN = Duration.ofHours(1);
    /** The longest "updated within" window of the jobs filter. */
    static final Duration MAX_WINDOW = Duration.ofDays(30);
    private static final int MAX_HISTORY_MINUTES = (int) QueueSampler.RETENTION.toMinutes();

    private final JobscaleStorageProvider storage;
    private final JobMetrics metrics;
    private final JobQueries queries;
    private final Clock clock;
    private final AutoscalerBackend backend;
    private final QueueSampler sampler;
    private final History history;

    public DashboardRoutes(JobscaleStorageProvider storage, JobMetrics metrics, Clock clock) {
        this(storage, metrics, clock, AutoscalerBackend.from(Settings.fromEnvironment()));
    }

    DashboardRoutes(JobscaleStorageProvider storage, JobMetrics metrics, Clock clock, AutoscalerBackend backend) {
        this.storage = storage;
        this.metrics = metrics;
        this.queries = new JobQueries(storage.dataSource());
        this.clock = clock;
        this.backend = backend;
        this.sampler = new QueueSampler(storage.dataSource(), metrics, clock);
        this.history = new History(storage.dataSource());
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.events.serverStarted(sampler::start);
        config.events.serverStopping(sampler::close);
        config.routes.get("/", ctx -> ctx.redirect("/dashboard"));
        config.routes.get("/dashboard", this::page);
        config.routes.get("/dashboard/static/{file}", this::asset);
        config.routes.before("/api/dashboard/*", ctx -> {
            if (ctx.method() != HandlerType.GET && !Csrf.check(ctx)) ctx.skipRemainingHandlers();
        });
        config.routes.get("/api/dashboard/config", ctx -> {
            QueryParameters.of(ctx, Set.of());
            ctx.json(Map.of("states", JobQueries.STATES, "autoscalerBackend", backend.backend()));
        });
        config.routes.get("/api/dashboard/history", this::history);
        config.routes.get("/api/dashboard/overview", ctx -> {
            QueryParameters.of(ctx, Set.of());
            ctx.json(overview());
        });
        config.routes.get("/api/dashboard/jobs", this::jobs);
        config.routes.get("/api/dashboard/jobs/{id}", ctx -> ctx.json(JobDetail.of(job(ctx.pathParam("id")))));
        config.routes.post("/api/dashboard/jobs/{id}/requeue",
                ctx -> ctx.json(Map.of("requeued", requeue(job(ctx.pathParam("id"))))));
        config.routes.delete("/api/dashboard/jobs/{id}",
                ctx -> ctx.json(Map.of("deleted", delete(job(ctx.pathParam("id"))))));
        config.routes.post("/api/dashboard/jobs/requeue", ctx -> ctx.json(selection(ctx, true)));
        config.routes.post("/api/dashboard/jobs/delete", ctx -> ctx.json(selection(ctx, false)));
        config.routes.post("/api/dashboard/failed/requeue", ctx -> ctx.json(Map.of("requeued", bulk(ctx, true))));
        config.routes.post("/api/dashboard/failed/delete", ctx -> ctx.json(Map.of("deleted", bulk(ctx, false))));
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
        body.put("countsCapped", counts.entrySet().stream().filter(e -> e.getValue() > JobQueries.COUNT_CAP)
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
        int minutes = number(query, "minutes", (int) CHART_SPAN.toMinutes(), 1, MAX_HISTORY_MINUTES);
        Instant now = clock.instant();
        List<History.Sample> samples = history.samples(now.minus(Duration.ofMinutes(minutes)), now);
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
        body.put("at", samples.stream().map(History.Sample::at).toList());
        body.put("enqueuedByPriority", enqueued);
        body.put("latencyByPriority", latency);
        body.put("busyWorkers", samples.stream().map(History.Sample::busyWorkers).toList());
        body.put("totalWorkers", samples.stream().map(History.Sample::totalWorkers).toList());
        ctx.json(body);
    }

    private void jobs(Context ctx) throws Exception {
        QueryParameters query = QueryParameters.of(ctx, Set.of("state", "search", "priority", "updatedWithin", "limit",
                "offset"));
        String state = query.get("state").map(s -> s.toUpperCase(Locale.ROOT)).filter(s -> !s.equals(ALL_STATES))
                .orElse(null);
        if (state != null && !JobQueries.STATES.contains(state)) {
            throw new BadRequestException("state", "must be " + ALL_STATES + " or one of " + JobQueries.STATES);
        }
        int limit = number(query, "limit", 50, 1, MAX_PAGE);
        int offset = number(query, "offset", 0, 0, MAX_OFFSET);
        String search = query.get("search").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (search != null && search.length() > 200) {
            throw new BadRequestException("search", "must be at most 200 characters");
        }
        Integer priority = query.get("priority").isPresent()
                ? number(query, "priority", 0, 0, JobMetrics.PRIORITIES - 1) : null;
        Instant updatedAfter = query.get("updatedWithin").map(raw -> clock.instant().minus(window(raw))).orElse(null);
        JobFilter filter = new JobFilter(state, search, priority, updatedAfter);
        ctx.json(Map.of("state", state == null ? ALL_STATES : state, "limit", limit, "offset", offset,
                "jobs", queries.page(filter, limit, offset)));
    }

    private static Duration window(String raw) {
        try {
            Duration window = Duration.parse(raw);
            if (!window.isNegative() && !window.isZero() && window.compareTo(MAX_WINDOW) <= 0) return window;
        } catch (java.time.format.DateTimeParseException e) {
            // answered below
        }
        throw new BadRequestException("updatedWithin",
                "must be an ISO-8601 duration from PT1S to " + MAX_WINDOW + ", e.g. PT1H");
    }

    /** Requeues or deletes the jobs of a selection, {@code {"ids": [...]}}, at most a page of them. */
    private Map<String, Object> selection(Context ctx, boolean requeue) {
        List<String> ids = Selection.parse(ctx.body(), MAX_PAGE);
        int done = 0;
        List<String> skipped = new ArrayList<>();
        for (String id : ids) {
            try {
                Job job = job(id);
                if (requeue ? requeue(job) : delete(job)) done++;
                else skipped.add(id);
            } catch (BadRequestException | NotFoundException | ConcurrentJobModificationException e) {
                skipped.add(id);   // running, already gone or changed meanwhile: the others still go ahead
            }
        }
        return Map.of(requeue ? "requeued" : "deleted", done, "skipped", skipped);
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
        if (job.hasState(StateName.ENQUEUED) || job.hasState(StateName.PROCESSING)) {
            throw new BadRequestException("id", "job is " + job.getState()
                    + "; only scheduled, failed, succeeded or deleted jobs can be requeued");
        }
        job.enqueue();
        storage.save(job);
        return true;
    }

    private boolean delete(Job job) {
        if (job.hasState(StateName.DELETED)) return false;
        job.delete("Deleted from the dashboard");
        storage.save(job);
        return true;
    }

    private int bulk(Context ctx, boolean requeue) throws Exception {
        QueryParameters query = QueryParameters.of(ctx, Set.of("confirm"));
        if (!query.get("confirm").map("true"::equals).orElse(false)) {
            throw new BadRequestException("confirm", "bulk actions on all failed jobs need confirm=true");
        }
        int done = 0;
        for (String id : queries.idsInState("FAILED", MAX_BULK)) {
            try {
                Job job = storage.getJobById(UUID.fromString(id));
                if (!job.hasState(StateName.FAILED)) continue;
                if (requeue) job.enqueue();
                else job.delete("Deleted from the dashboard (all failed jobs)");
                storage.save(job);
                done++;
            } catch (JobNotFoundException | org.jobrunr.storage.ConcurrentJobModificationException e) {
                // changed meanwhile: leave it
            }
        }
        return done;
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

    private static int number(QueryParameters query, String name, int defaultValue, int min, int max) {
        return query.get(name).map(raw -> {
            if (!raw.matches("\\d{1,6}") || Integer.parseInt(raw) < min || Integer.parseInt(raw) > max) {
                throw new BadRequestException(name, "must be a whole number from " + min + " to " + max);
            }
            return Integer.parseInt(raw);
        }).orElse(defaultValue);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("/io/jobscale/dashboard/static/" + name)) {
            if (in == null) throw new NotFoundException("no such asset: " + name);
            return in.readAllBytes();
        }
    }
}
