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

import static org.jobrunr.storage.Paging.AmountBasedList.ascOnUpdatedAt;

import java.time.Clock;
import java.util.List;
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

    /**
     * Claims the most urgent enqueued job, as one worker would, and runs it: for Jobs launched by external KEDA, which
     * cannot tell a pod its job. Exits 0 without running anything when the queue is empty.
     */
    public int runNext() {
        Worker worker = Worker.start(settings, storage, Worker.Mode.RUN_ONE, clock);
        onStarted.accept(worker);
        try {
            List<Job> claimed = storage.getJobsToProcess(worker.server(), ascOnUpdatedAt(1));
            if (claimed.isEmpty()) {
                LOG.info("No enqueued job to run");
                return NOTHING_TO_DO;
            }
            return perform(worker, claimed.get(0));
        } finally {
            worker.stopGracefully();
        }
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
            return perform(worker, job);
        } finally {
            // When SIGTERM already started a stop, this waits for it to finish handing the job back.
            worker.stopGracefully();
        }
    }

    private int perform(Worker worker, Job job) {
        LOG.info("Running job {} ({})", job.getId(), job.getJobName());
        BackgroundJobPerformer performer = new HandBackJobPerformerFactory().newBackgroundJobPerformer(worker.server(), job);
        performer.run();
        if (worker.isStopping()) return NOTHING_TO_DO;   // interrupted by SIGTERM and handed back
        LOG.info("Job {} ended {}", job.getId(), job.getState());
        return job.hasState(StateName.SUCCEEDED) ? SUCCEEDED : FAILED;
    }
}
