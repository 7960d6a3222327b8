package io.jobscale.web;

import io.jobscale.settings.Settings;

import java.util.List;

/** @param port {@code JOBSCALE_DASHBOARD_PORT}: the web process's port (dashboard and metrics API), default 8000 */
public record WebSettings(int port) {

    public static final String PORT = "JOBSCALE_DASHBOARD_PORT";
    public static final List<String> KEYS = List.of(PORT);

    public static WebSettings from(Settings settings) {
        return new WebSettings(settings.integer(PORT, 8000, 0, 65535));
    }
}
