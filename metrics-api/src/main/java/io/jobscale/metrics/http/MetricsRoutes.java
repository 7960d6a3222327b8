package io.jobscale.metrics.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.metrics.MetricsUnavailableException;
import io.jobscale.web.QueryParameters;
import io.jobscale.web.WebRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The KEDA metrics-api endpoints, the Prometheus scrape and the OpenAPI description. A thin layer: validation here,
 * the numbers from {@link JobMetrics}.
 */
public class MetricsRoutes implements WebRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsRoutes.class);

    private final JobMetrics metrics;
    private final PrometheusMetrics prometheus;
    private final byte[] openApi;

    public MetricsRoutes(JobMetrics metrics) {
        this(metrics, Clock.systemUTC());
    }

    /** {@code clock} decides which job transitions a scrape has settled enough to count. */
    public MetricsRoutes(JobMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.prometheus = new PrometheusMetrics(metrics, clock);
        this.openApi = resource("/io/jobscale/metrics/openapi.json");
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.requestLogger.http(new HttpServerMetrics(prometheus.registry()));
        config.routes.get("/api/metrics/workers", ctx -> {
            QueryParameters.of(ctx, Set.of());
            ctx.json(metrics.workers());
        });
        config.routes.get("/api/metrics/jobs/enqueued", ctx -> {
            QueryParameters query = QueryParameters.of(ctx, Set.of("priority"));
            ctx.json(metrics.enqueued(MetricsParameters.priority(query)));
        });
        config.routes.get("/api/metrics/jobs/scheduled", ctx -> {
            QueryParameters query = QueryParameters.of(ctx, Set.of("scheduledIn", "priority"));
            ctx.json(metrics.scheduled(MetricsParameters.scheduledIn(query), MetricsParameters.priority(query)));
        });
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(prometheus.scrape()));
        config.routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        config.routes.exception(MetricsUnavailableException.class, MetricsRoutes::unavailable);
    }

    private static void unavailable(MetricsUnavailableException e, Context ctx) {
        // 503, not 0: KEDA must see a failed reading (and apply its fallback), never a false "queue is empty".
        LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        ctx.status(503).json(Map.of("error", "metrics unavailable: the database cannot be reached"));
    }

    private static byte[] resource(String path) {
        try (InputStream in = MetricsRoutes.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
