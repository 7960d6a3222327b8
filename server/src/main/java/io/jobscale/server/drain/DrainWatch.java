package io.jobscale.server.drain;

import org.jobrunr.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * A worker's view of its own drain mark, refreshed with each heartbeat (so within one poll interval of the mark being
 * set or removed). While marked, the worker claims no new jobs and lets its running jobs finish; when the mark goes,
 * it claims again. A failed read keeps the last answer: a database blip neither starts nor ends a drain.
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

    /** Reads the mark (the heartbeat calls this) and returns whether the worker drains now. */
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
        draining = marked;
        return marked;
    }

    /** Whether the last read found the mark. */
    public boolean draining() {
        return draining;
    }
}
