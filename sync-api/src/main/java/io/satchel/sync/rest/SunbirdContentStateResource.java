package io.satchel.sync.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.common.rest.ApiException;
import io.satchel.events.CourseKey;
import io.satchel.events.Timestamps;
import io.satchel.sync.config.SyncConfig;
import io.satchel.sync.model.ItemResult;
import io.satchel.sync.model.SunbirdResponse;
import io.satchel.sync.service.ContentStates;
import io.satchel.sync.service.ProgressEventParser;
import io.satchel.sync.service.ProgressIngest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sunbird lms-service compatible content state API, on the same merge as POST /api/v1/progress. Sunbird items carry no
 * event id, so each gets a fresh one (replaying an update is still harmless: the merge is a max). A learner may only
 * write and read their own userId; an admin anyone's.
 */
@Path("/api/v1/content/state")
@RolesAllowed({Caller.LEARNER, Caller.ADMIN})
public class SunbirdContentStateResource {
    static final String SUCCESS = "SUCCESS";

    @Inject
    Caller caller;

    @Inject
    JsonBodies json;

    @Inject
    ProgressIngest ingest;

    @Inject
    ContentStates states;

    @Inject
    SyncConfig config;

    /** result: {"&lt;contentId&gt;": "SUCCESS" | error code} like Sunbird's per-content answer. */
    @PATCH
    @Path("/update")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SunbirdResponse update(byte[] rawBody) {
        JsonNode body = json.read(rawBody);
        JsonNode request = request(body);
        String userId = userId(request);
        JsonNode contents = request.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            throw ApiException.badRequest("INVALID_BODY", "request.contents must be a non-empty array.");
        }
        int max = config.progress().maxEvents();
        if (contents.size() > max) {
            throw new ApiException(413, "TOO_MANY_EVENTS", "At most " + max + " contents per request.");
        }
        ProgressEventParser parser = new ProgressEventParser(Timestamps.now(), config.progress().maxClockSkew(), true);
        List<ProgressEventParser.Parsed> parsed = new ArrayList<>(contents.size());
        List<String> contentIds = new ArrayList<>(contents.size());
        for (int i = 0; i < contents.size(); i++) {
            JsonNode item = contents.get(i);
            if (!item.isObject()) {
                throw ApiException.badRequest("INVALID_BODY", "Every element of request.contents must be an object.");
            }
            parsed.add(parser.parse(i, item, UUID.randomUUID()));
            JsonNode id = item.get("contentId");
            contentIds.add(id == null || !id.isTextual() ? "" : id.asText());
        }
        List<ItemResult> results = ingest.apply(userId, parsed);
        Map<String, Object> result = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            ItemResult r = results.get(i);
            result.put(contentIds.get(i), r.isRejected() ? r.error() : SUCCESS);
        }
        return SunbirdResponse.ok("api.content.state.update", result);
    }

    /** result: {"response": [content states]}, optionally filtered by batchId and contentIds. */
    @POST
    @Path("/read")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SunbirdResponse read(byte[] rawBody) {
        JsonNode body = json.read(rawBody);
        JsonNode request = request(body);
        String userId = userId(request);
        String courseId = text(request, "courseId");
        if (!CourseKey.isValid(courseId)) {
            throw ApiException.badRequest("INVALID_COURSE_ID", "request.courseId must be an Open edX course key.");
        }
        String batchId = text(request, "batchId");
        List<String> contentIds = null;
        JsonNode ids = request.get("contentIds");
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                throw ApiException.badRequest("INVALID_BODY", "request.contentIds must be an array of ids.");
            }
            contentIds = new ArrayList<>();
            for (JsonNode id : ids) {
                if (!id.isTextual()) {
                    throw ApiException.badRequest("INVALID_BODY", "request.contentIds must be an array of ids.");
                }
                contentIds.add(id.asText());
            }
            if (contentIds.isEmpty()) {
                contentIds = null; // Sunbird: an empty list means every content
            }
        }
        return SunbirdResponse.ok("api.content.state.read",
                Map.of("response", states.read(userId, courseId, batchId, contentIds)));
    }

    private static JsonNode request(JsonNode body) {
        JsonNode request = body == null || !body.isObject() ? null : body.get("request");
        if (request == null || !request.isObject()) {
            throw ApiException.badRequest("INVALID_BODY", "The body must be {\"request\": {...}}.");
        }
        return request;
    }

    /** The target user: request.userId, else the caller; only the caller themself unless admin. */
    private String userId(JsonNode request) {
        JsonNode u = request.get("userId");
        if (u != null && !u.isNull() && (!u.isTextual() || u.asText().isBlank())) {
            throw ApiException.badRequest("INVALID_USER_ID", "request.userId must be a non-empty string.");
        }
        String userId = u == null || u.isNull() ? caller.userId() : u.asText();
        caller.requireSelfOrAdmin(userId);
        return userId;
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || !n.isTextual() || n.asText().isBlank() ? null : n.asText();
    }
}
