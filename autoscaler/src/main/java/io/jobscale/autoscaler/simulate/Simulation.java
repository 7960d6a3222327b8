package io.jobscale.autoscaler.simulate;

import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.autoscaler.decision.ScaledObjectDecider;
import io.jobscale.autoscaler.decision.ScaledObjectDecision;
import io.jobscale.autoscaler.decision.ScaledObjectState;
import io.jobscale.autoscaler.decision.TriggerResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Replays a trace against a ScaledObject with a virtual clock, through the same decision code the autoscaler runs.
 * The model, one second per step: pods become ready {@code podStartup} after they are started; each has
 * {@code workersPerPod} workers that take the most urgent due job at once; a pod removed by a scale-down takes no new
 * job and goes away when its running jobs are done (graceful stop); idle pods are removed first. The {@code jobscale}
 * trigger metrics are computed from this state exactly as the metrics API defines them.
 */
public final class Simulation {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long MAX_SECONDS = Duration.ofDays(3).toSeconds();

    private final ScaledObjectSpec spec;
    private final int workersPerPod;
    private final long podStartupSeconds;

    public Simulation(ScaledObjectSpec spec, int workersPerPod, Duration podStartup) {
        for (TriggerSpec t : spec.triggers()) {
            if (!t.type().equals("jobscale")) {
                throw new IllegalArgumentException("simulate supports jobscale triggers only, not " + t.type());
            }
        }
        this.spec = spec;
        this.workersPerPod = workersPerPod;
        this.podStartupSeconds = podStartup.toSeconds();
    }

    private static final class Job {
        final long due;
        final long duration;
        final int priority;

        Job(long due, long duration, int priority) {
            this.due = due;
            this.duration = duration;
            this.priority = priority;
        }
    }

    private static final class Pod {
        final long readyAt;
        final List<long[]> running = new ArrayList<>();   // end times
        boolean stopping;

        Pod(long readyAt) {
            this.readyAt = readyAt;
        }
    }

    public SimulationResult run(Trace trace) {
        List<Job> future = new ArrayList<>();
        for (Trace.Batch b : trace.batches()) {
            long durationSeconds = Math.max(1, (b.durationMillis() + 999) / 1000);
            for (int i = 0; i < b.count(); i++) {
                future.add(new Job(b.atSeconds() + b.scheduledInSeconds(), durationSeconds, b.priority()));
            }
        }
        future.sort(Comparator.comparingLong(j -> j.due));
        long lastArrival = future.isEmpty() ? 0 : future.get(future.size() - 1).due;
        List<long[]> scheduledBatches = new ArrayList<>();   // (created, due) for scheduled-count
        for (Trace.Batch b : trace.batches()) {
            if (b.scheduledInSeconds() > 0) {
                scheduledBatches.add(new long[]{b.atSeconds(), b.atSeconds() + b.scheduledInSeconds(), b.count(),
                        b.priority()});
            }
        }
        PriorityQueue<Job> queue =
                new PriorityQueue<>(Comparator.<Job>comparingInt(j -> j.priority).thenComparingLong(j -> j.due));
        List<Pod> pods = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        ScaledObjectState state = ScaledObjectState.createdAt(T0, spec.triggers().size());
        long podSeconds = 0;
        int maxReplicas = 0;
        int nextFuture = 0;
        long t = 0;
        for (; t < MAX_SECONDS; t++) {
            while (nextFuture < future.size() && future.get(nextFuture).due <= t) queue.add(future.get(nextFuture++));
            final long now = t;
            for (Pod pod : pods) pod.running.removeIf(end -> end[0] <= now);
            pods.removeIf(p -> p.stopping && p.running.isEmpty());
            for (Pod pod : pods) {
                if (pod.stopping || pod.readyAt > t) continue;
                while (pod.running.size() < workersPerPod && !queue.isEmpty()) {
                    Job job = queue.poll();
                    latencies.add(t - job.due);
                    pod.running.add(new long[]{t + job.duration});
                }
            }
            if (t % spec.pollingInterval() == 0) {
                int current = (int) pods.stream().filter(p -> !p.stopping).count();
                int ready = (int) pods.stream().filter(p -> !p.stopping && p.readyAt <= now).count();
                List<TriggerResult> results = readings(t, pods, queue, scheduledBatches);
                ScaledObjectDecision decision =
                        ScaledObjectDecider.decide(spec, state, current, ready, results, T0.plusSeconds(t));
                state = decision.state();
                scale(pods, current, decision.desiredReplicas(), t);
            }
            podSeconds += pods.size();
            maxReplicas = Math.max(maxReplicas, (int) pods.stream().filter(p -> !p.stopping).count());
            if (t > lastArrival && nextFuture == future.size() && queue.isEmpty() && pods.isEmpty()) break;
        }
        latencies.sort(Long::compare);
        return new SimulationResult(podSeconds, percentile(latencies, 0.5), percentile(latencies, 0.95),
                latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1), maxReplicas, latencies.size(), t);
    }

    private void scale(List<Pod> pods, int current, int desired, long t) {
        for (int i = current; i < desired; i++) pods.add(new Pod(t + podStartupSeconds));
        if (desired < current) {
            List<Pod> active = new ArrayList<>(pods.stream().filter(p -> !p.stopping).toList());
            active.sort(Comparator.comparingInt((Pod p) -> p.running.size()).thenComparing(p -> -p.readyAt));
            for (Iterator<Pod> it = active.iterator(); it.hasNext() && current > desired; current--) {
                it.next().stopping = true;
            }
        }
    }

    private List<TriggerResult> readings(long t, List<Pod> pods, PriorityQueue<Job> queue,
                                         List<long[]> scheduledBatches) {
        List<TriggerResult> results = new ArrayList<>();
        for (TriggerSpec trigger : spec.triggers()) {
            String metric = trigger.metadata().getOrDefault("metric", "");
            Integer priority = trigger.metadata().containsKey("priority")
                    ? Integer.valueOf(trigger.metadata().get("priority")) : null;
            double target = Double.parseDouble(trigger.metadata().get("targetValue"));
            double activation = Double.parseDouble(trigger.metadata().getOrDefault("activationTargetValue", "0"));
            double value = switch (metric) {
                case "workers-usage" -> {
                    int total = (int) pods.stream().filter(p -> p.readyAt <= t).count() * workersPerPod;
                    int busy = pods.stream().mapToInt(p -> p.running.size()).sum();
                    yield total == 0 ? 0 : (double) busy / total;
                }
                case "enqueued-count" -> queue.stream().filter(j -> priority == null || j.priority == priority).count();
                case "enqueued-latency" -> queue.stream().filter(j -> priority == null || j.priority == priority)
                        .mapToLong(j -> t - j.due).max().orElse(0);
                case "scheduled-count" -> {
                    long window = Duration.parse(trigger.metadata().getOrDefault("scheduledIn", "PT1M")).toSeconds();
                    yield scheduledBatches.stream()
                            .filter(b -> b[0] <= t && b[1] > t && b[1] <= t + window
                                    && (priority == null || b[3] == priority))
                            .mapToLong(b -> b[2]).sum();
                }
                default -> throw new IllegalArgumentException("unknown jobscale metric " + metric);
            };
            results.add(TriggerResult.of(metric, trigger.metricType(), target, activation, value));
        }
        return results;
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) return 0;
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
}
