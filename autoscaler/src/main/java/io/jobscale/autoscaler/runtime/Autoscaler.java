package io.jobscale.autoscaler.runtime;

import io.jobscale.autoscaler.actuator.ActuatorException;
import io.jobscale.autoscaler.actuator.JobActuator;
import io.jobscale.autoscaler.actuator.JobCounts;
import io.jobscale.autoscaler.actuator.PartialScaleException;
import io.jobscale.autoscaler.actuator.ReplicaActuator;
import io.jobscale.autoscaler.actuator.Replicas;
import io.jobscale.autoscaler.config.AutoscalerConfig;
import io.jobscale.autoscaler.config.ScaledJobSpec;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.autoscaler.decision.ScaledJobDecider;
import io.jobscale.autoscaler.decision.ScaledJobDecision;
import io.jobscale.autoscaler.decision.ScaledObjectDecider;
import io.jobscale.autoscaler.decision.ScaledObjectDecision;
import io.jobscale.autoscaler.decision.ScaledObjectState;
import io.jobscale.autoscaler.decision.TriggerResult;
import io.jobscale.autoscaler.explain.Explain;
import io.jobscale.autoscaler.trigger.Trigger;
import io.jobscale.autoscaler.trigger.TriggerException;
import io.jobscale.autoscaler.trigger.TriggerReading;
import io.jobscale.autoscaler.trigger.Triggers;
import io.jobscale.db.store.DrainMarks;
import io.jobscale.db.store.QueuedJob;
import io.jobscale.db.store.QueuedJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The autoscaler's poll: for each scaled object that is due, read its triggers, decide (pure functions in
 * {@code decision}), act through the actuator, record what changed. Driven by {@link AutoscalerService} in
 * production and by {@link #poll(Instant, boolean)} directly in tests, so no test has to sleep.
 */
public class Autoscaler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);
    /**
     * A wake-up (an enqueue) is followed by one more poll this much later: just over the second after which the
     * whole-second {@code enqueued-latency} of the job that woke us reaches 1 and activates a trigger with the default
     * activation of 0. So the first job into an empty system gets a worker within about 1.2 s with latency triggers
     * too.
     */
    static final Duration WAKE_UP_FOLLOW_UP = Duration.ofMillis(1_100);

    private final List<ObjectEntry> objects = new ArrayList<>();
    private final List<JobEntry> jobs = new ArrayList<>();
    private final ReplicaActuator replicas;
    private final JobActuator jobActuator;
    private final QueuedJobs queuedJobs;
    private final ScalingEventLog events;
    private final ScaleDownDrains drains;
    private final Map<String, List<String>> warnings = new ConcurrentHashMap<>();
    /** The last error of each failing trigger, so it is logged once per change (polls are synchronized). */
    private final Map<Trigger, String> triggerErrors = new IdentityHashMap<>();
    private BooleanSupplier stillLeader = () -> true;

    private static final class ObjectEntry {
        final ScaledObjectSpec spec;
        final List<Trigger> triggers;
        ScaledObjectState state;
        Instant nextPoll = Instant.MIN;
        boolean takenOver;
        volatile ScaledObjectStatus status;
        /** Why it stays where the last poll left it (null before the first poll that read the target). */
        volatile Explain.Explanation explanation;

        ObjectEntry(ScaledObjectSpec spec, List<Trigger> triggers, Instant now) {
            this.spec = spec;
            this.triggers = triggers;
            this.state = ScaledObjectState.createdAt(now, triggers.size());
        }
    }

    private static final class JobEntry {
        final ScaledJobSpec spec;
        final List<Trigger> triggers;
        Instant nextPoll = Instant.MIN;
        volatile ScaledObjectStatus status;

        JobEntry(ScaledJobSpec spec, List<Trigger> triggers) {
            this.spec = spec;
            this.triggers = triggers;
        }
    }

    public Autoscaler(AutoscalerConfig config, Triggers triggers, ReplicaActuator replicas, JobActuator jobActuator,
                      QueuedJobs queuedJobs, ScalingEventLog events, Clock clock) {
        this(config, triggers::create, replicas, jobActuator, queuedJobs, events, clock);
    }

    /** {@code triggers} creates the trigger of a spec; tests pass fakes whose values they set. */
    public Autoscaler(AutoscalerConfig config, Function<TriggerSpec, Trigger> triggers, ReplicaActuator replicas,
                      JobActuator jobActuator, QueuedJobs queuedJobs, ScalingEventLog events, Clock clock) {
        this(config, triggers, replicas, jobActuator, queuedJobs, events, null, clock);
    }

    /**
     * @param drainMarks where scale-downs mark the workers they drain first (ScaledObjects with a drain-timeout
     *                   annotation); null: no drains, every scale-down at once
     */
    public Autoscaler(AutoscalerConfig config, Function<TriggerSpec, Trigger> triggers, ReplicaActuator replicas,
                      JobActuator jobActuator, QueuedJobs queuedJobs, ScalingEventLog events, DrainMarks drainMarks,
                      Clock clock) {
        this.replicas = replicas;
        this.drains = new ScaleDownDrains(replicas, drainMarks);
        this.jobActuator = jobActuator;
        this.queuedJobs = queuedJobs;
        this.events = events;
        Instant now = clock.instant();
        for (ScaledObjectSpec spec : config.scaledObjects()) {
            objects.add(new ObjectEntry(spec, spec.triggers().stream().map(triggers).toList(), now));
        }
        for (ScaledJobSpec spec : config.scaledJobs()) {
            jobs.add(new JobEntry(spec, spec.triggers().stream().map(triggers).toList()));
        }
    }

    /** Polls the scaled objects that are due (all of them when {@code all}, e.g. after an enqueue notification). */
    public void poll(Instant now, boolean all) {
        poll(now, all, () -> true);
    }

    /**
     * As {@link #poll(Instant, boolean)}, acting only while {@code stillLeader} confirms, right before each actuation,
     * that this process may act.
     */
    public synchronized void poll(Instant now, boolean all, BooleanSupplier stillLeader) {
        this.stillLeader = stillLeader;
        for (ObjectEntry entry : objects) {
            if (all || !now.isBefore(entry.nextPoll)) {
                entry.nextPoll = followUp(now, all, entry.spec.pollingInterval());
                pollObject(entry, now);
            }
        }
        for (JobEntry entry : jobs) {
            if (all || !now.isBefore(entry.nextPoll)) {
                entry.nextPoll = followUp(now, all, entry.spec.pollingInterval());
                pollJob(entry, now);
            }
        }
    }

    /**
     * When the next poll is due. After a wake-up, {@link #WAKE_UP_FOLLOW_UP} later at the latest: the job that woke us
     * was enqueued a moment ago, so an {@code enqueued-latency} trigger (whole seconds) still reads 0 now and becomes
     * active only a second later; without the follow-up the first worker would wait for the polling interval.
     */
    private static Instant followUp(Instant now, boolean wokenUp, int pollingInterval) {
        Instant regular = now.plusSeconds(pollingInterval);
        Instant followUp = now.plus(WAKE_UP_FOLLOW_UP);
        return wokenUp && followUp.isBefore(regular) ? followUp : regular;
    }

    /**
     * This process has just become the leader (or became it again: another may have acted meanwhile): poll everything
     * at once, and start each ScaledObject's history from the target's current replicas ({@link LeaderTakeover}).
     */
    public synchronized void takeOver() {
        for (ObjectEntry entry : objects) {
            entry.takenOver = true;
            entry.nextPoll = Instant.MIN;
        }
        for (JobEntry entry : jobs) entry.nextPoll = Instant.MIN;
        drains.reset();
    }

    /** The earliest time a scaled object is due. */
    public synchronized Instant nextPoll() {
        Instant next = Instant.MAX;
        for (ObjectEntry e : objects) if (e.nextPoll.isBefore(next)) next = e.nextPoll;
        for (JobEntry e : jobs) if (e.nextPoll.isBefore(next)) next = e.nextPoll;
        return next;
    }

    private void pollObject(ObjectEntry entry, Instant now) {
        ScaledObjectSpec spec = entry.spec;
        List<TriggerResult> results = read("ScaledObject " + spec.name(), entry.triggers);
        Replicas current;
        try {
            current = replicas.current(spec.target());
        } catch (ActuatorException e) {
            entry.status = status(entry, null, null, false, now, "cannot read the target", results, e.getMessage());
            LOG.warn("ScaledObject {}: cannot read {}: {}", spec.name(), spec.target().name(), e.getMessage());
            return;
        }
        int before = current.desired();
        if (entry.takenOver) {
            entry.state = LeaderTakeover.seed(entry.state, before, now);
            entry.takenOver = false;
        }
        ScaledObjectDecision decision =
                ScaledObjectDecider.decide(spec, entry.state, before, current.ready(), results, now);
        // Every bound is the decider's: what it decided is what is applied and recorded, as explain and simulate show.
        int wanted = decision.desiredReplicas();
        if (wanted != before && !stillLeader.getAsBoolean()) {
            LOG.warn("ScaledObject {}: not scaling {}→{}: this process is no longer the autoscaler leader",
                    spec.name(), before, wanted);
            return;
        }
        int applied = before;
        String error = null;
        String drainNote = "";
        try {
            ScaleDownDrains.Step step = drains.plan(spec, before, wanted, now, reason -> record(
                    new ScalingEvent(0, now, spec.name(), "ScaledObject", before, before, null, decision.active(),
                            readings(results), reason)));
            drainNote = step.note();
            if (step.scaleNow() && step.replicas() != before) {
                applied = step.removing().isEmpty() ? replicas.scaleTo(spec.target(), step.replicas())
                        : replicas.scaleToRemoving(spec.target(), step.replicas(), step.removing());
                drains.scaled(spec.name());
            }
        } catch (PartialScaleException e) {
            applied = e.applied();
            error = e.getMessage();
        } catch (ActuatorException | SQLException e) {
            error = e.getMessage();
        }
        if (error != null) {
            LOG.warn("ScaledObject {}: scaling to {} failed, will retry next poll: {}", spec.name(), wanted, error);
        }
        // Remembered after the call, with what it changed: a failed call leaves no scale event behind to rate-limit
        // its retry, and a partial one counts only what it did.
        entry.state = AppliedScale.remember(decision, now, before, applied);
        if (applied != before) {
            String reason = applied == wanted ? decision.reason()
                    : decision.reason() + "; applied " + applied + (error != null ? " (" + error + ")" : "");
            if (!drainNote.isEmpty()) reason += "; " + drainNote;
            LOG.info("ScaledObject {}: {}", spec.name(), reason);
            record(new ScalingEvent(0, now, spec.name(), "ScaledObject", before, applied, null, decision.active(),
                    readings(results), reason));
        }
        String reason = drainNote.isEmpty() || applied != before ? decision.reason()
                : decision.reason() + "; " + drainNote;
        entry.status = status(entry, before, decision.desiredReplicas(), decision.active(), now, reason, results,
                error);
        // Asked again after acting, the decision says what holds the target where it now is ("why not scaling").
        entry.explanation = Explain.scaledObject(spec, entry.state, applied, Math.min(current.ready(), applied),
                results, now);
    }

    private void pollJob(JobEntry entry, Instant now) {
        ScaledJobSpec spec = entry.spec;
        List<TriggerResult> results = read("ScaledJob " + spec.name(), entry.triggers);
        String error = null;
        ScaledJobDecision decision;
        int running = 0;
        int created = 0;
        try {
            JobCounts counts = jobActuator.count(spec.name());
            running = counts.running();
            decision = ScaledJobDecider.decide(spec, counts.running(), counts.pending(), results);
            if (decision.jobsToCreate() > 0 && stillLeader.getAsBoolean()) {
                Set<String> inFlight = jobActuator.jobIdsInFlight(spec.name());
                List<QueuedJob> ids = queuedJobs.next(decision.jobsToCreate(), inFlight);
                try {
                    created = jobActuator.launch(spec.name(), spec.jobTargetRef(), ids);
                } catch (PartialScaleException e) {
                    created = e.applied();   // those Jobs run: recorded below, the error shown after
                    error = e.getMessage();
                }
                if (created > 0) {
                    LOG.info("ScaledJob {}: {} (launched {})", spec.name(), decision.reason(), created);
                    record(new ScalingEvent(0, now, spec.name(), "ScaledJob", running, running + created, created,
                            decision.active(), readings(results), decision.reason()
                            + (created != decision.jobsToCreate() ? "; launched " + created : "")));
                }
                if (error != null) LOG.warn("ScaledJob {}: {}", spec.name(), error);
            } else if (decision.jobsToCreate() > 0) {
                LOG.warn("ScaledJob {}: not launching {}: this process is no longer the autoscaler leader",
                        spec.name(), decision.jobsToCreate());
            }
            jobActuator.pruneHistory(spec.name(), spec.successfulJobsHistoryLimit(), spec.failedJobsHistoryLimit());
        } catch (ActuatorException | SQLException e) {
            error = e.getMessage();
            decision = new ScaledJobDecision(0, false, "cannot act: " + e.getMessage());
            LOG.warn("ScaledJob {}: {}", spec.name(), e.getMessage());
        }
        entry.status = new ScaledObjectStatus(spec.name(), "ScaledJob", null, spec.minReplicaCount(),
                spec.maxReplicaCount(), spec.pollingInterval(), running, running + created, decision.active(), now,
                decision.reason(), readings(results), error, List.of());
    }

    private List<TriggerResult> read(String owner, List<Trigger> triggers) {
        List<TriggerResult> results = new ArrayList<>();
        for (Trigger trigger : triggers) {
            String error = null;
            try {
                TriggerReading reading = trigger.read();
                results.add(TriggerResult.of(trigger.metricName(), trigger.metricType(), trigger.targetValue(),
                        trigger.activationTargetValue(), reading.value()));
            } catch (TriggerException | RuntimeException e) {
                error = String.valueOf(e.getMessage());
                results.add(TriggerResult.failed(trigger.metricName(), trigger.metricType(), trigger.targetValue(),
                        trigger.activationTargetValue(), e.getMessage()));
            }
            logOnChange(owner, trigger, error);
        }
        return results;
    }

    /** A trigger's error is logged when it appears or changes, and its recovery once; not at every poll. */
    private void logOnChange(String owner, Trigger trigger, String error) {
        String before = triggerErrors.get(trigger);
        if (Objects.equals(before, error)) return;
        if (error != null) {
            triggerErrors.put(trigger, error);
            LOG.warn("{}: trigger {}: {}", owner, trigger.metricName(), error);
        } else {
            triggerErrors.remove(trigger);
            LOG.info("{}: trigger {} reads again", owner, trigger.metricName());
        }
    }

    private ScaledObjectStatus status(ObjectEntry entry, Integer current, Integer desired, boolean active,
                                      Instant now, String reason, List<TriggerResult> results, String error) {
        ScaledObjectSpec spec = entry.spec;
        return new ScaledObjectStatus(spec.name(), "ScaledObject", spec.target().kind() + "/" + spec.target().name(),
                spec.minReplicaCount(), spec.maxReplicaCount(), spec.pollingInterval(), current, desired, active, now,
                reason, readings(results), error, List.of());
    }

    private static List<ScalingEvent.Reading> readings(List<TriggerResult> results) {
        return results.stream().map(r -> new ScalingEvent.Reading(r.metric(),
                r.value().isPresent() ? r.value().getAsDouble() : null, r.target(), r.active(), r.error())).toList();
    }

    private void record(ScalingEvent event) {
        try {
            events.record(event);
        } catch (SQLException e) {
            LOG.warn("Cannot record scaling event of {}: {}", event.scaledObject(), e.getMessage());
        }
    }

    /** Adds a standing warning shown with the scaled object (e.g. by the Kubernetes grace-period check). */
    public void warn(String scaledObject, String warning) {
        warnings.computeIfAbsent(scaledObject, k -> new CopyOnWriteArrayList<>()).add(warning);
        LOG.warn("{}: {}", scaledObject, warning);
    }

    /**
     * Why the ScaledObject {@code name} stays where the last poll left it, from that poll's readings; empty for an
     * unknown name, a ScaledJob, or before the first poll.
     */
    public Optional<Explain.Explanation> explanation(String name) {
        return objects.stream().filter(e -> e.spec.name().equals(name)).findFirst()
                .map(e -> e.explanation);
    }

    /** Whether {@code name} is a ScaledObject of this config. */
    public boolean hasScaledObject(String name) {
        return objects.stream().anyMatch(e -> e.spec.name().equals(name));
    }

    /** The latest status of every scaled object, in config order (null status before the first poll is skipped). */
    public List<ScaledObjectStatus> status() {
        List<ScaledObjectStatus> all = new ArrayList<>();
        for (ObjectEntry e : objects) if (e.status != null) all.add(withCurrentWarnings(e.status));
        for (JobEntry e : jobs) if (e.status != null) all.add(withCurrentWarnings(e.status));
        return all;
    }

    private ScaledObjectStatus withCurrentWarnings(ScaledObjectStatus s) {
        return new ScaledObjectStatus(s.name(), s.kind(), s.target(), s.minReplicaCount(), s.maxReplicaCount(),
                s.pollingInterval(), s.currentReplicas(), s.desiredReplicas(), s.active(), s.lastPoll(), s.reason(),
                s.triggers(), s.error(), List.copyOf(warnings.getOrDefault(s.name(), List.of())));
    }

    @Override
    public void close() {
        objects.forEach(e -> e.triggers.forEach(Trigger::close));
        jobs.forEach(e -> e.triggers.forEach(Trigger::close));
    }
}
