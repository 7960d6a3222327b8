package io.jobscale.clustersim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.jobscale.clustersim.Manifests.list;
import static io.jobscale.clustersim.Manifests.map;

/**
 * One container of a pod as a real local process: the image's launcher from this checkout, the container's command
 * line, and exactly the pod's environment (nothing inherited from the test JVM but {@code PATH} and {@code JAVA_HOME},
 * which the base image provides). Volumes become directories under {@code <podsDir>/<pod>} (ConfigMap and Secret
 * files written out, emptyDirs empty), and environment values that name a mount path are pointed there.
 */
final class PodProcess {

    private final Process process;
    private final Path log;

    private PodProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param podEnv  the container's environment: values naming a mount path are pointed at the pod's directory
     * @param hostEnv what the simulation itself hands the process (the kubeconfig's path on this machine): as is
     */
    static PodProcess start(Path podsDir, ContainerImage image, Manifests manifests, Map<String, Object> podSpec,
                            Map<String, Object> container, String podName, Map<String, String> podEnv,
                            Map<String, String> hostEnv) {
        try {
            Path podDir = Files.createDirectories(podsDir.resolve(podName).toAbsolutePath());
            Map<String, String> mounts = mountVolumes(manifests, podSpec, container, podDir);
            ProcessBuilder builder = new ProcessBuilder(image.commandLine(container));
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", System.getenv("PATH"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            podEnv.forEach((k, v) -> env.put(k, onHost(v, mounts)));
            env.putAll(hostEnv);
            Path log = podDir.resolve(container.get("name") + ".log");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            return new PodProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    Path log() {
        return log;
    }

    /** Stops the process as the kubelet does (SIGTERM) and waits for it. */
    void stop() throws InterruptedException {
        stop(Duration.ofSeconds(90));
    }

    /**
     * SIGTERM, then SIGKILL once {@code gracePeriod} has passed, as the kubelet stops a container; true when the
     * process exited by itself within the grace period.
     */
    boolean stop(Duration gracePeriod) throws InterruptedException {
        process.destroy();
        if (process.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) return true;
        process.destroyForcibly().waitFor();
        return false;
    }

    /** mount path in the container → directory on this machine. */
    private static Map<String, String> mountVolumes(Manifests manifests, Map<String, Object> podSpec,
                                                    Map<String, Object> container, Path podDir) throws IOException {
        Map<String, Map<String, Object>> volumes = new HashMap<>();
        for (Object volume : list(podSpec.get("volumes"))) volumes.put((String) map(volume).get("name"), map(volume));
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object item : list(container.get("volumeMounts"))) {
            Map<String, Object> mount = map(item);
            Map<String, Object> volume = volumes.get((String) mount.get("name"));
            Path dir = Files.createDirectories(podDir.resolve("volumes").resolve((String) mount.get("name")));
            Map<String, String> files = volume.containsKey("configMap")
                    ? manifests.data("ConfigMap", (String) map(volume.get("configMap")).get("name"))
                    : volume.containsKey("secret")
                    ? manifests.data("Secret", (String) map(volume.get("secret")).get("secretName"))
                    : Map.of();
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
            mounts.put((String) mount.get("mountPath"), dir.toString());
        }
        return mounts;
    }

    private static String onHost(String value, Map<String, String> mounts) {
        for (Map.Entry<String, String> mount : mounts.entrySet()) {
            if (value.equals(mount.getKey()) || value.startsWith(mount.getKey() + "/")) {
                return mount.getValue() + value.substring(mount.getKey().length());
            }
        }
        return value;
    }
}
