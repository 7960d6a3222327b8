package io.jobscale.clustersim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The Job controller against the mock API in CRUD mode; pods' phases set by hand where the kubelet would. */
class JobControllerTest {

    private final MockKubernetesApi api = new MockKubernetesApi();
    private final KubernetesClient client = api.client();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final JobController controller = new JobController(client, clock, new PodNames(new Random(1)),
            new ClusterLog(clock, Path.of("target", "job-controller-test.log")));

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aFailedPodIsReplacedAfterItsBackOffUntilTheBackoffLimitThenTheJobFails() {
        client.batch().v1().jobs().resource(job("retried", 1, null, null)).create();

        controller.reconcile();
        finish(onlyActivePod("retried"), "Failed");
        controller.reconcile();
        assertThat(active("retried")).as("back-off: no new pod yet").isEmpty();
        clock.advance(JobController.FIRST_BACKOFF);
        controller.reconcile();
        finish(onlyActivePod("retried"), "Failed");
        controller.reconcile();

        assertThat(condition("retried")).isEqualTo("Failed/BackoffLimitExceeded");
        assertThat(client.batch().v1().jobs().withName("retried").get().getStatus().getFailed()).isEqualTo(2);
    }

    @Test
    void aSucceededPodCompletesTheJobWhichIsDeletedWithItsPodsAfterItsTtl() {
        client.batch().v1().jobs().resource(job("done", 3, null, 60)).create();
        controller.reconcile();
        finish(onlyActivePod("done"), "Succeeded");
        controller.reconcile();
        assertThat(condition("done")).isEqualTo("Complete/null");

        clock.advance(Duration.ofSeconds(60));
        controller.reconcile();
        controller.reconcile();
        assertThat(client.batch().v1().jobs().withName("done").get()).isNull();
        assertThat(client.pods().withLabel(JobController.JOB_NAME_LABEL, "done").list().getItems()).isEmpty();
    }

    @Test
    void theActiveDeadlineDeletesTheRunningPodAndFailsTheJob() {
        client.batch().v1().jobs().resource(job("slow", 3, 30L, null)).create();
        controller.reconcile();
        onlyActivePod("slow");

        clock.advance(Duration.ofSeconds(30));
        controller.reconcile();

        assertThat(condition("slow")).isEqualTo("Failed/DeadlineExceeded");
        assertThat(active("slow")).isEmpty();
    }

    @Test
    void aPodDeletedWhileRunningCountsAsFailed() {
        client.batch().v1().jobs().resource(job("drained", 0, null, null)).create();
        client.batch().v1().jobs().resource(job("retried-after-drain", 1, null, null)).create();
        controller.reconcile();
        client.pods().withName(onlyActivePod("drained").getMetadata().getName()).delete();
        client.pods().withName(onlyActivePod("retried-after-drain").getMetadata().getName()).delete();
        controller.reconcile();

        assertThat(condition("drained")).isEqualTo("Failed/BackoffLimitExceeded");
        assertThat(active("drained")).isEmpty();
        assertThat(active("retried-after-drain")).as("back-off: no new pod yet").isEmpty();
        clock.advance(JobController.FIRST_BACKOFF);
        controller.reconcile();
        assertThat(active("retried-after-drain")).hasSize(1);
        assertThat(client.batch().v1().jobs().withName("retried-after-drain").get().getStatus().getFailed())
                .isEqualTo(1);
    }

    private static Job job(String name, int backoffLimit, Long deadline, Integer ttl) {
        return new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withBackoffLimit(backoffLimit).withActiveDeadlineSeconds(deadline).withTtlSecondsAfterFinished(ttl)
                .withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("run-one")
                .withImage("jobscale/jobscale:0.1.0").endContainer().endSpec().endTemplate().endSpec().build();
    }

    private List<Pod> active(String job) {
        return client.pods().withLabel(JobController.JOB_NAME_LABEL, job).list().getItems().stream()
                .filter(p -> !Pods.finished(p)).toList();
    }

    private Pod onlyActivePod(String job) {
        List<Pod> active = active(job);
        assertThat(active).hasSize(1);
        return active.get(0);
    }

    private void finish(Pod pod, String phase) {
        client.pods().withName(pod.getMetadata().getName()).editStatus(p -> {
            p.getStatus().setPhase(phase);
            return p;
        });
    }

    private String condition(String job) {
        var conditions = client.batch().v1().jobs().withName(job).get().getStatus().getConditions();
        return conditions.isEmpty() ? null : conditions.get(0).getType() + "/" + conditions.get(0).getReason();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
