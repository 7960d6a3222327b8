package io.jobscale.example;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jobscale.server.JobOptions;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.NewJob;
import org.jobrunr.jobs.context.JobContext;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A small application that enqueues jobs from its own code, the way a user's service would: each request to
 * {@code /schedule-example-jobs} creates jobs through {@link JobscaleClient}.
 */
public class ExampleApp {

    private final JobscaleClient jobs;
    private final Clock clock;
    // jobrunr records the class and method of this instance; workers create their own with the no-arg constructor.
    private final ExampleJobService service = new ExampleJobService();
    private Javalin javalin;

    public ExampleApp(JobscaleClient jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    public ExampleApp start(int port) {
        javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.json(Map.of(
                    "endpoints", List.of("/schedule-example-jobs?count=40&runIn=PT2M[&priority=N]"
                            + "[&executionTimeMs=15000][&name=SampleJob][&failures=0]"),
                    "dashboard", "http://localhost:8000/dashboard")));
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/schedule-example-jobs", this::schedule);
            config.routes.exception(BadParameterException.class, (e, ctx) ->
                    ctx.status(400).json(Map.of("error", e.getMessage(), "parameter", e.parameter())));
            config.routes.error(404, "*", ctx -> ctx.json(Map.of("error", "not found: " + ctx.path())));
        }).start(port);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    public void stop() {
        if (javalin != null) javalin.stop();
    }

    /** Registers the example recurring job (every 5 minutes); idempotent. */
    public void registerRecurringExample() {
        jobs.scheduleRecurrently("example-recurring-report", "*/5 * * * *",
                JobOptions.defaults().withName("Example recurring report"), () -> service.recurringReport());
    }

    /** Creates the request's jobs in bulk: a few multi-row inserts instead of a transaction per job. */
    private void schedule(Context ctx) {
        ScheduleRequest request = ScheduleRequest.parse(ctx.queryParamMap());
        Instant runAt = request.runIn().map(clock.instant()::plus).orElse(null);
        Stream<NewJob> newJobs = IntStream.rangeClosed(1, request.count()).mapToObj(i -> {
            String name = request.name() + " " + i;
            long duration = request.executionTimeMs();
            int failures = request.failures();
            JobOptions options = JobOptions.priority(request.priority()).withName(name + " (" + duration + " ms)");
            if (failures == 0) return new NewJob(options, () -> service.doWork(name, duration));
            return new NewJob(options.withRetries(failures),
                    () -> service.doWork(name, duration, failures, JobContext.Null));
        });
        List<UUID> ids = runAt == null ? jobs.enqueueAll(newJobs) : jobs.scheduleAll(runAt, newJobs);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(runAt == null ? "enqueued" : "scheduled", ids.size());
        if (runAt != null) answer.put("runAt", runAt.toString());
        answer.put("priority", request.priority());
        answer.put("executionTimeMs", request.executionTimeMs());
        answer.put("jobIds", ids);
        ctx.json(answer);
    }
}
