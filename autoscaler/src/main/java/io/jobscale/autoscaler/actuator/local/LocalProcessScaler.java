package io.jobscale.autoscaler.actuator.local;

import io.jobscale.autoscaler.actuator.ActuatorException;
import io.jobscale.autoscaler.actuator.DrainingWorker;
import io.jobscale.autoscaler.actuator.PartialScaleException;
import io.jobscale.autoscaler.actuator.ReplicaActuator;
import io.jobscale.autoscaler.actuator.Replicas;
import io.jobscale.autoscaler.actuator.ScaleTarget;
import io.jobscale.db.store.ServerLoad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
 *
 * <p>Each process gets a name of its own, {@code <target>-<n>}, as its {@code HOSTNAME}: its server is then named
 * {@code <target>-<n>/<pid>} like a pod's, which is what a drain-first scale-down marks.
 */
public class LocalProcessScaler implements ReplicaActuator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessScaler.class);
    /** Where a worker takes the host part of its server name from (as a pod's HOSTNAME is its name). */
    static final String HOSTNAME = "HOSTNAME";

    private final ProcessLauncher launcher;
    private final Supplier<List<ServerLoad>> serverLoads;
    private final Duration stopAwait;
    private final Map<String, List<Process>> running = new ConcurrentHashMap<>();
    private final Set<Process> stopping = ConcurrentHashMap.newKeySet();
    /** Each running process's worker name (its HOSTNAME). */
    private final Map<Process, String> names = new ConcurrentHashMap<>();
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
        names.keySet().removeIf(p -> !p.isAlive());
        return new Replicas(group.size(), group.size());
    }

    @Override
    public synchronized int scaleTo(ScaleTarget target, int replicas) throws ActuatorException {
        return scaleToRemoving(target, replicas, List.of());
    }

    @Override
    public synchronized int scaleToRemoving(ScaleTarget target, int replicas, List<String> drained)
            throws ActuatorException {
        List<Process> group = group(target);
        group.removeIf(p -> !p.isAlive());
        int before = group.size();
        while (group.size() < replicas) {
            try {
                String name = target.name() + "-" + (++started);
                Process process = launcher.start(name, Map.of(HOSTNAME, name));
                names.put(process, name);
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
            List<Process> victims = removalOrder(group, occupiedByPid, Set.copyOf(drained));
            for (Process victim : victims.subList(0, group.size() - replicas)) {
                group.remove(victim);
                names.remove(victim);
                stopping.add(victim);
                victim.destroy();   // SIGTERM: graceful stop
                LOG.info("Stopping worker process {} of {} ({} busy workers)", victim.pid(), target.name(),
                        occupiedByPid.getOrDefault(victim.pid(), 0));
            }
        }
        return group.size();
    }

    /** The processes a scale-down to {@code replicas} stops, by worker name, in the order it stops them. */
    @Override
    public synchronized List<String> workersToRemove(ScaleTarget target, int replicas) {
        List<Process> group = group(target);
        group.removeIf(p -> !p.isAlive());
        if (group.size() <= replicas) return List.of();
        return removalOrder(group, occupiedByPid(), Set.of()).subList(0, group.size() - replicas).stream()
                .map(names::get).toList();
    }

    /** A process that has exited (or is being stopped) is gone; a running one is as its server reports it. */
    @Override
    public synchronized List<DrainingWorker> drainProgress(ScaleTarget target, List<String> workers) {
        Set<String> running = new HashSet<>();
        for (Process process : group(target)) {
            if (process.isAlive() && names.containsKey(process)) running.add(names.get(process));
        }
        List<ServerLoad> servers = serverLoads.get();
        return workers.stream()
                .map(w -> running.contains(w) ? DrainingWorker.of(w, servers) : DrainingWorker.gone(w)).toList();
    }

    /**
     * Drained processes first, then idle ones, then the newest: the ReplicaSet's order when pod-deletion-cost is set
     * from occupancy (and lowest for drained pods).
     */
    private List<Process> removalOrder(List<Process> group, Map<Long, Integer> occupiedByPid, Set<String> drained) {
        List<Process> order = new ArrayList<>(group);
        order.sort(Comparator.<Process, Boolean>comparing(p -> !drained.contains(names.get(p)))
                .thenComparingInt(p -> occupiedByPid.getOrDefault(p.pid(), 0))
                .thenComparing(Comparator.comparingLong(Process::pid).reversed()));
        return order;
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
        names.clear();
        all.forEach(Process::destroy);
        long deadline = System.nanoTime() + stopAwait.plusSeconds(10).toNanos();
        for (Process process : all) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("Worker process {} did not stop within {}; killing it", process.pid(),
                            stopAwait.plusSeconds(10));
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
