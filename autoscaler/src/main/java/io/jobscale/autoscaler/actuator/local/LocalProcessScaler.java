package io.jobscale.autoscaler.actuator.local;

import io.jobscale.autoscaler.actuator.ActuatorException;
import io.jobscale.autoscaler.actuator.PartialScaleException;
import io.jobscale.autoscaler.actuator.ReplicaActuator;
import io.jobscale.autoscaler.actuator.Replicas;
import io.jobscale.autoscaler.actuator.ScaleTarget;
import io.jobscale.metrics.ServerLoad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Scales a named group of worker processes on this machine, the way a ReplicaSet scales pods: start = spawn,
 * stop = SIGTERM (the worker's graceful stop finishes or hands back its jobs), idle workers first. A worker that dies
 * on its own is simply gone from the count, and the next poll starts a replacement.
 */
public class LocalProcessScaler implements ReplicaActuator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessScaler.class);

    private final ProcessLauncher launcher;
    private final Supplier<List<ServerLoad>> serverLoads;
    private final Duration stopAwait;
    private final Map<String, List<Process>> running = new ConcurrentHashMap<>();
    private final Set<Process> stopping = ConcurrentHashMap.newKeySet();
    private int started;

    /**
     * @param serverLoads live servers with their occupied workers (matched to processes by the pid in the server name)
     * @param stopAwait   the workers' interrupt-jobs-await-duration-on-stop: how long {@link #close()} lets them finish
     */
    public LocalProcessScaler(ProcessLauncher launcher, Supplier<List<ServerLoad>> serverLoads, Duration stopAwait) {
        this.launcher = launcher;
        this.serverLoads = serverLoads;
        this.stopAwait = stopAwait;
    }

    @Override
    public synchronized Replicas current(ScaleTarget target) {
        List<Process> group = group(target);
        group.removeIf(p -> !p.isAlive());
        stopping.removeIf(p -> !p.isAlive());
        return new Replicas(group.size(), group.size());
    }

    @Override
    public synchronized int scaleTo(ScaleTarget target, int replicas) throws ActuatorException {
        List<Process> group = group(target);
        group.removeIf(p -> !p.isAlive());
        int before = group.size();
        while (group.size() < replicas) {
            try {
                Process process = launcher.start(target.name() + "-" + (++started), Map.of());
                group.add(process);
                LOG.info("Started worker process {} for {}", process.pid(), target.name());
            } catch (IOException e) {
                // The ones already started run and count; the autoscaler asks for the rest on its next poll.
                String message = "cannot start a worker process (" + group.size() + " of " + replicas + " running): "
                        + e.getMessage();
                if (group.size() > before) throw new PartialScaleException(group.size(), message, e);
                throw new ActuatorException(message, e);
            }
        }
        if (group.size() > replicas) {
            Map<Long, Integer> occupiedByPid = occupiedByPid();
            List<Process> victims = new ArrayList<>(group);
            // Idle first, then the newest: the ReplicaSet's order when pod-deletion-cost is set from occupancy.
            victims.sort(Comparator.<Process>comparingInt(p -> occupiedByPid.getOrDefault(p.pid(), 0))
                    .thenComparing(Comparator.comparingLong(Process::pid).reversed()));
            for (Process victim : victims.subList(0, group.size() - replicas)) {
                group.remove(victim);
                stopping.add(victim);
                victim.destroy();   // SIGTERM: graceful stop
                LOG.info("Stopping worker process {} of {} ({} busy workers)", victim.pid(), target.name(), occupiedByPid.getOrDefault(victim.pid(), 0));
            }
        }
        return group.size();
    }

    /** Processes still finishing their graceful stop. */
    public int stoppingCount() {
        stopping.removeIf(p -> !p.isAlive());
        return stopping.size();
    }

    private List<Process> group(ScaleTarget target) {
        return running.computeIfAbsent(target.name(), k -> new ArrayList<>());
    }

    private Map<Long, Integer> occupiedByPid() {
        Map<Long, Integer> occupied = new HashMap<>();
        try {
            for (ServerLoad server : serverLoads.get()) {
                String name = server.name() == null ? "" : server.name();
                String pid = name.substring(name.lastIndexOf('/') + 1);
                if (pid.matches("\\d+")) occupied.merge(Long.parseLong(pid), server.occupiedWorkers(), Integer::sum);
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot read worker occupancy; choosing workers to stop by age only: {}", e.getMessage());
        }
        return occupied;
    }

    /** Stops every worker gracefully, waiting for their await duration plus a margin before forcing. */
    @Override
    public synchronized void close() {
        List<Process> all = new ArrayList<>(stopping);
        running.values().forEach(all::addAll);
        running.clear();
        all.forEach(Process::destroy);
        long deadline = System.nanoTime() + stopAwait.plusSeconds(10).toNanos();
        for (Process process : all) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("Worker process {} did not stop within {}; killing it", process.pid(), stopAwait.plusSeconds(10));
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
