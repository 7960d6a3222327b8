package io.jobscale.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The JobRunr autoscaling guide's application on jobscale: {@code GET /schedule-example-jobs} creates sample jobs,
 * and the worker in this same application (or in more replicas of it) runs them on the application's beans.
 */
@SpringBootApplication
public class SpringBootExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SpringBootExampleApplication.class, args);
    }
}
