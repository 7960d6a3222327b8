package io.jobscale.server.worker;

import io.jobscale.settings.Settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * How a worker process runs.
 *
 * @param workers          {@code JOBSCALE_WORKERS}: jobs run at once; default {@link #DEFAULT_WORKERS_PER_PROCESSOR} ×
 *                         available processors, at most {@link #MAX_WORKERS}
 * @param pollInterval     {@code JOBSCALE_POLL_INTERVAL}: how often the worker looks for work and heartbeats; default
 *                         PT5S, jobrunr's minimum on SQL databases. A server counts as dead after 4 poll intervals.
 * @param stopAwait        {@code JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP} (jobrunr's
 *                         interrupt-jobs-await-duration-on-stop): on SIGTERM, how long running jobs may finish before
 *                         they are interrupted and handed back; default PT10S. Kubernetes'
 *                         terminationGracePeriodSeconds must be larger.
 * @param serverName       {@code JOBSCALE_SERVER_NAME}: shown in the dashboard; default {@code <hostname>/<pid>}. In
 *                         Kubernetes the hostname is the pod name, which the autoscaler relies on.
 * @param gracePeriod      {@code JOBSCALE_TERMINATION_GRACE_PERIOD}: how long the process may take to stop after
 *                         SIGTERM before it is killed (set it to the pod's terminationGracePeriodSeconds). A hand-back
 *                         that fails (database down) is retried until then. Default: PT30S (Kubernetes' default) or
 *                         what the stop needs ({@link GracefulStop#timeNeeded}) plus 10 s, whichever is longer.
 */
public record WorkerSettings(int workers, Duration pollInterval, Duration stopAwait, String serverName,
                             Duration gracePeriod) {

    public static final String WORKERS = "JOBSCALE_WORKERS";
    public static final String POLL_INTERVAL = "JOBSCALE_POLL_INTERVAL";
    public static final String STOP_AWAIT = "JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP";
    public static final String SERVER_NAME = "JOBSCALE_SERVER_NAME";
    public static final String GRACE_PERIOD = "JOBSCALE_TERMINATION_GRACE_PERIOD";
    public static final List<String> KEYS = List.of(WORKERS, POLL_INTERVAL, STOP_AWAIT, SERVER_NAME, GRACE_PERIOD);

    /**
     * Default workers per available processor: 128, sixteen times jobrunr's 8. A worker claims as many jobs as it has
     * idle threads, in one transaction, and a thread stays taken until the commit that records its job's end; so with
     * short jobs most threads wait on commits, and the thread count bounds each claim's batch. A worker runs one claim
     * at a time, so the larger the batch, the more jobs share each claim's fixed cost; at jobrunr's 8 per processor the
     * claims stay small and the database idles between them. The README's "Benchmarks" gives the measured figures.
     * Threads that wait cost little; a worker whose jobs keep a processor busy should set {@code JOBSCALE_WORKERS} near
     * its processor count instead.
     */
    public static final int DEFAULT_WORKERS_PER_PROCESSOR = 128;
    /** The largest {@code JOBSCALE_WORKERS}, and the cap of the default on large machines. */
    public static final int MAX_WORKERS = 1000;
    /** Kubernetes' default terminationGracePeriodSeconds. */
    static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);
    /** Room left for hand-back retries when the grace period is derived from the await. */
    static final Duration DEFAULT_GRACE_MARGIN = Duration.ofSeconds(10);

    public WorkerSettings {
        if (gracePeriod == null) gracePeriod = defaultGracePeriod(stopAwait);
    }

    /** Settings with the default grace period for {@code stopAwait}. */
    public WorkerSettings(int workers, Duration pollInterval, Duration stopAwait, String serverName) {
        this(workers, pollInterval, stopAwait, serverName, null);
    }

    public static WorkerSettings from(Settings settings) {
        Duration stopAwait = settings.duration(STOP_AWAIT, Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(24));
        Duration needed = GracefulStop.timeNeeded(stopAwait);
        return new WorkerSettings(
                settings.integer(WORKERS, defaultWorkers(Runtime.getRuntime().availableProcessors()), 1, MAX_WORKERS),
                settings.duration(POLL_INTERVAL, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(10)),
                stopAwait,
                settings.string(SERVER_NAME, defaultServerName()),
                settings.duration(GRACE_PERIOD, defaultGracePeriod(stopAwait), needed, Duration.ofHours(25)));
    }

    static Duration defaultGracePeriod(Duration stopAwait) {
        Duration derived = GracefulStop.timeNeeded(stopAwait).plus(DEFAULT_GRACE_MARGIN);
        return derived.compareTo(DEFAULT_GRACE_PERIOD) > 0 ? derived : DEFAULT_GRACE_PERIOD;
    }

    public WorkerSettings withWorkers(int count) {
        return new WorkerSettings(count, pollInterval, stopAwait, serverName, gracePeriod);
    }

    static int defaultWorkers(int processors) {
        return Math.min(MAX_WORKERS, processors * DEFAULT_WORKERS_PER_PROCESSOR);
    }

    static String defaultServerName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return host + "/" + ProcessHandle.current().pid();
    }


}
