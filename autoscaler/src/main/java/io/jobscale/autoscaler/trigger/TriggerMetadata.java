package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.config.TriggerSpec;

import java.util.Optional;

/**
 * Typed access to a trigger's parameters; every error names the trigger type and the field. A parameter can come
 * from three places, looked up in the order each trigger type gives (as KEDA's typed config does): the trigger's
 * {@code metadata}, the environment variable named by {@code metadata.<name>FromEnv}, and the TriggerAuthentication.
 * Blank values count as absent, so an empty password variable means "no password", as in KEDA. The environment is the
 * one an {@link EnvResolver} found (the autoscaler's own, or the scale target's container); a variable named by
 * {@code xFromEnv} that is not set there is an error naming it and the environment.
 */
final class TriggerMetadata {

    /** Where a parameter may come from. */
    enum Source { METADATA, ENV, AUTH }

    private static final String FROM_ENV = "FromEnv";

    private final TriggerSpec spec;
    private final TriggerEnvironment environment;

    TriggerMetadata(TriggerSpec spec, TriggerEnvironment environment) {
        this.spec = spec;
        this.environment = environment;
    }

    /** The parameter from the first source in {@code order} that has a non-blank value. */
    Optional<String> param(String field, Source... order) {
        for (Source source : order) {
            String value = switch (source) {
                case METADATA -> spec.metadata().get(field);
                case ENV -> fromEnv(field);
                case AUTH -> spec.authentication().get(field);
            };
            if (value != null && !value.isBlank()) return Optional.of(value.trim());
        }
        return Optional.empty();
    }

    private String fromEnv(String field) {
        String variable = spec.metadata().get(field + FROM_ENV);
        if (variable == null || variable.isBlank()) return null;
        String value = environment.variables().get(variable.trim());
        if (value == null) {
            throw new MissingVariableException(message(field + FROM_ENV, "names environment variable "
                    + variable.trim() + ", which is not set in " + environment.where()));
        }
        return value;
    }

    /** The parameter from {@code metadata} only. */
    Optional<String> text(String field) {
        return param(field, Source.METADATA);
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

    /** A whole number from {@code metadata}, as KEDA's integer fields. */
    int integer(String field, int defaultValue) {
        return text(field).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw error(field, "must be a whole number, was '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    /** A boolean as Go's strconv.ParseBool reads it (1, t, true, 0, f, false in any usual case). */
    boolean bool(String field, boolean defaultValue) {
        return text(field).map(v -> parseBool(field, v)).orElse(defaultValue);
    }

    boolean parseBool(String field, String value) {
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw error(field, "must be true or false, was '" + value + "'");
        };
    }

    /** The trigger's target: required when {@code defaultValue} is null; always greater than 0. */
    double target(String field, Double defaultValue) {
        double target = defaultValue == null ? requiredNumber(field) : number(field, defaultValue);
        if (target <= 0) throw error(field, "must be greater than 0");
        return target;
    }

    /** A TriggerAuthentication parameter, or the metadata field of the same name. */
    Optional<String> auth(String parameter) {
        return param(parameter, Source.AUTH, Source.METADATA);
    }

    /** Fails when a parameter this trigger type does not support was given anywhere. */
    void unsupported(String field, String why) {
        if (param(field, Source.METADATA, Source.ENV, Source.AUTH).isPresent()) throw error(field, why);
    }

    /** An error naming the field by its path and line in the config when known, else by trigger type and name. */
    ConfigException error(String field, String problem) {
        return new ConfigException(message(field, problem));
    }

    private String message(String field, String problem) {
        String where = spec.locations().get(field);
        if (where == null) where = spec.locations().get(field + FROM_ENV);
        if (where == null) {
            String name = spec.name() == null ? "" : " '" + spec.name() + "'";
            where = "trigger " + spec.type() + name + ": metadata." + field;
        }
        return where + " " + problem;
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
