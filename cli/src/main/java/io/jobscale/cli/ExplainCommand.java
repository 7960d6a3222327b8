package io.jobscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jobscale.autoscaler.actuator.kubernetes.ContainerEnvResolver;
import io.jobscale.autoscaler.actuator.kubernetes.KubernetesClients;
import io.jobscale.autoscaler.actuator.kubernetes.KubernetesSettings;
import io.jobscale.autoscaler.config.AutoscalerConfig;
import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.config.ScaledJobSpec;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.decision.TriggerResult;
import io.jobscale.autoscaler.explain.Explain;
import io.jobscale.autoscaler.trigger.Trigger;
import io.jobscale.autoscaler.trigger.TriggerException;
import io.jobscale.autoscaler.trigger.EnvResolver;
import io.jobscale.autoscaler.trigger.ProcessEnvResolver;
import io.jobscale.autoscaler.trigger.Triggers;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.metrics.JobMetrics;
import io.jobscale.settings.Settings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code jobscale explain}: what the autoscaler would decide now, and why, without acting. */
final class ExplainCommand implements Command {

    private final Map<String, String> environment;

    ExplainCommand() {
        this(System.getenv());
    }

    /** {@code environment} resolves the triggers' {@code xFromEnv} fields and TriggerAuthentication env entries. */
    ExplainCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String summary() {
        return "print what the autoscaler would decide now, and why (JSON), without acting";
    }

    @Override
    public String usage() {
        return """
                Usage: jobscale explain --config X.yaml [--readings R.json]

                Prints, per ScaledObject/ScaledJob of the config,
                {"kind", "active", "desiredReplicas" | "jobsToCreate", "reason"}.
                --readings R.json  given trigger values instead of live ones, keyed by metadata.name:
                  {"so-name": {"currentReplicas": 3, "triggers": [{"value": 0.95}, {"error": "timeout"}],
                               "secondsSinceLastActive": 0, "consecutiveFailures": 0},
                   "sj-name": {"runningJobs": 2, "pendingJobs": 1, "triggers": [{"value": 7}]}}
                  consecutiveFailures counts the failures in a row including this one.
                Without --readings the triggers are read live (JOBSCALE_DB_* for the jobscale type) and the current
                replicas are the live worker servers in the database; ScaledJobs then count 0 running Jobs.
                Stateless: no stabilization history beyond what the readings say.
                A configuration error prints one line (file, field, line) and exits 2. See docs/autoscaler.md.
                """;
    }

    @Override
    public int run(String[] args, Settings settings, PrintStream out, PrintStream err) throws Exception {
        Map<String, String> options = Options.parse(args, List.of("--config", "--readings"), err, usage());
        if (options == null || !options.containsKey("--config")) {
            if (options != null) err.print(usage());
            return 2;
        }
        String file = options.get("--config");
        try {
            AutoscalerConfig config = new AutoscalerConfigParser(environment).parse(Path.of(file));
            config.warnings().forEach(w -> err.println("explain: " + file + ": warning: " + w));
            KubernetesSettings kubernetes = KubernetesSettings.from(settings);
            try (KubernetesClient client = kubernetes.enabled() ? KubernetesClients.create(kubernetes) : null) {
                // xFromEnv as the autoscaler reads them: the scale target's container with the Kubernetes backend
                EnvResolver env = client != null ? new ContainerEnvResolver(client)
                        : new ProcessEnvResolver(environment);
                return explain(config, options, env, settings, out, err);
            }
        } catch (NoSuchFileException e) {
            err.println("explain: no such file: " + e.getFile());
            return 2;
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("explain: " + file + ": " + e.getMessage());
            return 2;
        }
    }

    private static int explain(AutoscalerConfig config, Map<String, String> options, EnvResolver environment,
                               Settings settings, PrintStream out, PrintStream err) throws Exception {
        Triggers triggers;
        Map<String, Explain.Inputs> inputs;
        Clock clock = Clock.systemUTC();
        if (options.containsKey("--readings")) {
            JsonNode readings;
            try {
                readings = new ObjectMapper().readTree(Files.readString(Path.of(options.get("--readings"))));
            } catch (IOException e) {
                err.println("explain: cannot read " + options.get("--readings") + ": " + e.getMessage());
                return 2;
            }
            triggers = new Triggers(null, environment);
            inputs = Explain.fromReadings(config, readings, triggers::create);
            out.println(Explain.answer(config, inputs, clock.instant()));
            return 0;
        }
        if (!needsDatabase(config)) {
            out.println(Explain.answer(config, liveInputs(config, new Triggers(null, environment), 0),
                    clock.instant()));
            return 0;
        }
        DatabaseSettings database = DatabaseSettings.from(settings);
        try (HikariDataSource dataSource = DataSources.create(database.withPoolSize(2), "jobscale-explain")) {
            JobMetrics metrics = new JobMetrics(dataSource, clock);
            int liveWorkers = (int) metrics.servers().stream().filter(s -> s.workers() > 0).count();
            out.println(Explain.answer(config, liveInputs(config, new Triggers(metrics, environment), liveWorkers),
                    clock.instant()));
        }
        return 0;
    }

    /** The database is needed for the {@code jobscale} trigger type and for a ScaledObject's live worker count. */
    private static boolean needsDatabase(AutoscalerConfig config) {
        return !config.scaledObjects().isEmpty()
                || config.scaledJobs().stream().flatMap(j -> j.triggers().stream())
                        .anyMatch(t -> t.type().equals("jobscale"));
    }

    private static Map<String, Explain.Inputs> liveInputs(AutoscalerConfig config, Triggers triggers, int liveWorkers) {
        Map<String, Explain.Inputs> inputs = new LinkedHashMap<>();
        for (ScaledObjectSpec so : config.scaledObjects()) {
            inputs.put(so.name(), new Explain.Inputs(liveWorkers, 0, 0,
                    read(so.triggers().stream().map(triggers::create).toList()), null, 0));
        }
        for (ScaledJobSpec sj : config.scaledJobs()) {
            inputs.put(sj.name(), new Explain.Inputs(0, 0, 0,
                    read(sj.triggers().stream().map(triggers::create).toList()), null, 0));
        }
        return inputs;
    }

    private static List<TriggerResult> read(List<Trigger> triggers) {
        List<TriggerResult> results = new ArrayList<>();
        for (Trigger t : triggers) {
            try {
                results.add(TriggerResult.of(t.metricName(), t.metricType(), t.targetValue(), t.activationTargetValue(),
                        t.read().value()));
            } catch (TriggerException e) {
                results.add(TriggerResult.failed(t.metricName(), t.metricType(), t.targetValue(),
                        t.activationTargetValue(), e.getMessage()));
            }
        }
        return results;
    }
}
