package io.jobscale.clustersim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.jobscale.clustersim.Manifests.list;
import static io.jobscale.clustersim.Manifests.map;

/**
 * The kubelet of the one node: runs each pod's first container as a real local process ({@link PodProcess}) with the
 * environment the pod would get ({@link PodEnvironment}), reports phase Pending → Running → Succeeded/Failed (restart
 * policy {@code Always} restarts the process instead, counting restarts), readiness from the container's
 * {@code readinessProbe} HTTP GET, and stops the process of a deleted pod with SIGTERM, then SIGKILL after the pod's
 * {@code terminationGracePeriodSeconds}.
 *
 * <p>Pods share this machine's network, so each container port gets a free port here, handed to the process through
 * the setting that chooses it ({@code portSettings}); probes go to that port.
 */
final class Kubelet implements AutoCloseable {

    /** Kubernetes' default {@code terminationGracePeriodSeconds}. */
    static final long DEFAULT_GRACE_SECONDS = 30;
    /** Kubernetes' default probe {@code periodSeconds}. */
    static final long DEFAULT_PROBE_PERIOD_SECONDS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final Manifests manifests;
    private final ContainerImage image;
    private final String imageName;
    private final Path podsDir;
    private final Map<Integer, String> portSettings;
    private final Map<String, String> apiAccess;
    private final Clock clock;
    private final ClusterLog log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<String, RunningPod> running = new ConcurrentHashMap<>();
    private final ExecutorService terminations = Executors.newCachedThreadPool();
    private final Set<String> unfinishedTerminations = ConcurrentHashMap.newKeySet();
    private final AtomicInteger forcedKills = new AtomicInteger();
    /** Each pod's process exit code once it exited, on its own or after a deletion (SIGTERM). */
    private final Map<String, Integer> exitCodes = new ConcurrentHashMap<>();

    /**
     * @param imageName    the image this checkout's launcher stands for ({@code jobscale/jobscale}, any tag)
     * @param portSettings container port → the setting that makes the process listen on another port
     * @param apiAccess    what a pod with a service account gets to reach the API server
     */
    Kubelet(KubernetesClient client, Manifests manifests, ContainerImage image, String imageName, Path podsDir,
            Map<Integer, String> portSettings, Map<String, String> apiAccess, Clock clock, ClusterLog log) {
        this.client = client;
        this.manifests = manifests;
        this.image = image;
        this.imageName = imageName;
        this.podsDir = podsDir;
        this.portSettings = portSettings;
        this.apiAccess = apiAccess;
        this.clock = clock;
        this.log = log;
    }

    private static final class RunningPod {
        final String name;
        final Map<String, Object> podSpec;
        final Map<String, Object> container;
        final Map<Integer, Integer> hostPorts;
        PodProcess process;
        int restarts;
        boolean ready;
        Instant nextProbe;

        RunningPod(String name, Map<String, Object> podSpec, Map<String, Object> container,
                   Map<Integer, Integer> hostPorts) {
            this.name = name;
            this.podSpec = podSpec;
            this.container = container;
            this.hostPorts = hostPorts;
        }
    }

    void sync() {
        List<Pod> pods = client.pods().list().getItems();
        Set<String> present = pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        for (String name : Set.copyOf(running.keySet())) {
            if (!present.contains(name)) terminate(running.remove(name));
        }
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            RunningPod known = running.get(name);
            if (known == null) {
                if (Pods.phase(pod).equals("Pending")) start(pod);
            } else {
                check(pod, known);
            }
        }
    }

    /** The host port a container port of a running pod listens on. */
    int hostPort(String podName, int containerPort) {
        RunningPod pod = running.get(podName);
        Integer port = pod == null ? null : pod.hostPorts.get(containerPort);
        if (port == null) throw new IllegalArgumentException("pod " + podName + " does not run port " + containerPort);
        return port;
    }

    /** Processes that were still running when their grace period ended and were killed. */
    int forcedKills() {
        return forcedKills.get();
    }

    /** Pod name → its process's exit code, for the pods whose process has exited. */
    Map<String, Integer> exitCodes() {
        return Map.copyOf(exitCodes);
    }

    @SuppressWarnings("unchecked")
    private void start(Pod pod) {
        String name = pod.getMetadata().getName();
        Map<String, Object> podSpec = JSON.convertValue(pod.getSpec(), Map.class);
        Map<String, Object> container = map(list(podSpec.get("containers")).get(0));
        String ref = String.valueOf(container.get("image"));
        if (!ref.equals(imageName) && !ref.startsWith(imageName + ":") && !ref.startsWith(imageName + "@")) {
            log.event(name, "stays Pending: image " + ref + " is not modelled");
            running.put(name, new RunningPod(name, podSpec, container, Map.of()));
            return;
        }
        Map<Integer, Integer> hostPorts = new HashMap<>();
        for (Object item : list(container.get("ports"))) {
            int containerPort = ((Number) map(item).get("containerPort")).intValue();
            if (portSettings.containsKey(containerPort)) hostPorts.put(containerPort, freePort());
        }
        RunningPod runningPod = new RunningPod(name, podSpec, container, hostPorts);
        runningPod.process = start(runningPod);
        runningPod.nextProbe = clock.instant();
        running.put(name, runningPod);
        log.event(name, "started process " + runningPod.process.process().pid() + " " + image.commandLine(container));
        updateStatus(name, "Running", null, runningPod);
    }

    private void check(Pod pod, RunningPod known) {
        if (known.process == null || Pods.finished(pod)) return;
        Process process = known.process.process();
        if (!process.isAlive()) {
            int exitCode = process.exitValue();
            String policy = String.valueOf(known.podSpec.getOrDefault("restartPolicy", "Always"));
            if (policy.equals("Always") || policy.equals("OnFailure") && exitCode != 0) {
                log.event(known.name, "process exited " + exitCode + ", restarting (" + policy + ")");
                known.restarts++;
                known.ready = false;
                known.process = start(known);
                updateStatus(known.name, "Running", null, known);
            } else {
                exitCodes.put(known.name, exitCode);
                log.event(known.name, "process exited " + exitCode);
                updateStatus(known.name, exitCode == 0 ? "Succeeded" : "Failed", exitCode, known);
            }
            return;
        }
        Map<String, Object> probe = map(known.container.get("readinessProbe"));
        boolean ready = known.ready;
        if (probe.isEmpty()) {
            ready = true;
        } else if (!clock.instant().isBefore(known.nextProbe)) {
            long period = ((Number) probe.getOrDefault("periodSeconds", DEFAULT_PROBE_PERIOD_SECONDS)).longValue();
            known.nextProbe = clock.instant().plusSeconds(period);
            ready = probe(known, map(probe.get("httpGet")));
        }
        if (ready != known.ready) {
            known.ready = ready;
            log.event(known.name, ready ? "ready" : "not ready");
            updateStatus(known.name, "Running", null, known);
        }
    }

    /**
     * Starts the pod's process with the environment its container gets (the host ports in place of the container
     * ports) and, for a pod with a service account, the way to the API server.
     */
    private PodProcess start(RunningPod pod) {
        Map<String, String> env = new LinkedHashMap<>(new PodEnvironment(manifests, image.env(),
                client.getNamespace(), true).of(pod.podSpec, pod.container, pod.name));
        pod.hostPorts.forEach((containerPort, hostPort) ->
                env.put(portSettings.get(containerPort), Integer.toString(hostPort)));
        Map<String, String> hostEnv = pod.podSpec.get("serviceAccountName") != null ? apiAccess : Map.of();
        return PodProcess.start(podsDir, image, manifests, pod.podSpec, pod.container, pod.name, env, hostEnv);
    }

    private boolean probe(RunningPod pod, Map<String, Object> httpGet) {
        if (httpGet.isEmpty()) return true;   // exec and tcpSocket probes are not modelled: taken as passing
        Object port = httpGet.get("port");
        if (port instanceof Map<?, ?> intOrString) {   // fabric8's IntOrString, as read back from the API
            port = intOrString.get("intVal") != null ? intOrString.get("intVal") : intOrString.get("strVal");
        }
        int containerPort = port instanceof Number n ? n.intValue() : namedPort(pod.container, String.valueOf(port));
        Integer hostPort = pod.hostPorts.get(containerPort);
        if (hostPort == null) return false;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort
                    + httpGet.getOrDefault("path", "/"))).timeout(Duration.ofSeconds(1)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 400;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int namedPort(Map<String, Object> container, String name) {
        return list(container.get("ports")).stream().map(Manifests::map).filter(p -> name.equals(p.get("name")))
                .map(p -> ((Number) p.get("containerPort")).intValue()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no container port named " + name));
    }

    private void updateStatus(String name, String phase, Integer exitCode, RunningPod pod) {
        var state = exitCode == null
                ? new ContainerStateBuilder().withNewRunning().withStartedAt(Pods.timestamp(clock)).endRunning().build()
                : new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                        .withFinishedAt(Pods.timestamp(clock)).endTerminated().build();
        try {
            client.pods().withName(name).editStatus(p -> {
                p.getStatus().setPhase(phase);
                p.getStatus().setPodIP("127.0.0.1");
                p.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready")
                        .withStatus(pod.ready && exitCode == null ? "True" : "False")
                        .withLastTransitionTime(Pods.timestamp(clock)).build()));
                p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder()
                        .withName(String.valueOf(pod.container.get("name"))).withReady(pod.ready)
                        .withRestartCount(pod.restarts).withState(state).build()));
                return p;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) throw e;   // deleted meanwhile: the next sync stops it
        }
    }

    private void terminate(RunningPod pod) {
        if (pod.process == null) return;
        long grace = ((Number) pod.podSpec.getOrDefault("terminationGracePeriodSeconds", DEFAULT_GRACE_SECONDS))
                .longValue();
        unfinishedTerminations.add(pod.name);
        log.event(pod.name, "deleted: SIGTERM, SIGKILL after " + grace + " s");
        terminations.submit(() -> {
            try {
                boolean exited = pod.process.stop(Duration.ofSeconds(grace));
                if (!exited) forcedKills.incrementAndGet();
                else exitCodes.put(pod.name, pod.process.process().exitValue());
                log.event(pod.name, exited ? "process exited " + pod.process.process().exitValue()
                        : "killed after the grace period");
            } catch (InterruptedException e) {
                pod.process.process().destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                unfinishedTerminations.remove(pod.name);
            }
        });
    }

    /** Pods still being stopped after their deletion. */
    int terminating() {
        return unfinishedTerminations.size();
    }

    /** Stops every process, as deleting every pod would, and waits for them. */
    @Override
    public void close() {
        for (String name : Set.copyOf(running.keySet())) terminate(running.remove(name));
        terminations.shutdown();
        try {
            if (!terminations.awaitTermination(3, TimeUnit.MINUTES)) terminations.shutdownNow();
        } catch (InterruptedException e) {
            terminations.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
