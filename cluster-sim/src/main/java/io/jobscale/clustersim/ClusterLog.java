package io.jobscale.clustersim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happened in the simulated cluster, for the scenarios' figures and for whoever reads {@code cluster.log}
 * afterwards: controller events, and each Deployment's desired and actual pod count over time.
 */
final class ClusterLog {

    /** A Deployment's pod counts from {@code at} on. */
    record Replicas(Instant at, String deployment, int desired, int pods) {
    }

    private final Clock clock;
    private final Path file;
    private final List<Replicas> replicas = new ArrayList<>();
    private final Map<String, Replicas> last = new ConcurrentHashMap<>();

    ClusterLog(Clock clock, Path file) {
        this.clock = clock;
        this.file = file;
    }

    synchronized void event(String object, String what) {
        try {
            Files.writeString(file, clock.instant() + " " + object + ": " + what + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void replicas(String deployment, int desired, int pods) {
        Replicas previous = last.get(deployment);
        if (previous != null && previous.desired() == desired && previous.pods() == pods) return;
        Replicas now = new Replicas(clock.instant(), deployment, desired, pods);
        last.put(deployment, now);
        replicas.add(now);
        event(deployment, "desired " + desired + ", pods " + pods);
    }

    synchronized List<Replicas> replicas(String deployment) {
        return replicas.stream().filter(r -> r.deployment().equals(deployment)).toList();
    }
}
