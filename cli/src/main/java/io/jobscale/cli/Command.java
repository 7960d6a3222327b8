package io.jobscale.cli;

import io.jobscale.settings.Settings;

import java.io.IOException;
import java.io.PrintStream;

/** One subcommand of {@code bin/jobscale}. */
interface Command {

    /** Returned by long-running commands: the process lives on in its non-daemon threads. */
    int KEEP_RUNNING = -1;

    String name();

    String summary();

    String usage();

    /** Whether the command needs the database: {@link Main} then checks it answers before running the command. */
    default boolean usesDatabase() {
        return true;
    }

    /**
     * Settings whose database the command uses, called before {@link Main} checks that database answers; a command
     * may start one here (and then owns stopping it).
     */
    default Settings chooseDatabase(Settings settings, PrintStream out) throws IOException {
        return settings;
    }

    /** Runs the command; returns its exit code (2 for usage errors) or {@link #KEEP_RUNNING}. */
    int run(String[] args, Settings settings, PrintStream out, PrintStream err) throws Exception;
}
