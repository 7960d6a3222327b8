package io.jobscale.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Latencies of repeated GETs: as the client saw them, and as the server reported them (Server-Timing), sorted. */
record Latencies(double[] clientMillis, double[] serverMillis) {

    /**
     * Requests every URI once per round, round after round, so a pause of the machine (a checkpoint, autovacuum, a
     * GC) lands on all endpoints alike instead of on whichever happened to be measured then. The warm-up rounds let
     * the JIT and the connection pool settle first; they are not recorded.
     *
     * <p>The client is {@link HttpURLConnection} on a kept-alive connection: it runs in the calling thread, where
     * java.net.http hands each request between threads; on two cores that put 3-4 ms between the client's p99 and the
     * server's, against 1-2 ms now.
     */
    private static List<Latencies> measure(List<URI> uris, int warmupRounds, int rounds) throws IOException {
        for (int i = 0; i < warmupRounds; i++) for (URI uri : uris) get(uri);
        double[][] client = new double[uris.size()][rounds];
        double[][] server = new double[uris.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int u = 0; u < uris.size(); u++) {
                long start = System.nanoTime();
                String serverTiming = get(uris.get(u));
                client[u][round] = (System.nanoTime() - start) / 1e6;
                server[u][round] = Double.parseDouble(serverTiming.substring("app;dur=".length()));
            }
        }
        List<Latencies> result = new ArrayList<>();
        for (int u = 0; u < uris.size(); u++) {
            Arrays.sort(client[u]);
            Arrays.sort(server[u]);
            result.add(new Latencies(client[u], server[u]));
        }
        return result;
    }

    /** Measures {@code paths} on the web server at {@code port} and prints p50, p99 and max, client and server side. */
    static void printTable(int port, List<String> paths, int warmupRounds, int rounds) throws IOException {
        List<URI> uris = paths.stream().map(path -> URI.create("http://127.0.0.1:" + port + path)).toList();
        List<Latencies> latencies = measure(uris, warmupRounds, rounds);
        System.out.printf("%n%-70s %24s   %s%n", "", "as the client sees it", "server side (Server-Timing)");
        System.out.printf("%-70s %8s %8s %8s   %8s %8s %8s%n", "endpoint (" + rounds + " requests each)",
                "p50 ms", "p99 ms", "max ms", "p50 ms", "p99 ms", "max ms");
        for (int i = 0; i < paths.size(); i++) {
            Latencies l = latencies.get(i);
            System.out.printf("%-70s %8.2f %8.2f %8.2f   %8.2f %8.2f %8.2f%n", paths.get(i), p50(l.clientMillis()),
                    p99(l.clientMillis()), max(l.clientMillis()), p50(l.serverMillis()), p99(l.serverMillis()),
                    max(l.serverMillis()));
        }
    }

    /** GETs the URI, reads the whole body (so the connection is reused) and returns the Server-Timing header. */
    private static String get(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        int status = connection.getResponseCode();
        try (InputStream body = status == 200 ? connection.getInputStream() : connection.getErrorStream()) {
            byte[] bytes = body.readAllBytes();
            if (status != 200) {
                throw new IllegalStateException(uri + " answered " + status + ": "
                        + new String(bytes, StandardCharsets.UTF_8));
            }
        }
        String timing = connection.getHeaderField("Server-Timing");
        return timing == null ? "app;dur=0" : timing;
    }

    private static double p50(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static double p99(double[] sorted) {
        return sorted[(int) (sorted.length * 0.99)];
    }

    private static double max(double[] sorted) {
        return sorted[sorted.length - 1];
    }
}
