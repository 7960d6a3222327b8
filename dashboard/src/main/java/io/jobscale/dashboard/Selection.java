package io.jobscale.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.web.BadRequestException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The body of a bulk action, checked before anything changes: either the jobs ticked on a page,
 * {@code {"ids": ["<uuid>", ...]}}, or everything a filter matches, {@code {"filter": {...}, "confirm": true}} with
 * the jobs list's parameters ({@link JobFilter#PARAMETERS}).
 *
 * @param ids    the selected jobs' ids, or null for a filter
 * @param filter the filter, or null for a selection
 */
record Selection(List<String> ids, JobFilter filter) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("ids", "filter", "confirm");

    static Selection parse(String body, int maxIds, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("ids", "the body must be JSON: {\"ids\": [\"<job id>\", ...]}"
                    + " or {\"filter\": {...}, \"confirm\": true}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) throw new BadRequestException(name, "unknown field; allowed: " + FIELDS);
        }
        if (root.has("filter")) {
            if (root.has("ids")) throw new BadRequestException("filter", "give ids or a filter, not both");
            return new Selection(null, filter(root.get("filter"), root.get("confirm"), now));
        }
        return new Selection(ids(root.get("ids"), maxIds), null);
    }

    private static List<String> ids(JsonNode ids, int max) {
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw new BadRequestException("ids", "must be a non-empty array of job ids (or give a filter)");
        }
        if (ids.size() > max) throw new BadRequestException("ids", "at most " + max + " jobs at once");
        Set<String> unique = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || !id.asText().matches("[0-9a-fA-F-]{36}")) {
                throw new BadRequestException("ids", "not a job id: " + id);
            }
            try {
                unique.add(UUID.fromString(id.asText()).toString());   // as the jobs table writes it
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("ids", "not a job id: " + id);
            }
        }
        return new ArrayList<>(unique);
    }

    private static JobFilter filter(JsonNode filter, JsonNode confirm, Instant now) {
        if (!filter.isObject()) throw new BadRequestException("filter", "must be an object of the jobs list's filters");
        for (Iterator<String> names = filter.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!JobFilter.PARAMETERS.contains(name)) {
                throw new BadRequestException(name, "unknown filter; allowed: " + JobFilter.PARAMETERS);
            }
        }
        // The same checks as the list's query string: strings, or numbers written as JSON numbers.
        JobFilter parsed = JobFilter.parse(name -> {
            JsonNode value = filter.get(name);
            if (value == null || value.isNull()) return Optional.empty();
            if (!value.isTextual() && !value.isIntegralNumber()) {
                throw new BadRequestException(name, "must be a string");
            }
            return Optional.of(value.asText());
        }, now);
        if (!parsed.narrows()) {
            throw new BadRequestException("filter", "name at least one of " + JobFilter.PARAMETERS
                    + "; an action on every job is not offered");
        }
        if (confirm == null || !confirm.isBoolean() || !confirm.booleanValue()) {
            throw new BadRequestException("confirm",
                    "an action on everything a filter matches needs \"confirm\": true");
        }
        return parsed;
    }
}
