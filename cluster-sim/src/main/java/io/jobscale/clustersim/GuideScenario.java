package io.jobscale.clustersim;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobscale.db.DatabaseSettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JobRunr guide's walkthrough on {@code k8s/base}: the example app schedules 40 jobs of 15 s, due in 2 minutes;
 * the built-in autoscaler (Kubernetes backend, the ScaledObject of {@code k8s/base/autoscaler-config.yaml}) starts
 * worker pods before they are due, adds more while all workers are busy, and scales back to 0 after the cooldown.
 * Every job must succeed exactly once.
 *
 * <p>Waits are shortened by {@link #TIME_DIVISOR}, consistently: the jobs' due time and the trigger's look-ahead
 * ({@code runIn}/{@code scheduledIn} PT2M → PT40S), the cooldown (120 s → 40 s) and the polling interval (10 s → 3 s).
 * The jobs keep their 15 s, so the workers stay busy long enough to be seen busy.
 */
final class GuideScenario implements Scenario {

    static final int TIME_DIVISOR = 3;
    static final int JOBS = 40;
    static final Duration JOB_DURATION = Duration.ofSeconds(15);
    static final Duration RUN_IN = Duration.ofMinutes(2).dividedBy(TIME_DIVISOR);
    /** How long the cluster may take to start web and example app, and to run the jobs and scale to 0. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    static final String WORKERS = "jobscale-workers";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Clock clock = Clock.systemUTC();
    private final Function<String, DatabaseSettings> databases;

    /** A fresh database on the local PostgreSQL ({@link SimDatabase}), as {@code bin/cluster-sim} runs it. */
    GuideScenario() {
        this(SimDatabase::fresh);
    }

    /** @param databases an empty database for the named scenario (tests pass the test suite's own) */
    GuideScenario(Function<String, DatabaseSettings> databases) {
        this.databases = databases;
    }

    @Override
    public String name() {
        return "guide";
    }

    @Override
    public String description() {
        return "k8s/base, 40 jobs runIn=PT2M (÷3): workers before due, more while busy, 0 after cooldown";
    }

    @Override
    public Summary run(Path checkout, Path runDir) throws Exception {
        Instant started = clock.instant();
        DatabaseSettings database = databases.apply(name());
        Manifests base = Manifests.build(checkout.resolve("k8s/base"))
                .withSecretValues("jobscale-db", SimDatabase.secretValues(database));
        Manifests manifests = base.withConfigMapValues("jobscale-autoscaler", Map.of("autoscaler.yaml",
                shortened(base.data("ConfigMap", "jobscale-autoscaler").get("autoscaler.yaml"))));
        Summary summary = new Summary(name());
        try (SimCluster cluster = new SimCluster(checkout, manifests, runDir, clock).start()) {
            Scenario.await(() -> cluster.ready("jobscale-web") && cluster.ready("jobscale-example-app"),
                    START_TIMEOUT, "web and example app ready");
            // README "Deploy on Kubernetes": rollout status of the web Deployment, then the dashboard through it.
            int dashboard = status(cluster.kubelet().hostPort(cluster.pods("jobscale-web").get(0), 8000),
                    "/dashboard");
            summary.figure("dashboard_status", dashboard).check(dashboard == 200, "the dashboard answers 200");
            JsonNode answer = new ExampleAppClient(cluster).schedule("count=" + JOBS + "&runIn=" + RUN_IN
                    + "&executionTimeMs=" + JOB_DURATION.toMillis());
            Instant due = Instant.parse(answer.get("runAt").asText());
            List<String> ids = ExampleAppClient.jobIds(answer);
            summary.figure("jobs", ids.size()).check(ids.size() == JOBS, JOBS + " jobs scheduled");

            JobHistory jobs = new JobHistory(database);
            boolean done = Scenario.awaitQuietly(() -> succeeded(jobs, ids) == ids.size() && scaledToZero(cluster),
                    RUN_TIMEOUT);
            List<ClusterLog.Replicas> timeline = cluster.log().replicas(WORKERS);
            Map<String, Integer> runs = jobs.entered(ids, JobHistory.PROCESSING);
            Instant firstWorker = timeline.stream().filter(r -> r.pods() > 0).map(ClusterLog.Replicas::at)
                    .findFirst().orElse(null);
            int beforeDue = timeline.stream().filter(r -> r.at().isBefore(due)).mapToInt(ClusterLog.Replicas::pods)
                    .max().orElse(0);
            int peak = timeline.stream().mapToInt(ClusterLog.Replicas::pods).max().orElse(0);
            long succeeded = succeeded(jobs, ids);
            long exactlyOnce = runs.values().stream().filter(n -> n == 1).count();
            long scaleUpsWhileBusy = scaleUpsWhileBusy(jobs);
            summary.figure("succeeded", succeeded).figure("succeeded_exactly_once", exactlyOnce)
                    .figure("worker_pods_before_due", beforeDue)
                    .figure("first_worker_pod_s_before_due",
                            firstWorker == null ? "-" : Duration.between(firstWorker, due).toSeconds())
                    .figure("peak_worker_pods", peak).figure("scale_ups_while_busy", scaleUpsWhileBusy)
                    .figure("worker_pods_at_end", cluster.pods(WORKERS).size())
                    .figure("forced_kills", cluster.kubelet().forcedKills());
            summary.check(firstWorker != null && firstWorker.isBefore(due), "a worker pod before the jobs were due")
                    .check(scaleUpsWhileBusy > 0, "a scale-up decided while the workers were busy")
                    .check(succeeded == JOBS, "every job SUCCEEDED")
                    .check(exactlyOnce == JOBS, "every job processed exactly once")
                    .check(done, "back to 0 worker pods after the cooldown");
        }
        summary.figure("duration_s", Duration.between(started, clock.instant()).toSeconds());
        return summary;
    }

    /** The ScaledObject with its waits divided by {@link #TIME_DIVISOR}; fails when the file no longer says them. */
    static String shortened(String yaml) {
        Map<String, String> replacements = new LinkedHashMap<>();
        replacements.put("pollingInterval: 10", "pollingInterval: " + 10 / TIME_DIVISOR);
        replacements.put("cooldownPeriod: 120", "cooldownPeriod: " + 120 / TIME_DIVISOR);
        replacements.put("scheduledIn: PT2M", "scheduledIn: " + RUN_IN);
        String result = yaml;
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            if (!result.contains(replacement.getKey())) {
                throw new IllegalStateException("k8s/base/autoscaler-config.yaml no longer says '"
                        + replacement.getKey() + "': update the guide scenario's shortening");
            }
            result = result.replace(replacement.getKey(), replacement.getValue());
        }
        return result;
    }

    private static int status(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean scaledToZero(SimCluster cluster) {
        var workers = cluster.client().apps().deployments().withName(WORKERS).get();
        return workers.getSpec().getReplicas() == 0 && cluster.pods(WORKERS).isEmpty()
                && cluster.kubelet().terminating() == 0;
    }

    private static long succeeded(JobHistory jobs, List<String> ids) {
        return jobs.countIn(ids, "SUCCEEDED");
    }

    private static long scaleUpsWhileBusy(JobHistory jobs) {
        return jobs.number("""
                SELECT count(*) FROM jobscale_scaling_events
                WHERE scaled_object = ? AND to_replicas > from_replicas AND from_replicas > 0
                  AND EXISTS (SELECT 1 FROM jsonb_array_elements(readings) r WHERE r->>'metric' = 'workers-usage'
                              AND (r->>'value')::float8 >= (r->>'target')::float8)""", WORKERS);
    }
}
