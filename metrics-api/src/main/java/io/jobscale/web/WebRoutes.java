package io.jobscale.web;

import io.javalin.config.JavalinConfig;

import java.util.Set;

/** A module's routes on the web process (metrics API, autoscaler API, dashboard), added to the one shared server. */
public interface WebRoutes {

    void addTo(JavalinConfig config);

    /**
     * POST paths that change nothing (a POST only because the question is too long for a URL): a viewer may send them.
     * Same-origin and CSRF checks still apply as to every POST.
     */
    default Set<String> readOnlyPosts() {
        return Set.of();
    }
}
