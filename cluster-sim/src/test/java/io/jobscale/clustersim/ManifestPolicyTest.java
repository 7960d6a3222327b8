package io.jobscale.clustersim;

import io.jobscale.cli.worker.WorkerHttpSettings;
import io.jobscale.web.DatabaseReadiness;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.jobscale.clustersim.Manifests.list;
import static io.jobscale.clustersim.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Kubernetes user expects of manifests they apply, checked on every jobscale container of {@code k8s/} (the
 * schema validation in the k8s module checks shapes, not these choices).
 */
class ManifestPolicyTest {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final String IMAGE = "jobscale/jobscale";
    private final Manifests base = Manifests.build(CHECKOUT.resolve("k8s/base"));
    private final Manifests keda = Manifests.build(CHECKOUT.resolve("k8s/keda"));
    private final Manifests kedaJobs = Manifests.build(CHECKOUT.resolve("k8s/keda-jobs"));

    @Test
    void everyJobscalePodIsLockedDownAndSized() {
        List<Manifests.Workload> workloads = jobscaleWorkloads();
        assertThat(workloads).extracting(Manifests.Workload::name)
                .contains("jobscale-web", "jobscale-workers", "jobscale-example-app", "jobscale-run-one");
        for (Manifests.Workload workload : workloads) {
            Map<String, Object> pod = workload.podSpec();
            assertThat(pod.get("enableServiceLinks")).as(workload.name() + " enableServiceLinks").isEqualTo(false);
            for (Map<String, Object> container : workload.containers()) {
                String what = workload.name() + "/" + container.get("name");
                Map<String, Object> security = map(container.get("securityContext"));
                assertThat(security).as(what + " securityContext").containsEntry("runAsNonRoot", true)
                        .containsEntry("allowPrivilegeEscalation", false).containsEntry("readOnlyRootFilesystem", true);
                assertThat(list(map(security.get("capabilities")).get("drop"))).as(what + " capabilities")
                        .contains("ALL");
                assertThat(emptyDirMountedAt(pod, container, "/tmp")).as(what + " writable /tmp").isTrue();
                Map<String, Object> resources = map(container.get("resources"));
                for (String kind : List.of("requests", "limits")) {
                    assertThat(map(resources.get(kind))).as(what + " " + kind).containsKeys("cpu", "memory");
                }
                assertThat(env(container, "JAVA_TOOL_OPTIONS")).as(what + " JVM sized from the limit")
                        .contains("-XX:MaxRAMPercentage=");
                assertThat(String.valueOf(container.get("image"))).as(what + " image").matches(IMAGE + ":\\d[\\w.-]*");
            }
        }
    }

    @Test
    void theImageRunsAsAnUnprivilegedUser() {
        String user = ContainerImage.fromDockerfile(CHECKOUT).user().split(":")[0];
        assertThat(user).isNotIn("root", "0").matches("\\d+");   // numeric, so runAsNonRoot can verify it
    }

    @Test
    void webIsReadyOnlyWithItsDatabaseAndAliveWithoutIt() {
        for (Manifests manifests : List.of(base, keda, kedaJobs)) {
            Map<String, Object> web = manifests.workload("Deployment", "jobscale-web").containers().get(0);
            assertThat(probePath(web, "readinessProbe")).isEqualTo(DatabaseReadiness.PATH);
            assertThat(probePath(web, "livenessProbe")).isEqualTo("/health");
        }
    }

    @Test
    void workersAnswerTheirProbesOnTheirHttpPort() {
        for (Manifests manifests : List.of(base, keda, kedaJobs)) {
            Map<String, Object> worker = manifests.workload("Deployment", "jobscale-workers").containers().get(0);
            assertThat(probePath(worker, "readinessProbe")).isEqualTo("/health/ready");
            assertThat(probePath(worker, "livenessProbe")).isEqualTo("/health/live");
            Map<String, Object> http = list(worker.get("ports")).stream().map(Manifests::map)
                    .filter(p -> "http".equals(p.get("name"))).findFirst().orElseThrow();
            assertThat(list(worker.get("env")).stream().map(Manifests::map)
                    .filter(e -> WorkerHttpSettings.PORT.equals(e.get("name"))).map(e -> e.get("value")))
                    .containsExactly(String.valueOf(http.get("containerPort")));
        }
    }

    @Test
    void kedaAndTheBuiltInAutoscalerNeverScaleTheSameQueue() {
        assertThat(base.ofKind("ScaledObject")).isEmpty();
        assertThat(base.ofKind("ScaledJob")).isEmpty();
        assertThat(webEnv(base, "JOBSCALE_AUTOSCALER_ENABLED")).isNotEqualTo("false");

        assertThat(keda.ofKind("ScaledObject")).hasSize(1);
        assertThat(keda.ofKind("ScaledJob")).isEmpty();
        assertThat(kedaJobs.ofKind("ScaledJob")).hasSize(1);
        assertThat(kedaJobs.ofKind("ScaledObject")).isEmpty();
        for (Manifests external : List.of(keda, kedaJobs)) {
            assertThat(webEnv(external, "JOBSCALE_AUTOSCALER_ENABLED")).isEqualTo("false");
        }
    }

    @Test
    void webAndTriggerAuthenticationReadOneSecret() {
        for (Manifests external : List.of(keda, kedaJobs)) {
            Map<String, Object> web = external.workload("Deployment", "jobscale-web").containers().get(0);
            assertThat(env(web, "JOBSCALE_AUTH_MODE")).isEqualTo("basic");
            Map<String, Object> authentication = external.ofKind("TriggerAuthentication").get(0);
            Map<String, Map<String, Object>> presented = new HashMap<>();
            list(map(authentication.get("spec")).get("secretTargetRef")).stream().map(Manifests::map)
                    .forEach(ref -> presented.put((String) ref.get("parameter"), ref));
            assertThat(secretKeyRef(web, "JOBSCALE_AUTH_USERNAME")).isEqualTo(secretRef(presented.get("username")));
            assertThat(secretKeyRef(web, "JOBSCALE_AUTH_PASSWORD")).isEqualTo(secretRef(presented.get("password")));
            for (Map<String, Object> scaler : scalers(external)) {
                for (Object trigger : list(map(scaler.get("spec")).get("triggers"))) {
                    assertThat(map(map(trigger).get("metadata")).get("authMode")).isEqualTo("basic");
                    assertThat(map(map(trigger).get("authenticationRef")).get("name"))
                            .isEqualTo(Manifests.name(authentication));
                }
            }
        }
    }

    @Test
    void kedaReadsTheMetricsApiByItsNamespaceQualifiedName() {
        for (Map<String, Object> scaler : scalers(keda, kedaJobs)) {
            for (Object trigger : list(map(scaler.get("spec")).get("triggers"))) {
                String url = (String) map(map(trigger).get("metadata")).get("url");
                assertThat(url).as(Manifests.name(scaler)).startsWith("http://jobscale-service.jobscale.svc:");
            }
        }
    }

    private List<Manifests.Workload> jobscaleWorkloads() {
        return Stream.of(base, keda, kedaJobs).flatMap(Manifests::workloads).filter(w -> w.containers().stream()
                .anyMatch(c -> String.valueOf(c.get("image")).startsWith(IMAGE))).toList();
    }

    private static List<Map<String, Object>> scalers(Manifests... builds) {
        List<Map<String, Object>> scalers = Stream.of(builds)
                .flatMap(m -> Stream.concat(m.ofKind("ScaledObject").stream(), m.ofKind("ScaledJob").stream()))
                .toList();
        assertThat(scalers).isNotEmpty();
        return scalers;
    }

    private static String webEnv(Manifests manifests, String name) {
        return env(manifests.workload("Deployment", "jobscale-web").containers().get(0), name);
    }

    private static List<Object> secretKeyRef(Map<String, Object> container, String name) {
        Map<String, Object> ref = list(container.get("env")).stream().map(Manifests::map)
                .filter(e -> name.equals(e.get("name"))).map(e -> map(map(e.get("valueFrom")).get("secretKeyRef")))
                .findFirst().orElse(Map.of());
        return List.of(String.valueOf(ref.get("name")), String.valueOf(ref.get("key")));
    }

    private static List<Object> secretRef(Map<String, Object> targetRef) {
        return List.of(String.valueOf(targetRef.get("name")), String.valueOf(targetRef.get("key")));
    }

    private static boolean emptyDirMountedAt(Map<String, Object> pod, Map<String, Object> container, String path) {
        return list(container.get("volumeMounts")).stream().map(Manifests::map)
                .filter(m -> path.equals(m.get("mountPath")))
                .anyMatch(m -> list(pod.get("volumes")).stream().map(Manifests::map)
                        .anyMatch(v -> v.get("name").equals(m.get("name")) && v.containsKey("emptyDir")));
    }

    private static String env(Map<String, Object> container, String name) {
        return list(container.get("env")).stream().map(Manifests::map).filter(e -> name.equals(e.get("name")))
                .map(e -> String.valueOf(e.get("value"))).findFirst().orElse("");
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return (String) map(map(container.get(probe)).get("httpGet")).get("path");
    }
}
