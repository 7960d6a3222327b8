package io.jobscale.autoscaler.config;

/** How the HPA compares a trigger's value with its target (KEDA's {@code metricType}). */
public enum MetricType {
    /** The value is compared as is: {@code ratio = value / target}, desired = ceil(ratio × ready pods). */
    VALUE,
    /** The target is per pod (KEDA's default): desired = ceil(value / target). */
    AVERAGE_VALUE;

    public static MetricType fromKeda(String name) {
        if (name == null || name.isBlank() || name.equals("AverageValue")) return AVERAGE_VALUE;
        if (name.equals("Value")) return VALUE;
        throw new IllegalArgumentException("metricType must be Value or AverageValue, was '" + name + "'");
    }
}
