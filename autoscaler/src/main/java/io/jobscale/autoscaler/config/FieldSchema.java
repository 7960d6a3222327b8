package io.jobscale.autoscaler.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which fields a part of a KEDA object may have, at any depth, so none is dropped without a word: a field the schema
 * does not know is a warning naming its full path and line (a typo, or a field of a newer KEDA); a field KEDA acts on
 * but the built-in autoscaler does not implement is an error, because silently ignoring it would scale differently.
 */
final class FieldSchema {

    private enum Kind { VALUE, OBJECT, LIST, ANY, UNSUPPORTED }

    private final Kind kind;
    private final Map<String, FieldSchema> fields;
    private final FieldSchema items;
    private final String why;

    private FieldSchema(Kind kind, Map<String, FieldSchema> fields, FieldSchema items, String why) {
        this.kind = kind;
        this.fields = fields;
        this.items = items;
        this.why = why;
    }

    /** A scalar (or anything: its value is checked where it is read). */
    static FieldSchema value() {
        return new FieldSchema(Kind.VALUE, Map.of(), null, null);
    }

    /** Anything below is accepted as written (a Kubernetes JobSpec, labels, annotations, status). */
    static FieldSchema any() {
        return new FieldSchema(Kind.ANY, Map.of(), null, null);
    }

    /** A KEDA field that changes KEDA's behaviour and that the built-in autoscaler does not implement. */
    static FieldSchema unsupported(String why) {
        return new FieldSchema(Kind.UNSUPPORTED, Map.of(), null, why);
    }

    static FieldSchema list(FieldSchema items) {
        return new FieldSchema(Kind.LIST, Map.of(), items, null);
    }

    /** A map with the given fields: name, schema, name, schema, ... */
    static FieldSchema object(Object... namesAndSchemas) {
        Map<String, FieldSchema> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSchemas.length; i += 2) {
            fields.put((String) namesAndSchemas[i], (FieldSchema) namesAndSchemas[i + 1]);
        }
        return new FieldSchema(Kind.OBJECT, Map.copyOf(fields), null, null);
    }

    /** A map whose fields are all scalars with these names. */
    static FieldSchema values(List<String> names) {
        Map<String, FieldSchema> fields = new LinkedHashMap<>();
        for (String name : names) fields.put(name, value());
        return new FieldSchema(Kind.OBJECT, Map.copyOf(fields), null, null);
    }

    /** This schema with more fields (e.g. the common part of ScaledObject and ScaledJob triggers). */
    FieldSchema with(Object... namesAndSchemas) {
        Map<String, FieldSchema> more = new LinkedHashMap<>(fields);
        more.putAll(object(namesAndSchemas).fields);
        return new FieldSchema(Kind.OBJECT, Map.copyOf(more), null, null);
    }

    /** Adds a warning for every unknown field under {@code node}; throws for an unsupported one. */
    void check(ConfigNode node) {
        if (node.raw() == null || node.raw().isNull()) return;
        switch (kind) {
            case UNSUPPORTED -> throw new ConfigException(node.where()
                    + " is not supported by the built-in autoscaler: " + why);
            case OBJECT -> {
                if (!node.raw().isObject()) return;   // the reader reports the wrong type
                node.raw().fieldNames().forEachRemaining(name -> {
                    FieldSchema field = fields.get(name);
                    if (field == null) {
                        node.warn(node.get(name).where() + " is not a known field and is ignored");
                    } else {
                        field.check(node.get(name));
                    }
                });
            }
            case LIST -> {
                if (node.raw().isArray()) node.items().forEach(items::check);
            }
            default -> { }
        }
    }
}
