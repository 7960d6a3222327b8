package io.jobscale.autoscaler.runtime;

import java.time.Instant;
import java.util.List;

/**
 * One recorded decision.
 *
 * @param fromReplicas ScaledObject: replicas before; ScaledJob: running Jobs
 * @param toReplicas   ScaledObject: replicas after; ScaledJob: running Jobs plus those created
 * @param jobsCreated  ScaledJob only
 */
public record ScalingEvent(long id, Instant occurredAt, String scaledObject, String kind, Integer fromReplicas,
                           Integer toReplicas, Integer jobsCreated, boolean active, List<Reading> readings,
                           String reason) {

    /** One trigger's value (or error) as the decision saw it. */
    public record Reading(String metric, Double value, double target, boolean active, String error) {
    }
}
