package io.jobscale.clustersim;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Facts about pods the controllers and the kubelet share. */
final class Pods {

    /** The one node every pod is scheduled on: this machine. */
    static final String NODE = "cluster-sim";

    /** Milliseconds, fixed width: timestamps sort as strings, and pods created in one second keep their order. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Pods() {
    }

    static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    static String timestamp(Clock clock) {
        return TIMESTAMP.format(clock.instant());
    }
}
