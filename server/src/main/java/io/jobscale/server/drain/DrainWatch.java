package io.jobscale.server.drain;

import io.jobscale.db.store.DrainMarks;
import org.jobrunr.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * A worker's view of its own drain mark, refreshed with each heartbeat (so within one poll interval of the mark being
 * set or removed). While marked, the worker claims no new jobs and lets its running jobs finish; when the mark goes,
 * it claims again. A failed read keeps the last answer: a database blip neither starts nor ends a drain.
 *
 * <p>The worker says it drains (what the autoscaler waits for, with no job running) only from the heartbeat after
 * the one that found the mark: a claim already under way when the mark was read has then long added its jobs to the
 * published count, so "draining, 0 busy" never hides a job that was just claimed.
 */
public final class DrainWatch {

    private static final Logger LOG = LoggerFactory.getLogger(DrainWatch.class);

    private final DrainMarks marks;
    private final String worker;
    private volatile boolean draining;

    /** @param worker this worker's name in the marks: {@link DrainMarks#workerOf} of its server name */
    public DrainWatch(DrainMarks marks, String worker) {
        this.marks = marks;
        this.worker = worker;
    }

    /** For a process that is never drained (run-one, the web process's coordinator). */
    public static DrainWatch never() {
        return new DrainWatch(null, null);
    }

    /**
     * Reads the mark (the heartbeat calls this) and returns whether to publish that the worker drains: true from
     * the second heartbeat that finds the mark on.
     */
    public boolean refresh() {
        if (marks == null) return false;
        boolean marked;
        try {
            marked = marks.isMarked(worker);
        } catch (SQLException e) {
            throw new StorageException(e);   // the heartbeat counts it as a failed heartbeat, and keeps going
        }
        if (marked != draining) {
            LOG.info(marked ? "Worker {} is marked draining: claiming no new jobs, letting running jobs finish"
                    : "Worker {} is no longer marked draining: claiming jobs again", worker);
        }
        boolean acknowledged = marked && draining;
        draining = marked;
        return acknowledged;
    }

    /** Whether the last read found the mark: no claims while it did. */
    public boolean draining() {
        return draining;
    }
}
