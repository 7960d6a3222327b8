package io.jobscale.clustersim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jobscale.db.DatabaseSettings;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Job mode on {@code k8s/base}: the built-in autoscaler reads a ScaledJob (the {@code jobTargetRef} of
 * {@code k8s/keda-jobs/scaledjob.yaml}) and launches one Kubernetes Job per queued job, whose pod runs {@code run-one}
 * for that job. Eight jobs: six that succeed; one that throws on its first attempt, so its Job fails
 * ({@code backoffLimit} 0) and its retry policy runs it again in a new Job; one that runs long, whose pod the scenario
 * deletes mid-job (a node drain), so the pod hands the job back and a new Job runs it. History limits keep the newest
 * finished Jobs. Per attempt of a job there is never more than one Job. (The example app's recurring job may get a
 * Job of its own during the run; the figures count the scenario's eight jobs only.)
 *
 * <p>Shortened for the test: the polling interval (2 s), the history limits (3 each) and the workers' stop await
 * (2 s, so a drained pod hands its job back at once rather than finishing it).
 */
final class ScaledJobScenario implements Scenario {

    static final String SCALED_JOB = "jobscale-run-one";
    static final int SHORT_JOBS = 6;
    static final int HISTORY_LIMIT = 3;
    static final Duration DRAINED_JOB_DURATION = Duration.ofSeconds(20);
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    /** Ample for the autoscaler's next polls (every 2 s here) to prune the Jobs that finished last. */
    static final Duration HISTORY_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock = Clock.systemUTC();
    private final Function<String, DatabaseSettings> databases;

    /** A fresh database on the local PostgreSQL ({@link SimDatabase}), as {@code bin/cluster-sim} runs it. */
    ScaledJobScenario() {
        this(SimDatabase::fresh);
    }

    /** @param databases an empty database for the named scenario (tests pass the test suite's own) */
    ScaledJobScenario(Function<String, DatabaseSettings> databases) {
        this.databases = databases;
    }

    @Override
    public String name() {
        return "scaledjob";
    }

    @Override
    public String description() {
        return "Job mode: one Job per attempt, a retried and a drained job each rerun in a new Job, history limits";
    }

    @Override
    public Summary run(Path checkout, Path runDir) throws Exception {
        Instant started = clock.instant();
        DatabaseSettings database = databases.apply(name());
        Manifests manifests = Manifests.build(checkout.resolve("k8s/base"))
                .withSecretValues("jobscale-db", SimDatabase.secretValues(database))
                .withConfigMapValues("jobscale-autoscaler", Map.of("autoscaler.yaml", config(checkout)));
        Summary summary = new Summary(name());
        JobHistory jobs = new JobHistory(database);
        try (SimCluster cluster = new SimCluster(checkout, manifests, runDir, clock).start();
             JobWatch watch = new JobWatch(cluster)) {
            Scenario.await(() -> cluster.ready("jobscale-web") && cluster.ready(ExampleAppClient.DEPLOYMENT),
                    START_TIMEOUT, "web and example app ready");
            ExampleAppClient exampleApp = new ExampleAppClient(cluster);
            List<String> ids = new ArrayList<>(ExampleAppClient.jobIds(
                    exampleApp.schedule("count=" + SHORT_JOBS + "&executionTimeMs=1000&name=Short")));
            String retried = ExampleAppClient.jobIds(
                    exampleApp.schedule("count=1&executionTimeMs=1000&name=Retried&failures=1")).get(0);
            String drained = ExampleAppClient.jobIds(exampleApp.schedule("count=1&name=Drained&executionTimeMs="
                    + DRAINED_JOB_DURATION.toMillis())).get(0);
            ids.add(retried);
            ids.add(drained);

            // A node drain: the pod running the long job is deleted once the job runs in it.
            Scenario.await(() -> "PROCESSING".equals(jobs.states(List.of(drained)).get(drained)), START_TIMEOUT,
                    "the long job processing");
            List<String> drainedPods = podsOf(cluster, drained);
            drainedPods.forEach(pod -> cluster.client().pods().withName(pod).delete());

            boolean done = Scenario.awaitQuietly(() -> jobs.countIn(ids, "SUCCEEDED") == ids.size()
                    && watch.unfinished() == 0 && cluster.kubelet().terminating() == 0, RUN_TIMEOUT);
            // The autoscaler prunes the history on its polls, so a Job that finished a moment ago (the example app's
            // recurring job may finish one at any time) is still there until the next: wait for a poll that pruned.
            AtomicReference<List<Job>> kept = new AtomicReference<>();
            Scenario.awaitQuietly(() -> {
                kept.set(cluster.client().batch().v1().jobs().list().getItems());
                return keepsNewest(names(kept.get(), "Complete"), watch);
            }, HISTORY_TIMEOUT);

            Map<String, Integer> succeededOnce = jobs.entered(ids, JobHistory.SUCCEEDED);
            Map<String, Integer> processed = jobs.entered(ids, JobHistory.PROCESSING);
            Map<String, Integer> failedStates = jobs.entered(ids, JobHistory.FAILED);
            long succeeded = jobs.countIn(ids, "SUCCEEDED");
            long exactlyOnce = succeededOnce.values().stream().filter(n -> n == 1).count();
            List<JobWatch.Seen> retriedJobs = watch.jobsOf(retried);
            List<JobWatch.Seen> drainedJobs = watch.jobsOf(drained);
            Map<String, Integer> exits = cluster.kubelet().exitCodes();
            long nonZeroExits = exits.values().stream().filter(code -> code != 0).count();
            List<String> keptComplete = names(kept.get(), "Complete");
            summary.figure("jobs", ids.size()).figure("succeeded", succeeded)
                    .figure("succeeded_exactly_once", exactlyOnce)
                    .figure("jobs_created", ids.stream().mapToInt(id -> watch.jobsOf(id).size()).sum())
                    .figure("complete_jobs", ids.stream().mapToLong(id -> count(watch.jobsOf(id), "Complete")).sum())
                    .figure("failed_jobs", ids.stream().mapToLong(id -> count(watch.jobsOf(id), "Failed")).sum())
                    .figure("retried_job_jobs", describe(retriedJobs))
                    .figure("drained_job_jobs", describe(drainedJobs))
                    .figure("max_jobs_per_attempt", watch.maxLivePerAttempt())
                    .figure("complete_kept", keptComplete.size())
                    .figure("failed_kept", names(kept.get(), "Failed").size())
                    .figure("pods_exit_nonzero", nonZeroExits)
                    .figure("forced_kills", cluster.kubelet().forcedKills());
            summary.check(done, "every job SUCCEEDED and every Job finished in time")
                    .check(succeeded == ids.size(), "every job SUCCEEDED")
                    .check(exactlyOnce == ids.size(), "every job succeeded exactly once")
                    .check(watch.maxLivePerAttempt() == 1, "never two Jobs for one attempt")
                    .check(ids.stream().filter(id -> !id.equals(retried) && !id.equals(drained))
                            .allMatch(id -> watch.jobsOf(id).size() == 1 && processed.get(id) == 1),
                            "each other job ran once, in one Job")
                    .check(conditions(retriedJobs).equals(List.of("Failed", "Complete"))
                                    && failedStates.get(retried) == 1 && distinctVersions(retriedJobs),
                            "the job that threw failed its Job and succeeded in a new Job, at its next attempt")
                    .check(conditions(drainedJobs).equals(List.of("Failed", "Complete"))
                                    && failedStates.get(drained) == 0 && processed.get(drained) == 2
                                    && distinctVersions(drainedJobs),
                            "the drained job was handed back and succeeded in a new Job")
                    .check(nonZeroExits == 1, "every run-one pod exited 0 but the one whose job threw")
                    .check(drainedPods.stream().allMatch(pod -> Integer.valueOf(0).equals(exits.get(pod))),
                            "the drained pod handed its job back and exited 0")
                    .check(keepsNewest(keptComplete, watch),
                            "the history keeps the " + HISTORY_LIMIT + " newest Complete Jobs")
                    .check(cluster.kubelet().forcedKills() == 0, "no pod outlived its grace period");
        }
        summary.figure("duration_s", Duration.between(started, clock.instant()).toSeconds());
        return summary;
    }

    /**
     * The built-in autoscaler's config: a ScaledJob on the enqueued count whose {@code jobTargetRef} is the one of
     * {@code k8s/keda-jobs} (so the scenario runs the Job a user deploys), with {@code backoffLimit} 0 — the job's
     * own retry policy retries it, each attempt in a Job of its own — and the stop await shortened.
     */
    static String config(Path checkout) throws Exception {
        Map<String, Object> scaledJob = Manifests.build(checkout.resolve("k8s/keda-jobs")).ofKind("ScaledJob").get(0);
        ObjectNode jobTargetRef = JSON.valueToTree(Manifests.map(scaledJob.get("spec")).get("jobTargetRef"));
        jobTargetRef.put("backoffLimit", 0);
        ArrayNode env = (ArrayNode) jobTargetRef.at("/template/spec/containers/0/env");
        env.forEach(variable -> {
            if (variable.get("name").asText().equals("JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP")) {
                ((ObjectNode) variable).put("value", "PT2S");
            }
        });
        return """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledJob
                metadata: {name: %s}
                spec:
                  pollingInterval: 2
                  maxReplicaCount: 5
                  successfulJobsHistoryLimit: %d
                  failedJobsHistoryLimit: %d
                  jobTargetRef: %s
                  triggers:
                    - type: jobscale
                      metadata: {metric: enqueued-count, targetValue: "1"}
                """.formatted(SCALED_JOB, HISTORY_LIMIT, HISTORY_LIMIT, JSON.writeValueAsString(jobTargetRef));
    }

    /** The Complete Jobs kept are the newest {@link #HISTORY_LIMIT} of those that completed. */
    private static boolean keepsNewest(List<String> keptComplete, JobWatch watch) {
        return keptComplete.size() == Math.min(HISTORY_LIMIT, watch.finished("Complete").size())
                && watch.noneNewerThan(keptComplete, "Complete");
    }

    private static List<String> podsOf(SimCluster cluster, String jobId) {
        return cluster.client().pods().withLabel("jobscale.io/job-id", jobId).list().getItems().stream()
                .filter(p -> !Pods.finished(p)).map(p -> p.getMetadata().getName()).toList();
    }

    private static List<String> names(List<Job> jobs, String condition) {
        return jobs.stream().filter(j -> condition.equals(JobWatch.condition(j)))
                .sorted(Comparator.comparing(j -> j.getMetadata().getName()))
                .map(j -> j.getMetadata().getName()).toList();
    }

    private static long count(List<JobWatch.Seen> jobs, String condition) {
        return jobs.stream().filter(j -> condition.equals(j.condition())).count();
    }

    private static List<String> conditions(List<JobWatch.Seen> jobs) {
        return jobs.stream().map(JobWatch.Seen::condition).toList();
    }

    private static boolean distinctVersions(List<JobWatch.Seen> jobs) {
        return jobs.stream().map(JobWatch.Seen::version).distinct().count() == jobs.size();
    }

    /** e.g. {@code v3:Failed,v6:Complete}. */
    private static String describe(List<JobWatch.Seen> jobs) {
        return String.join(",", jobs.stream().map(j -> "v" + j.version() + ":" + j.condition()).toList());
    }

    /** Every Job the API server held during the run, from a watch: the history limits delete the older ones. */
    private static final class JobWatch implements Watcher<Job>, AutoCloseable {

        /** One Job as last seen; {@code condition} null while it runs. */
        record Seen(String uid, String name, String jobId, String version, Instant created, String condition,
                    String finishedAt) {
        }

        private final Map<String, Seen> seen = new LinkedHashMap<>();
        private final Map<String, Set<String>> livePerAttempt = new HashMap<>();
        private final Set<String> live = new HashSet<>();
        private int maxLivePerAttempt;
        private final Watch watch;

        JobWatch(SimCluster cluster) {
            watch = cluster.client().batch().v1().jobs().watch(this);
        }

        @Override
        public synchronized void eventReceived(Action action, Job job) {
            String uid = job.getMetadata().getUid();
            Map<String, String> labels = job.getMetadata().getLabels();
            String attempt = labels.get("jobscale.io/job-id") + "@" + labels.get("jobscale.io/job-version");
            Seen before = seen.get(uid);
            seen.put(uid, new Seen(uid, job.getMetadata().getName(), labels.get("jobscale.io/job-id"),
                    labels.get("jobscale.io/job-version"), before != null ? before.created() : Instant.now(),
                    condition(job), finishedAt(job)));
            if (action == Action.DELETED) {
                live.remove(uid);
                livePerAttempt.getOrDefault(attempt, new HashSet<>()).remove(uid);
            } else if (live.add(uid)) {
                Set<String> ofAttempt = livePerAttempt.computeIfAbsent(attempt, k -> new HashSet<>());
                ofAttempt.add(uid);
                maxLivePerAttempt = Math.max(maxLivePerAttempt, ofAttempt.size());
            }
        }

        @Override
        public void onClose(WatcherException cause) {
        }

        synchronized List<Seen> jobsOf(String jobId) {
            return seen.values().stream().filter(s -> jobId.equals(s.jobId()))
                    .sorted(Comparator.comparing(Seen::created)).toList();
        }

        synchronized List<Seen> finished(String condition) {
            return seen.values().stream().filter(s -> condition.equals(s.condition())).toList();
        }

        /** Whether no Job that finished with {@code condition} and is gone finished after one of {@code kept}. */
        synchronized boolean noneNewerThan(List<String> kept, String condition) {
            String oldestKept = finished(condition).stream().filter(s -> kept.contains(s.name()))
                    .map(Seen::finishedAt).min(Comparator.naturalOrder()).orElse("");
            return finished(condition).stream().filter(s -> !live.contains(s.uid()))
                    .allMatch(s -> s.finishedAt().compareTo(oldestKept) <= 0);
        }

        synchronized long unfinished() {
            return seen.values().stream().filter(s -> live.contains(s.uid()) && s.condition() == null).count();
        }

        synchronized int maxLivePerAttempt() {
            return maxLivePerAttempt;
        }

        static String condition(Job job) {
            if (job.getStatus() == null || job.getStatus().getConditions() == null) return null;
            return job.getStatus().getConditions().stream().filter(c -> "True".equals(c.getStatus()))
                    .map(c -> c.getType()).filter(t -> t.equals("Complete") || t.equals("Failed")).findFirst()
                    .orElse(null);
        }

        private static String finishedAt(Job job) {
            if (job.getStatus() == null || job.getStatus().getConditions() == null) return "";
            return job.getStatus().getConditions().stream().map(c -> c.getLastTransitionTime())
                    .filter(t -> t != null).findFirst().orElse("");
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
