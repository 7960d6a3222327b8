package io.jobscale.web;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.FreePorts;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.settings.Settings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness follows the database; liveness ({@code /health}) does not; both answer without credentials. */
class DatabaseReadinessTest {

    private static final Map<String, String> BEARER = Map.of("JOBSCALE_AUTH_MODE", "bearer",
            "JOBSCALE_AUTH_TOKEN", "t0ken");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readyWhileTheDatabaseAnswers() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("metrics_readiness");
        try (HikariDataSource dataSource = DataSources.create(database, "readiness-test")) {
            WebServer server = start(dataSource);
            try {
                HttpResponse<String> ready = get(server, DatabaseReadiness.PATH);
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).contains("\"UP\"");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void notReadyButAliveWhileTheDatabaseIsUnreachable() throws Exception {
        DatabaseSettings nowhere = new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + FreePorts.unused() + "/jobscale",
                "postgres", "", 2);
        try (HikariDataSource dataSource = DataSources.create(nowhere, "readiness-test")) {
            WebServer server = start(dataSource);
            try {
                HttpResponse<String> ready = get(server, DatabaseReadiness.PATH);
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"DOWN\"").contains("database unreachable");
                assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            } finally {
                server.stop();
            }
        }
    }

    private static WebServer start(HikariDataSource dataSource) {
        return WebServer.start(0, WebAuthSettings.from(Settings.of(BEARER)),
                List.of(new DatabaseReadiness(dataSource)));
    }

    private HttpResponse<String> get(WebServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
