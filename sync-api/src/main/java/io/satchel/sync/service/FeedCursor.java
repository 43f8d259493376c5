package io.satchel.sync.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.satchel.common.rest.ApiException;
import io.satchel.events.EventJson;
import java.time.Instant;
import java.util.Base64;

/**
 * Position in a feed after the last record of a page: (stored, courseId, itemId) — itemId is the contentId in the
 * progress feed, the eventId in the submissions feed — plus the permissions stamp the paging started under (when it
 * changes, paging of the progress feed restarts from the beginning). Opaque to clients: base64url of a JSON array.
 */
public record FeedCursor(Instant stored, String courseId, String itemId, Instant permissions) {

    public String encode() {
        ArrayNode a = EventJson.mapper().createArrayNode();
        a.add(stored.toEpochMilli()).add(courseId).add(itemId).add(permissions.toEpochMilli());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(EventJson.toBytes(a));
    }

    public static FeedCursor decode(String text) {
        try {
            JsonNode a = EventJson.mapper().readTree(Base64.getUrlDecoder().decode(text));
            if (a.size() != 4 || !a.get(0).isIntegralNumber() || !a.get(1).isTextual() || !a.get(2).isTextual()
                    || !a.get(3).isIntegralNumber()) {
                throw new IllegalArgumentException("wrong cursor shape");
            }
            return new FeedCursor(Instant.ofEpochMilli(a.get(0).longValue()), a.get(1).asText(), a.get(2).asText(),
                    Instant.ofEpochMilli(a.get(3).longValue()));
        } catch (Exception e) {
            throw ApiException.badRequest("INVALID_CURSOR", "The cursor is not one this server issued.");
        }
    }
}
