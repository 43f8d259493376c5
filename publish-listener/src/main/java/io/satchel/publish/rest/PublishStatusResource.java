package io.satchel.publish.rest;

import io.satchel.common.rest.ApiException;
import io.satchel.events.EventJson;
import io.satchel.publish.entity.PublishStatusRow;
import io.satchel.publish.model.BlockProblem;
import io.satchel.publish.model.PublishStatusView;
import io.satchel.publish.service.PublishStatusService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Publish status: what a CMS polls after a 202 (contract "Publish status"), so nobody has to read logs. */
@Path("/api/v1/courses/{courseId}/publishes")
@RolesAllowed("publisher")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "publish")
public class PublishStatusResource {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 200;

    @Inject
    PublishStatusService statuses;

    @GET
    @Path("/{publishId}")
    @Operation(summary = "Status of one publish: accepted, rendered, live, failed (with error) or superseded")
    @APIResponse(responseCode = "200", description = "The publish's status, block counts and per-block problems")
    @APIResponse(responseCode = "404", description = "PUBLISH_NOT_FOUND")
    public PublishStatusView get(
            @Parameter(description = "Open edX course key, raw (course-v1:ORG+COURSE+RUN) or percent-encoded")
            @PathParam("courseId") String courseId,
            @Parameter(description = "publishId of the 202 answer (or of an event a CMS wrote directly)")
            @PathParam("publishId") String publishId) {
        return statuses.find(courseId, publishId).map(PublishStatusResource::view)
                .orElseThrow(() -> new ApiException(404, "PUBLISH_NOT_FOUND",
                        "No publish " + publishId + " of " + courseId + " is known.",
                        Map.of("courseId", courseId, "publishId", publishId)));
    }

    @GET
    @Operation(summary = "The newest publishes of a course, newest first")
    @APIResponse(responseCode = "200", description = "{\"publishes\": [...]}, empty for a course never published")
    @APIResponse(responseCode = "400", description = "INVALID_LIMIT")
    public PublishStatusView.Page list(
            @Parameter(description = "Open edX course key") @PathParam("courseId") String courseId,
            @Parameter(description = "how many (1-" + MAX_LIMIT + ", default " + DEFAULT_LIMIT + ")")
            @QueryParam("limit") String limit) {
        return new PublishStatusView.Page(
                statuses.newest(courseId, limit(limit)).stream().map(PublishStatusResource::view).toList());
    }

    /** Where the status of a publish is served: the {@code Location} of a 202/200 publish answer. */
    public static URI location(String courseId, String publishId) {
        return UriBuilder.fromResource(PublishStatusResource.class).path("{publishId}").build(courseId, publishId);
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "INVALID_LIMIT", "limit must be a whole number from 1 to " + MAX_LIMIT + ": " + text,
                Map.of("limit", text, "max", MAX_LIMIT));
    }

    static PublishStatusView view(PublishStatusRow row) {
        PublishStatusView.Error error = row.errorCode == null ? null
                : new PublishStatusView.Error(row.errorCode, row.errorMessage);
        List<BlockProblem> problems = Arrays.asList(EventJson.fromBytes(
                row.problems.getBytes(StandardCharsets.UTF_8), BlockProblem[].class));
        return new PublishStatusView(row.publishId, row.courseId, row.publishedAt, row.receivedAt, row.updatedAt,
                row.status, error, new PublishStatusView.Blocks(row.blockTotal, row.blockRendered, row.blockUnavailable),
                problems);
    }
}
