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

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends generated malformed requests over raw HTTP (so nothing is "fixed" by a client library on the way): random
 * values, broken percent-encoding, control characters, huge values, repeated and unknown parameters. No answer may be
 * a 5xx, and every 400 must be JSON naming the parameter.
 */
class MetricsFuzzTest {

    private static final String[] PATHS =
            {"/api/metrics/workers", "/api/metrics/jobs/enqueued", "/api/metrics/jobs/scheduled"};
    private static final String[] NAMES =
            {"priority", "scheduledIn", "priority", "scheduledIn", "prio%72ity", "x", "", "%", "%zz", "PRIORITY"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void malformedRequestsNeverCauseAServerError() throws Exception {
        DatabaseSettings database = TestDatabase.fresh("metrics_fuzz");
        Random random = new Random(20261124);
        List<String> problems = new ArrayList<>();
        int badRequests = 0;
        try (HikariDataSource dataSource = DataSources.create(database, "fuzz")) {
            WebServer server = WebServer.start(0, WebAuthSettings.NONE,
                    List.of(new MetricsRoutes(new JobMetrics(dataSource, Clock.systemUTC()))));
            try {
                for (int i = 0; i < 1_200; i++) {
                    String target = PATHS[random.nextInt(PATHS.length)] + "?" + query(random);
                    Response response = send(server.port(), target);
                    if (response.status >= 500) problems.add(response.status + " for " + target);
                    if (response.status == 400) {
                        badRequests++;
                        try {
                            JsonNode body = JSON.readTree(response.body);
                            if (!body.hasNonNull("parameter") || !body.hasNonNull("error")) {
                                problems.add("400 without parameter for " + target + ": " + response.body);
                            }
                        } catch (Exception e) {
                            problems.add("400 not JSON for " + target + ": " + response.body);
                        }
                    }
                }
            } finally {
                server.stop();
            }
        }
        assertThat(problems).isEmpty();
        assertThat(badRequests).as("the generator produces mostly bad requests").isGreaterThan(800);
    }

    private static String query(Random random) {
        StringBuilder query = new StringBuilder();
        int parameters = 1 + random.nextInt(3);
        for (int p = 0; p < parameters; p++) {
            if (p > 0) query.append('&');
            query.append(NAMES[random.nextInt(NAMES.length)]).append('=').append(value(random));
        }
        return query.toString();
    }

    private static String value(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> Integer.toString(random.nextInt(2_000_000) - 1_000_000);
            case 1 -> "PT" + (random.nextInt(1000) - 500) + (random.nextBoolean() ? "M" : "S");
            case 2 -> "P" + random.nextInt(100_000) + "D";
            case 3 -> "%" + Integer.toHexString(random.nextInt(256)) + (random.nextBoolean() ? "%" : "%g1");
            case 4 -> "9".repeat(1 + random.nextInt(400));
            case 5 -> "%00%0d%0a" + random.nextInt(10);
            case 6 -> "%E2%82%AC" + random.nextInt(10);
            case 7 -> "PT1M%20OR%201=1";
            case 8 -> Double.toString(random.nextDouble() * 10);
            default -> randomAscii(random, 1 + random.nextInt(60));
        };
    }

    private static String randomAscii(Random random, int length) {
        String allowed = "abcdefXYZ0123456789-._~!$'()*+,;:@/?";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) text.append(allowed.charAt(random.nextInt(allowed.length())));
        return text.toString();
    }

    private record Response(int status, String body) {
    }

    private static Response send(int port, String target) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(raw.substring(9, 12));
            int bodyStart = raw.indexOf("\r\n\r\n");
            String body = bodyStart < 0 ? "" : raw.substring(bodyStart + 4);
            if (raw.toLowerCase().contains("transfer-encoding: chunked")) body = dechunk(body);
            return new Response(status, body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int index = 0;
        while (index < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", index);
            if (lineEnd < 0) break;
            int size = Integer.parseInt(chunked.substring(index, lineEnd).trim(), 16);
            if (size == 0) break;
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            index = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
