package io.jobscale.autoscaler.actuator.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.jobscale.autoscaler.actuator.ActuatorException;
import io.jobscale.autoscaler.actuator.JobActuator;
import io.jobscale.autoscaler.actuator.JobCounts;
import io.jobscale.autoscaler.actuator.PartialScaleException;
import io.jobscale.db.store.QueuedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * KEDA ScaledJob semantics with batch/v1 Jobs: one Job per queued job, made from the ScaledJob's {@code jobTargetRef},
 * with the job id in every container's environment ({@code JOBSCALE_JOB_ID}) so the pod's {@code run-one} runs exactly
 * that job. One Job per attempt: the Job name is derived from the job id and its version when it was enqueued, so a
 * second launch for the same attempt is refused by the API server (409 AlreadyExists) instead of running it twice,
 * while a job enqueued again (retried after a failure, handed back by a stopping pod) gets a new Job even when its
 * earlier Job is still in the history. An attempt still queued whose Job has finished never ran in it (its pod failed
 * or was deleted before claiming the job, or its deadline passed while it waited): that Job is replaced.
 */
public class KubernetesJobLauncher implements JobActuator {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesJobLauncher.class);
    static final String SCALED_JOB_LABEL = "jobscale.io/scaled-job";
    static final String JOB_ID_LABEL = "jobscale.io/job-id";
    static final String JOB_VERSION_LABEL = "jobscale.io/job-version";
    static final String JOB_ID_ENV = "JOBSCALE_JOB_ID";
    /** Pod phases of a Job whose pod has started: it no longer counts as pending. */
    private static final Set<String> STARTED_PHASES = Set.of("Running", "Succeeded");
    /** fabric8's model mapper: reads the config's jobTargetRef tree directly (both use Jackson 2). */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;

    public KubernetesJobLauncher(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public JobCounts count(String scaledJobName) throws ActuatorException {
        List<Job> unfinished = jobs(scaledJobName).stream().filter(j -> !finished(j)).toList();
        Set<String> started = Retry.call("list pods of " + scaledJobName,
                        () -> client.pods().withLabel(SCALED_JOB_LABEL, scaledJobName).list().getItems())
                .stream().filter(p -> p.getStatus() != null && STARTED_PHASES.contains(p.getStatus().getPhase()))
                .map(p -> p.getMetadata().getLabels().get("job-name")).collect(Collectors.toSet());
        int pending = (int) unfinished.stream().filter(j -> !started.contains(j.getMetadata().getName())).count();
        return new JobCounts(unfinished.size(), pending);
    }

    @Override
    public Set<String> jobIdsInFlight(String scaledJobName) throws ActuatorException {
        return jobs(scaledJobName).stream().filter(j -> !finished(j))
                .map(j -> j.getMetadata().getLabels().get(JOB_ID_LABEL)).collect(Collectors.toSet());
    }

    @Override
    public int launch(String scaledJobName, JsonNode jobTargetRef, List<QueuedJob> queued) throws ActuatorException {
        int launched = 0;
        for (QueuedJob queuedJob : queued) {
            Job job = jobFor(scaledJobName, jobTargetRef, queuedJob);
            try {
                if (create(job) || replaceFinished(job)) launched++;
            } catch (ActuatorException e) {
                if (launched > 0) throw new PartialScaleException(launched, e.getMessage(), e);
                throw e;
            }
        }
        return launched;
    }

    /** Creates {@code job}; false when a Job of that name (this attempt's) exists already. */
    private boolean create(Job job) throws ActuatorException {
        try {
            Retry.call("create Job " + job.getMetadata().getName(),
                    () -> client.batch().v1().jobs().resource(job).create());
            return true;
        } catch (ActuatorException e) {
            if (e.getCause() instanceof KubernetesClientException k && k.getCode() == 409) return false;
            throw e;
        }
    }

    /**
     * Replaces this attempt's Job when it has finished: the attempt is still queued, so the job never ran in it.
     * False while it runs (or waits for its pod): the attempt has its Job.
     */
    private boolean replaceFinished(Job job) throws ActuatorException {
        String name = job.getMetadata().getName();
        Job existing = Retry.call("read Job " + name, () -> client.batch().v1().jobs().withName(name).get());
        if (existing == null || !finished(existing)) return false;
        LOG.info("Job {} finished without running its job, which is still queued: replacing it", name);
        Retry.call("delete Job " + name, () -> client.batch().v1().jobs().withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
        return create(job);
    }

    @Override
    public void pruneHistory(String scaledJobName, int successfulJobsHistoryLimit, int failedJobsHistoryLimit)
            throws ActuatorException {
        List<Job> all = jobs(scaledJobName);
        prune(all.stream().filter(j -> condition(j, "Complete")).toList(), successfulJobsHistoryLimit);
        prune(all.stream().filter(j -> condition(j, "Failed")).toList(), failedJobsHistoryLimit);
    }

    private void prune(List<Job> finished, int keep) throws ActuatorException {
        if (finished.size() <= keep) return;
        List<Job> oldestFirst =
                finished.stream().sorted(Comparator.comparing(KubernetesJobLauncher::finishedAt)).toList();
        for (Job job : oldestFirst.subList(0, finished.size() - keep)) {
            Retry.call("delete Job " + job.getMetadata().getName(), () -> client.batch().v1().jobs()
                    .withName(job.getMetadata().getName()).withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete());
        }
    }

    static Job jobFor(String scaledJobName, JsonNode jobTargetRef, QueuedJob queued) {
        String jobId = queued.id();
        JobSpec spec = SERIALIZATION.convertValue(jobTargetRef, JobSpec.class);
        PodTemplateSpec template = spec.getTemplate();
        if (template == null || template.getSpec() == null || template.getSpec().getContainers().isEmpty()) {
            throw new IllegalArgumentException("ScaledJob " + scaledJobName
                    + ": jobTargetRef.template.spec.containers is required");
        }
        if (template.getSpec().getRestartPolicy() == null) template.getSpec().setRestartPolicy("Never");
        for (Container container : template.getSpec().getContainers()) {
            container.getEnv().removeIf(e -> JOB_ID_ENV.equals(e.getName()));
            container.getEnv().add(new EnvVar(JOB_ID_ENV, jobId, null));
        }
        Map<String, String> labels = Map.of(SCALED_JOB_LABEL, scaledJobName, JOB_ID_LABEL, jobId,
                JOB_VERSION_LABEL, Long.toString(queued.version()));
        if (template.getMetadata() == null) template.setMetadata(new ObjectMeta());
        if (template.getMetadata().getLabels() == null) template.getMetadata().setLabels(new HashMap<>());
        template.getMetadata().getLabels().putAll(labels);
        return new JobBuilder().withNewMetadata().withName(name(scaledJobName, queued)).withLabels(labels)
                .endMetadata().withSpec(spec).build();
    }

    /**
     * A valid Job name, the same for one attempt and different for each: DNS-1123, at most 63 characters (a Job's name
     * becomes its pods' {@code job-name} label value). The job id without its dashes (32 characters) and the version
     * (up to 19 digits) leave the ScaledJob's name 10 characters at least.
     */
    static String name(String scaledJobName, QueuedJob queued) {
        String suffix = "-" + queued.id().toLowerCase(Locale.ROOT).replace("-", "") + "-" + queued.version();
        String prefix = scaledJobName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        prefix = prefix.substring(0, Math.min(prefix.length(), 63 - suffix.length())).replaceAll("-+$", "");
        return prefix + suffix;
    }

    private List<Job> jobs(String scaledJobName) throws ActuatorException {
        return Retry.call("list Jobs of " + scaledJobName,
                () -> client.batch().v1().jobs().withLabel(SCALED_JOB_LABEL, scaledJobName).list().getItems());
    }

    private static boolean finished(Job job) {
        return condition(job, "Complete") || condition(job, "Failed");
    }

    private static boolean condition(Job job, String type) {
        List<JobCondition> conditions = job.getStatus() == null ? null : job.getStatus().getConditions();
        return conditions != null
                && conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String finishedAt(Job job) {
        String completion = job.getStatus() == null ? null : job.getStatus().getCompletionTime();
        if (completion != null) return completion;
        String created = job.getMetadata().getCreationTimestamp();
        return job.getStatus().getConditions().stream().map(JobCondition::getLastTransitionTime)
                .filter(Objects::nonNull).findFirst().orElse(created == null ? "" : created);
    }

}
