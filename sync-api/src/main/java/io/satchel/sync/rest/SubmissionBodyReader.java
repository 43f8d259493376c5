package io.satchel.sync.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.common.rest.ApiException;
import io.satchel.sync.service.SubmissionParser;
import io.satchel.sync.service.SubmissionParser.Parsed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of POST /api/v1/submissions ({@code {"submissions": [...]}}) as a JSON tree (answers are JSON
 * anyway) and checks each element, with the whole-body answers of the progress reader in the same precedence: not
 * JSON ⇒ 400 INVALID_JSON; not {"submissions": [...]} ⇒ 400 INVALID_BODY; more than {@code max} ⇒ 413
 * TOO_MANY_SUBMISSIONS; an element that is not an object ⇒ 400 INVALID_BODY. Any of them: nothing is stored.
 */
@ApplicationScoped
public class SubmissionBodyReader {
    @Inject
    JsonBodies json;

    public List<Parsed> read(byte[] body, SubmissionParser checks, int max) {
        JsonNode root = json.read(body);
        JsonNode items = root.isObject() ? root.get("submissions") : null;
        if (items == null || !items.isArray()) {
            throw ApiException.badRequest("INVALID_BODY", "The body must be {\"submissions\": [...]}.");
        }
        if (items.size() > max) {
            throw new ApiException(413, "TOO_MANY_SUBMISSIONS",
                    "At most " + max + " submissions per request; split the batch.",
                    Map.of("max", max, "received", items.size()));
        }
        List<Parsed> parsed = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw ApiException.badRequest("INVALID_BODY", "Every element of submissions must be an object.");
            }
            parsed.add(checks.parse(parsed.size(), item));
        }
        return parsed;
    }
}
