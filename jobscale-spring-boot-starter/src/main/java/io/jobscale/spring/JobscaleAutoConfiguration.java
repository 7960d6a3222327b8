package io.jobscale.spring;

import io.jobscale.server.JobscaleClient;
import io.jobscale.server.storage.JobscaleStorageProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * jobscale in a Spring Boot application: the job storage on the application's DataSource (or on
 * {@code jobscale.datasource.*}), a {@link JobscaleClient} bean, and with
 * {@code org.jobrunr.background-job-server.enabled=true} a worker that runs jobs on the application's beans. Health
 * and metrics when actuator and Micrometer are present. README: "Spring Boot".
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@EnableConfigurationProperties({JobscaleProperties.class, JobRunrServerProperties.class, JobRunrJobsProperties.class})
public class JobscaleAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public JobscaleDatabase jobscaleDatabase(JobscaleProperties properties, ObjectProvider<DataSource> dataSources,
                                             ConfigurableEnvironment environment) {
        UnknownPropertyCheck.requireOnlyKnown(environment);
        if (properties.getDatasource().getUrl() != null) {
            return JobscaleDatabase.own(SpringSettings.database(properties.getDatasource()));
        }
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new IllegalStateException("jobscale needs a database: set spring.datasource.url (the application's "
                    + "DataSource, also jobscale's) or jobscale.datasource.url (a database of jobscale's own)");
        }
        return JobscaleDatabase.shared(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    public JobscaleStorageProvider jobscaleStorageProvider(JobscaleDatabase database) {
        return database.storage();
    }

    @Bean
    @ConditionalOnMissingBean
    public JobscaleClient jobscaleClient(JobscaleStorageProvider storage, JobRunrJobsProperties jobs) {
        Integer retries = jobs.getDefaultNumberOfRetries();
        return retries == null ? new JobscaleClient(storage) : new JobscaleClient(storage, retries);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = JobRunrServerProperties.PREFIX, name = "enabled", havingValue = "true")
    public JobscaleWorkerLifecycle jobscaleWorker(JobscaleStorageProvider storage, JobRunrServerProperties server,
                                                  JobscaleProperties jobscale, ApplicationContext context) {
        return new JobscaleWorkerLifecycle(storage, SpringSettings.worker(server, jobscale),
                new ApplicationContextJobActivator(context));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "jobscaleHealthIndicator")
        public JobscaleHealthIndicator jobscaleHealthIndicator(JobscaleDatabase database,
                                                               ObjectProvider<JobscaleWorkerLifecycle> worker) {
            return new JobscaleHealthIndicator(database.dataSource(), worker.getIfAvailable());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        public JobscaleMetrics jobscaleMetrics(JobscaleStorageProvider storage,
                                               ObjectProvider<JobscaleWorkerLifecycle> worker) {
            return new JobscaleMetrics(storage, worker.getIfAvailable(), Clock.systemUTC());
        }
    }
}
