package io.jobscale.db.store;

import java.time.Instant;

/**
 * A new row of {@code jobrunr_jobs}: a job serialised by jobrunr ({@code jobAsJson}) with the columns the queries
 * read. {@code scheduledAt} and {@code recurringJobId} may be null. Later state changes are {@link JobUpdate}s.
 */
public record JobRow(String id, int version, String jobAsJson, String jobSignature, String state, Instant createdAt,
                     Instant updatedAt, Instant scheduledAt, String recurringJobId, int priority) {
}
