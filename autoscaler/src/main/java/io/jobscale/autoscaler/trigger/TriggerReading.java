package io.jobscale.autoscaler.trigger;

/** A trigger's value at one poll and whether it counts as active ({@code value > activationTargetValue}). */
public record TriggerReading(double value, boolean active) {
}
