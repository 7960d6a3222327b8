package io.jobscale.metrics.http;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_requests_seconds} by method, route and status. The route is the matched path pattern
 * ({@code /api/dashboard/jobs/{id}}), never the raw path, so ids do not become label values.
 */
final class HttpServerMetrics implements RequestLogger {

    private final MeterRegistry registry;

    HttpServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx, Float executionTimeMs) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        int status = ctx.statusCode();
        Timer.builder("http.server.requests").description("HTTP requests the web process answered")
                .tag("method", ctx.method().name())
                .tag("uri", endpoint == null ? (status == 404 ? "NOT_FOUND" : "UNKNOWN") : endpoint.path)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry).record((long) (executionTimeMs * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private static String outcome(int status) {
        if (status >= 500) return "SERVER_ERROR";
        if (status >= 400) return "CLIENT_ERROR";
        if (status >= 300) return "REDIRECTION";
        return "SUCCESS";
    }
}
