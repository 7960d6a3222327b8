package io.jobscale.dashboard;

import io.jobscale.server.Priority;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobParameter;
import org.jobrunr.jobs.context.JobDashboardLogger;
import org.jobrunr.jobs.context.JobDashboardLogger.JobDashboardLogLines;
import org.jobrunr.jobs.context.JobDashboardProgressBar;
import org.jobrunr.jobs.context.JobDashboardProgressBar.JobDashboardProgress;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A job as the detail page shows it: what it calls, with which arguments, and everything that happened to it; while
 * it runs, the progress bar and log lines its code writes through JobRunr's {@code JobContext} (a worker saves them
 * with each heartbeat of its running jobs, so they arrive once per poll interval).
 *
 * @param progress the newest attempt's progress bar: {@code {percent, succeeded, failed, total}}, or null
 * @param log      the newest attempt's log lines, oldest first: {@code {level, at, message}}
 */
record JobDetail(String id, String name, String signature, String state, int priority, List<String> labels,
                 String className, String methodName, List<Map<String, Object>> arguments,
                 List<Map<String, Object>> history, int retriesUsed, Instant createdAt, Instant updatedAt,
                 Map<String, Object> progress, List<Map<String, Object>> log) {

    static JobDetail of(Job job) {
        List<Map<String, Object>> arguments = new ArrayList<>();
        for (JobParameter p : job.getJobDetails().getJobParameters()) {
            Map<String, Object> argument = new LinkedHashMap<>();
            argument.put("type", p.getClassName());
            argument.put("value", String.valueOf(p.getObject()));
            arguments.add(argument);
        }
        List<Map<String, Object>> history = new ArrayList<>();
        int failures = 0;
        for (JobState state : job.getJobStates()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", state.getName().name());
            entry.put("at", state.getCreatedAt());
            if (state instanceof ProcessingState p) entry.put("server", p.getServerName());
            if (state instanceof ScheduledState s) {
                entry.put("scheduledAt", s.getScheduledAt());
                entry.put("reason", s.getReason());
            }
            if (state instanceof FailedState f) {
                failures++;
                entry.put("message", f.getMessage());
                entry.put("exceptionType", f.getExceptionType());
                entry.put("exceptionMessage", f.getExceptionMessage());
                entry.put("stackTrace", f.getStackTrace());
            }
            history.add(entry);
        }
        return new JobDetail(job.getId().toString(), job.getJobName(), job.getJobSignature(), job.getState().name(),
                Priority.of(job), job.getLabels(), job.getJobDetails().getClassName(),
                job.getJobDetails().getMethodName(), arguments, history, failures,
                job.getCreatedAt(), job.getUpdatedAt(), progress(job), log(job));
    }

    private static Map<String, Object> progress(Job job) {
        return newestOfAttempts(job, JobDashboardProgressBar.JOBRUNR_PROGRESSBAR_KEY)
                .filter(JobDashboardProgress.class::isInstance).map(JobDashboardProgress.class::cast)
                .map(p -> {
                    Map<String, Object> progress = new LinkedHashMap<>();
                    progress.put("percent", p.getProgressAsPercentage());
                    progress.put("succeeded", p.getSucceededAmount());
                    progress.put("failed", p.getFailedAmount());
                    progress.put("total", p.getTotalAmount());
                    return progress;
                }).orElse(null);
    }

    private static List<Map<String, Object>> log(Job job) {
        return newestOfAttempts(job, JobDashboardLogger.JOBRUNR_LOG_KEY)
                .filter(JobDashboardLogLines.class::isInstance).map(JobDashboardLogLines.class::cast)
                .map(lines -> lines.getLogLines().stream().map(line -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("level", line.getLevel().name());
                    entry.put("at", line.getLogInstant());
                    entry.put("message", line.getLogMessage());
                    return entry;
                }).toList()).orElse(List.of());
    }

    /** JobRunr keys an attempt's metadata {@code <key>-<index of its PROCESSING state>}; the highest is the newest. */
    private static Optional<Object> newestOfAttempts(Job job, String key) {
        return job.getMetadata().entrySet().stream()
                .filter(e -> e.getKey().matches(Pattern.quote(key) + "-\\d+"))
                .max(Comparator.comparingInt(e -> Integer.parseInt(e.getKey().substring(key.length() + 1))))
                .map(Map.Entry::getValue);
    }
}
