package io.jobscale.dashboard;

import org.jobrunr.jobs.RecurringJob;
import org.jobrunr.scheduling.Schedule;
import org.jobrunr.scheduling.ScheduleExpressionType;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The next few times a recurring job will run, computed by JobRunr's own schedule (cron or interval) in the job's
 * zone, so the page shows exactly what the coordinator will do rather than a second reading of the expression.
 */
final class NextRuns {

    private NextRuns() {
    }

    static List<Instant> of(RecurringJob job, Instant now, int count) {
        Schedule schedule = ScheduleExpressionType.createScheduleFromString(job.getScheduleExpression());
        ZoneId zone = ZoneId.of(job.getZoneId());
        List<Instant> runs = new ArrayList<>(count);
        Instant after = now;
        for (int i = 0; i < count; i++) {
            // next(...) returns the first run strictly after the given instant, anchored at createdAt for intervals
            Instant next = schedule.next(job.getCreatedAt(), after, zone);
            runs.add(next);
            after = next;
        }
        return runs;
    }
}
