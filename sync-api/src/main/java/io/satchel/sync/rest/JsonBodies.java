package io.satchel.sync.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.common.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;

/**
 * Request bodies read as JSON trees here rather than by the framework, so that "not JSON" is always our 400
 * INVALID_JSON and shape problems can be told apart per field (whole-body 400 vs per-item codes).
 */
@ApplicationScoped
public class JsonBodies {
    @Inject
    ObjectMapper mapper;

    public JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("INVALID_JSON", "The request needs a JSON body.");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("INVALID_JSON", "The request needs a JSON body.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("INVALID_JSON", "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("INVALID_JSON", "The body could not be read: " + e.getMessage());
        }
    }
}
