package io.jobscale.settings;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises the variables Kubernetes injects into every pod for every Service in its namespace ("service links",
 * on unless a pod sets {@code enableServiceLinks: false}). A Service named {@code jobscale-postgres} gives each pod
 * {@code JOBSCALE_POSTGRES_SERVICE_HOST}, {@code JOBSCALE_POSTGRES_PORT=tcp://10.96.0.10:5432} and more, which share
 * our settings' prefix without being settings.
 *
 * <p>A variable counts as a service link only when its name <em>and</em> its value have one of the documented shapes
 * (an address, a port number, {@code tcp://address:port}, a protocol name): a typo such as {@code JOBSCALE_WORKRS=4}
 * or {@code JOBSCALE_WORKER_PORT=8080} still fails, since no service link ends in {@code _WORKRS} and a link ending in
 * {@code _PORT} holds a URL, not a number. The shapes are listed in docs/configuration.md.
 */
final class ServiceLinkVariable {

    private static final String NAME = "[A-Z0-9_]+";
    private static final String PROTOCOL = "(TCP|UDP|SCTP)";
    private static final String ADDRESS = "(\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)";
    private static final String PORT = "\\d{1,5}";
    private static final String URL = "(tcp|udp|sctp)://(" + ADDRESS + "|\\[" + ADDRESS + "\\]):" + PORT;

    /** Each shape as (name pattern, value pattern). */
    private static final List<Pattern[]> SHAPES = List.of(
            shape(NAME + "_SERVICE_HOST", ADDRESS),
            shape(NAME + "_SERVICE_PORT", PORT),
            shape(NAME + "_SERVICE_PORT_" + NAME, PORT),
            shape(NAME + "_PORT", URL),
            shape(NAME + "_PORT_" + PORT + "_" + PROTOCOL, URL),
            shape(NAME + "_PORT_" + PORT + "_" + PROTOCOL + "_PROTO", "(tcp|udp|sctp)"),
            shape(NAME + "_PORT_" + PORT + "_" + PROTOCOL + "_PORT", PORT),
            shape(NAME + "_PORT_" + PORT + "_" + PROTOCOL + "_ADDR", ADDRESS));

    private ServiceLinkVariable() {
    }

    static boolean matches(String name, String value) {
        if (value == null) return false;
        String trimmed = value.trim();
        return SHAPES.stream()
                .anyMatch(shape -> shape[0].matcher(name).matches() && shape[1].matcher(trimmed).matches());
    }

    private static Pattern[] shape(String name, String value) {
        return new Pattern[] {Pattern.compile(name), Pattern.compile(value)};
    }
}
