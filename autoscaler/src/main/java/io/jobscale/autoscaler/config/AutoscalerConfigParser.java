package io.jobscale.autoscaler.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jobscale.autoscaler.actuator.ScaleTarget;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads KEDA's own YAML: any number of {@code ScaledObject}, {@code ScaledJob} and {@code TriggerAuthentication}
 * documents in one file, with KEDA's field names and defaults, so the same file works with real KEDA.
 * TriggerAuthentication's {@code spec.env} entries ({@code parameter}, {@code name}) are read from this process's
 * environment; {@code spec.secretTargetRef} entries likewise from an environment variable named {@code name_key}
 * (upper case, dashes as underscores), which is how a Kubernetes secret mounted as env looks.
 */
public final class AutoscalerConfigParser {

    public static final Set<String> TRIGGER_TYPES = KedaFields.TRIGGER_METADATA.keySet();

    /** Both are read the same way: the built-in autoscaler has no namespaces. */
    private static final Set<String> AUTHENTICATION_KINDS =
            Set.of("TriggerAuthentication", "ClusterTriggerAuthentication");

    private final Map<String, String> environment;

    public AutoscalerConfigParser(Map<String, String> environment) {
        this.environment = environment;
    }

    public AutoscalerConfig parse(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public AutoscalerConfig parse(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it =
                     new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode document = it.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) documents.add(document);
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException("not valid YAML" + (at == null ? "" : " (line " + at.getLineNr() + ")") + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new ConfigException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> warnings = new ArrayList<>();
        YamlLines lines = new YamlLines(yaml);
        List<ConfigNode> docs = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            ConfigNode doc = new ConfigNode(documents.get(i), "document[" + i + "]", "/" + i, lines, warnings);
            if (KedaV1.isV1(doc.raw())) {
                JsonNode v2 = KedaV1.toV2(doc);
                warnings.add(KedaV1.warning(doc, v2));
                doc = new ConfigNode(v2, doc.path(), "/" + i, lines, warnings);
            }
            docs.add(doc);
        }
        Map<String, Map<String, String>> authentications = new HashMap<>();
        for (ConfigNode doc : docs) {
            if (AUTHENTICATION_KINDS.contains(doc.text("kind", ""))) {
                authentications.put(doc.get("metadata").requiredText("name"), authentication(doc));
            }
        }
        List<ScaledObjectSpec> objects = new ArrayList<>();
        List<ScaledJobSpec> jobs = new ArrayList<>();
        for (ConfigNode doc : docs) {
            KedaFields.DOCUMENT.check(doc);
            String kind = doc.text("kind", "");
            String apiVersion = doc.text("apiVersion", "");
            if (!AUTHENTICATION_KINDS.contains(kind) && !apiVersion.equals("keda.sh/v1alpha1")) {
                throw new ConfigException(doc.get("apiVersion").where() + " must be keda.sh/v1alpha1 (or KEDA 1's "
                        + KedaV1.API_VERSION + "), was '" + apiVersion + "'");
            }
            switch (kind) {
                case "ScaledObject" -> objects.add(scaledObject(doc, authentications));
                case "ScaledJob" -> jobs.add(scaledJob(doc, authentications));
                case "TriggerAuthentication", "ClusterTriggerAuthentication" -> { }
                default -> throw new ConfigException(doc.get("kind").where()
                        + " must be ScaledObject, ScaledJob or TriggerAuthentication, was '" + kind + "'");
            }
        }
        if (objects.isEmpty() && jobs.isEmpty()) {
            throw new ConfigException("the config declares no ScaledObject or ScaledJob");
        }
        return new AutoscalerConfig(objects, jobs, warnings);
    }

    private ScaledObjectSpec scaledObject(ConfigNode doc, Map<String, Map<String, String>> authentications) {
        ConfigNode metadata = doc.get("metadata");
        String name = metadata.requiredText("name");
        ConfigNode at = doc.get("spec").named("ScaledObject " + name + ": spec");
        KedaFields.SCALED_OBJECT_SPEC.check(at);
        ConfigNode target = at.get("scaleTargetRef");
        int min = at.integer("minReplicaCount", ScaledObjectSpec.DEFAULT_MIN_REPLICA_COUNT, 0);
        int max = at.integer("maxReplicaCount", ScaledObjectSpec.DEFAULT_MAX_REPLICA_COUNT, 1);
        if (max < min) {
            throw new ConfigException(at.get("maxReplicaCount").where() + ": maxReplicaCount (" + max
                    + ") is below minReplicaCount (" + min + ")");
        }
        Optional<Integer> idle = at.optionalInteger("idleReplicaCount", 0);
        if (idle.isPresent() && idle.get() >= Math.max(min, 1)) {
            throw new ConfigException(at.get("idleReplicaCount").where() + " must be below minReplicaCount (KEDA)");
        }
        ConfigNode behavior = at.get("advanced").get("horizontalPodAutoscalerConfig").get("behavior");
        drainTimeout(name, metadata.get("annotations"));
        ScaleTarget scaleTarget = new ScaleTarget(target.text("apiVersion", null), target.text("kind", null),
                target.requiredText("name"));
        EnvSource envSource = new EnvSource("ScaledObject " + name, scaleTarget.kind(), scaleTarget.name(), null,
                target.text("envSourceContainerName", null));
        List<TriggerSpec> triggers = triggers(at, authentications, envSource);
        return new ScaledObjectSpec(name, scaleTarget,
                at.integer("pollingInterval", ScaledObjectSpec.DEFAULT_POLLING_INTERVAL, 1),
                at.integer("cooldownPeriod", ScaledObjectSpec.DEFAULT_COOLDOWN_PERIOD, 0),
                at.integer("initialCooldownPeriod", ScaledObjectSpec.DEFAULT_INITIAL_COOLDOWN_PERIOD, 0),
                min, max, idle, fallback(at), rules(behavior.get("scaleUp"), ScalingRules.DEFAULT_UP),
                rules(behavior.get("scaleDown"), ScalingRules.DEFAULT_DOWN), metadata.stringMap("annotations"),
                triggers, scalingModifiers(at.get("advanced").get("scalingModifiers"), at.list("triggers"), triggers));
    }

    /** Checks {@link ScaledObjectSpec#DRAIN_TIMEOUT} at parse time, so a bad value stops the start, not a poll. */
    private static void drainTimeout(String scaledObject, ConfigNode annotations) {
        try {
            DrainTimeout.parse(annotations.text(ScaledObjectSpec.DRAIN_TIMEOUT, null));
        } catch (ConfigException e) {
            throw new ConfigException("ScaledObject " + scaledObject + ": " + annotations.where() + ": "
                    + e.getMessage());
        }
    }

    private ScaledJobSpec scaledJob(ConfigNode doc, Map<String, Map<String, String>> authentications) {
        ConfigNode metadata = doc.get("metadata");
        String name = metadata.requiredText("name");
        ConfigNode at = doc.get("spec").named("ScaledJob " + name + ": spec");
        KedaFields.SCALED_JOB_SPEC.check(at);
        if (!at.has("jobTargetRef")) throw new ConfigException(at.where() + ".jobTargetRef is required");
        EnvSource envSource = new EnvSource("ScaledJob " + name, EnvSource.JOB, name,
                at.get("jobTargetRef").get("template").raw(), at.text("envSourceContainerName", null));
        ConfigNode strategy = at.get("scalingStrategy");
        String percentage = strategy.text("customScalingRunningJobPercentage", null);
        Double parsedPercentage = null;
        try {
            if (percentage != null) parsedPercentage = Double.parseDouble(percentage);
        } catch (NumberFormatException e) {
            parsedPercentage = null;   // KEDA: unparsable percentage makes "custom" behave like "default"
        }
        return new ScaledJobSpec(name, at.integer("pollingInterval", ScaledJobSpec.DEFAULT_POLLING_INTERVAL, 1),
                at.integer("successfulJobsHistoryLimit", ScaledJobSpec.DEFAULT_JOBS_HISTORY_LIMIT, 0),
                at.integer("failedJobsHistoryLimit", ScaledJobSpec.DEFAULT_JOBS_HISTORY_LIMIT, 0),
                at.integer("minReplicaCount", ScaledJobSpec.DEFAULT_MIN_REPLICA_COUNT, 0),
                at.integer("maxReplicaCount", ScaledJobSpec.DEFAULT_MAX_REPLICA_COUNT, 0),
                at.has("maxReplicaCount"), new ScalingStrategy(
                        enumValue(strategy, "strategy", "default", ScalingStrategy.Strategy.class),
                        strategy.integer("customScalingQueueLengthDeduction", 0, Integer.MIN_VALUE),
                        parsedPercentage,
                        enumValue(strategy, "multipleScalersCalculation", "max", ScalingStrategy.Calculation.class)),
                at.get("jobTargetRef").raw(), triggers(at, authentications, envSource),
                metadata.stringMap("annotations"));
    }

    private List<TriggerSpec> triggers(ConfigNode spec, Map<String, Map<String, String>> authentications,
                                       EnvSource envSource) {
        List<ConfigNode> triggers = spec.list("triggers");
        if (triggers.isEmpty()) throw new ConfigException(spec.where() + ".triggers must list at least one trigger");
        List<TriggerSpec> result = new ArrayList<>();
        for (ConfigNode trigger : triggers) {
            String type = trigger.requiredText("type");
            if (!TRIGGER_TYPES.contains(type)) {
                throw new ConfigException(trigger.get("type").where() + " '" + type + "' is not supported (supported: "
                        + String.join(", ", TRIGGER_TYPES.stream().sorted().toList()) + ")");
            }
            KedaFields.TRIGGER_METADATA.get(type).check(trigger.get("metadata"));
            MetricType metricType;
            try {
                metricType = MetricType.fromKeda(trigger.text("metricType", null));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(trigger.get("metricType").where() + ": " + e.getMessage());
            }
            Map<String, String> auth = Map.of();
            if (trigger.has("authenticationRef")) {
                String ref = trigger.get("authenticationRef").requiredText("name");
                auth = authentications.get(ref);
                if (auth == null) {
                    throw new ConfigException(trigger.get("authenticationRef").where()
                            + ": no TriggerAuthentication named '" + ref + "' in the file");
                }
            }
            Map<String, String> metadata = trigger.stringMap("metadata");
            Map<String, String> locations = new HashMap<>();
            for (String field : metadata.keySet()) locations.put(field, trigger.get("metadata").get(field).where());
            result.add(new TriggerSpec(type, trigger.text("name", null), metricType, metadata, auth,
                    locations, envSource));
        }
        return result;
    }

    /**
     * {@code advanced.scalingModifiers}: a formula over the triggers' names, which every trigger must then have; the
     * formula is compiled now, so one outside the supported subset is an error with its line.
     */
    private static Optional<ScalingModifiers> scalingModifiers(ConfigNode node, List<ConfigNode> triggerNodes,
                                                               List<TriggerSpec> triggers) {
        if (node.raw() == null || node.raw().isNull()) return Optional.empty();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < triggers.size(); i++) {
            String name = triggers.get(i).name();
            if (name == null || name.isBlank()) {
                throw new ConfigException(triggerNodes.get(i).where() + ".name is required with scalingModifiers");
            }
            if (!names.add(name)) {
                throw new ConfigException(triggerNodes.get(i).get("name").where() + " '" + name + "' is used twice");
            }
        }
        String text = node.requiredText("formula");
        Formula formula;
        try {
            formula = Formula.compile(text, names);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(node.get("formula").where() + " " + e.getMessage());
        }
        double target = number(node, "target", null);
        if (target <= 0) throw new ConfigException(node.get("target").where() + " must be greater than 0");
        MetricType metricType;
        try {
            metricType = MetricType.fromKeda(node.text("metricType", null));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(node.get("metricType").where() + ": " + e.getMessage());
        }
        return Optional.of(new ScalingModifiers(formula, target, number(node, "activationTarget", 0.0), metricType));
    }

    private static double number(ConfigNode node, String field, Double defaultValue) {
        String text = defaultValue == null ? node.requiredText(field) : node.text(field, null);
        if (text == null) return defaultValue;
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) throw new NumberFormatException();
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(node.get(field).where() + " must be a number, was '" + text + "'");
        }
    }

    private Map<String, String> authentication(ConfigNode doc) {
        Map<String, String> parameters = new HashMap<>();
        ConfigNode spec = doc.get("spec");
        KedaFields.TRIGGER_AUTHENTICATION_SPEC.check(spec);
        for (ConfigNode env : spec.list("env")) {
            String variable = env.requiredText("name");
            String value = environment.get(variable);
            if (value == null) {
                throw new ConfigException(env.where() + ": environment variable " + variable + " is not set");
            }
            parameters.put(env.requiredText("parameter"), value);
        }
        for (ConfigNode secret : spec.list("secretTargetRef")) {
            String variable = (secret.requiredText("name") + "_" + secret.requiredText("key"))
                    .toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
            String value = environment.get(variable);
            if (value == null) {
                throw new ConfigException(secret.where() + ": environment variable " + variable
                        + " (secret name_key) is not set");
            }
            parameters.put(secret.requiredText("parameter"), value);
        }
        return parameters;
    }

    private static Optional<Fallback> fallback(ConfigNode spec) {
        if (!spec.has("fallback")) return Optional.empty();
        ConfigNode fallback = spec.get("fallback");
        String behavior = fallback.text("behavior", "static");
        Fallback.Behavior parsed = switch (behavior) {
            case "static" -> Fallback.Behavior.STATIC;
            case "currentReplicas" -> Fallback.Behavior.CURRENT_REPLICAS;
            case "currentReplicasIfHigher" -> Fallback.Behavior.CURRENT_REPLICAS_IF_HIGHER;
            case "currentReplicasIfLower" -> Fallback.Behavior.CURRENT_REPLICAS_IF_LOWER;
            default -> throw new ConfigException(fallback.get("behavior").where()
                    + " must be static, currentReplicas, currentReplicasIfHigher or currentReplicasIfLower");
        };
        return Optional.of(new Fallback(fallback.integer("failureThreshold", 3, 0),
                fallback.integer("replicas", 0, 0), parsed));
    }

    private static ScalingRules rules(ConfigNode node, ScalingRules defaults) {
        if (node.raw() == null || node.raw().isNull()) return defaults;
        List<ScalingPolicy> policies = new ArrayList<>();
        for (ConfigNode policy : node.list("policies")) {
            ScalingPolicy.Type type = switch (policy.requiredText("type")) {
                case "Pods" -> ScalingPolicy.Type.PODS;
                case "Percent" -> ScalingPolicy.Type.PERCENT;
                default -> throw new ConfigException(policy.get("type").where() + " must be Pods or Percent");
            };
            policies.add(new ScalingPolicy(type, policy.integer("value", 0, 1),
                    policy.integer("periodSeconds", 15, 1)));
        }
        String select = node.text("selectPolicy", "Max");
        ScalingRules.SelectPolicy selectPolicy = switch (select) {
            case "Max" -> ScalingRules.SelectPolicy.MAX;
            case "Min" -> ScalingRules.SelectPolicy.MIN;
            case "Disabled" -> ScalingRules.SelectPolicy.DISABLED;
            default -> throw new ConfigException(node.get("selectPolicy").where() + " must be Max, Min or Disabled");
        };
        return new ScalingRules(node.integer("stabilizationWindowSeconds", defaults.stabilizationWindowSeconds(), 0),
                selectPolicy, policies.isEmpty() ? defaults.policies() : policies, tolerance(node));
    }

    /** The HPA's {@code tolerance}: a Kubernetes quantity such as 0.05 or 50m, at least 0. */
    private static double tolerance(ConfigNode node) {
        String text = node.text("tolerance", null);
        if (text == null) return ScalingRules.DEFAULT_TOLERANCE;
        try {
            BigDecimal value = text.endsWith("m")
                    ? new BigDecimal(text.substring(0, text.length() - 1)).movePointLeft(3) : new BigDecimal(text);
            if (value.signum() < 0) throw new NumberFormatException();
            return value.doubleValue();
        } catch (NumberFormatException e) {
            throw new ConfigException(node.get("tolerance").where() + " must be a fraction such as 0.05 or 50m, was '"
                    + text + "'");
        }
    }

    private static <E extends Enum<E>> E enumValue(ConfigNode node, String field, String defaultValue, Class<E> type) {
        String raw = node.text(field, defaultValue);
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(raw)) return value;
        }
        throw new ConfigException(node.get(field).where() + " '" + raw + "' is not one of "
                + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
}
