package io.jobscale.cli.worker;

import io.jobscale.settings.Settings;

import java.util.List;
import java.util.OptionalInt;

/**
 * @param port {@code JOBSCALE_WORKER_HTTP_PORT}: where a worker process serves {@code /health} and {@code /metrics};
 *             unset (the default) serves nothing, 0 picks a free port
 */
public record WorkerHttpSettings(OptionalInt port) {

    public static final String PORT = "JOBSCALE_WORKER_HTTP_PORT";
    public static final List<String> KEYS = List.of(PORT);

    public static WorkerHttpSettings from(Settings settings) {
        return new WorkerHttpSettings(settings.optional(PORT).isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(settings.integer(PORT, 0, 0, 65535)));
    }
}
