package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.TriggerSpec;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * Type {@code postgresql}, as KEDA's: {@code query} must return one number. Metadata: {@code targetQueryValue},
 * {@code activationTargetQueryValue} (default 0), and the connection: {@code connectionFromEnv} (an environment
 * variable holding a JDBC URL) or {@code host}, {@code port} (5432), {@code userName}, {@code dbName},
 * {@code sslmode} (disable); {@code password} from the TriggerAuthentication. The query runs read-only with a 3 s
 * statement timeout, so a bad query cannot change data or hang the autoscaler.
 */
final class PostgresqlTrigger extends ThresholdTrigger {

    private final String url;
    private final Properties properties = new Properties();
    private final String query;
    private final String name;

    PostgresqlTrigger(TriggerSpec spec, Map<String, String> environment) {
        this(spec, new TriggerMetadata(spec), environment);
    }

    private PostgresqlTrigger(TriggerSpec spec, TriggerMetadata metadata, Map<String, String> environment) {
        super(spec.metricType(), metadata.target("targetQueryValue", null), metadata.number("activationTargetQueryValue", 0));
        this.query = metadata.required("query");
        if (metadata.text("connectionFromEnv").isPresent()) {
            String variable = metadata.text("connectionFromEnv").get();
            String value = environment.get(variable);
            if (value == null) throw metadata.error("connectionFromEnv", "names environment variable " + variable + ", which is not set");
            this.url = value.startsWith("jdbc:") ? value : "jdbc:" + value;
        } else {
            this.url = "jdbc:postgresql://" + metadata.required("host") + ":" + metadata.text("port").orElse("5432") + "/"
                    + metadata.required("dbName") + "?sslmode=" + metadata.text("sslmode").orElse("disable");
            properties.setProperty("user", metadata.required("userName"));
        }
        metadata.auth("password").ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("options", "-c statement_timeout=3000 -c default_transaction_read_only=on");
        properties.setProperty("ApplicationName", "jobscale-autoscaler-trigger");
        this.name = spec.name() != null ? spec.name() : "postgresql-query";
    }

    @Override
    public String metricName() {
        return name;
    }

    @Override
    public TriggerReading read() throws TriggerException {
        try (Connection connection = DriverManager.getConnection(url, properties); Statement statement = connection.createStatement()) {
            connection.setReadOnly(true);
            try (ResultSet rs = statement.executeQuery(query)) {
                if (!rs.next()) throw new TriggerException("query returned no row");
                double value = rs.getDouble(1);
                if (rs.wasNull()) throw new TriggerException("query returned NULL");
                return reading(value);
            }
        } catch (SQLException e) {
            throw new TriggerException("postgresql query failed: " + e.getMessage(), e);
        }
    }
}
