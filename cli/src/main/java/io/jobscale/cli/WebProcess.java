package io.jobscale.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jobscale.autoscaler.actuator.JobActuator;
import io.jobscale.autoscaler.actuator.ReplicaActuator;
import io.jobscale.autoscaler.actuator.kubernetes.ContainerEnvResolver;
import io.jobscale.autoscaler.actuator.kubernetes.DeploymentScaler;
import io.jobscale.autoscaler.actuator.kubernetes.GracePeriodCheck;
import io.jobscale.autoscaler.actuator.kubernetes.KubernetesClients;
import io.jobscale.autoscaler.actuator.kubernetes.KubernetesJobLauncher;
import io.jobscale.autoscaler.actuator.kubernetes.KubernetesSettings;
import io.jobscale.autoscaler.actuator.local.LocalJobLauncher;
import io.jobscale.autoscaler.actuator.local.LocalProcessScaler;
import io.jobscale.autoscaler.actuator.local.ProcessLauncher;
import io.jobscale.autoscaler.config.AutoscalerConfig;
import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.runtime.Autoscaler;
import io.jobscale.autoscaler.runtime.AutoscalerRoutes;
import io.jobscale.autoscaler.runtime.AutoscalerService;
import io.jobscale.autoscaler.runtime.AutoscalerSettings;
import io.jobscale.autoscaler.runtime.EnqueueListener;
import io.jobscale.autoscaler.runtime.LeaderElection;
import io.jobscale.autoscaler.runtime.ScalingEventLog;
import io.jobscale.autoscaler.runtime.WhatIf;
import io.jobscale.autoscaler.trigger.EnvResolver;
import io.jobscale.autoscaler.trigger.ProcessEnvResolver;
import io.jobscale.autoscaler.trigger.Triggers;
import io.jobscale.dashboard.DashboardRoutes;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.DedicatedConnections;
import io.jobscale.db.Migrations;
import io.jobscale.db.store.DrainMarks;
import io.jobscale.db.store.QueuedJobs;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.metrics.http.MetricsRoutes;
import io.jobscale.server.RunOneMain;
import io.jobscale.server.TerminationSignals;
import io.jobscale.server.WorkerMain;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import io.jobscale.settings.Settings;
import io.jobscale.web.DatabaseReadiness;
import io.jobscale.web.WebAuthSettings;
import io.jobscale.web.WebRoutes;
import io.jobscale.web.WebServer;
import io.jobscale.web.WebSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@code web} process: dashboard, metrics API and autoscaler on one port, plus a coordinator server (jobrunr's
 * master tasks: scheduled jobs to the queue, recurring jobs, orphans) so all of that goes on while workers are at zero.
 */
final class WebProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebProcess.class);
    static final String BUNDLED_CONFIG = "/io/jobscale/autoscaler/local-default.yaml";
    /** Connections of the autoscaler's own pool: triggers read one at a time, plus events and the dashboard's reads. */
    private static final int AUTOSCALER_POOL_SIZE = 4;
    /**
     * Web credentials and ports are the web process's own: the local workers it starts neither need nor should see
     * them, whether they come from its -D settings or from its own environment.
     */
    static final Predicate<String> WEB_ONLY_VARIABLES = name -> name.startsWith("JOBSCALE_AUTH_")
            || name.startsWith("JOBSCALE_DASHBOARD_") || name.equals("JOBSCALE_EXAMPLE_PORT");

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final JobscaleStorageProvider storage;
    private WebServer server;

    private WebProcess(JobscaleStorageProvider storage) {
        this.storage = storage;
    }

    /** {@code workerDefaults}: settings local worker processes get unless the environment sets them. */
    static WebProcess start(Settings settings, Map<String, String> workerDefaults) throws IOException {
        Clock clock = Clock.systemUTC();
        DatabaseSettings database = DatabaseSettings.from(settings);
        WebSettings web = WebSettings.from(settings);
        WebAuthSettings auth = WebAuthSettings.from(settings);
        AutoscalerSettings autoscalerSettings = AutoscalerSettings.from(settings);
        WorkerSettings workerSettings = WorkerSettings.from(settings);
        if (autoscalerSettings.enabled()) readConfig(autoscalerSettings);   // refuse a broken config before starting
        new Migrations(database).run();
        HikariDataSource dataSource = DataSources.create(database, "jobscale-web");
        JobscaleStorageProvider storage = new JobscaleStorageProvider(dataSource);
        WebProcess process = new WebProcess(storage);
        process.resources.add(dataSource);
        Worker coordinator = Worker.start(workerSettings, storage, Worker.Mode.COORDINATOR, clock);
        process.resources.add(0, coordinator::stopGracefully);
        JobMetrics metrics = new JobMetrics(dataSource, clock);
        List<WebRoutes> routes = new ArrayList<>(List.of(new DatabaseReadiness(dataSource), new MetricsRoutes(metrics),
                new DashboardRoutes(storage, metrics, clock)));
        if (autoscalerSettings.enabled()) {
            routes.add(process.startAutoscaler(settings, autoscalerSettings, database, workerSettings, workerDefaults,
                    clock));
        }
        process.server = WebServer.start(web.port(), auth, routes);
        process.resources.add(0, process.server::stop);
        LOG.info("Dashboard on http://localhost:{}/dashboard, metrics API on http://localhost:{}/api/metrics/workers",
                process.server.port(), process.server.port());
        return process;
    }

    private WebRoutes startAutoscaler(Settings settings, AutoscalerSettings autoscalerSettings,
                                      DatabaseSettings database, WorkerSettings workerSettings,
                                      Map<String, String> workerDefaults, Clock clock) throws IOException {
        AutoscalerConfig config = readConfig(autoscalerSettings);
        config.warnings().forEach(w -> LOG.warn("Autoscaler config: {}", w));
        // A pool of its own, with keepalives and socket timeouts, so a dead connection fails a poll instead of hanging
        // the autoscaler for good.
        HikariDataSource pool = DataSources.create(
                DedicatedConnections.pooled(database).withPoolSize(AUTOSCALER_POOL_SIZE), "jobscale-autoscaler");
        resources.add(pool);
        JobMetrics autoscalerMetrics = new JobMetrics(pool, clock);
        Map<String, String> childEnvironment = new HashMap<>(workerDefaults);
        childEnvironment.putAll(settings.asMap());   // -D settings reach the children too
        childEnvironment.keySet().removeIf(WEB_ONLY_VARIABLES);
        // Local workers stop (gracefully) when this process dies without stopping them, e.g. on SIGKILL.
        childEnvironment.put(TerminationSignals.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
        Path logs = Path.of(autoscalerSettings.logDirectory());
        KubernetesSettings kubernetes = KubernetesSettings.from(settings);
        ReplicaActuator replicas;
        JobActuator jobs;
        KubernetesClient client = null;
        if (kubernetes.enabled()) {
            client = KubernetesClients.create(kubernetes);
            int max = config.scaledObjects().stream().mapToInt(ScaledObjectSpec::maxReplicaCount).max().orElse(0);
            replicas = new DeploymentScaler(client, autoscalerMetrics::servers, max);
            jobs = new KubernetesJobLauncher(client);
            resources.add(client);
        } else {
            ProcessLauncher workerLauncher = new ProcessLauncher(javaCommand(WorkerMain.class), childEnvironment,
                    WEB_ONLY_VARIABLES, logs);
            ProcessLauncher runOneLauncher = new ProcessLauncher(javaCommand(RunOneMain.class), childEnvironment,
                    WEB_ONLY_VARIABLES, logs);
            LocalProcessScaler workers = new LocalProcessScaler(workerLauncher, autoscalerMetrics::servers,
                    workerSettings.stopAwait());
            LocalJobLauncher runOnes = new LocalJobLauncher(runOneLauncher);
            // Closed after the autoscaler service: stop deciding, then stop the local workers gracefully.
            resources.add(0, runOnes);
            resources.add(0, workers);
            replicas = workers;
            jobs = runOnes;
        }
        ScalingEventLog events = new ScalingEventLog(pool);
        // xFromEnv: the scale target's container with Kubernetes, this process's environment locally (as KEDA).
        EnvResolver environment = client != null ? new ContainerEnvResolver(client)
                : new ProcessEnvResolver(System.getenv());
        Triggers triggers = new Triggers(autoscalerMetrics, environment);
        Autoscaler autoscaler = new Autoscaler(config, triggers::create, replicas, jobs, new QueuedJobs(pool), events,
                new DrainMarks(pool), clock);
        if (client != null) {
            for (ScaledObjectSpec so : config.scaledObjects()) {
                if (so.target().kind().equals("Deployment")) {
                    GracePeriodCheck.check(client, so.target().name(), workerSettings.stopAwait())
                            .ifPresent(w -> autoscaler.warn(so.name(), w));
                }
            }
        }
        AutoscalerService service = new AutoscalerService(autoscaler, new LeaderElection(database),
                new EnqueueListener(database), events, autoscalerSettings.eventRetention(), clock).start();
        resources.add(0, service);
        LOG.info("Autoscaler started ({} backend) with {} ScaledObject(s) and {} ScaledJob(s) from {}",
                kubernetes.enabled() ? "Kubernetes" : "local", config.scaledObjects().size(),
                config.scaledJobs().size(), autoscalerSettings.configPath().orElse("the bundled local-default.yaml"));
        // The what-if parses the same text the autoscaler runs, so its "live" column is this config.
        WhatIf whatIf = new WhatIf(configText(autoscalerSettings), new AutoscalerConfigParser(System.getenv()),
                triggers::create, events, autoscalerSettings.eventRetention(), clock);
        return new AutoscalerRoutes(autoscaler, events, service::isLeader, whatIf, clock);
    }

    /** The autoscaler's config; a broken one is one line with file, line and field, and the web process exits 2. */
    private static AutoscalerConfig readConfig(AutoscalerSettings settings) throws IOException {
        try {
            return new AutoscalerConfigParser(System.getenv()).parse(configText(settings));
        } catch (ConfigException e) {
            throw new ConfigException(settings.configPath().orElse("bundled local-default.yaml") + ": "
                    + e.getMessage());
        }
    }

    private static String configText(AutoscalerSettings settings) throws IOException {
        if (settings.configPath().isPresent()) return Files.readString(Path.of(settings.configPath().get()));
        try (InputStream in = WebProcess.class.getResourceAsStream(BUNDLED_CONFIG)) {
            if (in == null) throw new IOException("bundled autoscaler config missing: " + BUNDLED_CONFIG);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** This JVM's java and classpath, so local workers run exactly the code (and job classes) this process has. */
    static List<String> javaCommand(Class<?> main) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), main.getName());
    }

    JobscaleStorageProvider storage() {
        return storage;
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Error while stopping: {}", e.toString());
            }
        }
    }
}
