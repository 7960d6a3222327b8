package io.jobscale.autoscaler.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutoscalerConfigParserTest {

    private final AutoscalerConfigParser parser = new AutoscalerConfigParser(Map.of("KEDA_TOKEN", "t0ken"));

    @Test
    void kedaDefaultsApply() {
        AutoscalerConfig config = parser.parse("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: minimal}
                spec:
                  scaleTargetRef: {name: workers}
                  triggers: [{type: jobscale, metadata: {metric: enqueued-count, targetValue: "5"}}]
                """);
        ScaledObjectSpec so = config.scaledObjects().get(0);
        assertThat(so.pollingInterval()).isEqualTo(30);
        assertThat(so.cooldownPeriod()).isEqualTo(300);
        assertThat(so.initialCooldownPeriod()).isZero();
        assertThat(so.minReplicaCount()).isZero();
        assertThat(so.maxReplicaCount()).isEqualTo(100);
        assertThat(so.idleReplicaCount()).isEmpty();
        assertThat(so.target().kind()).isEqualTo("Deployment");
        assertThat(so.scaleUp()).isEqualTo(ScalingRules.DEFAULT_UP);
        assertThat(so.scaleDown().stabilizationWindowSeconds()).isEqualTo(300);
        assertThat(so.triggers().get(0).metricType()).isEqualTo(MetricType.AVERAGE_VALUE);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void severalObjectsAuthenticationAndOverrides() {
        AutoscalerConfig config = parser.parse("""
                apiVersion: keda.sh/v1alpha1
                kind: TriggerAuthentication
                metadata: {name: api-auth}
                spec:
                  env: [{parameter: token, name: KEDA_TOKEN}]
                ---
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: so
                  annotations: {autoscaling.keda.sh/paused-scale-in: "true"}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: workers}
                  pollingInterval: 5
                  fallback: {failureThreshold: 3, replicas: 6, behavior: currentReplicasIfHigher}
                  advanced:
                    horizontalPodAutoscalerConfig:
                      behavior:
                        scaleDown:
                          stabilizationWindowSeconds: 60
                          tolerance: 50m
                          policies: [{type: Pods, value: 1, periodSeconds: 30}]
                  triggers:
                    - type: metrics-api
                      metricType: Value
                      authenticationRef: {name: api-auth}
                      metadata: {url: "http://x/api/metrics/workers", valueLocation: usage, targetValue: "0.8", authMode: bearer}
                ---
                apiVersion: keda.sh/v1alpha1
                kind: ScaledJob
                metadata: {name: sj}
                spec:
                  jobTargetRef: {template: {spec: {containers: [{name: run-one, image: jobscale}]}}}
                  scalingStrategy: {strategy: accurate, multipleScalersCalculation: sum}
                  triggers: [{type: jobscale, metadata: {metric: enqueued-count, targetValue: "1"}}]
                """);
        ScaledObjectSpec so = config.scaledObjects().get(0);
        assertThat(so.target().kind()).isEqualTo("StatefulSet");
        assertThat(so.fallback()).contains(new Fallback(3, 6, Fallback.Behavior.CURRENT_REPLICAS_IF_HIGHER));
        assertThat(so.scaleDown().policies()).containsExactly(new ScalingPolicy(ScalingPolicy.Type.PODS, 1, 30));
        assertThat(so.scaleDown().tolerance()).isEqualTo(0.05);
        assertThat(so.scaleUp().tolerance()).isEqualTo(ScalingRules.DEFAULT_TOLERANCE);
        assertThat(so.annotation(ScaledObjectSpec.PAUSED_SCALE_IN)).isTrue();
        assertThat(so.triggers().get(0).authentication()).containsEntry("token", "t0ken");
        assertThat(so.triggers().get(0).metricType()).isEqualTo(MetricType.VALUE);
        ScaledJobSpec sj = config.scaledJobs().get(0);
        assertThat(sj.successfulJobsHistoryLimit()).isEqualTo(100);
        assertThat(sj.scalingStrategy().strategy()).isEqualTo(ScalingStrategy.Strategy.ACCURATE);
        assertThat(sj.scalingStrategy().multipleScalersCalculation()).isEqualTo(ScalingStrategy.Calculation.SUM);
        assertThat(sj.jobTargetRef().at("/template/spec/containers/0/name").asText()).isEqualTo("run-one");
    }

    @Test
    void errorsNameTheObjectAndTheField() {
        assertThatThrownBy(() -> parser.parse(base("triggers: [{type: kafka, metadata: {}}]")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("triggers[0].type (line 6) 'kafka' is not supported");
        assertThatThrownBy(() -> parser.parse(base("maxReplicaCount: many\n  triggers: [{type: jobscale}]")))
                .hasMessageContaining("ScaledObject so: spec.maxReplicaCount (line 6) must be a whole number");
        assertThatThrownBy(() -> parser.parse(base("minReplicaCount: 5\n  maxReplicaCount: 2\n  triggers: [{type: jobscale}]")))
                .hasMessageContaining("maxReplicaCount (2) is below minReplicaCount (5)");
        assertThatThrownBy(() -> parser.parse("apiVersion: v1\nkind: ScaledObject\nmetadata: {name: x}\nspec: {}"))
                .hasMessageContaining("document[0].apiVersion (line 1) must be keda.sh/v1alpha1");
        assertThatThrownBy(() -> parser.parse("{ not yaml: [")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parser.parse(base("triggers: [{type: jobscale, authenticationRef: {name: nope}}]")))
                .hasMessageContaining("no TriggerAuthentication named 'nope'");
    }

    @Test
    void unknownFieldsAreWarnings() {
        AutoscalerConfig config = parser.parse(base("pollingIntervall: 5\n  triggers: [{type: jobscale, metadata: {metric: enqueued-count, targetValue: \"1\"}}]"));
        assertThat(config.warnings()).singleElement().asString().contains("spec.pollingIntervall (line 6)");
    }

    @Test
    void misspeltFieldsAtAnyDepthAreWarningsWithPathAndLine() {
        AutoscalerConfig config = parser.parse("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledJob
                metadata: {name: sj, annotation: {}}
                spec:
                  jobTargetRef: {template: {spec: {containers: [{name: run-one, image: jobscale}]}}}
                  scalingStrategy:
                    strategie: accurate
                  triggers:
                    - type: redis
                      metadata: {address: "r:6379", listName: jobs, listLenght: "3"}
                      authenticationRef: {name: a, kindd: TriggerAuthentication}
                ---
                apiVersion: keda.sh/v1alpha1
                kind: TriggerAuthentication
                metadata: {name: a}
                spec: {env: []}
                ---
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: so}
                spec:
                  scaleTargetRef: {name: workers}
                  advanced:
                    horizontalPodAutoscalerConfig:
                      behavior:
                        scaleUp: {stabilisationWindowSeconds: 10}
                  triggers: [{type: jobscale, metadata: {metric: enqueued-count, targetValue: "1"}}]
                """);
        assertThat(config.warnings()).containsExactlyInAnyOrder(
                "document[0].metadata.annotation (line 3) is not a known field and is ignored",
                "ScaledJob sj: spec.scalingStrategy.strategie (line 7) is not a known field and is ignored",
                "ScaledJob sj: spec.triggers[0].metadata.listLenght (line 10) is not a known field and is ignored",
                "ScaledJob sj: spec.triggers[0].authenticationRef.kindd (line 11) is not a known field and is ignored",
                "ScaledObject so: spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.stabilisationWindowSeconds (line 26)"
                        + " is not a known field and is ignored");
    }

    @Test
    void fieldsKedaActsOnButWeDoNotImplementAreErrors() {
        String job = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledJob
                metadata: {name: sj}
                spec:
                  jobTargetRef: {template: {spec: {containers: [{name: run-one, image: jobscale}]}}}
                  %s
                  triggers: [{type: jobscale, metadata: {metric: enqueued-count, targetValue: "1"}}]
                """;
        assertThatThrownBy(() -> parser.parse(job.formatted("rollout: {strategy: gradual}")))
                .hasMessageContaining("spec.rollout (line 6) is not supported by the built-in autoscaler");
        assertThatThrownBy(() -> parser.parse(job.formatted("scalingStrategy: {pendingPodConditions: [Ready]}")))
                .hasMessageContaining("spec.scalingStrategy.pendingPodConditions (line 6) is not supported by the built-in autoscaler");
    }

    @Test
    void clusterTriggerAuthenticationIsReadAndOtherSecretStoresAreRefused() {
        String config = """
                apiVersion: keda.sh/v1alpha1
                kind: ClusterTriggerAuthentication
                metadata: {name: shared}
                spec:
                  %s
                ---
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: so}
                spec:
                  scaleTargetRef: {name: workers}
                  triggers:
                    - type: metrics-api
                      authenticationRef: {name: shared, kind: ClusterTriggerAuthentication}
                      metadata: {url: "http://x/m", valueLocation: v, targetValue: "1", authMode: bearer}
                """;
        assertThat(parser.parse(config.formatted("env: [{parameter: token, name: KEDA_TOKEN}]")).scaledObjects().get(0)
                .triggers().get(0).authentication()).containsEntry("token", "t0ken");
        assertThatThrownBy(() -> parser.parse(config.formatted("podIdentity: {provider: azure-workload}")))
                .hasMessageContaining("document[0].spec.podIdentity (line 5) is not supported by the built-in autoscaler");
    }

    @Test
    void kedaOneJobShapeIsReadAsAScaledJobWithOneWarning() {
        AutoscalerConfig config = parser.parse("""
                apiVersion: keda.k8s.io/v1alpha1
                kind: ScaledObject
                metadata:
                  name: redis-consumer
                  namespace: default
                  labels:
                    deploymentName: redis-consumer
                spec:
                  scaleType: job
                  pollingInterval: 10
                  cooldownPeriod: 30
                  minReplicaCount: 0
                  maxReplicaCount: 30
                  jobTargetRef:
                    parallelism: 1
                    completions: 1
                    activeDeadlineSeconds: 600
                    backoffLimit: 6
                    template:
                      spec:
                        containers: [{name: consumer, image: example/consumer}]
                  triggers:
                    - type: redis
                      metadata: {address: "redis:6379", listName: jobs, listLength: "5"}
                """);
        assertThat(config.scaledObjects()).isEmpty();
        ScaledJobSpec job = config.scaledJobs().get(0);
        assertThat(job.name()).isEqualTo("redis-consumer");
        assertThat(job.pollingInterval()).isEqualTo(10);
        assertThat(job.maxReplicaCount()).isEqualTo(30);
        assertThat(job.jobTargetRef().get("activeDeadlineSeconds").asInt()).isEqualTo(600);
        assertThat(job.jobTargetRef().get("backoffLimit").asInt()).isEqualTo(6);
        assertThat(config.warnings()).singleElement().asString()
                .startsWith("document[0].apiVersion (line 1): keda.k8s.io/v1alpha1 is KEDA 1; read as this KEDA 2 ScaledJob")
                .contains("apiVersion: keda.sh/v1alpha1", "kind: ScaledJob", "jobTargetRef:", "parallelism: 1", "listLength: \"5\"")
                .doesNotContain("scaleType", "cooldownPeriod");
    }

    @Test
    void kedaOneDeploymentShapeIsReadAsAScaledObject() {
        AutoscalerConfig config = parser.parse("""
                apiVersion: keda.k8s.io/v1alpha1
                kind: ScaledObject
                metadata: {name: workers-so}
                spec:
                  scaleTargetRef: {deploymentName: workers, containerName: worker}
                  cooldownPeriod: 60
                  triggers: [{type: jobscale, metadata: {metric: enqueued-count, targetValue: "1"}}]
                """);
        ScaledObjectSpec so = config.scaledObjects().get(0);
        assertThat(so.target().name()).isEqualTo("workers");
        assertThat(so.cooldownPeriod()).isEqualTo(60);
        assertThat(config.warnings()).singleElement().asString().contains("kind: ScaledObject", "name: workers",
                "envSourceContainerName: worker").doesNotContain("deploymentName");
        assertThatThrownBy(() -> parser.parse("apiVersion: keda.k8s.io/v1alpha1\nkind: ScaledObject\nmetadata: {name: x}\n"
                + "spec: {scaleType: cronjob}")).hasMessageContaining("spec.scaleType (line 4) must be job or deployment");
    }

    @Test
    void invalidYamlIsOneLineWithItsLine() {
        assertThatThrownBy(() -> parser.parse("apiVersion: keda.sh/v1alpha1\nkind: [ScaledObject\n"))
                .hasMessageStartingWith("not valid YAML (line").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static String base(String specBody) {
        return """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: so}
                spec:
                  scaleTargetRef: {name: workers}
                  %s
                """.formatted(specBody);
    }
}
