package io.jobscale.clustersim;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What our Dockerfile puts into the image, read from the Dockerfile itself: the {@code ENTRYPOINT} and {@code CMD},
 * the {@code ENV} every container starts with, the {@code USER} it runs as, and the {@code WORKDIR} the checkout
 * stands in for (the image copies the launcher and the jars there, at the same relative paths).
 */
record ContainerImage(Path checkout, String workdir, String user, List<String> entrypoint, List<String> cmd,
                      Map<String, String> env) {

    static ContainerImage fromDockerfile(Path checkout) {
        List<String> lines;
        try {
            lines = Files.readAllLines(checkout.resolve("Dockerfile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String workdir = "/";
        String user = "root";
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : lines) {
            String[] instruction = line.strip().split("\\s+", 2);
            if (instruction.length < 2) continue;
            switch (instruction[0]) {
                case "WORKDIR" -> workdir = instruction[1];
                case "USER" -> user = instruction[1];
                case "ENTRYPOINT" -> entrypoint = jsonArray(instruction[1]);
                case "CMD" -> cmd = jsonArray(instruction[1]);
                case "ENV" -> {
                    for (String pair : instruction[1].split("\\s+")) {
                        String[] keyValue = pair.split("=", 2);
                        env.put(keyValue[0], keyValue[1]);
                    }
                }
                default -> { }
            }
        }
        return new ContainerImage(checkout, workdir, user, entrypoint, cmd, env);
    }

    /** A container's command line: Kubernetes' {@code command} replaces ENTRYPOINT, {@code args} replaces CMD. */
    List<String> commandLine(Map<String, Object> container) {
        List<String> command = strings(container.get("command"), entrypoint);
        List<String> args = strings(container.get("args"), container.get("command") == null ? cmd : List.of());
        return java.util.stream.Stream.concat(command.stream(), args.stream()).map(this::onHost).toList();
    }

    /** A path inside the image's WORKDIR as the same path in the checkout; anything else unchanged. */
    String onHost(String path) {
        String prefix = workdir.endsWith("/") ? workdir : workdir + "/";
        return path.startsWith(prefix) ? checkout.resolve(path.substring(prefix.length())).toString() : path;
    }

    private static List<String> strings(Object value, List<String> fallback) {
        return value == null ? fallback : Manifests.list(value).stream().map(String::valueOf).toList();
    }

    private static List<String> jsonArray(String text) {
        try {
            return new ObjectMapper().readValue(text, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("Dockerfile: only the JSON form is modelled: " + text, e);
        }
    }
}
