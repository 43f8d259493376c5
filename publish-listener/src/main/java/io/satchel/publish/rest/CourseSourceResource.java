package io.satchel.publish.rest;

import io.satchel.publish.model.PublishOutcome;
import io.satchel.publish.model.PublishReceipt;
import io.satchel.publish.service.PublishService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Upload of an OLX course export (Studio's tar.gz). The body is streamed to a temp file, never held in memory. */
@Path("/api/v1/courses/{courseId}/source")
@RolesAllowed("publisher")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "publish")
public class CourseSourceResource {
    @Inject
    PublishService publishes;

    @PUT
    @Consumes({"application/gzip", "application/x-gzip", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Publish a course from an OLX tar.gz export")
    @APIResponse(responseCode = "202", description = "Accepted: stored, course-published event queued; Location: "
            + "the publish status URL")
    @APIResponse(responseCode = "200", description = "This (courseId, X-Published-At) was already accepted; "
            + "Location: the publish status URL")
    @APIResponse(responseCode = "409", description = "STALE_PUBLISH: a newer publish of the course exists")
    @APIResponse(responseCode = "422", description = "The export was refused (code names the reason)")
    public Response upload(
            @Parameter(description = "Open edX course key, raw (course-v1:ORG+COURSE+RUN) or percent-encoded")
            @PathParam("courseId") String courseId,
            @Parameter(description = "RFC 3339 publish time; default: now") @HeaderParam("X-Published-At")
            String publishedAt,
            InputStream body) {
        return answer(publishes.publishUpload(courseId, publishedAt, body));
    }

    static Response answer(PublishOutcome outcome) {
        PublishReceipt receipt = outcome.receipt();
        // the status URL, where a CMS follows the publish from here on
        return Response.status(outcome.created() ? Response.Status.ACCEPTED : Response.Status.OK).entity(receipt)
                .location(PublishStatusResource.location(receipt.courseId(), receipt.publishId())).build();
    }
}
