package io.jobscale.server.worker;

import io.jobscale.settings.Settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * How a worker process runs.
 *
 * @param workers          {@code JOBSCALE_WORKERS}: jobs run at once; default 8 × available processors (jobrunr's default)
 * @param pollInterval     {@code JOBSCALE_POLL_INTERVAL}: how often the worker looks for work and heartbeats; default
 *                         PT5S, jobrunr's minimum on SQL databases. A server counts as dead after 4 poll intervals.
 * @param stopAwait        {@code JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP} (jobrunr's
 *                         interrupt-jobs-await-duration-on-stop): on SIGTERM, how long running jobs may finish before they
 *                         are interrupted and handed back; default PT10S. Kubernetes' terminationGracePeriodSeconds must
 *                         be larger.
 * @param serverName       {@code JOBSCALE_SERVER_NAME}: shown in the dashboard; default {@code <hostname>/<pid>}. In
 *                         Kubernetes the hostname is the pod name, which the autoscaler relies on.
 */
public record WorkerSettings(int workers, Duration pollInterval, Duration stopAwait, String serverName) {

    public static final String WORKERS = "JOBSCALE_WORKERS";
    public static final String POLL_INTERVAL = "JOBSCALE_POLL_INTERVAL";
    public static final String STOP_AWAIT = "JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP";
    public static final String SERVER_NAME = "JOBSCALE_SERVER_NAME";
    public static final List<String> KEYS = List.of(WORKERS, POLL_INTERVAL, STOP_AWAIT, SERVER_NAME);

    public static WorkerSettings from(Settings settings) {
        return new WorkerSettings(
                settings.integer(WORKERS, Runtime.getRuntime().availableProcessors() * 8, 1, 1000),
                settings.duration(POLL_INTERVAL, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(10)),
                settings.duration(STOP_AWAIT, Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(24)),
                settings.string(SERVER_NAME, defaultServerName()));
    }

    public WorkerSettings withWorkers(int count) {
        return new WorkerSettings(count, pollInterval, stopAwait, serverName);
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
