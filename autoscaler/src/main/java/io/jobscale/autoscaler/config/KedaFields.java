package io.jobscale.autoscaler.config;

import java.util.List;
import java.util.Map;

import static io.jobscale.autoscaler.config.FieldSchema.any;
import static io.jobscale.autoscaler.config.FieldSchema.list;
import static io.jobscale.autoscaler.config.FieldSchema.object;
import static io.jobscale.autoscaler.config.FieldSchema.unsupported;
import static io.jobscale.autoscaler.config.FieldSchema.value;
import static io.jobscale.autoscaler.config.FieldSchema.values;

/**
 * Every field of KEDA 2.x's ScaledObject, ScaledJob and (per trigger type) trigger metadata, with what the built-in
 * autoscaler does with it. The table in docs/autoscaler.md lists the same; keep them together.
 */
final class KedaFields {

    private static final String ONE_URL = "reads one URL, not each endpoint of a Service";

    private KedaFields() {
    }

    /** Kubernetes ObjectMeta: name and annotations are read, the rest is accepted as written. */
    static final FieldSchema METADATA = object("name", value(), "namespace", value(), "labels", any(),
            "annotations", any(), "generateName", value(), "uid", value(), "resourceVersion", value(),
            "generation", value(), "creationTimestamp", value(), "finalizers", any(), "ownerReferences", any(),
            "managedFields", any());

    static final FieldSchema DOCUMENT = object("apiVersion", value(), "kind", value(), "metadata", METADATA,
            "status", any(), "spec", any());

    private static final FieldSchema TRIGGER = object("type", value(), "name", value(), "metricType", value(),
            "useCachedMetrics", value(), "metadata", any(),
            "authenticationRef", object("name", value(), "kind", value()));

    private static final FieldSchema SCALING_RULES = object("stabilizationWindowSeconds", value(),
            "selectPolicy", value(), "tolerance", value(),
            "policies", list(values(List.of("type", "value", "periodSeconds"))));

    static final FieldSchema SCALED_OBJECT_SPEC = object(
            "scaleTargetRef", values(List.of("apiVersion", "kind", "name", "envSourceContainerName")),
            "pollingInterval", value(), "cooldownPeriod", value(), "initialCooldownPeriod", value(),
            "idleReplicaCount", value(), "minReplicaCount", value(), "maxReplicaCount", value(),
            "fallback", values(List.of("failureThreshold", "replicas", "behavior")),
            "advanced", object(
                    "restoreToOriginalReplicaCount", value(),
                    "horizontalPodAutoscalerConfig", object("name", value(),
                            "behavior", object("scaleUp", SCALING_RULES, "scaleDown", SCALING_RULES)),
                    "scalingModifiers", values(List.of("formula", "target", "activationTarget", "metricType"))),
            "triggers", list(TRIGGER));

    static final FieldSchema SCALED_JOB_SPEC = object(
            "jobTargetRef", any(),
            "pollingInterval", value(), "successfulJobsHistoryLimit", value(), "failedJobsHistoryLimit", value(),
            "minReplicaCount", value(), "maxReplicaCount", value(), "envSourceContainerName", value(),
            "rollout", unsupported("the built-in autoscaler does not update running Jobs when the ScaledJob changes"),
            "scalingStrategy", object("strategy", value(), "customScalingQueueLengthDeduction", value(),
                    "customScalingRunningJobPercentage", value(), "multipleScalersCalculation", value(),
                    "pendingPodConditions", unsupported("a Job counts as pending until its pod runs")),
            "triggers", list(TRIGGER));

    private static final FieldSchema OTHER_SECRET_STORE =
            unsupported("parameters come from environment variables (env, secretTargetRef)");

    static final FieldSchema TRIGGER_AUTHENTICATION_SPEC = object(
            "env", list(values(List.of("parameter", "name", "containerName"))),
            "secretTargetRef", list(values(List.of("parameter", "name", "key"))),
            "configMapTargetRef", OTHER_SECRET_STORE, "podIdentity", OTHER_SECRET_STORE,
            "hashiCorpVault", OTHER_SECRET_STORE, "azureKeyVault", OTHER_SECRET_STORE,
            "awsSecretManager", OTHER_SECRET_STORE, "gcpSecretManager", OTHER_SECRET_STORE,
            "boundServiceAccountToken", OTHER_SECRET_STORE);

    /** The metadata each trigger type reads; {@code xFromEnv} where KEDA resolves x from the environment. */
    static final Map<String, FieldSchema> TRIGGER_METADATA = Map.of(
            "jobscale", values(List.of("metric", "priority", "scheduledIn", "targetValue", "activationTargetValue")),
            "metrics-api", values(List.of("url", "format", "valueLocation", "targetValue", "activationTargetValue",
                    "unsafeSsl", "timeout", "authMode", "authModes", "method", "keyParamName", "apiKey"))
                    .with("aggregateFromKubeServiceEndpoints", unsupported(ONE_URL),
                            "aggregationType", unsupported(ONE_URL)),
            "redis", values(List.of("address", "addresses", "host", "hosts", "port", "ports", "username", "password",
                    "addressFromEnv", "hostFromEnv", "portFromEnv", "usernameFromEnv", "passwordFromEnv",
                    "listName", "listLength", "activationListLength", "databaseIndex", "enableTLS", "unsafeSsl")),
            "postgresql", values(List.of("query", "targetQueryValue", "activationTargetQueryValue", "host", "port",
                    "userName", "dbName", "sslmode", "connectionFromEnv", "passwordFromEnv")));
}
