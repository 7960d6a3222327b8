package io.jobscale.autoscaler.actuator.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LogFilesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void oldAndSurplusFilesAreDeletedAndALargeFileIsRotated(@TempDir Path dir) throws Exception {
        LogFiles logs = new LogFiles(dir, Clock.fixed(NOW, ZoneOffset.UTC));
        write(dir.resolve("run-one-old.log"), 10, NOW.minus(LogFiles.MAX_AGE).minusSeconds(1));
        write(dir.resolve("keep.txt"), 10, NOW.minus(Duration.ofDays(30)));   // not a log file: left alone
        for (int i = 0; i < LogFiles.MAX_FILES + 5; i++) {
            write(dir.resolve("run-one-" + i + ".log"), 10, NOW.minusSeconds(LogFiles.MAX_FILES + 5 - i));
        }
        write(dir.resolve("worker-1.log"), LogFiles.MAX_FILE_BYTES + 1, NOW);

        Path log = logs.prepare("worker-1");

        assertThat(log).isEqualTo(dir.resolve("worker-1.log")).doesNotExist();
        assertThat(dir.resolve("worker-1.log.1")).exists();
        assertThat(dir.resolve("run-one-old.log")).doesNotExist();
        assertThat(dir.resolve("keep.txt")).exists();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().contains(".log")).count()).isEqualTo(LogFiles.MAX_FILES);
        }
        assertThat(dir.resolve("run-one-" + (LogFiles.MAX_FILES + 4) + ".log")).as("newest kept").exists();
        assertThat(dir.resolve("run-one-0.log")).as("oldest beyond the cap deleted").doesNotExist();
    }

    private static void write(Path file, long bytes, Instant modified) throws Exception {
        Files.write(file, new byte[(int) bytes]);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }
}
