package io.jobscale.web;

import io.javalin.http.Context;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Query parameters decoded from the raw query string, so a malformed request (broken percent-encoding, a repeated or
 * unknown parameter) becomes a 400 that names the parameter rather than an error deeper down.
 */
public final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Parses and checks that only {@code allowed} parameters appear, each at most once. */
    public static QueryParameters of(Context ctx, Set<String> allowed) {
        return parse(ctx.queryString(), allowed);
    }

    public static QueryParameters parse(String rawQuery, Set<String> allowed) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String name = decode(rawName, rawName);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                if (!allowed.contains(name)) {
                    throw new BadRequestException(name, "unknown parameter"
                            + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed)));
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                if (values.get(name).size() > 1) throw new BadRequestException(name, "given more than once");
            }
        }
        return new QueryParameters(values);
    }

    public Optional<String> get(String name) {
        List<String> list = values.get(name);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    private static String decode(String raw, String parameter) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(shorten(parameter), "malformed percent-encoding");
        }
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
