package io.jobscale.autoscaler.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jobscale.autoscaler.config.AutoscalerConfig;
import io.jobscale.autoscaler.config.ScaledJobSpec;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.autoscaler.decision.ScaledJobDecider;
import io.jobscale.autoscaler.decision.ScaledJobDecision;
import io.jobscale.autoscaler.decision.ScaledObjectDecider;
import io.jobscale.autoscaler.decision.ScaledObjectDecision;
import io.jobscale.autoscaler.decision.ScaledObjectState;
import io.jobscale.autoscaler.decision.TriggerResult;
import io.jobscale.autoscaler.trigger.Trigger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the autoscaler would decide now for each scaled object, from given readings (the stable JSON format described
 * in docs/autoscaler.md) or from live ones, without acting. Stateless: no stabilization history beyond what the
 * readings say.
 */
public final class Explain {

    /** Live or given inputs of one scaled object. */
    public record Inputs(int currentReplicas, int runningJobs, int pendingJobs, List<TriggerResult> triggers,
                         Long secondsSinceLastActive, int consecutiveFailures) {
    }

    /**
     * Why a ScaledObject has the replicas it has: what the decision wants now against what it has, and the decision's
     * reason, which names the rule that holds it (stabilization window, rate limit, min/max, cooldown, paused…).
     */
    public record Explanation(int currentReplicas, int desiredReplicas, boolean active, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Explain() {
    }

    /** Parses the readings file's entry for each scaled object, with the config's trigger targets. */
    public static Map<String, Inputs> fromReadings(AutoscalerConfig config, JsonNode readings,
                                                   Function<TriggerSpec, Trigger> triggers) {
        Map<String, Inputs> inputs = new LinkedHashMap<>();
        for (ScaledObjectSpec so : config.scaledObjects()) {
            inputs.put(so.name(), inputs(so.name(), so.triggers(), readings, triggers));
        }
        for (ScaledJobSpec sj : config.scaledJobs()) {
            inputs.put(sj.name(), inputs(sj.name(), sj.triggers(), readings, triggers));
        }
        return inputs;
    }

    private static Inputs inputs(String name, List<TriggerSpec> specs, JsonNode readings,
                                 Function<TriggerSpec, Trigger> triggers) {
        JsonNode entry = readings.get(name);
        if (entry == null) throw new IllegalArgumentException("readings have no entry for '" + name + "'");
        JsonNode values = entry.path("triggers");
        if (values.size() != specs.size()) {
            throw new IllegalArgumentException(name + ": readings list " + values.size()
                    + " trigger value(s), the config has " + specs.size());
        }
        List<TriggerResult> results = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Trigger trigger = triggers.apply(specs.get(i));
            JsonNode value = values.get(i);
            if (value.has("error")) {
                results.add(TriggerResult.failed(trigger.metricName(), trigger.metricType(), trigger.targetValue(),
                        trigger.activationTargetValue(), value.get("error").asText()));
            } else if (value.path("value").isNumber()) {
                results.add(TriggerResult.of(trigger.metricName(), trigger.metricType(), trigger.targetValue(),
                        trigger.activationTargetValue(), value.get("value").asDouble()));
            } else {
                throw new IllegalArgumentException(name + ": triggers[" + i
                        + "] needs a numeric \"value\" or an \"error\"");
            }
        }
        return new Inputs(entry.path("currentReplicas").asInt(0), entry.path("runningJobs").asInt(0),
                entry.path("pendingJobs").asInt(0), results,
                entry.has("secondsSinceLastActive") ? entry.get("secondsSinceLastActive").asLong() : null,
                entry.path("consecutiveFailures").asInt(0));
    }

    /**
     * The explanation of one ScaledObject from its remembered decision state (the runtime's, live) and readings:
     * the decision itself, with nothing remembered, so asking changes nothing.
     */
    public static Explanation scaledObject(ScaledObjectSpec so, ScaledObjectState state, int current, int ready,
                                           List<TriggerResult> triggers, Instant now) {
        ScaledObjectDecision decision = ScaledObjectDecider.decide(so, state, current, ready, triggers, now);
        return new Explanation(current, decision.desiredReplicas(), decision.active(), decision.reason());
    }

    /** The answer JSON: one entry per scaled object, in config order. */
    public static String answer(AutoscalerConfig config, Map<String, Inputs> inputs, Instant now) throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        for (ScaledObjectSpec so : config.scaledObjects()) {
            Inputs in = inputs.get(so.name());
            // The decision counts this poll's failure itself: the state holds the ones before it.
            List<Integer> failuresBefore = in.triggers().stream()
                    .map(t -> t.failed() ? Math.max(0, in.consecutiveFailures() - 1) : 0).toList();
            Instant lastActive = in.secondsSinceLastActive() == null ? null
                    : now.minusSeconds(in.secondsSinceLastActive());
            // Created long ago: the initial cooldown never holds back an explanation of a running system.
            ScaledObjectState state = new ScaledObjectState(Instant.EPOCH, lastActive, failuresBefore, List.of(),
                    List.of());
            Explanation explanation = scaledObject(so, state, in.currentReplicas(), in.currentReplicas(),
                    in.triggers(), now);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", "ScaledObject");
            entry.put("active", explanation.active());
            entry.put("desiredReplicas", explanation.desiredReplicas());
            entry.put("reason", explanation.reason());
            answer.put(so.name(), entry);
        }
        for (ScaledJobSpec sj : config.scaledJobs()) {
            Inputs in = inputs.get(sj.name());
            ScaledJobDecision decision = ScaledJobDecider.decide(sj, in.runningJobs(), in.pendingJobs(), in.triggers());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", "ScaledJob");
            entry.put("active", decision.active());
            entry.put("jobsToCreate", decision.jobsToCreate());
            entry.put("reason", decision.reason());
            answer.put(sj.name(), entry);
        }
        return JSON.writeValueAsString(answer);
    }
}
