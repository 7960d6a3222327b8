package io.jobscale.cli;

import io.jobscale.autoscaler.config.ConfigException;
import io.jobscale.db.DatabaseProbe;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.DatabaseUnreachableException;
import io.jobscale.settings.InvalidSettingException;
import io.jobscale.settings.Settings;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code bin/jobscale <command>}: one entry point for every jobscale process. */
public final class Main {

    static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        for (Command command : Commands.all()) COMMANDS.put(command.name(), command);
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int exit = run(args, System.out, System.err);
        if (exit != Command.KEEP_RUNNING) System.exit(exit);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("jobscale: unknown command '" + args[0] + "'");
            err.print(usage());
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (rest.length > 0 && (rest[0].equals("--help") || rest[0].equals("-h"))) {
            out.print(command.usage());
            return 0;
        }
        try {
            Settings settings = Settings.fromEnvironment();
            settings.requireOnlyKnownKeys(KnownSettings.ALL);
            LogFormat.check(settings);
            if (!command.usesDatabase()) return command.run(rest, settings, out, err);
            Settings chosen = command.chooseDatabase(settings, out);
            DatabaseSettings database = DatabaseSettings.from(chosen);
            DatabaseProbe.check(database);
            return runReportingUnreachable(command, rest, chosen, database, out, err);
        } catch (InvalidSettingException e) {
            err.println("jobscale: " + e.getMessage());
            return 2;
        } catch (ConfigException e) {
            err.println("jobscale: autoscaler config " + e.getMessage());
            return 2;
        } catch (DatabaseUnreachableException e) {
            err.println("jobscale: " + e.getMessage());
            return 1;
        }
    }

    /** The probe passed, but the server may still go away before the command's own first connection. */
    private static int runReportingUnreachable(Command command, String[] args, Settings settings,
                                               DatabaseSettings database, PrintStream out, PrintStream err)
            throws Exception {
        try {
            return command.run(args, settings, out, err);
        } catch (Exception e) {
            throw DatabaseUnreachableException.causing(database, e).orElseThrow(() -> e);
        }
    }

    static String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: jobscale <command> [options]     (jobscale <command> --help for details)

                Commands:
                """);
        COMMANDS.values().forEach(c -> text.append(String.format("  %-13s %s%n", c.name(), c.summary())));
        text.append("""

                Settings come from JOBSCALE_* environment variables (or -DJOBSCALE_...=... in JAVA_OPTS);
                an unknown JOBSCALE_* variable is an error. See README.md for the list and defaults.
                """);
        return text.toString();
    }
}
