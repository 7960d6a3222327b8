package io.jobscale.clustersim;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.jobscale.clustersim.Manifests.list;
import static io.jobscale.clustersim.Manifests.map;

/**
 * The part of {@code kustomize build} our directories use: resources (files, and other kustomize directories built
 * first) and strategic-merge patches, where lists of named items (containers, env) merge by name and
 * {@code $patch: delete} removes the object. Not modelled: {@code namespace:} and {@code images:}, which change no
 * container's command or environment.
 */
final class Kustomization {

    private Kustomization() {
    }

    static List<Map<String, Object>> build(Path directory) {
        Map<String, Object> kustomization = load(directory.resolve("kustomization.yaml")).get(0);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object resource : list(kustomization.get("resources"))) {
            Path path = directory.resolve((String) resource).normalize();
            objects.addAll(Files.isDirectory(path) ? build(path) : load(path));
        }
        for (Object patch : list(kustomization.get("patches"))) {
            for (Map<String, Object> document : load(directory.resolve((String) map(patch).get("path")))) {
                apply(objects, document);
            }
        }
        return objects;
    }

    private static void apply(List<Map<String, Object>> objects, Map<String, Object> patch) {
        Map<String, Object> target = objects.stream().filter(o -> Objects.equals(o.get("kind"), patch.get("kind"))
                        && Objects.equals(Manifests.name(o), Manifests.name(patch))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("patch for a missing " + patch.get("kind") + " "
                        + Manifests.name(patch)));
        if ("delete".equals(patch.get("$patch"))) {
            objects.remove(target);
        } else {
            objects.set(objects.indexOf(target), merge(target, patch));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> merged = new LinkedHashMap<>(target);
        patch.forEach((key, value) -> {
            Object current = merged.get(key);
            if (current instanceof Map && value instanceof Map) {
                merged.put(key, merge((Map<String, Object>) current, (Map<String, Object>) value));
            } else if (current instanceof List && value instanceof List && namedItems((List<Object>) value)) {
                merged.put(key, mergeByName((List<Object>) current, (List<Object>) value));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static List<Object> mergeByName(List<Object> current, List<Object> patch) {
        List<Object> merged = new ArrayList<>(current);
        for (Object item : patch) {
            Object name = map(item).get("name");
            int index = -1;
            for (int i = 0; i < merged.size(); i++) {
                if (name.equals(map(merged.get(i)).get("name"))) index = i;
            }
            if (index < 0) merged.add(item);
            else merged.set(index, merge(map(merged.get(index)), map(item)));
        }
        return merged;
    }

    private static boolean namedItems(List<Object> items) {
        return !items.isEmpty() && items.stream().allMatch(i -> i instanceof Map && map(i).containsKey("name"));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(Path file) {
        try {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
                if (document != null) documents.add((Map<String, Object>) document);
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
