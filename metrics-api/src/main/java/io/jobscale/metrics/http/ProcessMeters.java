package io.jobscale.metrics.http;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * The meters every jobscale process reports the same way, web or worker: JVM memory, GC, threads, classes, CPU,
 * uptime and file descriptors, and its HikariCP connection pool.
 */
public final class ProcessMeters {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessMeters.class);

    private ProcessMeters() {
    }

    /** Binds them to {@code registry} for the life of the process; {@code pool} only when it is a HikariCP pool. */
    public static void bindTo(MeterRegistry registry, DataSource pool) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);   // lives as long as the process, like the registry
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        if (!(pool instanceof HikariDataSource hikari)) return;
        // HikariCP reports to one registry per pool, set once; a second server on the same pool (tests) goes without.
        try {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        } catch (IllegalStateException e) {
            LOG.debug("Connection pool {} already reports its metrics elsewhere", hikari.getPoolName());
        }
    }
}
