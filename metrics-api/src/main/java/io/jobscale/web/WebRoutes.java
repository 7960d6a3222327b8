package io.jobscale.web;

import io.javalin.config.JavalinConfig;

/** A module's routes on the web process (metrics API, autoscaler API, dashboard), added to the one shared server. */
public interface WebRoutes {

    void addTo(JavalinConfig config);
}
