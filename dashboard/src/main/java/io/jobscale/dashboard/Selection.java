package io.jobscale.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobscale.web.BadRequestException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The body of a bulk action on selected jobs: {@code {"ids": ["<uuid>", ...]}}, checked before anything changes. */
final class Selection {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Selection() {
    }

    static List<String> parse(String body, int max) {
        JsonNode ids;
        try {
            ids = JSON.readTree(body == null || body.isBlank() ? "{}" : body).get("ids");
        } catch (IOException e) {
            throw new BadRequestException("ids", "the body must be JSON: {\"ids\": [\"<job id>\", ...]}");
        }
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw new BadRequestException("ids", "must be a non-empty array of job ids");
        }
        if (ids.size() > max) throw new BadRequestException("ids", "at most " + max + " jobs at once");
        Set<String> unique = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || !id.asText().matches("[0-9a-fA-F-]{36}")) {
                throw new BadRequestException("ids", "not a job id: " + id);
            }
            unique.add(id.asText());
        }
        return new ArrayList<>(unique);
    }
}
