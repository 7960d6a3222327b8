package io.jobscale.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * Checks every request except the {@code /health} probes against the configured credential. Secrets are compared in
 * constant time (MessageDigest.isEqual) so response timing does not reveal how much of a guess was right.
 */
public class WebAuth implements Handler {

    private final WebAuthSettings settings;

    public WebAuth(WebAuthSettings settings) {
        this.settings = settings;
    }

    @Override
    public void handle(Context ctx) {
        if (settings.mode() == WebAuthSettings.Mode.NONE || isProbe(ctx.path())) return;
        if (authorized(ctx)) return;
        switch (settings.mode()) {
            case BASIC -> ctx.header("WWW-Authenticate", "Basic realm=\"jobscale\", charset=\"UTF-8\"");
            case BEARER -> ctx.header("WWW-Authenticate", "Bearer realm=\"jobscale\"");
            default -> { }
        }
        ctx.status(401).json(Map.of("error", "authentication required (" + describe() + ")"));
        ctx.skipRemainingHandlers();
    }

    /** Kubelet probes carry no credentials: {@code /health} and everything under it stays open. */
    private static boolean isProbe(String path) {
        return path.equals("/health") || path.startsWith("/health/");
    }

    private boolean authorized(Context ctx) {
        String authorization = ctx.header("Authorization");
        return switch (settings.mode()) {
            case BASIC -> authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
                    && equal(decodeBasic(authorization.substring(6).trim()), settings.username() + ":" + settings.password());
            case BEARER -> authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    && equal(authorization.substring(7).trim(), settings.token());
            case API_KEY -> equal(ctx.header(settings.apiKeyHeader()), settings.apiKey());
            case NONE -> true;
        };
    }

    private String describe() {
        return switch (settings.mode()) {
            case BASIC -> "HTTP basic";
            case BEARER -> "bearer token";
            case API_KEY -> "API key in header " + settings.apiKeyHeader();
            case NONE -> "none";
        };
    }

    private static String decodeBasic(String encoded) {
        try {
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static boolean equal(String given, String expected) {
        if (given == null || expected == null) return false;
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
