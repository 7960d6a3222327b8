package io.jobscale.clustersim;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The Kubernetes objects of a kustomize directory as {@code kubectl apply -k} would send them (see
 * {@link Kustomization} for what of kustomize is modelled), and what a pod reads from them.
 */
final class Manifests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Map<String, Object>> objects;

    private Manifests(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    /** Our kustomize directories: base and the two external-KEDA overlays. */
    static final List<String> DIRECTORIES = List.of("k8s/base", "k8s/keda", "k8s/keda-jobs");

    /** What {@code kubectl apply -k <directory>} would create. */
    static Manifests build(Path directory) {
        return new Manifests(Kustomization.build(directory));
    }

    /** Each of {@link #DIRECTORIES}, built. */
    static List<Manifests> ofCheckout(Path checkout) {
        return DIRECTORIES.stream().map(d -> build(checkout.resolve(d))).toList();
    }

    /**
     * A copy in which Secret {@code name} holds {@code values} instead of what its file says, as when a user edits the
     * Secret for their own database. Each key must be in the Secret already: the test replaces, never adds.
     */
    Manifests withSecretValues(String name, Map<String, String> values) {
        return withValues("Secret", name, values);
    }

    /** As {@link #withSecretValues}, for a ConfigMap (a scenario's shortened autoscaler config, say). */
    Manifests withConfigMapValues(String name, Map<String, String> values) {
        return withValues("ConfigMap", name, values);
    }

    /**
     * A copy in which every container of workload {@code kind}/{@code name} sets {@code variable} to {@code value}
     * (a scenario's shortened wait, say). The variable must be set there already: the test replaces, never adds.
     */
    Manifests withContainerEnv(String kind, String name, String variable, String value) {
        boolean[] replaced = {false};
        Manifests result = replaced(kind, name, copy -> {
            Map<String, Object> podSpec = map(map(map(copy.get("spec")).get("template")).get("spec"));
            for (Object container : list(podSpec.get("containers"))) {
                for (Object env : list(map(container).get("env"))) {
                    if (variable.equals(map(env).get("name"))) {
                        map(env).put("value", value);
                        replaced[0] = true;
                    }
                }
            }
        });
        if (!replaced[0]) throw new IllegalArgumentException(kind + " " + name + " does not set " + variable);
        return result;
    }

    private Manifests withValues(String kind, String name, Map<String, String> values) {
        Map<String, String> existing = data(kind, name);
        values.keySet().stream().filter(k -> !existing.containsKey(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException(kind + " " + name + " has no key " + k);
        });
        return replaced(kind, name, object -> {
            Map<String, Object> data = new LinkedHashMap<>(map(object.get("data")));
            Map<String, Object> stringData = new LinkedHashMap<>(map(object.get("stringData")));
            values.forEach((key, value) -> {
                // A Secret's data as the API server keeps it, base64, so whoever reads the Secret sees the value.
                data.put(key, kind.equals("Secret")
                        ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value);
                stringData.remove(key);
            });
            object.put("data", data);
            if (object.containsKey("stringData")) object.put("stringData", stringData);
        });
    }

    /** A copy in which object {@code kind}/{@code name} is a deep copy changed by {@code change}. */
    private Manifests replaced(String kind, String name, Consumer<Map<String, Object>> change) {
        List<Map<String, Object>> copied = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            if (!kind.equals(object.get("kind")) || !name.equals(name(object))) {
                copied.add(object);
                continue;
            }
            Map<String, Object> copy = JSON.convertValue(object, new TypeReference<>() {
            });
            change.accept(copy);
            copied.add(copy);
        }
        return new Manifests(copied);
    }

    /** Every object, as built, with the values a scenario replaced: what the API server is given. */
    List<Map<String, Object>> objects() {
        return objects;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Map<String, Object> named(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(map(o.get("metadata")).get("name"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + kind + " named " + name + " in the manifests"));
    }

    /** A ConfigMap's data or a Secret's stringData and (decoded) data, as the pod sees them. */
    Map<String, String> data(String kind, String name) {
        Map<String, Object> object = named(kind, name);
        Map<String, String> data = new LinkedHashMap<>();
        if (kind.equals("Secret")) {
            map(object.get("data")).forEach((k, v) -> data.put(k,
                    new String(Base64.getDecoder().decode(v.toString()), StandardCharsets.UTF_8)));
            map(object.get("stringData")).forEach((k, v) -> data.put(k, v.toString()));
        } else {
            map(object.get("data")).forEach((k, v) -> data.put(k, v.toString()));
        }
        return data;
    }

    /** Every workload's pod template: Deployments, StatefulSets, Jobs and KEDA ScaledJobs' job templates. */
    Stream<Workload> workloads() {
        Stream<Workload> apps = Stream.of("Deployment", "StatefulSet", "Job").flatMap(kind -> ofKind(kind).stream()
                .map(o -> new Workload(this, kind, name(o), map(map(map(o.get("spec")).get("template")).get("spec")))));
        Stream<Workload> scaledJobs = ofKind("ScaledJob").stream().map(o -> new Workload(this, "ScaledJob", name(o),
                map(map(map(map(o.get("spec")).get("jobTargetRef")).get("template")).get("spec"))));
        return Stream.concat(apps, scaledJobs);
    }

    Workload workload(String kind, String name) {
        return workloads().filter(w -> w.kind().equals(kind) && w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + kind + " " + name + " in the manifests"));
    }

    /** A pod template, with the manifests its ConfigMap and Secret references resolve against. */
    record Workload(Manifests manifests, String kind, String name, Map<String, Object> podSpec) {

        List<Map<String, Object>> containers() {
            return Manifests.list(podSpec.get("containers")).stream().map(Manifests::map).toList();
        }
    }

    static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata")).get("name");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
