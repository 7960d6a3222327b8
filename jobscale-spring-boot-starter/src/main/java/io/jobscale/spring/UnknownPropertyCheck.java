package io.jobscale.spring;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stops the application at start when a {@code jobscale.*} property is not one of {@link JobscaleProperties#KEYS}: a
 * typo such as {@code jobscale.datasource.ulr} would otherwise be ignored and the application's DataSource used. The
 * same rule as the jobscale processes' for their {@code JOBSCALE_*} variables. Environment variables are not checked:
 * the {@code JOBSCALE_*} variables of the jobscale processes may share a pod's environment with the application.
 */
final class UnknownPropertyCheck {

    private UnknownPropertyCheck() {
    }

    static void requireOnlyKnown(ConfigurableEnvironment environment) {
        Set<String> known = new TreeSet<>(JobscaleProperties.KEYS);
        TreeSet<String> unknown = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName())) continue;
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) continue;
            for (String name : enumerable.getPropertyNames()) {
                String canonical = canonical(name);
                if (canonical != null && canonical.startsWith(JobscaleProperties.PREFIX + ".")
                        && !known.contains(canonical)) {
                    unknown.add(name);
                }
            }
        }
        if (!unknown.isEmpty()) throw new IllegalStateException(message(unknown, known));
    }

    private static String message(Collection<String> unknown, Collection<String> known) {
        return "Unknown jobscale propert" + (unknown.size() == 1 ? "y " : "ies ") + String.join(", ", unknown)
                + " (known: " + String.join(", ", known) + ")";
    }

    /** {@code jobscale.dataSource.poolSize} and {@code jobscale.datasource.pool-size} are the same property. */
    private static String canonical(String name) {
        ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(name, '.');
        return adapted.isEmpty() ? null : adapted.toString();
    }
}
