package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.config.TriggerSpec;

import java.util.Optional;

/** Typed access to a trigger's metadata; every error names the trigger type and the field. */
final class TriggerMetadata {

    private final TriggerSpec spec;

    TriggerMetadata(TriggerSpec spec) {
        this.spec = spec;
    }

    Optional<String> text(String field) {
        String value = spec.metadata().get(field);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String required(String field) {
        return text(field).orElseThrow(() -> error(field, "is required"));
    }

    double number(String field, double defaultValue) {
        return text(field).map(v -> parse(field, v)).orElse(defaultValue);
    }

    double requiredNumber(String field) {
        return parse(field, required(field));
    }

    /** The trigger's target: required when {@code defaultValue} is null; always greater than 0. */
    double target(String field, Double defaultValue) {
        double target = defaultValue == null ? requiredNumber(field) : number(field, defaultValue);
        if (target <= 0) throw error(field, "must be greater than 0");
        return target;
    }

    Optional<String> auth(String parameter) {
        return Optional.ofNullable(spec.authentication().get(parameter)).or(() -> text(parameter));
    }

    ConfigException error(String field, String problem) {
        return new ConfigException("trigger " + spec.type() + (spec.name() == null ? "" : " '" + spec.name() + "'")
                + ": metadata." + field + " " + problem);
    }

    private double parse(String field, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isNaN(parsed) || Double.isInfinite(parsed)) throw new NumberFormatException();
            return parsed;
        } catch (NumberFormatException e) {
            throw error(field, "must be a number, was '" + value + "'");
        }
    }
}
