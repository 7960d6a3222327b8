package io.jobscale.server.storage;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobVersioner;
import org.jobrunr.storage.sql.common.db.Transaction;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Writes the state changes of jobs that finish at about the same time in one statement batch and one commit. There is
 * no thread and no timer: a worker thread that saves while no write is under way writes at once, alone (no added
 * latency); the saves that arrive while a write is under way wait for it, and the first of them then writes them all
 * together. Every caller returns only after the commit that holds its job, so no job is reported done before it is
 * durable.
 *
 * <p>If the batch fails (a job was changed meanwhile, e.g. deleted from the dashboard), it is rolled back and each job
 * is saved on its own, so only the job in conflict sees the exception, exactly as without batching.
 */
final class GroupCommit {

    private final DataSource dataSource;
    private final Function<Connection, PriorityJobTable> tables;
    private final UnaryOperator<Job> saveAlone;
    private final Object lock = new Object();
    private List<Pending> queue = new ArrayList<>();
    private boolean writing;

    /** {@code saveAlone}: the ordinary one-job save, used when a batch fails. */
    GroupCommit(DataSource dataSource, Function<Connection, PriorityJobTable> tables, UnaryOperator<Job> saveAlone) {
        this.dataSource = dataSource;
        this.tables = tables;
        this.saveAlone = saveAlone;
    }

    /** Saves an existing job (version > 0), together with the others saved meanwhile; returns after the commit. */
    Job save(Job job) {
        Pending mine = new Pending(job);
        List<Pending> batch;
        synchronized (lock) {
            queue.add(mine);
            boolean interrupted = false;
            // Not interruptible: the job may already be in the batch being written, and a write takes milliseconds.
            while (writing && !mine.done) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            if (mine.done) return mine.result();
            writing = true;
            batch = queue;
            queue = new ArrayList<>();
        }
        try {
            writeBatch(batch);
        } finally {
            synchronized (lock) {
                writing = false;
                lock.notifyAll();
            }
        }
        return mine.result();
    }

    private void writeBatch(List<Pending> batch) {
        Map<Job, RuntimeException> failures = write(batch.stream().map(p -> p.job).toList());
        synchronized (lock) {
            for (Pending pending : batch) {
                pending.failure = failures.get(pending.job);
                pending.done = true;
            }
        }
    }

    /** Writes the jobs, together if it can, else one by one; returns the failure of each job not saved. */
    Map<Job, RuntimeException> write(List<Job> jobs) {
        Map<Job, RuntimeException> failures = new IdentityHashMap<>();
        if (jobs.size() > 1 && writeTogether(jobs)) return failures;
        for (Job job : jobs) {
            try {
                saveAlone.apply(job);
            } catch (RuntimeException e) {
                failures.put(job, e);
            }
        }
        return failures;
    }

    /**
     * One batch of versioned updates in one transaction; false (and nothing written) if any of them failed: a row had
     * another version, or the database failed. The saves one by one then give each job its own outcome.
     */
    private boolean writeTogether(List<Job> jobs) {
        List<JobVersioner> versioners = jobs.stream().map(JobVersioner::new).toList();
        try (Connection connection = dataSource.getConnection();
             Transaction transaction = new Transaction(connection)) {
            if (!tables.apply(connection).updateAllVersioned(jobs)) return false;
            transaction.commit();
            versioners.forEach(JobVersioner::commitVersion);
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        } finally {
            // Versions not committed are put back, so the saves one by one start from the versions the callers had.
            versioners.forEach(JobVersioner::close);
        }
    }

    private static final class Pending {
        final Job job;
        boolean done;
        RuntimeException failure;

        Pending(Job job) {
            this.job = job;
        }

        Job result() {
            if (failure != null) throw failure;
            return job;
        }
    }
}
