package io.jobscale.clustersim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.jobscale.autoscaler.actuator.kubernetes.KubernetesJobLauncher;
import io.jobscale.cli.worker.WorkerHttpSettings;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.store.QueuedJob;
import io.jobscale.db.testing.FreePorts;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.example.ExampleJobService;
import io.jobscale.example.ExampleSettings;
import io.jobscale.server.JobscaleClient;
import io.jobscale.web.DatabaseReadiness;
import io.jobscale.web.WebSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.jobscale.clustersim.Manifests.list;
import static io.jobscale.clustersim.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11: every jobscale container of {@code k8s/} starts with the environment its pod would get in a cluster:
 * the image's ENV, the container's env and envFrom resolved from our ConfigMaps and Secrets, {@code HOSTNAME}, and
 * the service links of every Service in {@code k8s/} (injected even where our pods set
 * {@code enableServiceLinks: false}: a user's own manifests, or other Services in their namespace, bring them).
 *
 * <p>Each container runs the real launcher ({@code bin/jobscale} with the built {@code cli/target} jars, as the image
 * does), so this runs after {@code package}. What differs from a cluster, and nothing else: the Secret's database
 * points at the test PostgreSQL, HTTP ports are free ones (pods have their own network; this machine does not),
 * and the web pod's Kubernetes client is pointed at a mock API server holding our objects.
 */
class PodStartIT {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final String IMAGE = "jobscale/jobscale";
    private static final Duration START = Duration.ofMinutes(2);
    private static final String WORKER_POD = "jobscale-workers-5d8f7-abcde";
    private static final ContainerImage image = ContainerImage.fromDockerfile(CHECKOUT);
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static DatabaseSettings database;
    /** What {@code kubectl apply -k} creates from k8s/base, k8s/keda and k8s/keda-jobs, on the test database. */
    private static Manifests base;
    private static Manifests keda;
    private static Manifests kedaJobs;

    @BeforeAll
    static void setUp() {
        assertThat(CHECKOUT.resolve("cli/target/jobscale-cli.jar")).as("runs after package: the launcher needs the jar")
                .exists();
        database = TestDatabase.fresh("cli_pod_start");
        base = withDatabase("k8s/base", database);
        keda = withDatabase("k8s/keda", database);
        kedaJobs = withDatabase("k8s/keda-jobs", database);
    }

    @Test
    void everyJobscaleContainerInOurManifestsIsOneThisTestStarts() {
        Set<String> commands = new TreeSet<>();
        Manifests.ofCheckout(CHECKOUT).stream().flatMap(Manifests::workloads).forEach(w -> w.containers().stream()
                .filter(PodStartIT::runsJobscale).forEach(c -> commands.add(image.commandLine(c).get(1))));
        assertThat(commands).containsExactlyInAnyOrder("web", "worker", "run-one", "example-app");
    }

    @Test
    void theEnvironmentHasEveryServiceLinkShapeAndThePodsHostname() {
        Map<String, String> env = environment(base.workload("Deployment", "jobscale-workers"), WORKER_POD);

        assertThat(env).containsEntry("HOSTNAME", WORKER_POD)
                .containsEntry("JOBSCALE_DB_URL", database.url())
                .containsKeys("JOBSCALE_POSTGRES_SERVICE_HOST", "JOBSCALE_POSTGRES_SERVICE_PORT",
                        "JOBSCALE_POSTGRES_SERVICE_PORT_POSTGRES", "JOBSCALE_POSTGRES_PORT",
                        "JOBSCALE_POSTGRES_PORT_5432_TCP", "JOBSCALE_POSTGRES_PORT_5432_TCP_PROTO",
                        "JOBSCALE_POSTGRES_PORT_5432_TCP_PORT", "JOBSCALE_POSTGRES_PORT_5432_TCP_ADDR",
                        "JOBSCALE_SERVICE_SERVICE_HOST", "JOBSCALE_EXAMPLE_APP_PORT");
        assertThat(env.get("JOBSCALE_POSTGRES_PORT")).matches("tcp://10\\.96\\.0\\.\\d+:5432");
    }

    @Test
    void migrateWithTheWebPodsEnvironmentExitsZeroAndCreatesTheSchema() throws Exception {
        DatabaseSettings empty = TestDatabase.empty("cli_pod_migrate");
        Manifests.Workload web = withDatabase("k8s/base", empty).workload("Deployment", "jobscale-web");
        Map<String, Object> migrate = new HashMap<>(jobscaleContainer(web));
        // as an init container or a one-off Job with the web pod's settings would run it
        migrate.put("args", List.of("migrate"));

        PodProcess pod = start(web, migrate, "jobscale-migrate-x7k2p", Map.of());

        assertThat(exitCode(pod)).as(pod.output()).isZero();
        assertThat(query(empty, "SELECT count(*) FROM jobscale_schema_history WHERE success", null)).isNotEqualTo("0");
    }

    @Test
    void workerPodRunsAnEnqueuedJobAndStopsWithExitZero() throws Exception {
        UUID id = enqueue();
        PodProcess pod = start(base.workload("Deployment", "jobscale-workers"), WORKER_POD,
                Map.of(WorkerHttpSettings.PORT, Integer.toString(FreePorts.unused())));
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(pod.process().isAlive()).as(pod.output()).isTrue();
                assertThat(state(id)).isEqualTo("SUCCEEDED");
            });
        } finally {
            pod.stop();
        }
        assertThat(pod.process().exitValue()).as(pod.output()).isZero();
    }

    @Test
    void webPodAnswersItsHttpProbes() throws Exception {
        try (MockKubernetesApi api = new MockKubernetesApi().apply(base.ofKind("Deployment"))) {
            assertAnswersItsHttpProbes(base.workload("Deployment", "jobscale-web"), "jobscale-web-6c9b4-q2w3e",
                    WebSettings.PORT, api.clientEnvironment(Files.createDirectories(Path.of("target", "pods"))
                            .resolve("kubeconfig")));
        }
    }

    @Test
    void workerPodAnswersItsHttpProbes() throws Exception {
        assertAnswersItsHttpProbes(base.workload("Deployment", "jobscale-workers"), WORKER_POD,
                WorkerHttpSettings.PORT, Map.of());
    }

    @Test
    void exampleAppPodAnswersItsHttpProbes() throws Exception {
        assertAnswersItsHttpProbes(base.workload("Deployment", "jobscale-example-app"),
                "jobscale-example-app-7f6d5-r4t5y", ExampleSettings.PORT, Map.of());
    }

    @Test
    void kedaOverlaysWebPodHasNoAutoscalerAndServesTheApiOnlyWithTheTriggerAuthenticationsCredentials()
            throws Exception {
        String credentials = "Basic " + Base64.getEncoder().encodeToString((triggerAuthentication("username") + ":"
                + triggerAuthentication("password")).getBytes(StandardCharsets.UTF_8));
        int port = FreePorts.unused();
        PodProcess pod = start(keda.workload("Deployment", "jobscale-web"), "jobscale-web-7b8c9-k3d4a",
                Map.of(WebSettings.PORT, Integer.toString(port)));
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(pod.process().isAlive()).as(pod.output()).isTrue();
                assertThat(get(port, DatabaseReadiness.PATH, null)).isEqualTo(200);   // probes carry no credentials
            });
            assertThat(get(port, "/api/metrics/workers", null)).isEqualTo(401);
            assertThat(get(port, "/api/metrics/workers", credentials)).isEqualTo(200);
            assertThat(get(port, "/api/autoscaler", credentials)).as("built-in autoscaler off").isEqualTo(404);
        } finally {
            pod.stop();
        }
    }

    @Test
    void runOnePodOfTheJobLaunchersJobRunsItsJobAndExitsZero() throws Exception {
        UUID id = enqueue();
        String scaledJob = "jobscale-run-one";
        JsonNode jobTargetRef = new ObjectMapper().valueToTree(
                map(kedaJobs.named("ScaledJob", scaledJob).get("spec")).get("jobTargetRef"));
        try (MockKubernetesApi api = new MockKubernetesApi()) {
            KubernetesJobLauncher launcher = new KubernetesJobLauncher(api.client());
            assertThat(launcher.launch(scaledJob, jobTargetRef, List.of(new QueuedJob(id.toString(), 1)))).isEqualTo(1);
            Job job = api.client().batch().v1().jobs().list().getItems().get(0);
            Map<String, Object> podSpec = map(new ObjectMapper()
                    .convertValue(job.getSpec().getTemplate().getSpec(), Map.class));
            Manifests.Workload launched = new Manifests.Workload(kedaJobs, "Job", job.getMetadata().getName(), podSpec);

            PodProcess pod = start(launched, launched.name() + "-8xk2z", Map.of());

            assertThat(exitCode(pod)).as(pod.output()).isZero();
        }
        assertThat(state(id)).isEqualTo("SUCCEEDED");
    }

    @Test
    void aTypoInAJobscaleKeyStopsThePodWithOneLineNamingTheKey() throws Exception {
        PodProcess pod = start(base.workload("Deployment", "jobscale-workers"), "jobscale-workers-5d8f7-typo1",
                Map.of("JOBSCALE_WORKRS", "4"));

        assertThat(exitCode(pod)).isEqualTo(2);
        assertThat(pod.output()).contains("JOBSCALE_WORKRS").contains("is not a jobscale setting")
                .doesNotContain("\tat ");
    }

    /** Starts the pod on a free port and waits until each httpGet probe of its container answers 200. */
    private static void assertAnswersItsHttpProbes(Manifests.Workload workload, String podName, String portSetting,
                                                   Map<String, String> overrides) throws Exception {
        Map<String, Object> container = jobscaleContainer(workload);
        List<String> paths = Stream.of("startupProbe", "readinessProbe", "livenessProbe")
                .map(probe -> (String) map(map(container.get(probe)).get("httpGet")).get("path"))
                .filter(Objects::nonNull).toList();
        assertThat(paths).as(workload.name() + " probes").isNotEmpty();
        int port = FreePorts.unused();
        Map<String, String> env = new HashMap<>(overrides);
        env.put(portSetting, Integer.toString(port));
        PodProcess pod = start(workload, podName, env);
        try {
            for (String path : paths) {
                await().atMost(START).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(pod.process().isAlive()).as(pod.output()).isTrue();
                    assertThat(get(port, path)).as(path).isEqualTo(200);
                });
            }
        } finally {
            pod.stop();
        }
    }

    /** What KEDA's TriggerAuthentication presents as {@code parameter}, read from the Secret it names. */
    private static String triggerAuthentication(String parameter) {
        Map<String, Object> ref = list(map(keda.named("TriggerAuthentication", "jobscale-metrics").get("spec"))
                .get("secretTargetRef")).stream().map(Manifests::map).filter(r -> parameter.equals(r.get("parameter")))
                .findFirst().orElseThrow();
        return keda.data("Secret", (String) ref.get("name")).get((String) ref.get("key"));
    }

    /** The build of {@code directory}, its Secret jobscale-db pointing at {@code settings}. */
    private static Manifests withDatabase(String directory, DatabaseSettings settings) {
        return Manifests.build(CHECKOUT.resolve(directory)).withSecretValues("jobscale-db",
                Map.of(DatabaseSettings.URL, settings.url(), DatabaseSettings.USER, settings.user(),
                        DatabaseSettings.PASSWORD, settings.password()));
    }

    private static Map<String, String> environment(Manifests.Workload workload, String podName) {
        return environment(workload, jobscaleContainer(workload), podName);
    }

    private static Map<String, String> environment(Manifests.Workload workload, Map<String, Object> container,
                                                   String podName) {
        return new PodEnvironment(workload.manifests(), image.env(), MockKubernetesApi.NAMESPACE, false)
                .of(workload.podSpec(), container, podName);
    }

    private static PodProcess start(Manifests.Workload workload, String podName, Map<String, String> overrides) {
        return start(workload, jobscaleContainer(workload), podName, overrides);
    }

    /**
     * The container as a process with its pod's environment, {@code overrides} on top (see the class comment): values
     * of this machine (host ports, the kubeconfig's path), not of the container, so never pointed at a volume.
     */
    private static PodProcess start(Manifests.Workload workload, Map<String, Object> container, String podName,
                                    Map<String, String> overrides) {
        return PodProcess.start(Path.of("target", "pods"), image, workload.manifests(), workload.podSpec(), container,
                podName, environment(workload, container, podName), overrides);
    }

    private static Map<String, Object> jobscaleContainer(Manifests.Workload workload) {
        return workload.containers().stream().filter(PodStartIT::runsJobscale).findFirst()
                .orElseThrow(() -> new AssertionError(workload.name() + " has no jobscale container"));
    }

    private static boolean runsJobscale(Map<String, Object> container) {
        String ref = String.valueOf(container.get("image"));
        return ref.equals(IMAGE) || ref.startsWith(IMAGE + ":") || ref.startsWith(IMAGE + "@");
    }

    private static int exitCode(PodProcess pod) throws InterruptedException {
        if (!pod.process().waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
            pod.process().destroyForcibly().waitFor();
            throw new AssertionError("did not exit within " + START + "; log: " + pod.log());
        }
        return pod.process().exitValue();
    }

    private static UUID enqueue() {
        try (JobscaleClient client = JobscaleClient.create(database)) {
            return client.enqueue(() -> new ExampleJobService().doWork("pod-start", 100));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String state(UUID id) throws SQLException {
        return query(database, "SELECT state FROM jobrunr_jobs WHERE id = ?", id);
    }

    private static String query(DatabaseSettings settings, String sql, UUID id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (id != null) statement.setString(1, id.toString());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static int get(int port, String path) {
        return get(port, path, null);
    }

    private static int get(int port, String path, String authorization) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5));
            if (authorization != null) request.header("Authorization", authorization);
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

}
