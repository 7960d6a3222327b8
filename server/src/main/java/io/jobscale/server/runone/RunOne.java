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
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs exactly one job in this process (a Kubernetes Job's pod): claim it, run it, exit 0 on success and non-zero on
 * failure so the Job's backoffLimit applies. A job already taken, finished or gone exits 0 having run nothing, so a
 * duplicate pod never runs a job twice.
 *
 * <p>Claim, start and {@link #stop()} are serialized: a stop (SIGTERM) that comes before the claim commits prevents
 * the claim; one that comes after it waits until the job is registered as running, so the graceful stop either lets
 * it finish or hands it back. Without this, a stop could look for the job before the claim committed (leaving it
 * PROCESSING on a dead server) or hand it back while this thread was about to run it (running it twice).
 */
public class RunOne {

    public static final int SUCCEEDED = 0;
    public static final int NOTHING_TO_DO = 0;
    public static final int FAILED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(RunOne.class);
    /** How long a stop waits for a claimed job to show up as running; it takes microseconds. */
    private static final Duration REGISTRATION_WAIT = Duration.ofSeconds(5);

    private final JobscaleStorageProvider storage;
    private final WorkerSettings settings;
    private final Clock clock;
    private final Consumer<RunOne> onStarted;
    private final Object claimLock = new Object();
    private volatile Worker worker;
    private boolean stopping;
    private UUID claimedJob;
    private final CountDownLatch performed = new CountDownLatch(1);

    /** {@code onStarted} receives this run-one once its server runs, e.g. to hook {@link #stop()} to SIGTERM. */
    public RunOne(JobscaleStorageProvider storage, WorkerSettings settings, Clock clock, Consumer<RunOne> onStarted) {
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
        startServer();
        try {
            Job job;
            synchronized (claimLock) {
                if (stopping) return NOTHING_TO_DO;
                List<Job> claimed = storage.getJobsToProcess(worker.server(), ascOnUpdatedAt(1));
                if (claimed.isEmpty()) {
                    LOG.info("No enqueued job to run");
                    return NOTHING_TO_DO;
                }
                job = claimed.get(0);
                claimedJob = job.getId();
            }
            return perform(job);
        } finally {
            performed.countDown();
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
        startServer();
        try {
            synchronized (claimLock) {
                if (stopping) return NOTHING_TO_DO;
                job.startProcessingOn(worker.server());
                try {
                    storage.save(job);
                } catch (ConcurrentJobModificationException e) {
                    LOG.info("Job {} was claimed by another worker first; nothing to run", jobId);
                    return NOTHING_TO_DO;
                }
                claimedJob = jobId;
            }
            return perform(job);
        } finally {
            performed.countDown();
            // When SIGTERM already started a stop, this waits for it to finish handing the job back.
            worker.stopGracefully();
        }
    }

    /**
     * The graceful stop for SIGTERM: no claim after this; a job already claimed finishes within the await or is
     * handed back. Returns false when the hand-back could not complete.
     */
    public boolean stop() {
        UUID claimed;
        synchronized (claimLock) {
            stopping = true;
            claimed = claimedJob;
        }
        if (claimed != null) awaitRegistration(claimed);
        return worker.stopGracefully().complete();
    }

    private void startServer() {
        worker = Worker.start(settings, storage, Worker.Mode.RUN_ONE, clock);
        onStarted.accept(this);
    }

    /** Waits until the claimed job is in the server's jobs in progress (or already done), so the stop sees it. */
    private void awaitRegistration(UUID jobId) {
        long deadline = System.nanoTime() + REGISTRATION_WAIT.toNanos();
        while (System.nanoTime() < deadline && performed.getCount() > 0 && worker.server().getJobSteward()
                .getJobsInProgress().stream().noneMatch(job -> job.getId().equals(jobId))) {
            Thread.onSpinWait();
        }
    }

    private int perform(Job job) {
        LOG.info("Running job {} ({})", job.getId(), job.getJobName());
        BackgroundJobPerformer performer =
                new HandBackJobPerformerFactory().newBackgroundJobPerformer(worker.server(), job);
        performer.run();
        if (worker.isStopping()) return NOTHING_TO_DO;   // interrupted by SIGTERM and handed back
        LOG.info("Job {} ended {}", job.getId(), job.getState());
        return job.hasState(StateName.SUCCEEDED) ? SUCCEEDED : FAILED;
    }
}
