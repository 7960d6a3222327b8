package io.jobscale.cli.worker;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.settings.Settings;
import io.jobscale.web.WebAuthSettings;
import io.jobscale.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker's probes: ready needs the database and a worker that is not stopping; live needs neither. */
class WorkerHttpRoutesTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readyFollowsTheDatabaseAndTheStopWhileLiveStaysUp() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("worker_http_routes");
        AtomicBoolean stopping = new AtomicBoolean();
        try (HikariDataSource pool = DataSources.create(database, "worker-http-test")) {
            WebServer server = WebServer.start(0, WebAuthSettings.NONE, List.of(new WorkerHttpRoutes(pool,
                    stopping::get, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))));
            try {
                assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
                stopping.set(true);
                HttpResponse<String> stopped = get(server, "/health/ready");
                assertThat(stopped.statusCode()).isEqualTo(503);
                assertThat(stopped.body()).contains("stopping");
                stopping.set(false);
                pool.close();   // the database is gone for this worker
                HttpResponse<String> unreachable = get(server, "/health/ready");
                assertThat(unreachable.statusCode()).isEqualTo(503);
                assertThat(unreachable.body()).contains("\"DOWN\"").contains("database");
                assertThat(get(server, "/health/live").statusCode()).as("an outage is no reason to restart")
                        .isEqualTo(200);
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void thePortIsOffUnlessSet() {
        assertThat(WorkerHttpSettings.from(Settings.of(Map.of())).port()).isEmpty();
        assertThat(WorkerHttpSettings.from(Settings.of(Map.of(WorkerHttpSettings.PORT, "8081"))).port())
                .isEqualTo(OptionalInt.of(8081));
        assertThatThrownBy(() -> WorkerHttpSettings.from(Settings.of(Map.of(WorkerHttpSettings.PORT, "http"))))
                .hasMessageContaining(WorkerHttpSettings.PORT);
    }

    private HttpResponse<String> get(WebServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
