package io.jobscale.autoscaler.actuator.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import io.jobscale.autoscaler.actuator.JobCounts;
import io.jobscale.autoscaler.actuator.PartialScaleException;
import io.jobscale.autoscaler.config.MetricType;
import io.jobscale.autoscaler.config.ScaledJobSpec;
import io.jobscale.autoscaler.config.ScalingStrategy;
import io.jobscale.autoscaler.decision.ScaledJobDecider;
import io.jobscale.autoscaler.decision.TriggerResult;
import io.jobscale.db.store.QueuedJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** KubernetesJobLauncher against fabric8's mock API server in CRUD mode, with KEDA's numbers from the decision. */
class KubernetesJobLauncherTest {

    private static final JsonNode TEMPLATE;

    static {
        try {
            TEMPLATE = new ObjectMapper().readTree("""
                    {"backoffLimit": 2, "ttlSecondsAfterFinished": 600, "activeDeadlineSeconds": 3600,
                     "template": {"spec": {"containers": [{"name": "run-one", "image": "jobscale/jobscale:latest", "args": ["run-one"]}]}}}
                    """);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private final ScaledJobSpec spec = new ScaledJobSpec("runner", 30, 1, 1, 0, 5, ScalingStrategy.DEFAULTS, TEMPLATE, List.of());
    private KubernetesMockServer server;
    private KubernetesClient client;
    private KubernetesJobLauncher launcher;

    @BeforeEach
    void start() {
        java.util.Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>> responses = new java.util.HashMap<>();
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(), responses,
                new io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher(responses), false);
        server.init();
        // As KubernetesClients configures it: no hidden retries inside fabric8, jobscale's Retry decides.
        client = server.createClient(b -> b.withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(server.createClient().getConfiguration())
                .withRequestRetryBackoffLimit(0).build()));
        launcher = new KubernetesJobLauncher(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private static TriggerResult queue(int length) {
        return TriggerResult.of("enqueued-count", MetricType.AVERAGE_VALUE, 1, 0, length);
    }

    private int poll(List<String> enqueued) throws Exception {
        JobCounts counts = launcher.count("runner");
        int create = ScaledJobDecider.decide(spec, counts.running(), counts.pending(), List.of(queue(enqueued.size()))).jobsToCreate();
        Set<String> inFlight = launcher.jobIdsInFlight("runner");
        List<String> candidates = enqueued.stream().filter(id -> !inFlight.contains(id)).limit(create).toList();
        return launcher.launch("runner", TEMPLATE, firstAttempts(candidates));
    }

    private static List<QueuedJob> firstAttempts(List<String> ids) {
        return ids.stream().map(id -> new QueuedJob(id, 1)).toList();
    }

    @Test
    void oneJobPerQueuedJobWithinMaxReplicaCountAndKedaCountsAfterwards() throws Exception {
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 7; i++) queued.add(UUID.randomUUID().toString());

        assertThat(poll(queued)).isEqualTo(5);

        List<Job> jobs = client.batch().v1().jobs().list().getItems();
        assertThat(jobs).hasSize(5);
        Set<String> ids = jobs.stream().map(j -> j.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("JOBSCALE_JOB_ID")).findFirst().orElseThrow().getValue()).collect(Collectors.toSet());
        assertThat(ids).hasSize(5).isSubsetOf(queued);
        Job first = jobs.get(0);
        assertThat(first.getSpec().getBackoffLimit()).isEqualTo(2);
        assertThat(first.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
        assertThat(first.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(first.getMetadata().getLabels()).containsEntry("jobscale.io/scaled-job", "runner");

        // The 5 launched jobs were claimed by their pods; 2 of those succeed, and 2 more jobs are queued.
        complete(jobs.get(0), "Complete");
        complete(jobs.get(1), "Complete");
        List<String> stillQueued = new ArrayList<>(queued.stream().filter(id -> !ids.contains(id)).toList());
        stillQueued.add(UUID.randomUUID().toString());
        stillQueued.add(UUID.randomUUID().toString());
        JobCounts counts = launcher.count("runner");
        assertThat(counts).isEqualTo(new JobCounts(3, 3));   // no pod of them runs in the mock: all pending
        // default strategy: maxScale min(4, 5) = 4, minus 3 running → 1
        assertThat(poll(stillQueued)).isEqualTo(1);
    }

    @Test
    void neverTwoJobsForOneQueuedJobAcrossPolls() throws Exception {
        List<String> queued = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        assertThat(launcher.launch("runner", TEMPLATE, firstAttempts(queued))).isEqualTo(2);
        assertThat(launcher.launch("runner", TEMPLATE, firstAttempts(queued))).as("409 AlreadyExists: skipped").isZero();
        assertThat(client.batch().v1().jobs().list().getItems()).hasSize(2);
        assertThat(launcher.jobIdsInFlight("runner")).containsExactlyInAnyOrderElementsOf(queued);
    }

    @Test
    void aLaunchThatFailsPartWayReportsTheJobsItCreated() {
        String failing = UUID.randomUUID().toString();
        // The API server accepts Jobs until the one for `failing`, which it refuses (500) however often it is tried.
        server.expect().post().withPath("/apis/batch/v1/namespaces/test/jobs").andReply(new ResponseProvider<Object>() {
            private Headers headers = new Headers.Builder().add("Content-Type", "application/json").build();

            @Override
            public int getStatusCode(RecordedRequest request) {
                return request.getUtf8Body().contains(failing) ? 500 : 201;
            }

            @Override
            public Object getBody(RecordedRequest request) {
                String body = request.getUtf8Body();
                return body.contains(failing) ? "{\"kind\":\"Status\",\"code\":500}" : body;
            }

            @Override
            public Headers getHeaders() {
                return headers;
            }

            @Override
            public void setHeaders(Headers headers) {
                this.headers = headers;
            }
        }).always();

        List<String> ids = List.of(UUID.randomUUID().toString(), failing, UUID.randomUUID().toString());
        PartialScaleException e =
                catchThrowableOfType(PartialScaleException.class, () -> launcher.launch("runner", TEMPLATE, firstAttempts(ids)));
        assertThat(e.applied()).as("the Job created before the failure counts").isEqualTo(1);
        assertThat(e.getMessage()).contains("HTTP 500");
    }

    @Test
    void historyLimitsPruneTheOldestFinishedJobs() throws Exception {
        List<String> queued = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        launcher.launch("runner", TEMPLATE, firstAttempts(queued));
        List<Job> jobs = client.batch().v1().jobs().list().getItems();
        complete(jobs.get(0), "Complete", "2026-11-24T10:00:00Z");
        complete(jobs.get(1), "Complete", "2026-11-24T11:00:00Z");
        complete(jobs.get(2), "Failed", "2026-11-24T09:00:00Z");

        launcher.pruneHistory("runner", 1, 1);

        List<String> left = client.batch().v1().jobs().list().getItems().stream().map(j -> j.getMetadata().getName()).toList();
        assertThat(left).containsExactlyInAnyOrder(jobs.get(1).getMetadata().getName(), jobs.get(2).getMetadata().getName());
    }

    @Test
    void aJobEnqueuedAgainGetsANewJobWhileItsEarlierOneIsInTheHistory() throws Exception {
        String id = UUID.randomUUID().toString();
        assertThat(launcher.launch("runner", TEMPLATE, List.of(new QueuedJob(id, 2)))).isEqualTo(1);
        Job first = client.batch().v1().jobs().list().getItems().get(0);
        complete(first, "Failed");   // the job threw; its retry policy enqueues it again, at a higher version

        assertThat(launcher.jobIdsInFlight("runner")).isEmpty();
        assertThat(launcher.launch("runner", TEMPLATE, List.of(new QueuedJob(id, 5)))).isEqualTo(1);
        assertThat(launcher.launch("runner", TEMPLATE, List.of(new QueuedJob(id, 5)))).as("same attempt").isZero();

        List<Job> jobs = client.batch().v1().jobs().list().getItems();
        assertThat(jobs).hasSize(2).allSatisfy(j -> assertThat(j.getMetadata().getLabels())
                .containsEntry("jobscale.io/job-id", id));
        assertThat(jobs).extracting(j -> j.getMetadata().getLabels().get("jobscale.io/job-version"))
                .containsExactlyInAnyOrder("2", "5");
        assertThat(launcher.jobIdsInFlight("runner")).containsExactly(id);
    }

    @Test
    void anAttemptStillQueuedAfterItsJobFinishedGetsItsJobReplaced() throws Exception {
        String id = UUID.randomUUID().toString();
        QueuedJob attempt = new QueuedJob(id, 3);
        assertThat(launcher.launch("runner", TEMPLATE, List.of(attempt))).isEqualTo(1);
        Job first = client.batch().v1().jobs().list().getItems().get(0);
        complete(first, "Failed");   // its pod was deleted before it claimed the job: the job is still queued

        assertThat(launcher.launch("runner", TEMPLATE, List.of(attempt))).isEqualTo(1);
        List<Job> jobs = client.batch().v1().jobs().list().getItems();
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).getMetadata().getName()).isEqualTo(first.getMetadata().getName());
        assertThat(jobs.get(0).getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
        assertThat(launcher.jobIdsInFlight("runner")).containsExactly(id);
        assertThat(launcher.launch("runner", TEMPLATE, List.of(attempt))).as("running: kept").isZero();
    }

    @Test
    void jobNamesAreValidAndOnePerAttempt() {
        String id = "01a20bc4-e85e-7735-80e1-890f9540644d";
        String longName = "My_Very-Long.ScaledJob-Name-That-Goes-On";
        QueuedJob attempt = new QueuedJob(id, Long.MAX_VALUE);
        assertThat(KubernetesJobLauncher.name(longName, attempt)).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
                .hasSizeLessThanOrEqualTo(63).startsWith("my-very-lo").endsWith(id.replace("-", "") + "-" + Long.MAX_VALUE)
                .isEqualTo(KubernetesJobLauncher.name(longName, new QueuedJob(id, Long.MAX_VALUE)));
        assertThat(KubernetesJobLauncher.name("runner", new QueuedJob(id, 3)))
                .isEqualTo("runner-01a20bc4e85e773580e1890f9540644d-3")
                .isNotEqualTo(KubernetesJobLauncher.name("runner", new QueuedJob(id, 4)));
    }

    private void complete(Job job, String type) {
        complete(job, type, "2026-11-24T12:00:00Z");
    }

    private void complete(Job job, String type, String at) {
        job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withCompletionTime(at)
                .withConditions(new JobConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(at).build()).build());
        client.batch().v1().jobs().resource(job).updateStatus();
    }
}
