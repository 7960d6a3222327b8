package io.jobscale.clustersim;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Job controller for Jobs of one completion and parallelism 1 (what a ScaledJob makes): one pod at a time; a
 * failed pod is replaced after a back-off until more than {@code backoffLimit} have failed (condition Failed,
 * BackoffLimitExceeded); a succeeded pod completes the Job (Complete); {@code activeDeadlineSeconds} after the start
 * the running pod is deleted and the Job fails (DeadlineExceeded); {@code ttlSecondsAfterFinished} after it finished
 * the Job and its pods are deleted. Pods of a deleted Job are deleted too (background propagation). A pod deleted
 * before it finished (a node drain, {@code kubectl delete pod}) counts as a failed one, as in Kubernetes since 1.26
 * (Job tracking with finalizers).
 */
final class JobController {

    /** Kubernetes' default {@code backoffLimit}. */
    static final int DEFAULT_BACKOFF_LIMIT = 6;
    /** The Job controller's pod failure back-off: 10 s, doubled per failure, at most 6 minutes. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(6);
    static final String JOB_NAME_LABEL = "job-name";

    private final KubernetesClient client;
    private final Clock clock;
    private final PodNames names;
    private final ClusterLog log;
    private final Map<String, Instant> lastFailure = new HashMap<>();
    /** Per Job: its pods that were not finished at the last reconcile, and how many of those vanished since. */
    private final Map<String, Set<String>> activePods = new HashMap<>();
    private final Map<String, Integer> deletedWhileActive = new HashMap<>();

    JobController(KubernetesClient client, Clock clock, PodNames names, ClusterLog log) {
        this.client = client;
        this.clock = clock;
        this.names = names;
        this.log = log;
    }

    void reconcile() {
        List<Job> jobs = client.batch().v1().jobs().list().getItems();
        Set<String> existing = jobs.stream().map(j -> j.getMetadata().getName()).collect(Collectors.toSet());
        for (Pod orphan : client.pods().withLabel(JOB_NAME_LABEL).list().getItems()) {
            if (!existing.contains(orphan.getMetadata().getLabels().get(JOB_NAME_LABEL))) {
                client.pods().withName(orphan.getMetadata().getName()).delete();
                log.event(orphan.getMetadata().getName(), "deleted: its Job is gone");
            }
        }
        activePods.keySet().retainAll(existing);
        deletedWhileActive.keySet().retainAll(existing);
        for (Job job : jobs) reconcile(job);
    }

    private void reconcile(Job job) {
        String name = job.getMetadata().getName();
        List<Pod> pods = client.pods().withLabel(JOB_NAME_LABEL, name).list().getItems();
        if (finishedAt(job) != null) {
            Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
            if (ttl != null && !clock.instant().isBefore(finishedAt(job).plusSeconds(ttl))) {
                client.batch().v1().jobs().withName(name).delete();
                log.event(name, "deleted: ttlSecondsAfterFinished " + ttl + " passed");
            }
            return;
        }
        Instant start = job.getStatus() == null || job.getStatus().getStartTime() == null ? clock.instant()
                : Instant.parse(job.getStatus().getStartTime());
        List<Pod> active = pods.stream().filter(p -> !Pods.finished(p)).toList();
        Set<String> present = pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        for (String pod : activePods.getOrDefault(name, Set.of())) {
            if (present.contains(pod)) continue;
            deletedWhileActive.merge(name, 1, Integer::sum);
            log.event(pod, "deleted before it finished: counts as a failed pod of Job " + name);
        }
        activePods.put(name, active.stream().map(p -> p.getMetadata().getName())
                .collect(Collectors.toCollection(HashSet::new)));
        int succeeded = (int) pods.stream().filter(p -> Pods.phase(p).equals("Succeeded")).count();
        int failed = (int) pods.stream().filter(p -> Pods.phase(p).equals("Failed")).count()
                + deletedWhileActive.getOrDefault(name, 0);
        int backoffLimit = Objects.requireNonNullElse(job.getSpec().getBackoffLimit(), DEFAULT_BACKOFF_LIMIT);
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        String condition = null;
        String reason = null;
        if (succeeded > 0) {
            condition = "Complete";
        } else if (failed > backoffLimit) {
            condition = "Failed";
            reason = "BackoffLimitExceeded";
        } else if (deadline != null && !clock.instant().isBefore(start.plusSeconds(deadline))) {
            condition = "Failed";
            reason = "DeadlineExceeded";
        }
        int running = active.size();
        if (condition != null) {
            for (Pod pod : active) {
                client.pods().withName(pod.getMetadata().getName()).delete();
                log.event(pod.getMetadata().getName(), "deleted: Job " + name + " " + condition);
            }
            running = 0;
        } else if (active.isEmpty() && backoffOver(name, failed)) {
            Pod pod = client.pods().resource(newPod(job)).create();
            activePods.get(name).add(pod.getMetadata().getName());
            running = 1;
        }
        var status = job.getStatus();
        boolean unchanged = condition == null && status != null && status.getStartTime() != null
                && Objects.equals(status.getActive(), running) && Objects.equals(status.getSucceeded(), succeeded)
                && Objects.equals(status.getFailed(), failed);
        if (!unchanged) updateStatus(name, start, running, succeeded, failed, condition, reason);
    }

    /** Whether the back-off after the {@code failed}-th pod failure has passed. */
    private boolean backoffOver(String job, int failed) {
        if (failed == 0) return true;
        Instant seen = lastFailure.computeIfAbsent(job + "#" + failed, k -> clock.instant());
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(failed - 1, 10));
        return !clock.instant().isBefore(seen.plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff));
    }

    private Pod newPod(Job job) {
        var template = job.getSpec().getTemplate();
        Map<String, String> labels = new HashMap<>(Objects.requireNonNullElse(
                template.getMetadata() == null ? null : template.getMetadata().getLabels(), Map.of()));
        labels.put(JOB_NAME_LABEL, job.getMetadata().getName());
        labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
        Pod pod = new PodBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(names.next(job.getMetadata().getName()))
                        .withLabels(labels).withCreationTimestamp(Pods.timestamp(clock)).build())
                .withSpec(new PodSpecBuilder(template.getSpec()).withNodeName(Pods.NODE).build())
                .withStatus(new PodStatusBuilder().withPhase("Pending").build())
                .build();
        log.event(job.getMetadata().getName(), "created pod " + pod.getMetadata().getName());
        return pod;
    }

    private void updateStatus(String name, Instant start, int active, int succeeded, int failed, String condition,
                              String reason) {
        String now = Pods.timestamp(clock);
        client.batch().v1().jobs().withName(name).editStatus(j -> {
            var status = j.getStatus() == null ? new io.fabric8.kubernetes.api.model.batch.v1.JobStatus()
                    : j.getStatus();
            if (status.getStartTime() == null) status.setStartTime(start.toString());
            status.setActive(active);
            status.setSucceeded(succeeded);
            status.setFailed(failed);
            if (condition != null) {
                JobCondition c = new JobConditionBuilder().withType(condition).withStatus("True").withReason(reason)
                        .withLastTransitionTime(now).build();
                status.setConditions(List.of(c));
                if (condition.equals("Complete")) status.setCompletionTime(now);
                log.event(name, condition + (reason == null ? "" : " (" + reason + ")"));
            }
            j.setStatus(status);
            return j;
        });
    }

    private static Instant finishedAt(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) return null;
        return job.getStatus().getConditions().stream()
                .filter(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()))
                .map(c -> Instant.parse(c.getLastTransitionTime())).findFirst().orElse(null);
    }
}
