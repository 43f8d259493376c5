package io.satchel.sync.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.common.rest.ApiException;
import io.satchel.events.CourseKey;
import io.satchel.sync.model.EnrollmentView;
import io.satchel.sync.service.EnrollmentService;
import io.satchel.sync.service.ManifestCatalog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Enrollments: admins write any; a learner (or admin) reads their own, Sunbird getEnrolledCourses style. */
@Path("/api/v1/enrollments")
public class EnrollmentResource {
    @Inject
    Caller caller;

    @Inject
    JsonBodies json;

    @Inject
    EnrollmentService enrollments;

    @Inject
    ObjectMapper mapper;

    @Inject
    ManifestCatalog catalog;

    @PUT
    @Path("/{userId}/{courseId}")
    @RolesAllowed(Caller.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response enroll(@PathParam("userId") String userId, @PathParam("courseId") String courseId,
            byte[] rawBody) {
        JsonNode body = json.read(rawBody);
        checkIds(userId, courseId);
        JsonNode batch = body == null || !body.isObject() ? null : body.get("batchId");
        if (batch == null || !batch.isTextual() || batch.asText().isBlank() || batch.asText().length() > 200) {
            throw ApiException.badRequest("INVALID_BATCH_ID", "The body must be {\"batchId\": \"...\"} with a "
                    + "non-empty batchId of at most 200 characters.");
        }
        EnrollmentService.Outcome outcome = enrollments.enroll(userId, courseId, batch.asText());
        catalog.invalidate(); // committed: manifest access follows at once on this instance
        return Response.status(outcome == EnrollmentService.Outcome.CREATED ? 201 : 200)
                .entity(Map.of("userId", userId, "courseId", courseId, "batchId", batch.asText())).build();
    }

    /** Idempotent: 204 whether or not the enrollment existed (only a real removal changes the permissions stamp). */
    @DELETE
    @Path("/{userId}/{courseId}")
    @RolesAllowed(Caller.ADMIN)
    public Response unenroll(@PathParam("userId") String userId, @PathParam("courseId") String courseId) {
        checkIds(userId, courseId);
        enrollments.unenroll(userId, courseId);
        catalog.invalidate();
        return Response.noContent().build();
    }

    @GET
    @RolesAllowed({Caller.LEARNER, Caller.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Response mine(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws Exception {
        List<EnrollmentView> list = enrollments.list(caller.userId());
        byte[] body = mapper.writeValueAsBytes(Map.of("enrollments", list));
        String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16) + "\"";
        if (EntityTags.matches(ifNoneMatch, etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache").build();
    }

    private static void checkIds(String userId, String courseId) {
        if (userId == null || userId.isBlank() || userId.length() > 200) {
            throw ApiException.badRequest("INVALID_USER_ID", "The user id must be 1 to 200 characters.");
        }
        if (!CourseKey.isValid(courseId)) {
            throw ApiException.badRequest("INVALID_COURSE_ID",
                    "The course id is not an Open edX course key (course-v1:ORG+COURSE+RUN).");
        }
    }
}
