package io.jobscale.clustersim;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code bin/cluster-sim <scenario>}: runs one scenario, prints its summary line, exits 0 only when it passed. */
public final class ClusterSimMain {

    static final List<Scenario> SCENARIOS =
            List.of(new GuideScenario(), new ScaledJobScenario(), new ScaleDownScenario());

    /** Held so the setting sticks: the mock API server logs every request at INFO through java.util.logging. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private ClusterSimMain() {
    }

    public static void main(String[] args) {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        Path checkout = Path.of(System.getProperty("jobscale.home", ".")).toAbsolutePath().normalize();
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(usage());
            System.exit(0);
        }
        Scenario scenario = args.length != 1 ? null
                : SCENARIOS.stream().filter(s -> s.name().equals(args[0])).findFirst().orElse(null);
        if (scenario == null) {
            System.err.print(usage());
            System.exit(2);
            return;
        }
        Path runDir = checkout.resolve(".jobscale/cluster-sim").resolve(scenario.name());
        Summary summary;
        try {
            summary = scenario.run(checkout, runDir);
        } catch (Exception e) {
            System.out.println("cluster-sim " + scenario.name() + " FAIL failed: " + e.getMessage()
                    + " (cluster logs under " + runDir + ")");
            System.exit(1);
            return;
        }
        System.out.println(summary.line());
        System.exit(summary.passed() ? 0 : 1);
    }

    static String usage() {
        StringBuilder usage = new StringBuilder("Usage: bin/cluster-sim <scenario>\n\nScenarios:\n");
        for (Scenario s : SCENARIOS) usage.append(String.format("  %-10s %s%n", s.name(), s.description()));
        usage.append("\nPrints one summary line (docs/cluster-sim.md); exit 0 when its assertions hold, 1 when not.\n"
                + "Logs: .jobscale/cluster-sim/<scenario>/cluster.log and pods/<pod>/.\n");
        return usage.toString();
    }
}
