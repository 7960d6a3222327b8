package io.jobscale.dashboard;

import java.time.Instant;

/**
 * Which jobs the list shows; null parts do not filter.
 *
 * @param state        one state, or null for every state
 * @param search       the job name or signature (case-insensitive, part of it), or an exact job id
 * @param priority     0..9
 * @param updatedAfter only jobs whose last change is this recent
 */
record JobFilter(String state, String search, Integer priority, Instant updatedAfter) {
}
