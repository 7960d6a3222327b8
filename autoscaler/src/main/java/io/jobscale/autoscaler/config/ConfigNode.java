package io.jobscale.autoscaler.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A YAML node with its field path and line, so every error and warning can say exactly where it is. */
final class ConfigNode {

    private final JsonNode node;
    private final String path;
    private final String pointer;
    private final YamlLines lines;
    private final List<String> warnings;

    ConfigNode(JsonNode node, String path, String pointer, YamlLines lines, List<String> warnings) {
        this.node = node;
        this.path = path;
        this.pointer = pointer;
        this.lines = lines;
        this.warnings = warnings;
    }

    String path() {
        return path;
    }

    /** The same node under another display name (e.g. "ScaledObject workers: spec"). */
    ConfigNode named(String displayPath) {
        return new ConfigNode(node, displayPath, pointer, lines, warnings);
    }

    /** The field path and, when known, its line: what error messages point at. */
    String where() {
        int line = lines.lineOf(pointer);
        return line > 0 ? path + " (line " + line + ")" : path;
    }

    JsonNode raw() {
        return node;
    }

    boolean has(String field) {
        return node != null && node.hasNonNull(field);
    }

    ConfigNode get(String field) {
        return new ConfigNode(node == null ? null : node.get(field), path + "." + field, pointer + "/" + field, lines,
                warnings);
    }

    List<ConfigNode> list(String field) {
        return get(field).items();
    }

    /** The items of this list node (none when absent). */
    List<ConfigNode> items() {
        List<ConfigNode> items = new ArrayList<>();
        if (node == null || node.isNull()) return items;
        if (!node.isArray()) throw new ConfigException(where() + " must be a list");
        for (int i = 0; i < node.size(); i++) {
            items.add(new ConfigNode(node.get(i), path + "[" + i + "]", pointer + "/" + i, lines, warnings));
        }
        return items;
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    String text(String field, String defaultValue) {
        ConfigNode value = get(field);
        if (value.node == null || value.node.isNull()) return defaultValue;
        if (!value.node.isValueNode()) {
            throw new ConfigException(value.where() + " must be a value, not a " + value.node.getNodeType());
        }
        return value.node.asText();
    }

    String requiredText(String field) {
        String value = text(field, null);
        if (value == null || value.isBlank()) {
            throw new ConfigException(path + "." + field + " is required" + lineSuffix());
        }
        return value;
    }

    int integer(String field, int defaultValue, int min) {
        ConfigNode value = get(field);
        if (value.node == null || value.node.isNull()) return defaultValue;
        if (!value.node.canConvertToInt() || !value.node.isIntegralNumber() && !value.node.asText().matches("-?\\d+")) {
            throw new ConfigException(value.where() + " must be a whole number, was '" + value.node.asText() + "'");
        }
        int result = value.node.isIntegralNumber() ? value.node.intValue() : Integer.parseInt(value.node.asText());
        if (result < min) throw new ConfigException(value.where() + " must be at least " + min + ", was " + result);
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
        if (!map.node.isObject()) throw new ConfigException(map.where() + " must be a map");
        map.node.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw new ConfigException(map.get(e.getKey()).where() + " must be a value");
            }
            result.put(e.getKey(), e.getValue().asText());
        });
        return result;
    }

    private String lineSuffix() {
        int line = lines.lineOf(pointer);
        return line > 0 ? " (in the object at line " + line + ")" : "";
    }
}
