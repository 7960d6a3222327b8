package io.jobscale.autoscaler.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * KEDA 1's single {@code ScaledObject} (apiVersion {@code keda.k8s.io/v1alpha1}), still printed in KEDA's own "Scaling
 * Jobs" page: {@code scaleType: job} with {@code jobTargetRef} is the v2 ScaledJob, {@code scaleType: deployment} (the
 * default) with {@code scaleTargetRef.deploymentName} is the v2 ScaledObject. Fields stay where they are, so errors
 * still point at the lines of the file as written.
 */
final class KedaV1 {

    static final String API_VERSION = "keda.k8s.io/v1alpha1";

    // Strings that look like numbers keep their quotes: KEDA's trigger metadata values must be strings.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private KedaV1() {
    }

    static boolean isV1(JsonNode document) {
        return API_VERSION.equals(document.path("apiVersion").asText());
    }

    /** The v2 object a v1 document means; a TriggerAuthentication only changes its apiVersion. */
    static JsonNode toV2(ConfigNode document) {
        ObjectNode v2 = ((ObjectNode) document.raw()).deepCopy();
        v2.put("apiVersion", "keda.sh/v1alpha1");
        if (!"ScaledObject".equals(document.text("kind", ""))) return v2;
        JsonNode rawSpec = v2.path("spec");
        if (!rawSpec.isObject()) return v2;
        ObjectNode spec = (ObjectNode) rawSpec;
        String scaleType = document.get("spec").text("scaleType", "deployment");
        spec.remove("scaleType");
        switch (scaleType) {
            case "job" -> {
                v2.put("kind", "ScaledJob");
                // v2 ScaledJobs have no cooldown: a Job ends when its work is done.
                spec.remove("cooldownPeriod");
            }
            case "deployment" -> {
                JsonNode ref = spec.path("scaleTargetRef");
                if (ref.has("deploymentName")) {
                    ObjectNode target = YAML.createObjectNode();
                    target.set("name", ref.get("deploymentName"));
                    if (ref.has("containerName")) target.set("envSourceContainerName", ref.get("containerName"));
                    spec.set("scaleTargetRef", target);
                }
            }
            default -> throw new ConfigException(document.get("spec").get("scaleType").where()
                    + " must be job or deployment, was '" + scaleType + "'");
        }
        return v2;
    }

    /** The warning that says how the v1 document is read, with the v2 YAML to use instead. */
    static String warning(ConfigNode document, JsonNode v2) {
        String yaml;
        try {
            yaml = YAML.writeValueAsString(v2);
        } catch (JsonProcessingException e) {
            yaml = v2.toString();
        }
        return document.get("apiVersion").where() + ": " + API_VERSION + " is KEDA 1; read as this KEDA 2 "
                + v2.path("kind").asText() + " (use it to silence this warning):\n" + yaml.stripTrailing();
    }
}
