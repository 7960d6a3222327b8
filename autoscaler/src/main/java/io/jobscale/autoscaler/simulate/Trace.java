package io.jobscale.autoscaler.simulate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload trace: CSV lines {@code at_seconds,count,duration_ms[,priority][,scheduled_in_seconds]}. At
 * {@code at_seconds} the application creates {@code count} jobs that each work {@code duration_ms}; with
 * {@code scheduled_in_seconds} they are scheduled that far ahead, otherwise enqueued at once. {@code #} starts a
 * comment.
 */
public record Trace(List<Batch> batches) {

    public record Batch(long atSeconds, int count, long durationMillis, int priority, long scheduledInSeconds) {
    }

    public static Trace read(Path file) throws IOException {
        List<Batch> batches = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("at_seconds")) continue;
            String[] f = text.split("\\s*,\\s*");
            try {
                if (f.length < 3) throw new NumberFormatException("expected at least 3 fields");
                batches.add(new Batch(Long.parseLong(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]),
                        f.length > 3 && !f[3].isEmpty() ? Integer.parseInt(f[3]) : 1,
                        f.length > 4 && !f[4].isEmpty() ? Long.parseLong(f[4]) : 0));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + lineNumber + ": " + e.getMessage() + ": " + line);
            }
        }
        batches.sort((a, b) -> Long.compare(a.atSeconds(), b.atSeconds()));
        return new Trace(batches);
    }
}
