package io.jobscale.cli.worker;

import io.jobscale.metrics.http.ProcessMeters;
import io.jobscale.server.JobscaleWorker;
import io.jobscale.server.WorkerMain;
import io.jobscale.settings.Settings;
import io.jobscale.web.WebAuthSettings;
import io.jobscale.web.WebServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/**
 * {@code jobscale worker}: the worker of {@link WorkerMain}, and with {@code JOBSCALE_WORKER_HTTP_PORT} its probes
 * and metrics ({@link WorkerHttpRoutes}). The HTTP server lives here, where the process is put together, so that an
 * application embedding {@code jobscale-server} gets no web server it did not ask for.
 */
public final class WorkerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);

    private WorkerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        WorkerMain.exitOnArguments(args);
        Settings settings = Settings.fromEnvironment();
        OptionalInt port = WorkerHttpSettings.from(settings).port();
        if (port.isEmpty()) {
            WorkerMain.start(settings, List.of());
        } else {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            JobscaleWorker worker = WorkerMain.start(settings, List.of(new WorkerJobMeters(registry)));
            Gauge.builder("jobscale.worker.busy", worker, JobscaleWorker::busyWorkers)
                    .description("Jobs this worker is running now").register(registry);
            ProcessMeters.bindTo(registry, worker.dataSource());
            WebServer server = WebServer.start(port.getAsInt(), WebAuthSettings.NONE,
                    List.of(new WorkerHttpRoutes(worker.dataSource(), worker::isStopping, registry)));
            LOG.info("Worker HTTP on port {}: /health, /health/live, /health/ready, /metrics", server.port());
        }
        new CountDownLatch(1).await();
    }
}
