package io.jobscale.dashboard;

import io.jobscale.server.Priority;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobParameter;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job as the detail page shows it: what it calls, with which arguments, and everything that happened to it. */
record JobDetail(String id, String name, String signature, String state, int priority, List<String> labels,
                 String className, String methodName, List<Map<String, Object>> arguments,
                 List<Map<String, Object>> history, int retriesUsed, Instant createdAt, Instant updatedAt) {

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
                job.getCreatedAt(), job.getUpdatedAt());
    }
}
