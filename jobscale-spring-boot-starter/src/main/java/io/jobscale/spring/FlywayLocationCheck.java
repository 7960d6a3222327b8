package io.jobscale.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Stops the start, before anything touches the database, when Spring Boot's own Flyway run would read
 * {@code classpath:db/migration}, where jobscale's migrations are: it would apply them under its own history table
 * (then jobscale's run fails on the existing tables) or fail on the jobscale tables already there. The message says
 * what to set.
 */
public class FlywayLocationCheck implements EnvironmentPostProcessor {

    static final String JOBSCALE_LOCATION = "classpath:db/migration";
    private static final String BOOT_FLYWAY =
            "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!ClassUtils.isPresent(BOOT_FLYWAY, getClass().getClassLoader())) return;
        if (!environment.getProperty("spring.flyway.enabled", Boolean.class, true)) return;
        String locations = environment.getProperty("spring.flyway.locations", JOBSCALE_LOCATION);
        for (String location : locations.split(",")) {
            String trimmed = location.trim();
            if (trimmed.equals(JOBSCALE_LOCATION) || trimmed.equals("db/migration")) {
                throw new IllegalStateException("Spring Boot's Flyway would run jobscale's migrations ("
                        + JOBSCALE_LOCATION + "): set spring.flyway.enabled=false, or spring.flyway.locations to "
                        + "a folder of the application's own");
            }
        }
    }
}
