package io.jobscale.spring;

import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.JobscaleClient;
import io.jobscale.server.storage.JobscaleStorageProvider;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The starter in a real Spring context on a real PostgreSQL: beans, worker, properties, health. */
class JobscaleAutoConfigurationTest {

    private static DatabaseSettings db;

    /** A service with no no-argument constructor: only the context can build it. */
    public static final class Greeter {
        final Set<String> greeted = ConcurrentHashMap.newKeySet();
        private final String greeting;

        public Greeter(String greeting) {
            this.greeting = greeting;
        }

        public void greet(String name) {
            greeted.add(greeting + " " + name);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Application {
        @Bean   // closed by the context, as an application's pool is
        DataSource dataSource() {
            return DataSources.create(db, "application");
        }

        @Bean
        Greeter greeter() {
            return new Greeter("hello");
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JobscaleAutoConfiguration.class))
            .withUserConfiguration(Application.class);

    @BeforeAll
    static void database() {
        db = TestDatabase.empty("spring_starter");
    }

    @Test
    void theWorkerRunsJobsOnTheApplicationsBeans() {
        runner.withPropertyValues("org.jobrunr.background-job-server.enabled=true",
                        "org.jobrunr.background-job-server.worker-count=2",
                        "org.jobrunr.background-job-server.interrupt-jobs-await-duration-on-stop=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JobscaleWorkerLifecycle.class);
                    JobscaleClient jobs = context.getBean(JobscaleClient.class);
                    Greeter greeter = context.getBean(Greeter.class);
                    for (String name : new String[]{"ada", "grace"}) jobs.enqueue(() -> greeter.greet(name));

                    await().atMost(Duration.ofMinutes(1))
                            .until(() -> greeter.greeted.containsAll(Set.of("hello ada", "hello grace")));
                    assertThat(context.getBean(JobscaleWorkerLifecycle.class).settings().workers()).isEqualTo(2);
                    Health health = context.getBean(JobscaleHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("worker", "RUNNING").containsEntry("workers", 2);
                });
    }

    @Test
    void withoutTheServerPropertyTheApplicationOnlyCreatesJobs() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(JobscaleClient.class)
                    .doesNotHaveBean(JobscaleWorkerLifecycle.class);
            assertThat(context.getBean(JobscaleHealthIndicator.class).health().getDetails())
                    .containsEntry("worker", "disabled");
        });
    }

    @Test
    void defaultNumberOfRetriesIsStoredWithEachJob() {
        runner.withPropertyValues("org.jobrunr.jobs.default-number-of-retries=3").run(context -> {
            UUID id = context.getBean(JobscaleClient.class).enqueue(() -> System.out.println("retried thrice"));
            Job job = context.getBean(JobscaleStorageProvider.class).getJobById(id);
            assertThat(job.getAmountOfRetries()).isEqualTo(3);
            assertThat(job.getState()).isEqualTo(StateName.ENQUEUED);
        });
    }

    @Test
    void anUnknownJobscalePropertyStopsTheStart() {
        runner.withPropertyValues("jobscale.datasource.ulr=jdbc:postgresql://db/jobs").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("Unknown jobscale property jobscale.datasource.ulr")
                        .hasMessageContaining("jobscale.datasource.url"));
    }

    @Test
    void anOutOfRangeValueNamesTheSpringProperty() {
        runner.withPropertyValues("org.jobrunr.background-job-server.enabled=true",
                "org.jobrunr.background-job-server.poll-interval-in-seconds=1").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageStartingWith(
                        "Invalid setting org.jobrunr.background-job-server.poll-interval-in-seconds=1"));
    }

    @Test
    void jobscaleDatasourceGivesJobscaleADatabaseOfItsOwn() {
        DatabaseSettings own = TestDatabase.empty("spring_starter_own");
        runner.withPropertyValues("jobscale.datasource.url=" + own.url(), "jobscale.datasource.username=" + own.user(),
                "jobscale.datasource.password=" + own.password()).run(context -> {
            JobscaleDatabase database = context.getBean(JobscaleDatabase.class);
            assertThat(database.dataSource()).isNotSameAs(context.getBean(DataSource.class));
            UUID id = context.getBean(JobscaleClient.class).enqueue(() -> System.out.println("own database"));
            assertThat(context.getBean(JobscaleStorageProvider.class).getJobById(id).getState())
                    .isEqualTo(StateName.ENQUEUED);
        });
    }
}
