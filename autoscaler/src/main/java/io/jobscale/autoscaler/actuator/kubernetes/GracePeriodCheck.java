package io.jobscale.autoscaler.actuator.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jobscale.server.worker.GracefulStop;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Warns when Kubernetes would kill workers before they finish stopping: a pod gets terminationGracePeriodSeconds
 * (default 30) after SIGTERM, and a worker needs what {@link GracefulStop#timeNeeded} says for its
 * interrupt-jobs-await-duration-on-stop — the same figure the worker's own stop is built from (docs/operations.md).
 */
public final class GracePeriodCheck {

    static final String AWAIT_ENV = "JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP";

    private GracePeriodCheck() {
    }

    /** The warning for the Deployment's pod template, if any (empty when the grace period is enough). */
    public static Optional<String> check(KubernetesClient client, String deployment, Duration defaultAwait) {
        Deployment d = client.apps().deployments().withName(deployment).get();
        if (d == null) return Optional.of("Deployment " + deployment + " not found: cannot check its grace period");
        return check(d.getSpec().getTemplate().getSpec(), defaultAwait, "Deployment " + deployment);
    }

    public static Optional<String> check(PodSpec pod, Duration defaultAwait, String what) {
        long grace = pod.getTerminationGracePeriodSeconds() == null ? 30 : pod.getTerminationGracePeriodSeconds();
        Duration await = defaultAwait;
        for (Container container : pod.getContainers()) {
            for (EnvVar env : container.getEnv()) {
                if (AWAIT_ENV.equals(env.getName()) && env.getValue() != null) {
                    await = parse(env.getValue(), defaultAwait);
                }
            }
        }
        Duration needed = GracefulStop.timeNeeded(await);
        if (Duration.ofSeconds(grace).compareTo(needed) >= 0) return Optional.empty();
        return Optional.of(what + ": terminationGracePeriodSeconds " + grace + " is below the " + needed.toSeconds()
                + "s a worker's stop can take (await " + await.toSeconds() + "s + interrupt, hand-back and exit);"
                + " Kubernetes would kill busy workers before they hand their jobs back. Set it to at least "
                + needed.toSeconds() + ".");
    }

    private static Duration parse(String value, Duration fallback) {
        try {
            return value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
