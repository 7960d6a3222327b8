package io.jobscale.examples.spring;

import io.jobscale.server.JobOptions;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.NewJob;
import io.jobscale.server.Priority;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code GET /schedule-example-jobs}, with the guide's parameters and defaults: {@code count} (100),
 * {@code executionTimeMs} (15000), {@code name} ("SampleJob"), {@code runIn} (an ISO-8601 duration; unset: enqueue
 * now), and jobscale's {@code priority} (0 most urgent … 9, default 1).
 */
@RestController
public class ExampleJobsController {

    /** At most this many jobs per request. */
    public static final int MAX_COUNT = 10_000;
    /** A sample job works at most this long. */
    public static final long MAX_EXECUTION_TIME_MS = Duration.ofHours(1).toMillis();

    private final JobscaleClient jobs;
    private final SampleJobService sampleJobs;

    public ExampleJobsController(JobscaleClient jobs, SampleJobService sampleJobs) {
        this.jobs = jobs;
        this.sampleJobs = sampleJobs;
    }

    @GetMapping("/schedule-example-jobs")
    public Map<String, Object> schedule(@RequestParam(defaultValue = "100") int count,
                                        @RequestParam(defaultValue = "15000") long executionTimeMs,
                                        @RequestParam(defaultValue = "SampleJob") String name,
                                        @RequestParam(required = false) Duration runIn,
                                        @RequestParam(defaultValue = "" + Priority.DEFAULT) int priority) {
        require(count >= 1 && count <= MAX_COUNT, "count must be between 1 and " + MAX_COUNT);
        require(executionTimeMs >= 0 && executionTimeMs <= MAX_EXECUTION_TIME_MS,
                "executionTimeMs must be between 0 and " + MAX_EXECUTION_TIME_MS);
        require(runIn == null || !runIn.isNegative(), "runIn must not be negative");
        require(priority >= Priority.MOST_URGENT && priority <= Priority.LEAST_URGENT,
                "priority must be between " + Priority.MOST_URGENT + " and " + Priority.LEAST_URGENT);
        Stream<NewJob> newJobs = IntStream.rangeClosed(1, count).mapToObj(i -> {
            String jobName = name + " " + i;
            JobOptions options = JobOptions.priority(priority).withName(jobName + " (" + executionTimeMs + " ms)");
            return new NewJob(options, () -> sampleJobs.doWork(jobName, executionTimeMs));
        });
        Instant runAt = runIn == null ? null : Instant.now().plus(runIn);
        List<UUID> ids = runAt == null ? jobs.enqueueAll(newJobs) : jobs.scheduleAll(runAt, newJobs);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(runAt == null ? "enqueued" : "scheduled", ids.size());
        if (runAt != null) answer.put("runAt", runAt.toString());
        answer.put("priority", priority);
        answer.put("executionTimeMs", executionTimeMs);
        answer.put("jobIds", ids);
        return answer;
    }

    @ExceptionHandler({IllegalArgumentException.class, MethodArgumentTypeMismatchException.class})
    public ResponseEntity<Map<String, String>> badParameter(Exception e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    private static void require(boolean condition, String problem) {
        if (!condition) throw new IllegalArgumentException(problem);
    }
}
