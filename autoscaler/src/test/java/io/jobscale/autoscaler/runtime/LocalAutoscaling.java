package io.jobscale.autoscaler.runtime;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.autoscaler.actuator.local.LocalJobLauncher;
import io.jobscale.autoscaler.actuator.local.LocalProcessScaler;
import io.jobscale.autoscaler.actuator.local.ProcessLauncher;
import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.trigger.Triggers;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.store.DrainMarks;
import io.jobscale.db.store.QueuedJobs;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.server.RunOneMain;
import io.jobscale.server.WorkerMain;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Wires a real autoscaler with the local backend for end-to-end tests, as the web process does. */
final class LocalAutoscaling implements AutoCloseable {

    final Autoscaler autoscaler;
    final AutoscalerService service;
    final LocalProcessScaler workers;
    final LocalJobLauncher runOnes;
    final ScalingEventLog events;

    LocalAutoscaling(DatabaseSettings database, HikariDataSource dataSource, String yaml, Map<String, String> workerEnv) {
        Clock clock = Clock.systemUTC();
        JobMetrics metrics = new JobMetrics(dataSource, clock);
        Map<String, String> env = new java.util.HashMap<>(workerEnv);
        env.put("JOBSCALE_DB_URL", database.url());
        env.put("JOBSCALE_DB_USER", database.user());
        env.put("JOBSCALE_DB_PASSWORD", database.password());
        Path logs = Path.of("target", "process-logs");
        workers = new LocalProcessScaler(new ProcessLauncher(java(WorkerMain.class), env, logs), metrics::servers, Duration.ofSeconds(10));
        runOnes = new LocalJobLauncher(new ProcessLauncher(java(RunOneMain.class), env, logs));
        events = new ScalingEventLog(dataSource);
        Triggers triggers = new Triggers(metrics, Map.of());
        autoscaler = new Autoscaler(new AutoscalerConfigParser(Map.of()).parse(yaml), triggers::create, workers,
                runOnes, new QueuedJobs(dataSource), events, new DrainMarks(dataSource), clock);
        service = new AutoscalerService(autoscaler, new LeaderElection(database), new EnqueueListener(database), events, Duration.ofDays(7), clock);
    }

    static List<String> java(Class<?> main) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName());
    }

    @Override
    public void close() {
        service.close();
        workers.close();
        runOnes.close();
    }
}
