package io.jobscale.db;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The connections a process holds for its whole life outside any pool (the autoscaler's leader lock, the LISTEN
 * connections of the autoscaler and the workers), and the settings that make them, and the autoscaler's pooled ones,
 * fail within a known time instead of hanging forever (a NAT or load balancer that drops an idle flow leaves a
 * half-open connection that never errors):
 * <ul>
 *   <li>client side: {@code tcpKeepAlive}, a {@code socketTimeout} on every read, a {@code connectTimeout};</li>
 *   <li>server side ({@code options}): TCP keepalives and a TCP user timeout on the session, so PostgreSQL ends the
 *   session of a leader whose node died within {@link #KEEPALIVE_BUDGET} and releases its advisory lock, instead of
 *   after the server's default of about two hours.</li>
 * </ul>
 * A parameter already in {@code JOBSCALE_DB_URL} wins over these defaults. See docs/autoscaler-runtime.md.
 */
public final class DedicatedConnections {

    /** Seconds of silence before PostgreSQL probes the autoscaler's connection ({@code tcp_keepalives_idle}). */
    public static final int KEEPALIVE_IDLE_SECONDS = 5;
    /** Seconds between probes ({@code tcp_keepalives_interval}). */
    public static final int KEEPALIVE_INTERVAL_SECONDS = 2;
    /** Unanswered probes before PostgreSQL drops the connection ({@code tcp_keepalives_count}). */
    public static final int KEEPALIVE_COUNT = 3;
    /** How long PostgreSQL keeps the session of a dead autoscaler (and so its leader lock): 5 + 3 × 2 = 11 s. */
    public static final Duration KEEPALIVE_BUDGET =
            Duration.ofSeconds(KEEPALIVE_IDLE_SECONDS + (long) KEEPALIVE_COUNT * KEEPALIVE_INTERVAL_SECONDS);
    /** A read on the dedicated (leader lock, LISTEN) connections that waits longer than this fails. */
    public static final Duration DEDICATED_SOCKET_TIMEOUT = Duration.ofSeconds(10);
    /** A read on the autoscaler's pooled connections (trigger metrics, events) that waits longer than this fails. */
    public static final Duration POOLED_SOCKET_TIMEOUT = Duration.ofSeconds(30);
    /** Connecting (TCP and login) takes at most this. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long a liveness round trip ({@code isValid}) on a dedicated connection may take before it counts as dead. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private DedicatedConnections() {
    }

    /** A connection of its own for the leader lock or LISTEN, named {@code applicationName} in pg_stat_activity. */
    public static Connection open(DatabaseSettings database, String applicationName) throws SQLException {
        return open(database.url(), database.user(), database.password(), applicationName);
    }

    /** As {@link #open(DatabaseSettings, String)}, for a process that knows its database by a pool's settings. */
    public static Connection open(String url, String user, String password, String applicationName)
            throws SQLException {
        Properties properties = new Properties();
        properties.putAll(parameters(DEDICATED_SOCKET_TIMEOUT));
        properties.setProperty("ApplicationName", applicationName);
        if (user != null) properties.setProperty("user", user);
        if (password != null) properties.setProperty("password", password);
        return DriverManager.getConnection(url, properties);   // the URL's own parameters take precedence
    }

    /** The settings of a pool for the autoscaler's queries: the same URL with these parameters added where absent. */
    public static DatabaseSettings pooled(DatabaseSettings database) {
        StringBuilder url = new StringBuilder(database.url());
        String query = database.url().contains("?") ? database.url().substring(database.url().indexOf('?') + 1) : "";
        for (Map.Entry<String, String> p : parameters(POOLED_SOCKET_TIMEOUT).entrySet()) {
            if (("&" + query).contains("&" + p.getKey() + "=")) continue;
            url.append(url.indexOf("?") < 0 ? '?' : '&').append(p.getKey()).append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return new DatabaseSettings(url.toString(), database.user(), database.password(), database.poolSize());
    }

    private static Map<String, String> parameters(Duration socketTimeout) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("tcpKeepAlive", "true");
        parameters.put("socketTimeout", Long.toString(socketTimeout.toSeconds()));
        parameters.put("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        parameters.put("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        parameters.put("options", "-c tcp_keepalives_idle=" + KEEPALIVE_IDLE_SECONDS
                + " -c tcp_keepalives_interval=" + KEEPALIVE_INTERVAL_SECONDS
                + " -c tcp_keepalives_count=" + KEEPALIVE_COUNT
                + " -c tcp_user_timeout=" + KEEPALIVE_BUDGET.toMillis());
        return parameters;
    }
}
