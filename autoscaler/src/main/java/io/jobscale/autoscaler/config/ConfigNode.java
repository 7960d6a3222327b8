package io.jobscale.autoscaler.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A YAML node with its field path, so every error and warning can say exactly where it is. */
final class ConfigNode {

    private final JsonNode node;
    private final String path;
    private final List<String> warnings;

    ConfigNode(JsonNode node, String path, List<String> warnings) {
        this.node = node;
        this.path = path;
        this.warnings = warnings;
    }

    String path() {
        return path;
    }

    JsonNode raw() {
        return node;
    }

    boolean has(String field) {
        return node != null && node.hasNonNull(field);
    }

    ConfigNode get(String field) {
        return new ConfigNode(node == null ? null : node.get(field), path + "." + field, warnings);
    }

    List<ConfigNode> list(String field) {
        ConfigNode list = get(field);
        List<ConfigNode> items = new ArrayList<>();
        if (list.node == null || list.node.isNull()) return items;
        if (!list.node.isArray()) throw new ConfigException(list.path + " must be a list");
        for (int i = 0; i < list.node.size(); i++) items.add(new ConfigNode(list.node.get(i), list.path + "[" + i + "]", warnings));
        return items;
    }

    String text(String field, String defaultValue) {
        ConfigNode value = get(field);
        if (value.node == null || value.node.isNull()) return defaultValue;
        if (!value.node.isValueNode()) throw new ConfigException(value.path + " must be a value, not a " + value.node.getNodeType());
        return value.node.asText();
    }

    String requiredText(String field) {
        String value = text(field, null);
        if (value == null || value.isBlank()) throw new ConfigException(path + "." + field + " is required");
        return value;
    }

    int integer(String field, int defaultValue, int min) {
        ConfigNode value = get(field);
        if (value.node == null || value.node.isNull()) return defaultValue;
        if (!value.node.canConvertToInt() || !value.node.isIntegralNumber() && !value.node.asText().matches("-?\\d+")) {
            throw new ConfigException(value.path + " must be a whole number, was '" + value.node.asText() + "'");
        }
        int result = value.node.isIntegralNumber() ? value.node.intValue() : Integer.parseInt(value.node.asText());
        if (result < min) throw new ConfigException(value.path + " must be at least " + min + ", was " + result);
        return result;
    }

    Optional<Integer> optionalInteger(String field, int min) {
        return has(field) ? Optional.of(integer(field, 0, min)) : Optional.empty();
    }

    /** A map of scalar values (trigger metadata, annotations), as strings. */
    Map<String, String> stringMap(String field) {
        ConfigNode map = get(field);
        Map<String, String> result = new java.util.LinkedHashMap<>();
        if (map.node == null || map.node.isNull()) return result;
        if (!map.node.isObject()) throw new ConfigException(map.path + " must be a map");
        map.node.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) throw new ConfigException(map.path + "." + e.getKey() + " must be a value");
            result.put(e.getKey(), e.getValue().asText());
        });
        return result;
    }

    /** Records a warning for every field not in {@code known}: KEDA's own fields we ignore, or typos. */
    void warnUnknown(Set<String> known) {
        if (node == null || !node.isObject()) return;
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) warnings.add(path + "." + name + " is not a known field and is ignored");
        });
    }
}
