package io.jobscale.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Decides who a request comes from and what it may do. A machine credential ({@link WebAuthSettings}) is accepted
 * everywhere, as KEDA sends it; a browser's session cookie ({@link SignInSettings}) as well, with its role. With
 * sign-in on and no machine credential configured, the metrics endpoints stay open and the dashboard needs a session.
 * Secrets are compared in constant time.
 */
public class WebAuth implements Handler {

    /** Reachable without credentials: the probe and the sign-in page itself. */
    private static final Set<String> OPEN = Set.of("/health", SignInRoutes.SIGN_IN, SignInRoutes.SIGN_OUT);
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final WebAuthSettings settings;
    private final Sessions sessions;
    private final Set<String> readOnlyPosts;

    /** @param readOnlyPosts POST paths that change nothing, open to viewers ({@link WebRoutes#readOnlyPosts()}) */
    public WebAuth(WebAuthSettings settings, Sessions sessions, Set<String> readOnlyPosts) {
        this.settings = settings;
        this.sessions = sessions;
        this.readOnlyPosts = Set.copyOf(readOnlyPosts);
    }

    @Override
    public void handle(Context ctx) {
        if (OPEN.contains(ctx.path()) || ctx.path().startsWith("/health/")) return;   // probes carry no credentials
        Principal principal = authenticate(ctx);
        if (principal == null) {
            deny(ctx);
            return;
        }
        if (principal.session() && !SAFE.contains(ctx.method())) {
            if (!SameOrigin.check(ctx)) {
                refuse(ctx, "cross-site request refused: the Origin header does not name this server");
                return;
            }
            boolean readOnly = ctx.method() == HandlerType.POST && readOnlyPosts.contains(ctx.path());
            if (principal.role() == Role.VIEWER && !readOnly) {
                refuse(ctx, "signed in as a viewer: read-only");
                return;
            }
        }
        ctx.attribute(Principal.ATTRIBUTE, principal);
    }

    private Principal authenticate(Context ctx) {
        if (settings.mode() != WebAuthSettings.Mode.NONE && hasCredential(ctx)) return Principal.MACHINE;
        if (settings.signIn().enabled()) {
            Sessions.Session session = sessions.find(ctx.cookie(SignInRoutes.COOKIE)).orElse(null);
            if (session != null) return new Principal(session.username(), session.role(), true);
        }
        if (settings.mode() == WebAuthSettings.Mode.NONE && (!settings.signIn().enabled() || machinePath(ctx.path()))) {
            return Principal.ANONYMOUS;
        }
        return null;
    }

    /** The endpoints KEDA and Prometheus read, which sign-in alone does not close. */
    private static boolean machinePath(String path) {
        return path.equals("/metrics") || path.startsWith("/api/metrics/") || path.equals("/api/openapi.json");
    }

    private void deny(Context ctx) {
        boolean page = ctx.method() == HandlerType.GET && !ctx.path().startsWith("/api/")
                && !ctx.path().equals("/metrics");
        if (settings.signIn().enabled() && page) {
            ctx.redirect(SignInRoutes.SIGN_IN, HttpStatus.SEE_OTHER);
        } else {
            switch (settings.mode()) {
                case BASIC -> ctx.header("WWW-Authenticate", "Basic realm=\"jobscale\", charset=\"UTF-8\"");
                case BEARER -> ctx.header("WWW-Authenticate", "Bearer realm=\"jobscale\"");
                default -> { }
            }
            ctx.status(401).json(Map.of("error", "authentication required (" + describe() + ")"));
        }
        ctx.skipRemainingHandlers();
    }

    private static void refuse(Context ctx, String message) {
        ctx.status(403).json(Map.of("error", message));
        ctx.skipRemainingHandlers();
    }

    private boolean hasCredential(Context ctx) {
        String authorization = ctx.header("Authorization");
        return switch (settings.mode()) {
            case BASIC -> authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
                    && Secrets.equal(decodeBasic(authorization.substring(6).trim()),
                            settings.username() + ":" + settings.password());
            case BEARER -> authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    && Secrets.equal(authorization.substring(7).trim(), settings.token());
            case API_KEY -> Secrets.equal(ctx.header(settings.apiKeyHeader()), settings.apiKey());
            case NONE -> false;
        };
    }

    private String describe() {
        String machine = switch (settings.mode()) {
            case BASIC -> "HTTP basic";
            case BEARER -> "bearer token";
            case API_KEY -> "API key in header " + settings.apiKeyHeader();
            case NONE -> null;
        };
        if (!settings.signIn().enabled()) return machine;
        return machine == null
                ? "sign in at " + SignInRoutes.SIGN_IN
                : machine + ", or sign in at " + SignInRoutes.SIGN_IN;
    }

    private static String decodeBasic(String encoded) {
        try {
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
