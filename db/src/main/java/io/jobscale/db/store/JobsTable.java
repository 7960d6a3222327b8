package io.jobscale.db.store;

import java.util.List;

/**
 * What the store's classes know of jobrunr's job table ({@code jobrunr_jobs}, migration V1) and of the indexes we
 * added to it (V2, V10): the states a job can be in and the order workers take enqueued jobs in. Every query of the
 * table is in this package and takes these facts from here; docs/store.md explains the layout.
 */
public final class JobsTable {

    /** Every state a job can be in, in the order a job usually goes through them. */
    public static final List<String> STATES = List.of("AWAITING", "SCHEDULED", "ENQUEUED", "PROCESSING", "SUCCEEDED",
            "FAILED", "DELETED");

    /**
     * The order workers take enqueued jobs in: the most urgent priority first (0 is the highest), oldest first within
     * a priority. Partial index {@code jobscale_jobs_enqueued_idx} (V2) holds exactly this order, so the claim, the
     * queued-job launcher and the enqueued metrics read it without a sort.
     */
    public static final String QUEUE_ORDER = "priority ASC, updatedAt ASC";

    private JobsTable() {
    }
}
