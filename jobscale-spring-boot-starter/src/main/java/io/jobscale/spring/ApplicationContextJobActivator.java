package io.jobscale.spring;

import org.jobrunr.server.JobActivator;
import org.springframework.context.ApplicationContext;

/**
 * Runs an instance-method job on the application's bean of the job's class; a class that is not a bean is created
 * by the context with its constructor dependencies injected, so a job class needs no no-argument constructor.
 */
final class ApplicationContextJobActivator implements JobActivator {

    private final ApplicationContext context;

    ApplicationContextJobActivator(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public <T> T activateJob(Class<T> type) {
        return context.getBeanProvider(type)
                .getIfAvailable(() -> context.getAutowireCapableBeanFactory().createBean(type));
    }
}
