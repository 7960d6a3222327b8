package io.jobscale.autoscaler.trigger;

import java.math.BigDecimal;
import java.util.Map;

/** A Kubernetes quantity ("10", "500m", "2k", "1Ki"), as KEDA's metrics-api accepts in a string value. */
final class Quantity {

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)), Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
            Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    private Quantity() {
    }

    static double parse(String text) {
        String value = text.trim();
        String number = value;
        BigDecimal multiplier = BigDecimal.ONE;
        for (Map.Entry<String, BigDecimal> suffix : SUFFIXES.entrySet()) {
            if (value.endsWith(suffix.getKey()) && value.length() > suffix.getKey().length()
                    && Character.isDigit(value.charAt(value.length() - suffix.getKey().length() - 1))
                    && (suffix.getKey().length() == 2 || !value.endsWith("i"))) {
                number = value.substring(0, value.length() - suffix.getKey().length());
                multiplier = suffix.getValue();
                break;
            }
        }
        if (!number.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new NumberFormatException("not a quantity: " + text);
        }
        return new BigDecimal(number).multiply(multiplier).doubleValue();
    }
}
