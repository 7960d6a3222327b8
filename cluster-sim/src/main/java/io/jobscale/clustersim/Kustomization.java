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
 * first), strategic-merge patches, where lists of named items (containers, env) merge by name and
 * {@code $patch: delete} removes the object, and {@code images:} (of the kustomization and of its components), which
 * rewrite the {@code image} of every container and init container at any depth, custom resources such as a ScaledJob
 * included, as kustomize does. Not modelled: {@code namespace:}, which changes no container, and components with
 * resources or patches of their own (refused).
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
        for (Object component : list(kustomization.get("components"))) {
            Path path = directory.resolve((String) component).normalize();
            Map<String, Object> parts = load(path.resolve("kustomization.yaml")).get(0);
            if (parts.containsKey("resources") || parts.containsKey("patches")) {
                throw new IllegalArgumentException(path + ": only images: of a component are modelled");
            }
            setImages(objects, parts);
        }
        setImages(objects, kustomization);
        return objects;
    }

    private static void setImages(List<Map<String, Object>> objects, Map<String, Object> kustomization) {
        for (Object image : list(kustomization.get("images"))) {
            objects.forEach(object -> setImage(object, map(image)));
        }
    }

    @SuppressWarnings("unchecked")
    private static void setImage(Object node, Map<String, Object> image) {
        if (node instanceof Map<?, ?> fields) {
            fields.forEach((key, value) -> {
                if ((key.equals("containers") || key.equals("initContainers")) && value instanceof List<?> items) {
                    for (Object item : items) {
                        Map<String, Object> container = (Map<String, Object>) item;
                        if (container.get("image") instanceof String ref) container.put("image", retag(ref, image));
                    }
                }
                setImage(value, image);
            });
        } else if (node instanceof List<?> items) {
            items.forEach(item -> setImage(item, image));
        }
    }

    /** kustomize's image rewrite: a reference whose name is {@code name} gets {@code newName}, newTag or digest. */
    static String retag(String ref, Map<String, Object> image) {
        int digestAt = ref.indexOf('@');
        String withoutDigest = digestAt < 0 ? ref : ref.substring(0, digestAt);
        int tagAt = withoutDigest.lastIndexOf(':');
        if (tagAt < withoutDigest.lastIndexOf('/')) tagAt = -1;   // a registry's port, not a tag
        String name = tagAt < 0 ? withoutDigest : withoutDigest.substring(0, tagAt);
        if (!name.equals(image.get("name"))) return ref;
        String suffix = ref.substring(name.length());
        if (image.get("digest") != null) suffix = "@" + image.get("digest");
        else if (image.get("newTag") != null) suffix = ":" + image.get("newTag");
        return image.getOrDefault("newName", name) + suffix;
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
    static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Yaml(new LoaderOptions()).load(text);
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
