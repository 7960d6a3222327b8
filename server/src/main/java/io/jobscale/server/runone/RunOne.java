package io.jobscale.server.runone;

import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.worker.HandBackJobPerformerFactory;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.server.BackgroundJobPerformer;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.JobNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs exactly one job in this process (a Kubernetes Job's pod): claim it, run it, exit 0 on success and non-zero on
 * failure so the Job's backoffLimit applies. A job already taken, finished or gone exits 0 having run nothing, so a
 * duplicate pod never runs a job twice.
 */
public class RunOne {

    public static final int SUCCEEDED = 0;
    public static final int NOTHING_TO_DO = 0;
    public static final int FAILED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(RunOne.class);

    private final JobscaleStorageProvider storage;
    private final WorkerSettings settings;
    private final Clock clock;
    private final Consumer<Worker> onStarted;

    /** {@code onStarted} receives the process's server, e.g. to hook its graceful stop to SIGTERM. */
    public RunOne(JobscaleStorageProvider storage, WorkerSettings settings, Clock clock, Consumer<Worker> onStarted) {
        this.storage = storage;
        this.settings = settings;
        this.clock = clock;
        this.onStarted = onStarted;
    }

    public int run(UUID jobId) {
        Job job;
        try {
            job = storage.getJobById(jobId);
        } catch (JobNotFoundException e) {
            LOG.info("Job {} does not exist (deleted?); nothing to run", jobId);
            return NOTHING_TO_DO;
        }
        if (!job.hasState(StateName.ENQUEUED)) {
            LOG.info("Job {} is {}, not ENQUEUED: already taken or finished; nothing to run", jobId, job.getState());
            return NOTHING_TO_DO;
        }
        Worker worker = Worker.start(settings, storage, Worker.Mode.RUN_ONE, clock);
        onStarted.accept(worker);
        try {
            job.startProcessingOn(worker.server());
            try {
                storage.save(job);
            } catch (ConcurrentJobModificationException e) {
                LOG.info("Job {} was claimed by another worker first; nothing to run", jobId);
                return NOTHING_TO_DO;
            }
            LOG.info("Running job {} ({})", jobId, job.getJobName());
            BackgroundJobPerformer performer = new HandBackJobPerformerFactory().newBackgroundJobPerformer(worker.server(), job);
            performer.run();
            if (worker.isStopping()) return NOTHING_TO_DO;   // interrupted by SIGTERM and handed back
            LOG.info("Job {} ended {}", jobId, job.getState());
            return job.hasState(StateName.SUCCEEDED) ? SUCCEEDED : FAILED;
        } finally {
            // When SIGTERM already started a stop, this waits for it to finish handing the job back.
            worker.stopGracefully();
        }
    }
}
