package io.jobscale.autoscaler.actuator.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jobscale.autoscaler.config.EnvSource;
import io.jobscale.autoscaler.trigger.EnvResolver;
import io.jobscale.autoscaler.trigger.TriggerEnvironment;
import io.jobscale.autoscaler.trigger.TriggerException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes backend's environment for {@code xFromEnv}, resolved as KEDA resolves it: the environment of one
 * container (named by {@code envSourceContainerName}, else the first) of the scale target's pod template, read
 * through the API (a Deployment or StatefulSet for a ScaledObject; the ScaledJob's own {@code jobTargetRef.template}).
 * First every {@code envFrom} source in order ({@code configMapRef}/{@code secretRef}, keys with {@code prefix}), then
 * every {@code env} entry, which wins over {@code envFrom}: a literal value (with {@code $(VAR)} references to
 * variables defined before it expanded), or {@code valueFrom.configMapKeyRef}/{@code secretKeyRef}; {@code fieldRef}
 * and {@code resourceFieldRef} are skipped, as KEDA does. A missing ConfigMap or Secret, or a missing key, is an error
 * naming it and the container unless the reference is {@code optional}; KEDA would give an empty value for a missing
 * key, but a pod with that reference does not start either. Differences are listed in docs/autoscaler.md.
 */
public final class ContainerEnvResolver implements EnvResolver {

    private final KubernetesClient client;

    public ContainerEnvResolver(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public boolean changes() {
        return true;
    }

    @Override
    public TriggerEnvironment resolve(EnvSource source) throws TriggerException {
        if (source == null) throw new TriggerException("xFromEnv needs a scale target to read the environment of");
        try {
            Container container = container(source, podTemplate(source));
            String where = "container '" + container.getName() + "' of " + source.describe();
            return new TriggerEnvironment(new Resolution(where).of(container), where);
        } catch (KubernetesClientException e) {
            throw new TriggerException("cannot read the environment of " + source.describe() + ": "
                    + Optional.ofNullable(e.getStatus()).map(s -> s.getMessage()).orElse(e.getMessage()), e);
        }
    }

    private PodTemplateSpec podTemplate(EnvSource source) throws TriggerException {
        if (source.scaledJob()) {
            if (source.podTemplate() == null || source.podTemplate().isNull()) {
                throw new TriggerException(source.describe() + " has no template");
            }
            try {
                return client.getKubernetesSerialization().convertValue(source.podTemplate(), PodTemplateSpec.class);
            } catch (RuntimeException e) {
                throw new TriggerException(source.describe() + ": template is not a pod template: " + e.getMessage());
            }
        }
        PodTemplateSpec template = switch (source.kind()) {
            case "Deployment" -> Optional.ofNullable(client.apps().deployments().withName(source.name()).get())
                    .map(Deployment::getSpec).map(s -> s.getTemplate()).orElse(null);
            case "StatefulSet" -> Optional.ofNullable(client.apps().statefulSets().withName(source.name()).get())
                    .map(StatefulSet::getSpec).map(s -> s.getTemplate()).orElse(null);
            default -> throw new TriggerException("xFromEnv: the environment of a " + source.kind()
                    + " scale target is not supported by the built-in autoscaler (Deployment or StatefulSet)");
        };
        if (template == null) {
            throw new TriggerException(source.describe() + " not found (xFromEnv reads its environment)");
        }
        return template;
    }

    private static Container container(EnvSource source, PodTemplateSpec template) throws TriggerException {
        List<Container> containers = template.getSpec() == null ? List.of() : template.getSpec().getContainers();
        if (containers == null || containers.isEmpty()) {
            throw new TriggerException(source.describe() + " has no containers");
        }
        if (source.containerName() == null || source.containerName().isBlank()) return containers.get(0);
        return containers.stream().filter(c -> source.containerName().equals(c.getName())).findFirst()
                .orElseThrow(() -> new TriggerException(source.describe() + " has no container named '"
                        + source.containerName() + "' (envSourceContainerName)"));
    }

    /** One resolution: each ConfigMap and Secret is read at most once. */
    private final class Resolution {

        private final String where;
        private final Map<String, Optional<Map<String, String>>> configMaps = new HashMap<>();
        private final Map<String, Optional<Map<String, String>>> secrets = new HashMap<>();

        Resolution(String where) {
            this.where = where;
        }

        Map<String, String> of(Container container) throws TriggerException {
            Map<String, String> variables = new LinkedHashMap<>();
            for (EnvFromSource from : nonNull(container.getEnvFrom())) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                Optional<Map<String, String>> data;
                String what;
                boolean optional;
                if (from.getConfigMapRef() != null) {
                    what = "ConfigMap " + from.getConfigMapRef().getName();
                    data = configMap(from.getConfigMapRef().getName());
                    optional = Boolean.TRUE.equals(from.getConfigMapRef().getOptional());
                } else if (from.getSecretRef() != null) {
                    what = "Secret " + from.getSecretRef().getName();
                    data = secret(from.getSecretRef().getName());
                    optional = Boolean.TRUE.equals(from.getSecretRef().getOptional());
                } else {
                    continue;
                }
                if (data.isEmpty() && !optional) {
                    throw new TriggerException(what + " (envFrom of " + where + ") not found");
                }
                data.ifPresent(d -> d.forEach((key, value) -> variables.put(prefix + key, value)));
            }
            for (EnvVar env : nonNull(container.getEnv())) {
                if (env.getValueFrom() == null) {
                    variables.put(env.getName(), expand(env.getValue() == null ? "" : env.getValue(), variables));
                } else if (env.getValueFrom().getConfigMapKeyRef() != null) {
                    ConfigMapKeySelector ref = env.getValueFrom().getConfigMapKeyRef();
                    keyed(env.getName(), "ConfigMap " + ref.getName(), configMap(ref.getName()), ref.getKey(),
                            Boolean.TRUE.equals(ref.getOptional()), variables);
                } else if (env.getValueFrom().getSecretKeyRef() != null) {
                    SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
                    keyed(env.getName(), "Secret " + ref.getName(), secret(ref.getName()), ref.getKey(),
                            Boolean.TRUE.equals(ref.getOptional()), variables);
                }
                // fieldRef and resourceFieldRef: skipped, as KEDA does (the variable stays unset)
            }
            return variables;
        }

        private void keyed(String variable, String what, Optional<Map<String, String>> data, String key,
                           boolean optional, Map<String, String> variables) throws TriggerException {
            if (data.isEmpty()) {
                if (optional) return;
                throw new TriggerException("variable " + variable + " of " + where + ": " + what + " not found");
            }
            String value = data.get().get(key);
            if (value == null) {
                if (optional) return;
                throw new TriggerException("variable " + variable + " of " + where + ": " + what + " has no key '"
                        + key + "'");
            }
            variables.put(variable, value);
        }

        private Optional<Map<String, String>> configMap(String name) {
            return configMaps.computeIfAbsent(name, n -> {
                ConfigMap map = client.configMaps().withName(n).get();
                if (map == null) return Optional.empty();
                Map<String, String> data = new HashMap<>(map.getData() == null ? Map.of() : map.getData());
                return Optional.of(data);
            });
        }

        private Optional<Map<String, String>> secret(String name) {
            return secrets.computeIfAbsent(name, n -> {
                Secret secret = client.secrets().withName(n).get();
                if (secret == null) return Optional.empty();
                Map<String, String> data = new HashMap<>();
                if (secret.getData() != null) {
                    secret.getData().forEach((k, v) -> data.put(k,
                            new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
                }
                // The API server folds stringData into data; kept as written where it has not (e.g. a mock server).
                if (secret.getStringData() != null) data.putAll(secret.getStringData());
                return Optional.of(data);
            });
        }
    }

    /**
     * Kubernetes' expansion of a literal value: {@code $(NAME)} becomes the value of a variable defined before it
     * (left as written when there is none), {@code $$} becomes {@code $}.
     */
    static String expand(String value, Map<String, String> defined) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '(' && value.indexOf(')', i) > 0) {
                int close = value.indexOf(')', i);
                String name = value.substring(i + 2, close);
                out.append(defined.containsKey(name) ? defined.get(name) : value.substring(i, close + 1));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
