package io.jobscale.autoscaler.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.autoscaler.config.TriggerSpec;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Type {@code metrics-api}, as KEDA's: GET {@code url}, read the number at {@code valueLocation} (GJSON-style path:
 * {@code a}, {@code a.b}, {@code items.0.value}). The value must be a JSON number or a string holding a Kubernetes
 * quantity; any status but 200 is an error. {@code authMode} basic, bearer or apiKey (header {@code X-API-KEY} by
 * default, {@code keyParamName} to rename, {@code method: query} to send it as a query parameter);
 * {@code timeout} in milliseconds, default 3000.
 */
final class MetricsApiTrigger extends ThresholdTrigger {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final HttpRequest request;
    private final String[] path;
    private final String valueLocation;
    private final String name;

    MetricsApiTrigger(TriggerSpec spec, HttpClient http) {
        this(spec, new TriggerMetadata(spec), http);
    }

    private MetricsApiTrigger(TriggerSpec spec, TriggerMetadata metadata, HttpClient http) {
        super(spec.metricType(), metadata.target("targetValue", null), metadata.number("activationTargetValue", 0));
        this.http = http;
        String url = metadata.required("url");
        String format = metadata.text("format").orElse("json");
        if (!format.equals("json")) throw metadata.error("format", "'" + format + "' is not supported (only json)");
        this.valueLocation = metadata.required("valueLocation");
        this.path = valueLocation.split("\\.");
        long timeoutMs = (long) metadata.number("timeout", 3000);
        String authMode = metadata.text("authMode").orElse("");
        URI uri;
        HttpRequest.Builder builder;
        try {
            String target = url;
            if (authMode.equals("apiKey") && metadata.text("method").orElse("header").equals("query")) {
                String key = metadata.auth("apiKey").orElseThrow(() -> metadata.error("apiKey", "is required for authMode apiKey"));
                target += (url.contains("?") ? "&" : "?") + URLEncoder.encode(metadata.text("keyParamName").orElse("api_key"), StandardCharsets.UTF_8)
                        + "=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
            }
            uri = URI.create(target);
            builder = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs)).header("Accept", "application/json");
        } catch (IllegalArgumentException e) {
            throw metadata.error("url", "is not a valid URL: " + e.getMessage());
        }
        switch (authMode) {
            case "" -> { }
            case "basic" -> builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (metadata.auth("username").orElseThrow(() -> metadata.error("username", "is required for authMode basic")) + ":"
                            + metadata.auth("password").orElse("")).getBytes(StandardCharsets.UTF_8)));
            case "bearer" -> builder.header("Authorization", "Bearer "
                    + metadata.auth("token").orElseThrow(() -> metadata.error("token", "is required for authMode bearer")));
            case "apiKey" -> {
                if (!metadata.text("method").orElse("header").equals("query")) {
                    builder.header(metadata.text("keyParamName").orElse("X-API-KEY"),
                            metadata.auth("apiKey").orElseThrow(() -> metadata.error("apiKey", "is required for authMode apiKey")));
                }
            }
            default -> throw metadata.error("authMode", "'" + authMode + "' is not supported (basic, bearer, apiKey)");
        }
        this.request = builder.GET().build();
        this.name = spec.name() != null ? spec.name() : uri.getPath() + "#" + valueLocation;
    }

    @Override
    public String metricName() {
        return name;
    }

    @Override
    public TriggerReading read() throws TriggerException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TriggerException("GET " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TriggerException("interrupted", e);
        }
        if (response.statusCode() != 200) throw new TriggerException("GET " + request.uri().getPath() + " answered " + response.statusCode());
        JsonNode node;
        try {
            node = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new TriggerException("GET " + request.uri().getPath() + " answered invalid JSON", e);
        }
        for (String segment : path) {
            node = node.isArray() && segment.matches("\\d+") ? node.get(Integer.parseInt(segment)) : node.get(segment);
            if (node == null) throw new TriggerException("valueLocation '" + valueLocation + "' not found in the response");
        }
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual()) {
            try {
                value = Quantity.parse(node.asText());
            } catch (NumberFormatException e) {
                throw new TriggerException("value at '" + valueLocation + "' is not a number or quantity: " + node.asText());
            }
        } else {
            throw new TriggerException("value at '" + valueLocation + "' is not a number: " + node);
        }
        return reading(value);
    }
}
