package io.jobscale.db.store;

import java.time.Instant;

/**
 * A versioned update of one row of {@code jobrunr_jobs}: the columns a state change rewrites. The row is written only
 * if it is at {@code version - 1}. {@code scheduledAt} may be null.
 */
public record JobUpdate(String id, int version, String jobAsJson, String state, Instant updatedAt,
                        Instant scheduledAt) {
}
