package io.jobscale.clustersim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's outcome as one line: {@code cluster-sim <scenario> PASS|FAIL key=value ...}, then, when it failed,
 * {@code failed: <assertion>; <assertion>} (format in docs/cluster-sim.md).
 */
final class Summary {

    private final String scenario;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    Summary(String scenario) {
        this.scenario = scenario;
    }

    Summary figure(String key, Object value) {
        figures.put(key, value);
        return this;
    }

    /** Records {@code assertion} as failed unless {@code holds}. */
    Summary check(boolean holds, String assertion) {
        if (!holds) failures.add(assertion);
        return this;
    }

    boolean passed() {
        return failures.isEmpty();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    Object figure(String key) {
        return figures.get(key);
    }

    String line() {
        StringBuilder line = new StringBuilder("cluster-sim ").append(scenario).append(passed() ? " PASS" : " FAIL");
        figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        if (!passed()) line.append(" failed: ").append(String.join("; ", failures));
        return line.toString();
    }
}
