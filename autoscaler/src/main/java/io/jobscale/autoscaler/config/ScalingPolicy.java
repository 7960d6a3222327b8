package io.jobscale.autoscaler.config;

/** One HPA rate policy: change by at most {@code value} pods or per cent within any {@code periodSeconds}. */
public record ScalingPolicy(Type type, int value, int periodSeconds) {

    public enum Type { PODS, PERCENT }
}
