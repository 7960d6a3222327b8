package io.jobscale.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options of a subcommand; anything unknown is a usage error. */
final class Options {

    private Options() {
    }

    /** The options given, or null after printing the usage to {@code err} when one is unknown or lacks its value. */
    static Map<String, String> parse(String[] args, List<String> known, PrintStream err, String usage) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!known.contains(args[i]) || i + 1 >= args.length) {
                err.println(known.contains(args[i])
                        ? "option " + args[i] + " needs a value"
                        : "unknown option '" + args[i] + "'");
                err.print(usage);
                return null;
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }
}
