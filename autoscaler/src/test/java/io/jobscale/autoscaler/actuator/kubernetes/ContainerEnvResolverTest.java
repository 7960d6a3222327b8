package io.jobscale.autoscaler.actuator.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.jobscale.autoscaler.config.AutoscalerConfig;
import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.config.EnvSource;
import io.jobscale.autoscaler.config.MetricType;
import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.autoscaler.trigger.Trigger;
import io.jobscale.autoscaler.trigger.TriggerException;
import io.jobscale.autoscaler.trigger.TriggerReading;
import io.jobscale.autoscaler.trigger.Triggers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code xFromEnv} with the Kubernetes backend, against fabric8's mock API server in CRUD mode: the scale target's
 * container environment as KEDA resolves it, and triggers that follow its changes (docs/autoscaler.md, "Environment
 * variables"). The triggers read real PostgreSQL and Redis.
 */
class ContainerEnvResolverTest {

    private static final String PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres?sslmode=disable";
    private KubernetesMockServer server;
    private KubernetesClient client;
    private ContainerEnvResolver resolver;

    @BeforeEach
    void start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        // As KubernetesClients configures it: no hidden retries inside fabric8.
        client = server.createClient(b -> b.withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                server.createClient().getConfiguration()).withRequestRetryBackoffLimit(0).build()));
        resolver = new ContainerEnvResolver(client);
        configMap("app-config", Map.of("HOST", "cm-host", "PORT", "1", "DB", "jobs"));
        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("app-secret").endMetadata()
                .addToData("PASSWORD", base64("s3cret")).addToData("TOKEN", base64("t0k")).build()).create();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void envFromThenEnvWithReferencesAndExpansionInTheNamedContainer() throws Exception {
        deployment("workers", sidecar(), worker());
        Map<String, String> variables = resolver.resolve(deploymentSource("workers", "worker")).variables();
        assertThat(variables).containsEntry("HOST", "cm-host")     // envFrom configMapRef
                .containsEntry("S_PASSWORD", "s3cret")              // envFrom secretRef with prefix
                .containsEntry("PORT", "6380")                      // env wins over envFrom
                .containsEntry("URL", "redis://cm-host:6380/$(NOPE)")
                .containsEntry("LITERAL", "$(HOST)")                // $$ escapes
                .containsEntry("DB_PASSWORD", "s3cret")             // secretKeyRef
                .containsEntry("DB_NAME", "jobs")                   // configMapKeyRef
                .doesNotContainKeys("OPTIONAL", "POD_NAME", "SIDE");  // optional and missing; fieldRef skipped
        assertThat(resolver.resolve(deploymentSource("workers", null)).variables())
                .as("the first container by default").containsOnly(Map.entry("SIDE", "car"));
    }

    @Test
    void missingReferencesAreErrorsNamingThemAndTheContainer() {
        Container missingKey = new ContainerBuilder().withName("worker").addNewEnv().withName("DB_USER")
                .withNewValueFrom().withNewConfigMapKeyRef("USER", "app-config", false).endValueFrom().endEnv()
                .build();
        deployment("a", missingKey);
        assertThatThrownBy(() -> resolver.resolve(deploymentSource("a", null))).isInstanceOf(TriggerException.class)
                .hasMessage("variable DB_USER of container 'worker' of Deployment a:"
                        + " ConfigMap app-config has no key 'USER'");
        Container missingSecret = new ContainerBuilder().withName("worker").addNewEnvFrom()
                .withNewSecretRef("gone", false).endEnvFrom().build();
        deployment("b", missingSecret);
        assertThatThrownBy(() -> resolver.resolve(deploymentSource("b", null)))
                .hasMessage("Secret gone (envFrom of container 'worker' of Deployment b) not found");
        assertThatThrownBy(() -> resolver.resolve(deploymentSource("b", "other")))
                .hasMessage("Deployment b has no container named 'other' (envSourceContainerName)");
        assertThatThrownBy(() -> resolver.resolve(deploymentSource("nowhere", null)))
                .hasMessage("Deployment nowhere not found (xFromEnv reads its environment)");
    }

    @Test
    void aStatefulSetTargetAndAScaledJobTemplate() throws Exception {
        client.apps().statefulSets().resource(new StatefulSetBuilder().withNewMetadata().withName("set").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addToContainers(worker()).endSpec().endTemplate()
                .endSpec().build()).create();
        assertThat(resolver.resolve(new EnvSource("ScaledObject s", "StatefulSet", "set", null, null)).variables())
                .containsEntry("DB_PASSWORD", "s3cret");

        String list = "env-" + UUID.randomUUID();
        AutoscalerConfig config = new AutoscalerConfigParser(Map.of()).parse("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledJob
                metadata: {name: runner}
                spec:
                  envSourceContainerName: run-one
                  jobTargetRef:
                    template:
                      spec:
                        containers:
                          - name: sidecar
                            image: busybox
                          - name: run-one
                            image: jobscale
                            env:
                              - {name: REDIS_HOST, value: 127.0.0.1}
                              - name: REDIS_PORT
                                valueFrom: {configMapKeyRef: {name: redis, key: port}}
                  triggers:
                    - type: redis
                      metadata: {hostFromEnv: REDIS_HOST, portFromEnv: REDIS_PORT, listName: %s}
                """.formatted(list));
        Trigger trigger = new Triggers(null, resolver).create(config.scaledJobs().get(0).triggers().get(0));
        assertThatThrownBy(trigger::read).isInstanceOf(TriggerException.class).hasMessage("variable REDIS_PORT of"
                + " container 'run-one' of the jobTargetRef of ScaledJob runner: ConfigMap redis not found");
        configMap("redis", Map.of("port", "6379"));
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            jedis.rpush(list, "a", "b");
            assertThat(trigger.read()).isEqualTo(new TriggerReading(2, true));
            jedis.del(list);
        }
    }

    @Test
    void aTriggerFollowsTheContainerEnvironmentAndNamesAMissingVariable() throws Exception {
        deployment("workers", new ContainerBuilder().withName("worker").addNewEnv().withName("PG")
                .withNewValueFrom().withNewConfigMapKeyRef("url", "db", false).endValueFrom().endEnv().build());
        configMap("db", Map.of("url", PG_URL));
        Triggers triggers = new Triggers(null, resolver);
        Trigger trigger = triggers.create(postgresql("PG"));
        assertThat(trigger.read()).isEqualTo(new TriggerReading(7, true));

        configMap("db", Map.of("url", PG_URL.replace("5432", "1")));   // edited: the next read uses the new value
        assertThatThrownBy(trigger::read).isInstanceOf(TriggerException.class);
        configMap("db", Map.of("url", PG_URL));
        assertThat(trigger.read()).isEqualTo(new TriggerReading(7, true));

        Trigger missing = triggers.create(postgresql("PG_URL"));
        assertThatThrownBy(missing::read).isInstanceOf(TriggerException.class).hasMessage(
                "trigger postgresql: metadata.connectionFromEnv names environment variable PG_URL, which is not set"
                        + " in container 'worker' of Deployment workers");
        assertThat(missing.metricName()).isEqualTo("postgresql");
    }

    @Test
    void theLocalBackendReadsTheAutoscalersEnvironmentOnceAndAMissingVariableIsAConfigError() throws Exception {
        Triggers local = new Triggers(null, Map.of("PG", PG_URL));
        assertThat(local.create(postgresql("PG")).read()).isEqualTo(new TriggerReading(7, true));
        assertThatThrownBy(() -> local.create(postgresql("PG_URL"))).isInstanceOf(ConfigException.class).hasMessage(
                "trigger postgresql: metadata.connectionFromEnv names environment variable PG_URL, which is not set"
                        + " in the autoscaler's environment");
    }

    private static TriggerSpec postgresql(String variable) {
        return new TriggerSpec("postgresql", null, MetricType.AVERAGE_VALUE, Map.of("connectionFromEnv", variable,
                "query", "SELECT 7", "targetQueryValue", "1"), Map.of(), Map.of(),
                new EnvSource("ScaledObject so", "Deployment", "workers", null, null));
    }

    private static EnvSource deploymentSource(String name, String container) {
        return new EnvSource("ScaledObject so", "Deployment", name, null, container);
    }

    private static Container sidecar() {
        return new ContainerBuilder().withName("sidecar").addNewEnv().withName("SIDE").withValue("car").endEnv()
                .build();
    }

    private static Container worker() {
        return new ContainerBuilder().withName("worker")
                .addNewEnvFrom().withNewConfigMapRef("app-config", false).endEnvFrom()
                .addNewEnvFrom().withPrefix("S_").withNewSecretRef("app-secret", false).endEnvFrom()
                .addNewEnvFrom().withNewConfigMapRef("absent", true).endEnvFrom()
                .addNewEnv().withName("PORT").withValue("6380").endEnv()
                .addNewEnv().withName("URL").withValue("redis://$(HOST):$(PORT)/$(NOPE)").endEnv()
                .addNewEnv().withName("LITERAL").withValue("$$(HOST)").endEnv()
                .addNewEnv().withName("DB_PASSWORD").withNewValueFrom()
                .withNewSecretKeyRef("PASSWORD", "app-secret", false).endValueFrom().endEnv()
                .addNewEnv().withName("DB_NAME").withNewValueFrom()
                .withNewConfigMapKeyRef("DB", "app-config", false).endValueFrom().endEnv()
                .addNewEnv().withName("OPTIONAL").withNewValueFrom()
                .withNewConfigMapKeyRef("MISSING", "app-config", true).endValueFrom().endEnv()
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .build();
    }

    private void deployment(String name, Container... containers) {
        client.apps().deployments().resource(new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addToContainers(containers).endSpec().endTemplate()
                .endSpec().build()).create();
    }

    private void configMap(String name, Map<String, String> data) {
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .withData(data).build()).createOr(c -> c.update());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes());
    }
}
