package io.jobscale.autoscaler.actuator.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The log directory of local child processes, kept bounded: run-one writes one file per job and workers append to
 * theirs across web restarts, so without this the directory grows for ever. Before each start the process's file is
 * rotated once it passes {@link #MAX_FILE_BYTES} (one previous generation, {@code .log.1}, is kept), and files older
 * than {@link #MAX_AGE} or beyond the {@link #MAX_FILES} newest are deleted.
 */
final class LogFiles {

    /** Size at which a process's log file is rotated before the process starts again. */
    static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    /** Log files older than this are deleted. */
    static final Duration MAX_AGE = Duration.ofDays(7);
    /** At most this many log files are kept, the newest. */
    static final int MAX_FILES = 500;

    private static final Logger LOG = LoggerFactory.getLogger(LogFiles.class);

    private final Path directory;
    private final Clock clock;

    LogFiles(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** Prepares {@code <name>.log} for a new process (directory created, file rotated, old files pruned). */
    Path prepare(String name) throws IOException {
        Files.createDirectories(directory);
        Path log = directory.resolve(name + ".log");
        if (Files.exists(log) && Files.size(log) > MAX_FILE_BYTES) {
            Files.move(log, directory.resolve(name + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
        }
        prune();
        return log;
    }

    void prune() throws IOException {
        FileTime oldest = FileTime.from(clock.instant().minus(MAX_AGE));
        List<Path> newestFirst;
        try (Stream<Path> files = Files.list(directory)) {
            newestFirst = files.filter(f -> f.getFileName().toString().matches(".*\\.log(\\.1)?"))
                    .sorted(Comparator.comparing(LogFiles::modified).reversed())
                    .toList();
        }
        for (int i = 0; i < newestFirst.size(); i++) {
            Path file = newestFirst.get(i);
            if (i >= MAX_FILES || modified(file).compareTo(oldest) < 0) delete(file);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);   // vanished meanwhile: sorts last, its delete is a no-op
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete old log file {}: {}", file, e.toString());
        }
    }
}
