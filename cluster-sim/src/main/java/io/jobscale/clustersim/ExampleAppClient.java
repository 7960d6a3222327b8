package io.jobscale.clustersim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Creates jobs as the guide does: through the example app pod's {@code /schedule-example-jobs}. */
final class ExampleAppClient {

    static final String DEPLOYMENT = "jobscale-example-app";
    private static final int PORT = 8080;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final SimCluster cluster;

    ExampleAppClient(SimCluster cluster) {
        this.cluster = cluster;
    }

    /** Calls {@code /schedule-example-jobs?<query>} on the example app's first pod; its JSON answer. */
    JsonNode schedule(String query) throws IOException, InterruptedException {
        int port = cluster.kubelet().hostPort(cluster.pods(DEPLOYMENT).get(0), PORT);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/schedule-example-jobs?" + query)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the example app answered " + response.statusCode() + ": "
                    + response.body());
        }
        return new ObjectMapper().readTree(response.body());
    }

    static List<String> jobIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("jobIds").forEach(id -> ids.add(id.asText()));
        return ids;
    }
}
