package io.jobscale.cli;

import io.jobscale.settings.Settings;

import java.io.PrintStream;

/** A command whose process is a module's own main class (worker, run-one, example-app). */
final class DelegatingCommand implements Command {

    interface MainMethod {
        void main(String[] args) throws Exception;
    }

    private final String name;
    private final String summary;
    private final String usage;
    private final MainMethod main;

    DelegatingCommand(String name, String summary, String usage, MainMethod main) {
        this.name = name;
        this.summary = summary;
        this.usage = usage;
        this.main = main;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public String usage() {
        return usage;
    }

    @Override
    public int run(String[] args, Settings settings, PrintStream out, PrintStream err) throws Exception {
        main.main(args);
        return KEEP_RUNNING;
    }
}
