package io.jobscale.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** HTTP calls to a fixture's dashboard as user "ops" (basic auth), with an optional CSRF token. */
final class DashboardClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final DashboardFixture fixture;

    DashboardClient(DashboardFixture fixture) {
        this.fixture = fixture;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code csrf} null sends no token; otherwise the cookie holds "token" and the header {@code csrf}. */
    HttpResponse<String> send(String method, String path, String csrf) throws Exception {
        return send(method, path, csrf, null);
    }

    /** As {@link #send(String, String, String)}, with a JSON body unless {@code json} is null. */
    HttpResponse<String> send(String method, String path, String csrf, String json) throws Exception {
        HttpRequest.Builder request = request(path).method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) request.header("Content-Type", "application/json");
        if (csrf != null) request.header("Cookie", "jobscale_csrf=token").header("X-CSRF-Token", csrf);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(fixture.url(path))).header("Authorization", "Basic b3BzOnB3");
    }
}
