package io.jobscale.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.metrics.http.MetricsRoutes;
import io.jobscale.web.WebAuthSettings;
import io.jobscale.web.WebServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI description matches what the endpoints really answer, field for field and type for type. */
class OpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyDocumentedResponseMatchesTheRealOne() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("metrics_openapi");
        try (HikariDataSource dataSource = DataSources.create(database, "openapi")) {
            WebServer server = WebServer.start(0, WebAuthSettings.NONE,
                    List.of(new MetricsRoutes(new JobMetrics(dataSource, Clock.systemUTC()))));
            try {
                JsonNode spec = JSON.readTree(get(server, "/api/openapi.json").body());
                Map<String, String> schemaOfPath = Map.of(
                        "/api/metrics/workers", "Workers",
                        "/api/metrics/jobs/enqueued", "Enqueued",
                        "/api/metrics/jobs/scheduled", "Scheduled");
                assertThat(fieldNames(spec.get("paths"))).containsExactlyInAnyOrderElementsOf(schemaOfPath.keySet());
                for (Map.Entry<String, String> entry : schemaOfPath.entrySet()) {
                    JsonNode ref = spec.at("/paths/" + entry.getKey().replace("/", "~1")
                            + "/get/responses/200/content/application~1json/schema/$ref");
                    assertThat(ref.asText()).isEqualTo("#/components/schemas/" + entry.getValue());
                    JsonNode schema = spec.at("/components/schemas/" + entry.getValue());
                    JsonNode actual = JSON.readTree(get(server, entry.getKey()).body());
                    assertMatches(schema, actual, entry.getKey());
                }
                HttpResponse<String> bad = get(server, "/api/metrics/jobs/enqueued?priority=x");
                assertThat(bad.statusCode()).isEqualTo(400);
                assertMatches(spec.at("/components/schemas/Error"), JSON.readTree(bad.body()), "400");
            } finally {
                server.stop();
            }
        }
    }

    private static void assertMatches(JsonNode schema, JsonNode actual, String where) {
        Set<String> documented = fieldNames(schema.get("properties"));
        assertThat(fieldNames(actual)).as(where + " fields").isSubsetOf(documented);
        for (JsonNode required : schema.get("required")) {
            assertThat(actual.has(required.asText())).as(where + " has " + required).isTrue();
        }
        actual.fields().forEachRemaining(field -> {
            String type = schema.get("properties").get(field.getKey()).get("type").asText();
            boolean ok = switch (type) {
                case "integer" -> field.getValue().isIntegralNumber();
                case "number" -> field.getValue().isNumber();
                case "string" -> field.getValue().isTextual();
                default -> false;
            };
            assertThat(ok).as(where + "." + field.getKey() + " is " + type).isTrue();
        });
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private HttpResponse<String> get(WebServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
