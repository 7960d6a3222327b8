package io.jobscale.autoscaler.trigger;

import io.jobscale.autoscaler.config.TriggerSpec;
import io.jobscale.autoscaler.trigger.TriggerMetadata.Source;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Type {@code metrics-api}, as KEDA's: GET {@code url} and read the number at {@code valueLocation} in the
 * {@code format} given (json by default, yaml, xml, prometheus; see {@link ResponseValue}); any status but 200 is an
 * error. {@code timeout} as a duration ("5s") or in milliseconds, default 3 s; {@code unsafeSsl} skips the server
 * certificate check. {@code authMode} (or {@code authModes}, comma-separated): {@code basic} (username, password),
 * {@code bearer} (token or bearerToken), {@code apiKey} (apiKey; {@code method} header (default) or query;
 * {@code keyParamName}, default header X-API-KEY or query parameter api_key). Auth values come from the
 * TriggerAuthentication; apiKey, method and keyParamName may also be in the metadata.
 */
final class MetricsApiTrigger extends ThresholdTrigger {

    /** KEDA's global HTTP timeout, used when the trigger gives none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final HttpClient UNSAFE_HTTP = HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT)
            .sslContext(UnsafeTls.context()).build();

    private final HttpClient http;
    private final HttpRequest request;
    private final ResponseValue value;
    private final String name;

    MetricsApiTrigger(TriggerSpec spec, TriggerMetadata metadata, HttpClient http) {
        super(spec.metricType(), metadata.target("targetValue", null), metadata.number("activationTargetValue", 0));
        this.http = metadata.bool("unsafeSsl", false) ? UNSAFE_HTTP : http;
        String url = metadata.required("url");
        String format = metadata.text("format").orElse("json");
        String valueLocation = metadata.required("valueLocation");
        try {
            ResponseValue.Format parsed = ResponseValue.Format.valueOf(format.toUpperCase(Locale.ROOT));
            this.value = new ResponseValue(parsed, valueLocation);
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("No enum")
                    ? metadata.error("format", "must be json, yaml, xml or prometheus, was '" + format + "'")
                    : metadata.error("valueLocation", e.getMessage());
        }
        Duration timeout = metadata.text("timeout").map(t -> timeout(metadata, t)).orElse(DEFAULT_TIMEOUT);
        Set<String> modes = modes(metadata);
        URI uri;
        HttpRequest.Builder builder;
        boolean apiKeyInQuery = modes.contains("apiKey") && method(metadata).equals("query");
        try {
            String target = url;
            if (apiKeyInQuery) {
                String parameter = keyParamName(metadata).orElse("api_key");
                target += (url.contains("?") ? "&" : "?") + URLEncoder.encode(parameter, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(apiKey(metadata), StandardCharsets.UTF_8);
            }
            uri = URI.create(target);
            builder = HttpRequest.newBuilder(uri).timeout(timeout);
        } catch (IllegalArgumentException e) {
            throw metadata.error("url", "is not a valid URL: " + e.getMessage());
        }
        if (modes.contains("apiKey") && !apiKeyInQuery) {
            builder.header(keyParamName(metadata).orElse("X-API-KEY"), apiKey(metadata));
        }
        if (modes.contains("basic")) {
            String user = metadata.param("username", Source.AUTH)
                    .orElseThrow(() -> metadata.error("username", "is required for authMode basic"));
            String credentials = user + ":" + metadata.param("password", Source.AUTH).orElse("");
            builder.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (modes.contains("bearer")) {
            String token = metadata.param("bearerToken", Source.AUTH).or(() -> metadata.param("token", Source.AUTH))
                    .orElseThrow(() -> metadata.error("token", "is required for authMode bearer"));
            builder.header("Authorization", "Bearer " + token);
        }
        this.request = builder.GET().build();
        this.name = spec.name() != null ? spec.name() : uri.getPath() + "#" + valueLocation;
    }

    private static Set<String> modes(TriggerMetadata metadata) {
        String field = metadata.param("authModes", Source.METADATA, Source.AUTH).isPresent() ? "authModes" : "authMode";
        Set<String> modes = new LinkedHashSet<>();
        for (String mode : metadata.param(field, Source.METADATA, Source.AUTH).orElse("").split(",")) {
            if (mode.isBlank()) continue;
            switch (mode.trim()) {
                case "basic", "bearer", "apiKey" -> modes.add(mode.trim());
                case "tls", "oauth", "custom" -> throw metadata.error(field, "'" + mode.trim()
                        + "' is not supported by the built-in autoscaler (basic, bearer, apiKey are)");
                default -> throw metadata.error(field, "'" + mode.trim()
                        + "' is not one of basic, bearer, apiKey, tls, oauth, custom");
            }
        }
        if (modes.contains("basic") && modes.contains("bearer")) {
            throw metadata.error(field, "cannot combine basic and bearer");
        }
        return modes;
    }

    private static String method(TriggerMetadata metadata) {
        String method = metadata.param("method", Source.METADATA, Source.AUTH).orElse("header");
        if (!method.equals("header") && !method.equals("query")) {
            throw metadata.error("method", "must be header or query, was '" + method + "'");
        }
        return method;
    }

    private static String apiKey(TriggerMetadata metadata) {
        return metadata.param("apiKey", Source.METADATA, Source.AUTH)
                .orElseThrow(() -> metadata.error("apiKey", "is required for authMode apiKey"));
    }

    private static Optional<String> keyParamName(TriggerMetadata metadata) {
        return metadata.param("keyParamName", Source.METADATA, Source.AUTH);
    }

    /** KEDA reads a duration ("500ms", "5s", "1m") or, failing that, whole milliseconds. */
    private static Duration timeout(TriggerMetadata metadata, String text) {
        Matcher m = GO_DURATION.matcher(text);
        Duration result;
        if (text.matches("\\d+")) {
            result = Duration.ofMillis(Long.parseLong(text));
        } else if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            long nanos = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            result = Duration.ofNanos((long) (amount * nanos));
        } else {
            throw metadata.error("timeout", "must be a duration such as 5s or 500ms, or whole milliseconds, was '"
                    + text + "'");
        }
        if (result.isZero()) return DEFAULT_TIMEOUT;
        return result;
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
        if (response.statusCode() != 200) {
            throw new TriggerException("GET " + request.uri().getPath() + " answered " + response.statusCode());
        }
        return reading(value.read(response.body()));
    }
}
