package io.jobscale.clustersim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.jobscale.clustersim.Manifests.list;
import static io.jobscale.clustersim.Manifests.map;

/**
 * The environment one container of a pod starts with, assembled in the order the container runtime and the kubelet
 * use: the image's {@code ENV}, then {@code envFrom} (later sources win), then {@code env} (wins over envFrom; values
 * from ConfigMaps, Secrets and the downward API resolved, {@code $(VAR)} expanded), then the service links of every
 * Service for the names still free (none when the pod sets {@code enableServiceLinks: false}), and {@code HOSTNAME},
 * which the runtime sets to the pod's name.
 */
final class PodEnvironment {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final Manifests manifests;
    private final Map<String, String> imageEnv;
    private final String namespace;
    private final boolean honourEnableServiceLinks;

    /**
     * {@code honourEnableServiceLinks}: false gives every pod the service links, whatever its
     * {@code enableServiceLinks} says, as a copy of our manifests without that line would get them.
     */
    PodEnvironment(Manifests manifests, Map<String, String> imageEnv, String namespace,
                   boolean honourEnableServiceLinks) {
        this.manifests = manifests;
        this.imageEnv = imageEnv;
        this.namespace = namespace;
        this.honourEnableServiceLinks = honourEnableServiceLinks;
    }

    Map<String, String> of(Map<String, Object> podSpec, Map<String, Object> container, String podName) {
        Map<String, String> env = new LinkedHashMap<>(imageEnv);
        Map<String, String> fromPod = new LinkedHashMap<>();
        for (Object source : list(container.get("envFrom"))) {
            Map<String, Object> from = map(source);
            String prefix = (String) from.getOrDefault("prefix", "");
            if (from.containsKey("configMapRef")) {
                manifests.data("ConfigMap", reference(from, "configMapRef"))
                        .forEach((k, v) -> fromPod.put(prefix + k, v));
            } else {
                manifests.data("Secret", reference(from, "secretRef")).forEach((k, v) -> fromPod.put(prefix + k, v));
            }
        }
        for (Object item : list(container.get("env"))) {
            Map<String, Object> variable = map(item);
            String name = (String) variable.get("name");
            fromPod.put(name, variable.containsKey("valueFrom") ? valueFrom(map(variable.get("valueFrom")), podName)
                    : expand(String.valueOf(variable.getOrDefault("value", "")), fromPod));
        }
        env.putAll(fromPod);
        if (!honourEnableServiceLinks || !Boolean.FALSE.equals(podSpec.get("enableServiceLinks"))) {
            ServiceLinks.of(manifests.ofKind("Service")).forEach(env::putIfAbsent);
        }
        env.put("HOSTNAME", podName);
        return env;
    }

    private String valueFrom(Map<String, Object> source, String podName) {
        if (source.containsKey("configMapKeyRef")) return key("ConfigMap", map(source.get("configMapKeyRef")));
        if (source.containsKey("secretKeyRef")) return key("Secret", map(source.get("secretKeyRef")));
        if (source.containsKey("fieldRef")) {
            String field = (String) map(source.get("fieldRef")).get("fieldPath");
            return switch (field) {
                case "metadata.name" -> podName;
                case "metadata.namespace" -> namespace;
                default -> throw new IllegalArgumentException("fieldRef " + field + " is not modelled");
            };
        }
        throw new IllegalArgumentException("valueFrom " + source.keySet() + " is not modelled");
    }

    private String key(String kind, Map<String, Object> ref) {
        String value = manifests.data(kind, (String) ref.get("name")).get((String) ref.get("key"));
        if (value == null) {
            throw new IllegalArgumentException(kind + " " + ref.get("name") + " has no key " + ref.get("key"));
        }
        return value;
    }

    private static String reference(Map<String, Object> from, String field) {
        return (String) map(from.get(field)).get("name");
    }

    /** Kubernetes' {@code $(VAR)} expansion: a reference to a variable defined before it is replaced, others stay. */
    private static String expand(String value, Map<String, String> defined) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = defined.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }
}
