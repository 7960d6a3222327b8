package io.jobscale.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/** Latencies of repeated GETs: as the client saw them, and as the server reported them (Server-Timing), sorted. */
record Latencies(double[] clientMillis, double[] serverMillis) {

    static Latencies measure(HttpClient http, HttpRequest request, int warmup, int requests) throws Exception {
        for (int i = 0; i < warmup; i++) http.send(request, HttpResponse.BodyHandlers.ofString());
        double[] client = new double[requests];
        double[] server = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            client[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            server[i] = Double.parseDouble(response.headers().firstValue("Server-Timing").orElse("app;dur=0").substring("app;dur=".length()));
        }
        Arrays.sort(client);
        Arrays.sort(server);
        return new Latencies(client, server);
    }

    static double p50(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    static double p99(double[] sorted) {
        return sorted[(int) (sorted.length * 0.99)];
    }

    static double max(double[] sorted) {
        return sorted[sorted.length - 1];
    }
}
