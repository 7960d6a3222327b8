package io.jobscale.cli.pod;

import io.jobscale.web.DatabaseReadiness;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.jobscale.cli.pod.Manifests.list;
import static io.jobscale.cli.pod.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Kubernetes user expects of manifests they apply, checked on every jobscale container of {@code k8s/} (the
 * schema validation in the k8s module checks shapes, not these choices).
 */
class ManifestPolicyTest {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final String IMAGE = "jobscale/jobscale";
    private final Manifests manifests = Manifests.ofCheckout(CHECKOUT);

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
        Map<String, Object> web = manifests.workloads().filter(w -> w.name().equals("jobscale-web")).findFirst()
                .orElseThrow().containers().get(0);
        assertThat(probePath(web, "readinessProbe")).isEqualTo(DatabaseReadiness.PATH);
        assertThat(probePath(web, "livenessProbe")).isEqualTo("/health");
    }

    @Test
    void kedaReadsTheMetricsApiByItsNamespaceQualifiedName() {
        for (String kind : List.of("ScaledObject", "ScaledJob")) {
            assertThat(manifests.ofKind(kind)).as(kind).isNotEmpty();
            for (Map<String, Object> scaler : manifests.ofKind(kind)) {
                for (Object trigger : list(map(scaler.get("spec")).get("triggers"))) {
                    String url = (String) map(map(trigger).get("metadata")).get("url");
                    assertThat(url).as(Manifests.name(scaler)).startsWith("http://jobscale-service.jobscale.svc:");
                }
            }
        }
    }

    private List<Manifests.Workload> jobscaleWorkloads() {
        return manifests.workloads().filter(w -> w.containers().stream()
                .anyMatch(c -> String.valueOf(c.get("image")).startsWith(IMAGE))).toList();
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
