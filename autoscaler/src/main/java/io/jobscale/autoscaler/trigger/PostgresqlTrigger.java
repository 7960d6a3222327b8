package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.autoscaler.trigger.TriggerMetadata.Source;
import io.jobscale.db.DedicatedConnections;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Type {@code postgresql}, as KEDA's: {@code query} must return one number, compared with
 * {@code targetQueryValue} (required) and {@code activationTargetQueryValue} (default 0). The connection, as KEDA
 * looks it up: {@code connection} from the TriggerAuthentication or {@code connectionFromEnv} (a libpq URL or
 * key=value string), else {@code host}, {@code port}, {@code userName}, {@code dbName}, {@code sslmode} (all
 * required, from the TriggerAuthentication or the metadata) with {@code password} from the TriggerAuthentication or
 * {@code passwordFromEnv}. The query runs read-only
 * with a 3 s statement timeout, so a bad query cannot change data or hang the autoscaler. The connection (one per
 * read) cannot hang it either: connecting and logging in time out, every read on the socket times out after
 * {@link #SOCKET_TIMEOUT} (a half-open connection, e.g. after a NAT dropped the flow, otherwise waits for ever), and
 * TCP keepalives are on at both ends (docs/autoscaler.md, "postgresql").
 */
final class PostgresqlTrigger extends ThresholdTrigger {

    /** The server ends the query after this. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(3);
    /** Connecting, and logging in, take at most this each. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** A read on the socket that waits longer than this fails: the statement timeout, plus time for the answer. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private final String url;
    private final Properties properties;
    private final String query;
    private final String name;

    PostgresqlTrigger(TriggerSpec spec, TriggerMetadata metadata) {
        super(spec.metricType(), metadata.target("targetQueryValue", null),
                metadata.number("activationTargetQueryValue", 0));
        this.query = metadata.required("query");
        PostgresConnection connection = connection(metadata);
        this.url = connection.url();
        this.properties = connection.properties();
        properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        properties.setProperty("tcpKeepAlive", "true");
        // The server's keepalives are those of the autoscaler's own connections, so a session whose autoscaler
        // vanished mid-read ends within seconds. Not tcp_user_timeout: it needs PostgreSQL 12, and this is the
        // user's server, of any version.
        properties.setProperty("options", "-c statement_timeout=" + STATEMENT_TIMEOUT.toMillis()
                + " -c default_transaction_read_only=on"
                + " -c tcp_keepalives_idle=" + DedicatedConnections.KEEPALIVE_IDLE_SECONDS
                + " -c tcp_keepalives_interval=" + DedicatedConnections.KEEPALIVE_INTERVAL_SECONDS
                + " -c tcp_keepalives_count=" + DedicatedConnections.KEEPALIVE_COUNT);
        properties.setProperty("ApplicationName", "jobscale-autoscaler-trigger");
        this.name = spec.name() != null ? spec.name() : "postgresql-query";
    }

    private static PostgresConnection connection(TriggerMetadata metadata) {
        var connection = metadata.param("connection", Source.AUTH, Source.ENV);
        String password = metadata.param("password", Source.AUTH, Source.ENV).orElse(null);
        if (connection.isPresent()) {
            try {
                PostgresConnection parsed = PostgresConnection.parse(connection.get());
                if (password != null) parsed.properties().putIfAbsent("password", password);
                return parsed;
            } catch (IllegalArgumentException e) {
                throw metadata.error("connection", e.getMessage());
            }
        }
        return PostgresConnection.of(required(metadata, "host"), required(metadata, "port"),
                required(metadata, "userName"), required(metadata, "dbName"), required(metadata, "sslmode"), password);
    }

    private static String required(TriggerMetadata metadata, String field) {
        return metadata.param(field, Source.AUTH, Source.METADATA)
                .orElseThrow(() -> metadata.error(field, "is required (or connection / connectionFromEnv)"));
    }

    @Override
    public String metricName() {
        return name;
    }

    @Override
    public TriggerReading read() throws TriggerException {
        try (Connection connection = DriverManager.getConnection(url, properties);
             Statement statement = connection.createStatement()) {
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
