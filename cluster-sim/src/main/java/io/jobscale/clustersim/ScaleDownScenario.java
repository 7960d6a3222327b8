package io.jobscale.clustersim;

import io.jobscale.db.DatabaseSettings;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Drain-first scale-down ({@code autoscaling.jobscale.io/drain-timeout}) on {@code k8s/base}, in two clusters run one
 * after the other:
 * <ol>
 *   <li><b>Drain timeout 120 s.</b> Two worker pods of 4 workers run 8 jobs of 60 s (6, and 2 more so that every
 *   worker of those pods is busy: the short jobs can then only go to the new pods); two more pods come up and get 2
 *   short jobs; then the desired replicas go from 4 to 2. The autoscaler drains the two least busy pods (the new
 *   ones), waits until they are idle, and scales: no long job is interrupted, and the scale-down follows within about
 *   a poll of the drained pods going idle.</li>
 *   <li><b>Drain timeout 10 s, every worker busy.</b> Two pods run 8 jobs of 40 s; the desired replicas go from 2 to
 *   1. The drain times out after 10 s, the scale-down removes the pod, whose 4 jobs are handed back by its graceful
 *   stop and succeed later on the other pod, each exactly once.</li>
 * </ol>
 * The desired replicas come from a {@code postgresql} trigger reading a number the scenario sets
 * ({@code AverageValue}, target 1), so the scenario decides when to scale and the autoscaler decides which pods go.
 *
 * <p>Shortened for the test: the polling interval (2 s), the scale-down stabilization window (0 s) and, in the second
 * cluster, the workers' stop await (3 s instead of 60 s, so the removed pod hands its jobs back rather than finishing
 * them during its graceful stop).
 */
final class ScaleDownScenario implements Scenario {

    static final String WORKERS = "jobscale-workers";
    static final String STOP_AWAIT = "JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP";
    static final int POLLING_INTERVAL_SECONDS = 2;
    static final int WORKERS_PER_POD = 4;
    static final int LONG_JOBS = 2 * WORKERS_PER_POD;
    static final Duration LONG_JOB = Duration.ofSeconds(60);
    static final int SHORT_JOBS = 2;
    static final Duration SHORT_JOB = Duration.ofSeconds(15);
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
    static final Duration BUSY_JOB = Duration.ofSeconds(40);
    static final Duration BUSY_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The most seconds from the drained pods reporting idle (their heartbeats say "draining, no job") to the
     * Deployment at the lower count that still counts as "within one poll": the polling interval, plus the
     * simulated controller's tick and slack for a loaded machine. Waiting for the drain timeout would take minutes.
     */
    static final long MAX_SECONDS_FROM_IDLE_TO_SCALE = POLLING_INTERVAL_SECONDS + 3;
    /**
     * The most seconds a timed-out drain's scale-down may come after the timeout: the poll that reads the lower
     * count starts the drain (up to one polling interval after the decision), the first poll at or after its deadline
     * scales (up to one more), plus slack for a loaded machine.
     */
    static final long MAX_SECONDS_AFTER_TIMEOUT = 2L * POLLING_INTERVAL_SECONDS + 4;
    /** How often the scenario samples the drained pods' heartbeats. */
    static final Duration IDLE_SAMPLING = Duration.ofMillis(250);
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    private final Clock clock = Clock.systemUTC();
    private final Function<String, DatabaseSettings> databases;

    /** Fresh databases on the local PostgreSQL ({@link SimDatabase}), as {@code bin/cluster-sim} runs it. */
    ScaleDownScenario() {
        this(SimDatabase::fresh);
    }

    /** @param databases an empty database for the named scenario (tests pass the test suite's own) */
    ScaleDownScenario(Function<String, DatabaseSettings> databases) {
        this.databases = databases;
    }

    @Override
    public String name() {
        return "scale-down";
    }

    @Override
    public String description() {
        return "drain-first scale-down 4→2 (timeout 120 s) with 60 s jobs running, then 2→1 all busy (timeout 10 s)";
    }

    @Override
    public Summary run(Path checkout, Path runDir) throws Exception {
        Instant started = clock.instant();
        Summary summary = new Summary(name());
        drainsIdlePods(checkout, runDir.resolve("drain"), summary);
        timesOutOnBusyPods(checkout, runDir.resolve("busy"), summary);
        summary.figure("duration_s", Duration.between(started, clock.instant()).toSeconds());
        return summary;
    }

    /** The first cluster: 4 → 2 while long jobs run on two of the pods. */
    private void drainsIdlePods(Path checkout, Path runDir, Summary summary) throws Exception {
        DatabaseSettings database = databases.apply("scale_down_drain");
        JobHistory jobs = new JobHistory(database);
        try (SimCluster cluster = start(checkout, runDir, database, DRAIN_TIMEOUT, null)) {
            setDesired(database, 2);
            awaitWorkers(cluster, jobs, 2);
            List<String> firstPods = workerPods(cluster);
            ExampleAppClient exampleApp = new ExampleAppClient(cluster);
            List<String> longJobs = ExampleAppClient.jobIds(exampleApp.schedule("count=" + LONG_JOBS
                    + "&name=Long&executionTimeMs=" + LONG_JOB.toMillis()));
            Scenario.await(() -> jobs.countIn(longJobs, "PROCESSING") == LONG_JOBS, START_TIMEOUT,
                    "the long jobs processing");

            setDesired(database, 4);
            awaitWorkers(cluster, jobs, 4);
            List<String> shortJobs = ExampleAppClient.jobIds(exampleApp.schedule("count=" + SHORT_JOBS
                    + "&name=Short&executionTimeMs=" + SHORT_JOB.toMillis()));
            Scenario.await(() -> jobs.countIn(shortJobs, "PROCESSING") == SHORT_JOBS, START_TIMEOUT,
                    "the short jobs processing");
            List<String> fourPods = workerPods(cluster);
            Instant decided = clock.instant();
            setDesired(database, 2);

            Instant idleAt = null;   // when every drained pod's heartbeat first said "draining, no job"
            Instant deadline = decided.plus(DRAIN_TIMEOUT).plus(Duration.ofMinutes(1));
            while (clock.instant().isBefore(deadline)
                    && !(workerPods(cluster).size() == 2 && cluster.kubelet().terminating() == 0)) {
                if (idleAt == null && drainedPodsReportIdle(jobs)) idleAt = clock.instant();
                Thread.sleep(IDLE_SAMPLING.toMillis());
            }
            boolean scaled = workerPods(cluster).size() == 2;
            List<String> all = new ArrayList<>(longJobs);
            all.addAll(shortJobs);
            boolean done = Scenario.awaitQuietly(() -> jobs.countIn(all, "SUCCEEDED") == all.size(), RUN_TIMEOUT);

            Set<String> removed = new HashSet<>(fourPods);
            workerPods(cluster).forEach(removed::remove);
            Set<String> longJobPods = workersOf(jobs, longJobs);
            Instant scaledAt = scaledTo(cluster, 2, decided);
            long interrupted = jobs.entered(longJobs, JobHistory.PROCESSING).values().stream().filter(n -> n > 1)
                    .count();
            long shortOnRemoved = jobs.history(shortJobs).stream()
                    .filter(e -> e.state().equals(JobHistory.PROCESSING) && removed.contains(e.worker())).count();
            Double idleToScale = idleAt == null || scaledAt == null ? null
                    : Duration.between(idleAt, scaledAt).toMillis() / 1000.0;
            long exactlyOnce = jobs.entered(all, JobHistory.SUCCEEDED).values().stream().filter(n -> n == 1).count();
            summary.figure("interrupted", interrupted)
                    .figure("removed_pods_with_long_jobs", removed.stream().filter(longJobPods::contains).count())
                    .figure("short_jobs_on_removed_pods", shortOnRemoved)
                    .figure("drain_s", scaledAt == null ? "-" : Duration.between(decided, scaledAt).toSeconds())
                    .figure("idle_to_scale_s", idleToScale == null ? "-"
                            : String.format(Locale.ROOT, "%.1f", idleToScale))
                    .figure("succeeded_exactly_once", exactlyOnce + "/" + all.size());
            summary.check(scaled, "4→2 within the drain timeout")
                    .check(interrupted == 0, "no long job interrupted")
                    .check(removed.size() == 2 && removed.stream().noneMatch(longJobPods::contains)
                                    && firstPods.containsAll(longJobPods),
                            "the removed pods are the two without long jobs")
                    .check(shortOnRemoved == SHORT_JOBS, "the short jobs ran on the drained pods")
                    .check(idleToScale != null && idleToScale <= MAX_SECONDS_FROM_IDLE_TO_SCALE,
                            "replicas 2 within a poll of the drained pods reporting idle")
                    .check(done && exactlyOnce == all.size(), "every job SUCCEEDED exactly once");
        }
    }

    /** The second cluster: 2 → 1 with every worker busy and a drain timeout of 10 s. */
    private void timesOutOnBusyPods(Path checkout, Path runDir, Summary summary) throws Exception {
        DatabaseSettings database = databases.apply("scale_down_busy");
        JobHistory jobs = new JobHistory(database);
        try (SimCluster cluster = start(checkout, runDir, database, BUSY_DRAIN_TIMEOUT, "PT3S")) {
            setDesired(database, 2);
            awaitWorkers(cluster, jobs, 2);
            int busy = 2 * WORKERS_PER_POD;
            List<String> ids = ExampleAppClient.jobIds(new ExampleAppClient(cluster).schedule("count=" + busy
                    + "&name=Busy&executionTimeMs=" + BUSY_JOB.toMillis()));
            Scenario.await(() -> jobs.countIn(ids, "PROCESSING") == busy, START_TIMEOUT, "every worker busy");
            List<String> twoPods = workerPods(cluster);
            Instant decided = clock.instant();
            setDesired(database, 1);

            Scenario.awaitQuietly(() -> workerPods(cluster).size() == 1, BUSY_DRAIN_TIMEOUT.plusMinutes(1));
            boolean done = Scenario.awaitQuietly(() -> jobs.countIn(ids, "SUCCEEDED") == ids.size()
                    && cluster.kubelet().terminating() == 0, RUN_TIMEOUT);

            Set<String> removed = new HashSet<>(twoPods);
            workerPods(cluster).forEach(removed::remove);
            Instant scaledAt = scaledTo(cluster, 1, decided);
            List<JobHistory.Entry> history = jobs.history(ids);
            long onRemoved = history.stream().filter(e -> e.state().equals(JobHistory.PROCESSING)
                    && removed.contains(e.worker())).map(JobHistory.Entry::jobId).distinct().count();
            long interrupted = jobs.entered(ids, JobHistory.PROCESSING).values().stream().filter(n -> n > 1).count();
            long handedBack = jobs.entered(ids, JobHistory.ENQUEUED).values().stream().filter(n -> n > 1).count();
            long failed = jobs.entered(ids, JobHistory.FAILED).values().stream().mapToLong(n -> n).sum();
            long exactlyOnce = jobs.entered(ids, JobHistory.SUCCEEDED).values().stream().filter(n -> n == 1).count();
            Long afterDecision = scaledAt == null ? null : Duration.between(decided, scaledAt).toSeconds();
            summary.figure("busy_scale_after_s", afterDecision == null ? "-" : afterDecision)
                    .figure("busy_interrupted", interrupted).figure("busy_handed_back", handedBack)
                    .figure("busy_failed_states", failed)
                    .figure("busy_succeeded_exactly_once", exactlyOnce + "/" + ids.size())
                    .figure("forced_kills", cluster.kubelet().forcedKills());
            summary.check(afterDecision != null && afterDecision >= BUSY_DRAIN_TIMEOUT.toSeconds()
                                    && afterDecision <= BUSY_DRAIN_TIMEOUT.toSeconds() + MAX_SECONDS_AFTER_TIMEOUT,
                            "all busy: the scale-down came when the 10 s drain timeout ran out")
                    .check(removed.size() == 1 && onRemoved == WORKERS_PER_POD && interrupted == onRemoved
                                    && handedBack == onRemoved && failed == 0,
                            "the removed pod's jobs were interrupted and handed back, none failed")
                    .check(done && exactlyOnce == ids.size(), "every busy job SUCCEEDED exactly once")
                    .check(cluster.kubelet().forcedKills() == 0, "no pod outlived its grace period");
        }
    }

    private SimCluster start(Path checkout, Path runDir, DatabaseSettings database, Duration drainTimeout,
                             String stopAwait) throws Exception {
        Manifests manifests = Manifests.build(checkout.resolve("k8s/base"))
                .withSecretValues("jobscale-db", SimDatabase.secretValues(database))
                .withConfigMapValues("jobscale-autoscaler", Map.of("autoscaler.yaml", config(database, drainTimeout)));
        if (stopAwait != null) manifests = manifests.withContainerEnv("Deployment", WORKERS, STOP_AWAIT, stopAwait);
        Object workersPerPod = Manifests.list(manifests.workload("Deployment", WORKERS).containers().get(0).get("env"))
                .stream().map(Manifests::map).filter(e -> "JOBSCALE_WORKERS".equals(e.get("name")))
                .map(e -> e.get("value")).findFirst().orElse(null);
        if (!String.valueOf(WORKERS_PER_POD).equals(workersPerPod)) {
            throw new IllegalStateException("k8s/base/workers.yaml no longer sets JOBSCALE_WORKERS to "
                    + WORKERS_PER_POD + ": update the scale-down scenario's job counts");
        }
        SimCluster cluster = new SimCluster(checkout, manifests, runDir, clock).start();
        try {
            Scenario.await(() -> cluster.ready("jobscale-web") && cluster.ready(ExampleAppClient.DEPLOYMENT),
                    START_TIMEOUT, "web and example app ready");
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The ScaledObject: the replicas the scenario writes into {@code sim_desired_replicas}, drained first. */
    static String config(DatabaseSettings database, Duration drainTimeout) {
        URI server = URI.create(database.url().substring("jdbc:".length()));
        String password = database.password() == null || database.password().isEmpty() ? ""
                : "\n            passwordFromEnv: JOBSCALE_DB_PASSWORD";
        return """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: %s
                  annotations: {autoscaling.jobscale.io/drain-timeout: "%ds"}
                spec:
                  scaleTargetRef: {name: %s}
                  pollingInterval: %d
                  maxReplicaCount: 4
                  advanced:
                    horizontalPodAutoscalerConfig:
                      behavior:
                        scaleDown: {stabilizationWindowSeconds: 0}
                  triggers:
                    - type: postgresql
                      metricType: AverageValue
                      metadata:
                        query: "SELECT coalesce(max(desired), 0) FROM sim_desired_replicas"
                        targetQueryValue: "1"
                        host: "%s"
                        port: "%d"
                        userName: "%s"
                        dbName: "%s"
                        sslmode: disable%s
                """.formatted(WORKERS, drainTimeout.toSeconds(), WORKERS, POLLING_INTERVAL_SECONDS,
                server.getHost(), server.getPort(), database.user(), server.getPath().substring(1), password);
    }

    /** Writes the number the trigger reads (the table is made once the web pod has migrated the schema). */
    private static void setDesired(DatabaseSettings database, int replicas) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sim_desired_replicas (desired int NOT NULL)");
            s.execute("DELETE FROM sim_desired_replicas");
            s.execute("INSERT INTO sim_desired_replicas VALUES (" + replicas + ")");
        }
    }

    /** Waits until {@code pods} worker pods run and each has a live jobrunr server with its workers. */
    private static void awaitWorkers(SimCluster cluster, JobHistory jobs, int pods) throws InterruptedException {
        Scenario.await(() -> workerPods(cluster).size() == pods && jobs.number(
                "SELECT count(*) FROM jobrunr_backgroundjobservers WHERE name LIKE ? AND running = 1",
                WORKERS + "-%") == pods, START_TIMEOUT, pods + " worker pods with live servers");
    }

    /** Whether every worker marked for draining says, in its heartbeat, that it drains and runs no job. */
    private static boolean drainedPodsReportIdle(JobHistory jobs) {
        List<String> marked = jobs.texts("SELECT worker FROM jobscale_drain_marks WHERE worker LIKE ?", WORKERS + "-%");
        List<String> idle = jobs.texts("SELECT split_part(name, '/', 1) FROM jobrunr_backgroundjobservers"
                + " WHERE draining AND occupiedworkers = 0 AND name LIKE ?", WORKERS + "-%");
        return !marked.isEmpty() && idle.containsAll(marked);
    }

    private static List<String> workerPods(SimCluster cluster) {
        return cluster.pods(WORKERS);
    }

    /** The pods the jobs were processed on. */
    private static Set<String> workersOf(JobHistory jobs, List<String> ids) {
        Set<String> pods = new HashSet<>();
        jobs.history(ids).stream().filter(e -> e.state().equals(JobHistory.PROCESSING)).map(JobHistory.Entry::worker)
                .filter(Objects::nonNull).forEach(pods::add);
        return pods;
    }

    /** When the workers Deployment was set to {@code replicas} after {@code since}; null if it was not. */
    private static Instant scaledTo(SimCluster cluster, int replicas, Instant since) {
        return cluster.log().replicas(WORKERS).stream().filter(r -> r.at().isAfter(since) && r.desired() == replicas)
                .map(ClusterLog.Replicas::at).findFirst().orElse(null);
    }
}
