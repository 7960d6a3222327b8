package io.jobscale.db.store;

import java.time.Instant;

/**
 * One row of {@code jobrunr_jobs} as a worker writes it: a job serialised by jobrunr ({@code jobAsJson}) with the
 * columns the queries read. {@code version} is the version the row gets; a versioned update expects the row at
 * {@code version - 1}. {@code scheduledAt} and {@code recurringJobId} may be null.
 */
public record JobRow(String id, int version, String jobAsJson, String jobSignature, String state, Instant createdAt,
                     Instant updatedAt, Instant scheduledAt, String recurringJobId, int priority) {
}
