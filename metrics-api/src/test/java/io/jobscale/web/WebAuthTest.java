package io.jobscale.web;

import io.jobscale.settings.InvalidSettingException;
import io.jobscale.settings.Settings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each of KEDA's metrics-api auth modes: the right credential passes, anything else is a 401; /health stays open. */
class WebAuthTest {

    private static final WebRoutes PING =
            config -> config.routes.get("/api/ping", ctx -> ctx.json(Map.of("pong", true)));
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void basic() throws Exception {
        WebServer server = start(Map.of("JOBSCALE_AUTH_MODE", "basic", "JOBSCALE_AUTH_USERNAME", "keda",
                "JOBSCALE_AUTH_PASSWORD", "s3cret"));
        try {
            assertThat(status(server, "Authorization", "Basic " + base64("keda:s3cret"))).isEqualTo(200);
            assertThat(status(server, "Authorization", "Basic " + base64("keda:wrong"))).isEqualTo(401);
            assertThat(status(server, "Authorization", "Basic !!notbase64")).isEqualTo(401);
            assertThat(status(server, "Authorization", "Bearer s3cret")).isEqualTo(401);
            assertThat(status(server, null, null)).isEqualTo(401);
            assertThat(healthStatus(server)).isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    void bearer() throws Exception {
        WebServer server = start(Map.of("JOBSCALE_AUTH_MODE", "bearer", "JOBSCALE_AUTH_TOKEN", "t0ken"));
        try {
            assertThat(status(server, "Authorization", "Bearer t0ken")).isEqualTo(200);
            assertThat(status(server, "Authorization", "bearer t0ken")).isEqualTo(200);
            assertThat(status(server, "Authorization", "Bearer t0ke")).isEqualTo(401);
            assertThat(status(server, "X-API-KEY", "t0ken")).isEqualTo(401);
            assertThat(healthStatus(server)).isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    void apiKeyInTheConfiguredHeader() throws Exception {
        WebServer server = start(Map.of("JOBSCALE_AUTH_MODE", "apiKey", "JOBSCALE_AUTH_API_KEY", "k3y",
                "JOBSCALE_AUTH_API_KEY_HEADER", "X-Scaler-Key"));
        try {
            assertThat(status(server, "X-Scaler-Key", "k3y")).isEqualTo(200);
            assertThat(status(server, "X-Scaler-Key", "k3y ")).isEqualTo(200);   // header values are trimmed by HTTP
            assertThat(status(server, "X-API-KEY", "k3y")).isEqualTo(401);
            assertThat(status(server, "X-Scaler-Key", "nope")).isEqualTo(401);
            assertThat(healthStatus(server)).isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    void incompleteConfigurationFailsAtStartNamingTheKey() {
        assertThatThrownBy(() -> WebAuthSettings.from(Settings.of(Map.of("JOBSCALE_AUTH_MODE", "bearer"))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("JOBSCALE_AUTH_TOKEN");
        assertThatThrownBy(() -> WebAuthSettings.from(Settings.of(Map.of("JOBSCALE_AUTH_MODE", "oauth"))))
                .hasMessageContaining("JOBSCALE_AUTH_MODE");
    }

    private static WebServer start(Map<String, String> env) {
        return WebServer.start(0, WebAuthSettings.from(Settings.of(env)), List.of(PING));
    }

    private int status(WebServer server, String header, String value) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/ping"));
        if (header != null) request.header(header, value);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private int healthStatus(WebServer server) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
