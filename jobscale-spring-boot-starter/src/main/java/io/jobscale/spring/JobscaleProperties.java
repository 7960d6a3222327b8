package io.jobscale.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * What is jobscale's own ({@code jobscale.*}). Every key is listed in {@link #KEYS}; any other {@code jobscale.*}
 * key stops the application at start ({@link UnknownPropertyCheck}).
 */
@ConfigurationProperties(JobscaleProperties.PREFIX)
public class JobscaleProperties {

    public static final String PREFIX = "jobscale";
    public static final List<String> KEYS = List.of(
            "jobscale.datasource.url", "jobscale.datasource.username", "jobscale.datasource.password",
            "jobscale.datasource.pool-size", "jobscale.termination-grace-period");

    /** A database of jobscale's own; unset: the application's DataSource. */
    private final Datasource datasource = new Datasource();
    /**
     * How long the worker's stop may take in all (the pod's terminationGracePeriodSeconds); a hand-back that fails
     * because the database is away is retried until then. Unset: as for the {@code jobscale worker} process.
     */
    private Duration terminationGracePeriod;

    public Datasource getDatasource() {
        return datasource;
    }

    public Duration getTerminationGracePeriod() {
        return terminationGracePeriod;
    }

    public void setTerminationGracePeriod(Duration terminationGracePeriod) {
        this.terminationGracePeriod = terminationGracePeriod;
    }

    /** {@code jobscale.datasource.*}: when {@code url} is set, jobscale keeps its jobs there, in a pool of its own. */
    public static class Datasource {
        /** {@code jdbc:postgresql://host:port/database}; created and migrated when missing. */
        private String url;
        /** Default as {@code JOBSCALE_DB_USER}. */
        private String username;
        /** Default as {@code JOBSCALE_DB_PASSWORD}. */
        private String password;
        /** Connections of jobscale's own pool; default as {@code JOBSCALE_DB_POOL_SIZE}. */
        private Integer poolSize;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public Integer getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(Integer poolSize) {
            this.poolSize = poolSize;
        }
    }
}
