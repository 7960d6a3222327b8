package io.jobscale.example;

import io.jobscale.settings.Settings;

import java.util.List;

/**
 * @param port      {@code JOBSCALE_EXAMPLE_PORT}, default 8080
 * @param recurring {@code JOBSCALE_EXAMPLE_RECURRING}, default true: registers a recurring example job (every 5
 *                  minutes)
 */
public record ExampleSettings(int port, boolean recurring) {

    public static final String PORT = "JOBSCALE_EXAMPLE_PORT";
    public static final String RECURRING = "JOBSCALE_EXAMPLE_RECURRING";
    public static final List<String> KEYS = List.of(PORT, RECURRING);

    public static ExampleSettings from(Settings settings) {
        return new ExampleSettings(settings.integer(PORT, 8080, 0, 65535), settings.bool(RECURRING, true));
    }
}
