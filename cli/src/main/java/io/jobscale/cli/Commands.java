package io.jobscale.cli;

import io.jobscale.cli.worker.WorkerProcess;
import io.jobscale.example.ExampleAppMain;
import io.jobscale.server.RunOneMain;
import io.jobscale.server.WorkerMain;

import java.util.List;

/** Every subcommand, in the order {@code --help} lists them. */
final class Commands {

    private Commands() {
    }

    static List<Command> all() {
        return List.of(
                new WebCommand(true),
                new WebCommand(false),
                new DelegatingCommand("worker", "run jobs from the queue; SIGTERM stops gracefully",
                        WorkerMain.USAGE, WorkerProcess::main),
                new DelegatingCommand("run-one", "run exactly one job (Kubernetes Job mode) and exit",
                        RunOneMain.USAGE, RunOneMain::main),
                new DelegatingCommand("example-app", "example application enqueuing jobs on port 8080",
                        ExampleAppMain.USAGE, ExampleAppMain::main),
                new MigrateCommand(),
                new ExplainCommand(),
                new SimulateCommand());
    }
}
