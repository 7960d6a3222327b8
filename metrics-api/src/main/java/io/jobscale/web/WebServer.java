package io.jobscale.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The web process's HTTP server: one Javalin app that the metrics API, the autoscaler API and the dashboard add their
 * routes to. It owns what they share: authentication (all but {@code /health}), JSON errors (400 naming the
 * parameter, 404, and a 500 without internals for real faults), and the {@code /health} probe.
 */
public class WebServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final String STARTED = "jobscale.started";

    private final Javalin javalin;

    private WebServer(Javalin javalin) {
        this.javalin = javalin;
    }

    public static WebServer start(int port, WebAuthSettings auth, List<WebRoutes> routes) {
        return start(port, auth, routes, Clock.systemUTC());
    }

    /** {@code clock} decides when sign-in sessions expire. */
    public static WebServer start(int port, WebAuthSettings auth, List<WebRoutes> routes, Clock clock) {
        Sessions sessions = new Sessions(auth.signIn().sessionTimeout(), clock);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            // Server-Timing tells a client (and the benchmarks) how long the server itself took, network and client
            // aside.
            config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
            config.routes.after(ctx -> {
                Long started = ctx.attribute(STARTED);
                if (started != null) {
                    ctx.header("Server-Timing",
                            String.format(java.util.Locale.ROOT, "app;dur=%.3f", (System.nanoTime() - started) / 1e6));
                }
            });
            Set<String> readOnlyPosts = new HashSet<>();
            routes.forEach(r -> readOnlyPosts.addAll(r.readOnlyPosts()));
            config.routes.before(new WebAuth(auth, sessions, readOnlyPosts));
            new SignInRoutes(auth.signIn(), sessions).addTo(config);
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.exception(BadRequestException.class, (e, ctx) ->
                    ctx.status(400).json(Map.of("error", e.getMessage(), "parameter", e.parameter())));
            config.routes.exception(NotFoundException.class, (e, ctx) ->
                    ctx.status(404).json(Map.of("error", e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).json(Map.of("error", "internal error; see the server log"));
            });
            config.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    ctx.json(Map.of("error", "not found: " + ctx.path()));
                }
            });
            routes.forEach(r -> r.addTo(config));
        }).start(port);
        return new WebServer(javalin);
    }

    public int port() {
        return javalin.port();
    }

    public void stop() {
        javalin.stop();
    }
}
