package io.jobscale.autoscaler.runtime;

import io.jobscale.autoscaler.actuator.ActuatorException;
import io.jobscale.autoscaler.actuator.DrainingWorker;
import io.jobscale.autoscaler.actuator.ReplicaActuator;
import io.jobscale.autoscaler.actuator.ScaleTarget;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.db.store.DrainMarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Drain-first scale-down (docs/autoscaler.md): when a decision lowers a ScaledObject's replicas and it has a
 * {@link ScaledObjectSpec#DRAIN_TIMEOUT}, choose the workers the scale-down will remove, mark them draining, and
 * let the polls that follow wait, without blocking, until they are idle or the timeout has passed; only then scale,
 * removing exactly those. A decision that no longer lowers cancels the drain. Marks are removed once the drained
 * workers are terminating or gone (or survived the scale-down), or at once when a drain is cancelled.
 *
 * <p>Used by {@link Autoscaler} under its lock; one drain at a time per ScaledObject.
 */
final class ScaleDownDrains {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleDownDrains.class);

    private final ReplicaActuator actuator;
    private final DrainMarks marks;
    private final Map<String, Drain> drains = new HashMap<>();
    /** Drained workers a scale-down has removed, by ScaledObject: their marks go once they are gone. */
    private final Map<String, Removed> removed = new HashMap<>();
    /** Marks to remove; kept until a removal has gone through (the database may be down). */
    private final Set<String> toClear = new LinkedHashSet<>();

    /** @param marks null when drains are not available (then every scale-down happens at once) */
    ScaleDownDrains(ReplicaActuator actuator, DrainMarks marks) {
        this.actuator = actuator;
        this.marks = marks;
    }

    private record Drain(ScaleTarget target, List<String> workers, int replicas, Instant startedAt, Instant deadline) {
    }

    private record Removed(ScaleTarget target, List<String> workers, Set<String> seenPresent) {
    }

    /**
     * What a poll does with its decision.
     *
     * @param scaleNow whether to call the actuator now
     * @param replicas the count to scale to
     * @param removing the drained workers the scale-down removes (empty: a plain scale)
     * @param note     added to the decision's reason (empty when nothing is draining)
     */
    record Step(boolean scaleNow, int replicas, List<String> removing, String note) {

        static Step scale(int replicas) {
            return new Step(true, replicas, List.of(), "");
        }

        static Step waiting(String note) {
            return new Step(false, 0, List.of(), note);
        }
    }

    /**
     * Plans the poll of {@code spec}: the target is at {@code before} replicas, the decision wants {@code wanted}.
     * {@code event} records a drain's start or cancellation in the decision log.
     */
    Step plan(ScaledObjectSpec spec, int before, int wanted, Instant now, Consumer<String> event)
            throws ActuatorException, SQLException {
        clearMarks();
        sweepRemoved(spec.name());
        Drain drain = drains.get(spec.name());
        Optional<Duration> timeout = marks == null ? Optional.empty() : spec.drainTimeout();
        if (wanted >= before || timeout.isEmpty()) {
            if (drain != null) {
                cancel(spec.name(), "the decision no longer lowers replicas (" + before + "→" + wanted + ")", event);
            }
            return Step.scale(wanted);
        }
        if (drain == null) {
            List<String> workers = actuator.workersToRemove(spec.target(), wanted);
            if (workers.isEmpty()) return Step.scale(wanted);
            drain = new Drain(spec.target(), List.copyOf(workers), wanted, now, now.plus(timeout.get()));
            marks.mark(drain.workers(), now, drain.deadline());
            drains.put(spec.name(), drain);
            String started = "drain started: " + String.join(", ", drain.workers()) + " (timeout "
                    + timeout.get().toSeconds() + "s) before scaling " + before + "→" + wanted;
            LOG.info("ScaledObject {}: {}", spec.name(), started);
            event.accept(started);
        } else if (wanted > drain.replicas()) {
            drain = shrink(spec.name(), drain, before - wanted, wanted);
        }
        return progress(drain, now);
    }

    /** A scale call that removed a drain's workers went through: their marks go once they are gone. */
    void scaled(String scaledObject) {
        Drain drain = drains.remove(scaledObject);
        if (drain == null) return;
        // Workers of an earlier scale-down that are not gone yet stay followed with these.
        Removed earlier = removed.get(scaledObject);
        List<String> workers = new ArrayList<>(drain.workers());
        Set<String> seenPresent = new LinkedHashSet<>();
        if (earlier != null) {
            workers.addAll(earlier.workers());
            seenPresent.addAll(earlier.seenPresent());
        }
        removed.put(scaledObject, new Removed(drain.target(), List.copyOf(workers), seenPresent));
    }

    /** Forgets every drain and removes every mark: a new leader does not continue a previous leader's drains. */
    void reset() {
        drains.clear();
        removed.clear();
        toClear.clear();
        if (marks == null) return;
        try {
            int cleared = marks.clearAll();
            if (cleared > 0) LOG.info("Removed {} drain mark(s) left by a previous autoscaler leader", cleared);
        } catch (SQLException e) {
            LOG.warn("Cannot remove the drain marks of a previous leader: {}", e.getMessage());
        }
    }

    private Step progress(Drain drain, Instant now) throws ActuatorException {
        List<DrainingWorker> workers = actuator.drainProgress(drain.target(), drain.workers());
        int busy = workers.stream().mapToInt(DrainingWorker::busyJobs).sum();
        long waited = Duration.between(drain.startedAt(), now).toSeconds();
        String names = String.join(", ", drain.workers());
        if (workers.stream().allMatch(DrainingWorker::idle)) {
            return new Step(true, drain.replicas(), drain.workers(),
                    "drained " + names + ": idle after " + waited + "s");
        }
        if (!now.isBefore(drain.deadline())) {
            long silent = workers.stream().filter(w -> w.present() && !w.acknowledged()).count();
            return new Step(true, drain.replicas(), drain.workers(), "drain of " + names + " timed out after "
                    + waited + "s with " + busy + " busy job(s)"
                    + (silent > 0 ? " (" + silent + " worker(s) had not reported draining yet)" : "")
                    + ", handed back by the workers' graceful stop");
        }
        long left = Duration.between(now, drain.deadline()).toSeconds();
        return Step.waiting("draining " + names + ": " + busy + " busy job(s), up to " + left + "s more");
    }

    /** The decision now removes fewer workers: the surplus (the last chosen) stop draining. */
    private Drain shrink(String scaledObject, Drain drain, int keep, int wanted) {
        int kept = Math.max(0, Math.min(keep, drain.workers().size()));
        List<String> keptWorkers = List.copyOf(drain.workers().subList(0, kept));
        toClear.addAll(drain.workers().subList(kept, drain.workers().size()));
        clearMarks();
        Drain smaller = new Drain(drain.target(), keptWorkers, wanted, drain.startedAt(), drain.deadline());
        drains.put(scaledObject, smaller);
        return smaller;
    }

    private void cancel(String scaledObject, String why, Consumer<String> event) {
        Drain drain = drains.remove(scaledObject);
        toClear.addAll(drain.workers());
        clearMarks();
        String cancelled = "drain of " + String.join(", ", drain.workers()) + " cancelled: " + why;
        LOG.info("ScaledObject {}: {}", scaledObject, cancelled);
        event.accept(cancelled);
    }

    /**
     * Removes the marks of drained workers that are gone. One that is still there at two polls after its scale-down
     * survived it (a Kubernetes controller removed another pod) and works again.
     */
    private void sweepRemoved(String scaledObject) {
        Removed done = removed.get(scaledObject);
        if (done == null) return;
        List<DrainingWorker> workers;
        try {
            workers = actuator.drainProgress(done.target(), done.workers());
        } catch (ActuatorException e) {
            LOG.warn("Cannot tell whether drained workers {} are gone (retried next poll): {}", done.workers(),
                    e.getMessage());
            return;
        }
        List<String> remaining = new ArrayList<>();
        for (DrainingWorker worker : workers) {
            if (!worker.present() || !done.seenPresent().add(worker.name())) {
                toClear.add(worker.name());
            } else {
                remaining.add(worker.name());
            }
        }
        if (remaining.isEmpty()) removed.remove(scaledObject);
        else removed.put(scaledObject, new Removed(done.target(), remaining, done.seenPresent()));
        clearMarks();
    }

    private void clearMarks() {
        if (toClear.isEmpty() || marks == null) return;
        try {
            marks.clear(List.copyOf(toClear));
            toClear.clear();
        } catch (SQLException e) {
            LOG.warn("Cannot remove drain marks of {} (retried next poll): {}", toClear, e.getMessage());
        }
    }
}
