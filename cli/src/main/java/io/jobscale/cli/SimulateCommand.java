package io.jobscale.cli;

import io.jobscale.autoscaler.config.AutoscalerConfig;
import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.autoscaler.config.ScaledObjectSpec;
import io.jobscale.autoscaler.simulate.Simulation;
import io.jobscale.autoscaler.simulate.SimulationResult;
import io.jobscale.autoscaler.simulate.Trace;
import io.jobscale.settings.Settings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** {@code jobscale simulate}: replays a workload trace through the autoscaler's decisions with a virtual clock. */
final class SimulateCommand implements Command {

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String summary() {
        return "replay a workload trace through the autoscaler's decisions; print cost and latency";
    }

    @Override
    public boolean usesDatabase() {
        return false;   // replays a trace file
    }

    @Override
    public String usage() {
        return """
                Usage: jobscale simulate --config X.yaml --trace T.csv [--workers-per-pod 4] [--pod-startup PT10S]

                Replays the trace (CSV: at_seconds,count,duration_ms[,priority][,scheduled_in_seconds]) against each
                ScaledObject of the config (jobscale triggers) with a virtual clock and the same decision code as the
                autoscaler, and prints pod-seconds, p50/p95/max queue latency and max replicas.
                Shipped: examples/autoscaler/{seed-scenario,bursty-day}.csv with keda-default.yaml and tuned.yaml.
                A configuration error prints one line (file, field, line) and exits 2. See docs/autoscaler.md.
                """;
    }

    @Override
    public int run(String[] args, Settings settings, PrintStream out, PrintStream err) throws Exception {
        Map<String, String> options = Options.parse(args,
                List.of("--config", "--trace", "--workers-per-pod", "--pod-startup"), err, usage());
        if (options == null || !options.containsKey("--config") || !options.containsKey("--trace")) {
            if (options != null) err.print(usage());
            return 2;
        }
        String file = options.get("--config");
        AutoscalerConfig config;
        try {
            config = new AutoscalerConfigParser(System.getenv()).parse(Path.of(file));
        } catch (NoSuchFileException e) {
            err.println("simulate: no such file: " + e.getFile());
            return 2;
        } catch (IOException | ConfigException e) {
            err.println("simulate: " + file + ": " + e.getMessage());
            return 2;
        }
        config.warnings().forEach(w -> err.println("simulate: " + file + ": warning: " + w));
        try {
            Trace trace = Trace.read(Path.of(options.get("--trace")));
            int workersPerPod = Integer.parseInt(options.getOrDefault("--workers-per-pod", "4"));
            Duration startup = Duration.parse(options.getOrDefault("--pod-startup", "PT10S"));
            out.printf("%-16s %12s %8s %8s %8s %12s %6s%n", "scaled object", "pod-seconds", "p50 s", "p95 s", "max s",
                    "max replicas", "jobs");
            for (ScaledObjectSpec spec : config.scaledObjects()) {
                SimulationResult r = new Simulation(spec, workersPerPod, startup).run(trace);
                out.printf("%-16s %12d %8d %8d %8d %12d %6d%n", spec.name(), r.podSeconds(), r.p50LatencySeconds(),
                        r.p95LatencySeconds(), r.maxLatencySeconds(), r.maxReplicas(), r.jobs());
            }
            return 0;
        } catch (IOException | ConfigException | IllegalArgumentException | DateTimeParseException e) {
            err.println("simulate: " + e.getMessage());
            return 2;
        }
    }
}
