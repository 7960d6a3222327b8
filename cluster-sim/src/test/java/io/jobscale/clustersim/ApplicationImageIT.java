package io.jobscale.clustersim;

import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.JobscaleClient;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.JobParameter;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * README "Your own jobs in the image": an application's image is ours plus its jar in {@code /app/jobs/}, which the
 * Dockerfile's {@code JOBSCALE_APP_CLASSPATH} puts on the classpath of every process. Here an application class that
 * exists nowhere in this build is compiled into a jar, and the real launcher runs its jobs in the {@code worker}
 * and the {@code run-one} mode, with that directory in place of {@code /app/jobs/}. Runs after {@code package}.
 */
class ApplicationImageIT {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final String JOB_CLASS = "com.example.invoices.InvoiceRenderer";
    private static final String JOB_SOURCE = """
            package com.example.invoices;

            import java.nio.file.Files;
            import java.nio.file.Path;

            public class InvoiceRenderer {
                public void render(String invoice, String outputDirectory) throws java.io.IOException {
                    Files.writeString(Path.of(outputDirectory, invoice + ".txt"),
                            "rendered by process " + ProcessHandle.current().pid());
                }
            }
            """;

    private static DatabaseSettings database;

    @TempDir
    static Path work;

    @BeforeAll
    static void setUp() throws IOException {
        assertThat(CHECKOUT.resolve("cli/target/jobscale-cli.jar")).as("runs after package").exists();
        database = TestDatabase.fresh("cli_application_image");
        buildApplicationJar(work.resolve("jobs"));
    }

    @Test
    void theImageTakesTheApplicationsJarsFromAppJobs() {
        ContainerImage image = ContainerImage.fromDockerfile(CHECKOUT);
        assertThat(image.env()).containsEntry("JOBSCALE_APP_CLASSPATH", "/app/jobs/*");
    }

    @Test
    void theWorkerModeRunsTheApplicationsJob() throws Exception {
        Path output = Files.createDirectories(work.resolve("worker-output"));
        UUID id = enqueueRender("INV-1", output);
        Process worker = launcher("worker").start();
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> state(id) == StateName.SUCCEEDED);
        } finally {
            worker.destroy();   // SIGTERM, as in a pod
            assertThat(worker.waitFor(90, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(output.resolve("INV-1.txt"))).startsWith("rendered by process");
        assertThat(worker.exitValue()).isZero();
    }

    @Test
    void theRunOneModeRunsTheApplicationsJob() throws Exception {
        Path output = Files.createDirectories(work.resolve("run-one-output"));
        UUID id = enqueueRender("INV-2", output);
        Process runOne = launcher("run-one", id.toString()).start();
        assertThat(runOne.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(runOne.exitValue()).as(Files.readString(work.resolve("run-one.log"))).isZero();
        assertThat(state(id)).isEqualTo(StateName.SUCCEEDED);
        assertThat(Files.readString(output.resolve("INV-2.txt"))).startsWith("rendered by process");
    }

    /** bin/jobscale as the image runs it, with the application's jar directory in place of /app/jobs. */
    private static ProcessBuilder launcher(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(CHECKOUT.resolve("bin/jobscale").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv("PATH"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JOBSCALE_SKIP_BUILD", "true");
        env.put("JOBSCALE_APP_CLASSPATH", work.resolve("jobs") + "/*");
        env.put("JOBSCALE_DB_URL", database.url());
        env.put("JOBSCALE_DB_USER", database.user());
        env.put("JOBSCALE_DB_PASSWORD", database.password());
        env.put("JOBSCALE_WORKERS", "2");
        env.put("JOBSCALE_INTERRUPT_JOBS_AWAIT_DURATION_ON_STOP", "PT1S");
        return builder.redirectErrorStream(true).redirectOutput(work.resolve(args[0] + ".log").toFile());
    }

    /** What the application's own JobscaleClient stores for {@code () -> renderer.render(invoice, dir)}. */
    private static UUID enqueueRender(String invoice, Path outputDirectory) {
        JobDetails details = new JobDetails(JOB_CLASS, null, "render", List.of(
                new JobParameter(String.class, invoice), new JobParameter(String.class, outputDirectory.toString())));
        try (JobscaleClient client = JobscaleClient.create(database)) {
            return client.storageProvider().save(new Job(details)).getId();
        }
    }

    private static StateName state(UUID id) {
        try (JobscaleClient client = JobscaleClient.create(database)) {
            return client.storageProvider().getJobById(id).getState();
        }
    }

    private static void buildApplicationJar(Path jobsDirectory) throws IOException {
        Path sources = Files.createDirectories(work.resolve("src/com/example/invoices"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        Files.writeString(sources.resolve("InvoiceRenderer.java"), JOB_SOURCE);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int result = compiler.run(null, null, null, "-d", classes.toString(),
                sources.resolve("InvoiceRenderer.java").toString());
        assertThat(result).as("compiles").isZero();
        Files.createDirectories(jobsDirectory);
        String entry = "com/example/invoices/InvoiceRenderer.class";
        try (OutputStream file = Files.newOutputStream(jobsDirectory.resolve("invoices.jar"));
             JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new JarEntry(entry));
            jar.write(Files.readAllBytes(classes.resolve(entry)));
            jar.closeEntry();
        }
    }
}
