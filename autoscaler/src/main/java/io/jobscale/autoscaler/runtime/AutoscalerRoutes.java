package io.jobscale.autoscaler.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.jobscale.autoscaler.explain.Explain;
import io.jobscale.web.BadRequestException;
import io.jobscale.web.NotFoundException;
import io.jobscale.web.QueryParameters;
import io.jobscale.web.WebRoutes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /api/autoscaler}: every scaled object's current state and the latest decisions;
 * {@code GET /api/autoscaler/events?since=…&limit=…&scaledObject=…}: the decision history (the dashboard's chart);
 * {@code GET /api/autoscaler/samples?since=…&scaledObject=…}: what the triggers read over time, oldest first;
 * {@code GET /api/autoscaler/explain?scaledObject=…}: why a ScaledObject stays where the last poll left it (also in
 * {@code /api/autoscaler} as {@code explanations}, by name);
 * {@code GET /api/autoscaler/config}: the live config to edit; {@code POST /api/autoscaler/what-if} with
 * {@code {"yaml": …, "minutes": …}}: the recorded samples replayed through the live and the edited config
 * ({@link WhatIf}). A read, though a POST (the YAML is too long for a URL): viewers may ask it too.
 */
public class AutoscalerRoutes implements WebRoutes {

    static final String WHAT_IF = "/api/autoscaler/what-if";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Autoscaler autoscaler;
    private final ScalingEventLog events;
    private final BooleanSupplier leader;
    private final WhatIf whatIf;
    private final Clock clock;

    public AutoscalerRoutes(Autoscaler autoscaler, ScalingEventLog events, BooleanSupplier leader, WhatIf whatIf,
                            Clock clock) {
        this.autoscaler = autoscaler;
        this.whatIf = whatIf;
        this.events = events;
        this.leader = leader;
        this.clock = clock;
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.routes.get("/api/autoscaler", ctx -> {
            QueryParameters.of(ctx, Set.of());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("leader", leader.getAsBoolean());
            List<ScaledObjectStatus> statuses = autoscaler.status();
            body.put("scaledObjects", statuses);
            Map<String, Explain.Explanation> explanations = new LinkedHashMap<>();
            for (ScaledObjectStatus status : statuses) {
                autoscaler.explanation(status.name()).ifPresent(e -> explanations.put(status.name(), e));
            }
            body.put("explanations", explanations);
            body.put("events", events.recent(null, clock.instant().minus(Duration.ofDays(7)), 50));
            ctx.json(body);
        });
        config.routes.get("/api/autoscaler/events", ctx -> {
            QueryParameters query = QueryParameters.of(ctx, Set.of("since", "limit", "scaledObject"));
            Instant since = query.get("since").map(AutoscalerRoutes::instant)
                    .orElse(clock.instant().minus(Duration.ofHours(1)));
            int limit = query.get("limit").map(AutoscalerRoutes::limit).orElse(500);
            ctx.json(events.recent(query.get("scaledObject").orElse(null), since, limit));
        });
        config.routes.get("/api/autoscaler/samples", ctx -> {
            QueryParameters query = QueryParameters.of(ctx, Set.of("since", "scaledObject"));
            Instant since = query.get("since").map(AutoscalerRoutes::instant)
                    .orElse(clock.instant().minus(Duration.ofHours(1)));
            ctx.json(events.samples(query.get("scaledObject").orElse(null), since));
        });
        config.routes.get("/api/autoscaler/explain",
                ctx -> ctx.json(explanation(QueryParameters.of(ctx, Set.of("scaledObject")))));
        config.routes.get("/api/autoscaler/config", ctx -> {
            QueryParameters.of(ctx, Set.of());
            ctx.json(Map.of("yaml", whatIf.editableYaml(), "maxMinutes", whatIf.maxMinutes()));
        });
        config.routes.post(WHAT_IF, ctx -> {
            JsonNode body = body(ctx.body());
            JsonNode yaml = body.path("yaml");
            if (!yaml.isTextual() || yaml.asText().isBlank()) {
                throw new BadRequestException("yaml", "must be the config's YAML text");
            }
            ctx.json(whatIf.compare(yaml.asText(), minutes(body.path("minutes"))));
        });
    }

    @Override
    public Set<String> readOnlyPosts() {
        return Set.of(WHAT_IF);
    }

    private static JsonNode body(String raw) {
        try {
            JsonNode body = JSON.readTree(raw);
            if (body != null && body.isObject()) return body;
        } catch (JsonProcessingException e) {
            // answered below
        }
        throw new BadRequestException("body", "must be a JSON object such as {\"yaml\": \"…\", \"minutes\": 60}");
    }

    private int minutes(JsonNode raw) {
        if (raw.isMissingNode() || raw.isNull()) return (int) Math.min(60, whatIf.maxMinutes());
        if (!raw.isIntegralNumber() || !raw.canConvertToInt() || raw.asInt() < 1
                || raw.asInt() > whatIf.maxMinutes()) {
            throw new BadRequestException("minutes", "must be a whole number from 1 to " + whatIf.maxMinutes()
                    + " (the sample retention)");
        }
        return raw.asInt();
    }

    private Explain.Explanation explanation(QueryParameters query) {
        String name = query.get("scaledObject").filter(n -> !n.isBlank())
                .orElseThrow(() -> new BadRequestException("scaledObject", "names the ScaledObject to explain"));
        if (!autoscaler.hasScaledObject(name)) throw new NotFoundException("no ScaledObject named " + name);
        return autoscaler.explanation(name)
                .orElseThrow(() -> new NotFoundException("ScaledObject " + name + " has not been polled yet"));
    }

    private static Instant instant(String raw) {
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("since", "must be an ISO-8601 instant such as 2026-11-24T12:00:00Z");
        }
    }

    private static int limit(String raw) {
        if (!raw.matches("\\d{1,4}") || Integer.parseInt(raw) < 1 || Integer.parseInt(raw) > 5000) {
            throw new BadRequestException("limit", "must be a whole number from 1 to 5000");
        }
        return Integer.parseInt(raw);
    }
}
