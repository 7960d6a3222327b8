package io.jobscale.autoscaler.actuator.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jobscale.autoscaler.actuator.ActuatorException;

import java.util.function.Supplier;

/**
 * Retries Kubernetes calls that may succeed on a second try: 409 Conflict (someone else changed the object), 429, 5xx
 * and I/O errors (code 0). Bounded: a persistent failure becomes an {@link ActuatorException} and the next poll tries
 * again, so one bad API server response never blocks the autoscaler.
 */
final class Retry {

    static final int ATTEMPTS = 4;

    private Retry() {
    }

    static <T> T call(String what, Supplier<T> call) throws ActuatorException {
        long backoffMillis = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                int code = e.getCode();
                boolean transientFailure = code == 409 || code == 429 || code >= 500 || code == 0;
                if (!transientFailure || attempt == ATTEMPTS) {
                    throw new ActuatorException(what + " failed" + (code > 0 ? " (HTTP " + code + ")" : "") + ": "
                            + e.getMessage(), e);
                }
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ActuatorException(what + " interrupted", interrupted);
                }
                backoffMillis *= 2;
            }
        }
    }
}
