package io.satchel.publish.rest;

import io.satchel.common.rest.ApiException;
import io.satchel.publish.model.WebhookRequest;
import io.satchel.publish.service.PublishService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** CMS webhook: the export is fetched from {@code sourceUrl} (SSRF-safe, size and time bounded). */
@Path("/api/v1/course-published")
@RolesAllowed("publisher")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "publish")
public class CoursePublishedWebhookResource {
    @Inject
    PublishService publishes;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a course whose OLX tar.gz is at sourceUrl")
    @APIResponse(responseCode = "202", description = "Accepted: fetched, stored, course-published event queued; "
            + "Location: the publish status URL")
    @APIResponse(responseCode = "200", description = "This (courseId, publishedAt) was already accepted; Location: "
            + "the publish status URL")
    @APIResponse(responseCode = "409", description = "STALE_PUBLISH: a newer publish of the course exists")
    @APIResponse(responseCode = "422", description = "sourceUrl refused or unreadable, or the export refused")
    public Response published(WebhookRequest request) {
        if (request == null) {
            throw ApiException.badRequest("INVALID_JSON", "A JSON body {courseId, publishedAt, sourceUrl} is required.");
        }
        return CourseSourceResource.answer(
                publishes.publishFromUrl(request.courseId(), request.publishedAt(), request.sourceUrl()));
    }
}
