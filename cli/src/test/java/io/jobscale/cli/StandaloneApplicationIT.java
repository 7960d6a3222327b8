package io.jobscale.cli;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.JobscaleClient;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's acceptance: {@code examples/standalone-app}, a Maven project outside the reactor that depends on
 * {@code io.jobscale:jobscale-server} alone, builds against this checkout's jars and runs 50 instance-method jobs of
 * a class without a no-argument constructor in its own worker; its dependency tree holds no fabric8, Javalin or
 * Jedis.
 *
 * <p>Cheap and offline: the build runs with {@code -o} on a local repository that is the usual one (symlinked, so
 * nothing is downloaded or copied) except for {@code io/jobscale}, which holds this checkout's freshly packaged
 * jobscale-parent, -db and -server; so it runs after {@code package} and never sees another checkout's install.
 */
class StandaloneApplicationIT {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final String VERSION = "0.1.0-SNAPSHOT";

    @TempDir
    Path work;

    @Test
    void anApplicationOnJobscaleServerAloneRunsFiftyJobsOnItsOwnObjects() throws Exception {
        Path repository = repositoryWithThisCheckout();
        Path project = work.resolve("thumbnails");
        copyTree(CHECKOUT.resolve("examples/standalone-app"), project);

        Path tree = work.resolve("tree.txt");
        Path classpath = work.resolve("classpath.txt");
        Process build = new ProcessBuilder(maven(), "-B", "-q", "-o", "-Dmaven.repo.local=" + repository,
                "-f", project.resolve("pom.xml").toString(), "compile",
                "dependency:tree", "-DoutputFile=" + tree,
                "dependency:build-classpath", "-Dmdep.outputFile=" + classpath)
                .redirectErrorStream(true).redirectOutput(work.resolve("build.log").toFile()).start();
        assertThat(build.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(build.exitValue()).as(Files.readString(work.resolve("build.log"))).isZero();

        String dependencies = Files.readString(tree);
        assertThat(dependencies).contains("io.jobscale:jobscale-server:jar:" + VERSION, "org.jobrunr:jobrunr:jar")
                .doesNotContain("io.fabric8", "io.javalin", "redis.clients");

        DatabaseSettings database = TestDatabase.empty("cli_standalone_app");
        ProcessBuilder app = new ProcessBuilder(javaBinary(), "-cp",
                project.resolve("target/classes") + java.io.File.pathSeparator + Files.readString(classpath).trim(),
                "com.example.thumbnails.ThumbnailApp");
        Map<String, String> env = app.environment();
        env.clear();
        env.put("JOBSCALE_DB_URL", database.url());
        env.put("JOBSCALE_DB_USER", database.user());
        env.put("JOBSCALE_DB_PASSWORD", database.password());
        env.put("JOBSCALE_WORKERS", "4");
        env.put("JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP", "PT1S");
        Path log = work.resolve("app.log");
        Process run = app.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(run.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(run.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("rendered 50 of 50 thumbnails");
        try (JobscaleClient client = JobscaleClient.create(database)) {
            assertThat(client.storageProvider().countJobs(StateName.SUCCEEDED)).isEqualTo(50);
        }
    }

    /** The usual local repository, symlinked entry by entry, with io/jobscale from this checkout instead. */
    private Path repositoryWithThisCheckout() throws IOException {
        Path usual = Path.of(System.getProperty("jobscale.m2.repository",
                System.getProperty("user.home") + "/.m2/repository"));
        Path repository = Files.createDirectories(work.resolve("repository"));
        try (Stream<Path> entries = Files.list(usual)) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals("io")) {
                    Files.createSymbolicLink(repository.resolve(entry.getFileName().toString()), entry);
                }
            }
        }
        Path io = Files.createDirectories(repository.resolve("io"));
        if (Files.isDirectory(usual.resolve("io"))) {
            try (Stream<Path> groups = Files.list(usual.resolve("io"))) {
                for (Path group : groups.toList()) {
                    String name = group.getFileName().toString();
                    if (!name.equals("jobscale")) Files.createSymbolicLink(io.resolve(name), group);
                }
            }
        }
        install(repository, "jobscale-parent", CHECKOUT.resolve("pom.xml"), null);
        install(repository, "jobscale-db", CHECKOUT.resolve("db/pom.xml"),
                CHECKOUT.resolve("db/target/jobscale-db-" + VERSION + ".jar"));
        install(repository, "jobscale-server", CHECKOUT.resolve("server/pom.xml"),
                CHECKOUT.resolve("server/target/jobscale-server-" + VERSION + ".jar"));
        return repository;
    }

    private static void install(Path repository, String artifact, Path pom, Path jar) throws IOException {
        Path directory = Files.createDirectories(repository.resolve("io/jobscale/" + artifact + "/" + VERSION));
        Files.copy(pom, directory.resolve(artifact + "-" + VERSION + ".pom"));
        if (jar != null) {
            assertThat(jar).as("runs after package").exists();
            Files.copy(jar, directory.resolve(artifact + "-" + VERSION + ".jar"));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path relative = from.relativize(path);
                if (relative.startsWith("target")) continue;
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) Files.createDirectories(target);
                else Files.copy(path, target);
            }
        }
    }

    /** The Maven running this build (maven.home, passed by the pom), else the one on the PATH. */
    private static String maven() {
        String home = System.getProperty("maven.home", "");
        Path mvn = Path.of(home, "bin", "mvn");
        return !home.isBlank() && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
