package io.satchel.sync.rest;

import io.satchel.common.rest.ApiException;
import io.satchel.events.CourseKey;
import io.satchel.events.OfflineManifest;
import io.satchel.sync.model.ManifestHead;
import io.satchel.sync.service.ManifestCatalog;
import io.satchel.sync.service.ManifestView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * GET /api/v1/courses/{courseId}/offline-manifest[?under=blockId] — for learners enrolled in the course and admins.
 * Order of checks: malformed id 400, not enrolled 403 NOT_ENROLLED (whether or not the course exists, so a learner
 * learns nothing about courses they are not in), no archive yet 404 COURSE_NOT_FOUND, unknown under 404.
 */
@Path("/api/v1/courses/{courseId}/offline-manifest")
@RolesAllowed({Caller.LEARNER, Caller.ADMIN})
public class ManifestResource {
    /** Clients must revalidate (cheap 304) and private caches only: the body carries signed URLs. */
    private static final String CACHE_CONTROL = "private, no-cache";

    @Inject
    Caller caller;

    @Inject
    ManifestCatalog catalog;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("courseId") String courseId, @Context UriInfo uri,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @HeaderParam(HttpHeaders.IF_MODIFIED_SINCE) String ifModifiedSince) {
        if (!CourseKey.isValid(courseId)) {
            throw ApiException.badRequest("INVALID_COURSE_ID",
                    "The course id is not an Open edX course key (course-v1:ORG+COURSE+RUN).");
        }
        String under = RawQuery.param(uri.getRequestUri().getRawQuery(), "under");
        if (under != null && under.isBlank()) {
            under = null;
        }
        ManifestCatalog.Access access = catalog.access(caller.userId(), courseId);
        if (!access.enrolled() && !caller.isAdmin()) {
            throw ApiException.forbidden("You are not enrolled in this course.");
        }
        if (access.head() == null) {
            throw ApiException.notFound("COURSE_NOT_FOUND", "No offline version of this course has been published yet.");
        }
        ManifestHead head = access.head();
        String etag = ManifestCatalog.etag(courseId, head, under);
        boolean notModified = ifNoneMatch != null ? EntityTags.matches(ifNoneMatch, etag)
                : EntityTags.notModifiedSince(ifModifiedSince, head.generatedAt());
        if (notModified) {
            return Response.notModified().header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.LAST_MODIFIED, EntityTags.httpDate(head.generatedAt()))
                    .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
        }
        OfflineManifest manifest = catalog.manifest(courseId, head).orElseThrow(() -> ApiException.notFound(
                "COURSE_NOT_FOUND", "No offline version of this course has been published yet."));
        ManifestHead served = new ManifestHead(manifest.publishId(), manifest.publishedAt(), manifest.generatedAt());
        if (!served.equals(head)) {
            etag = ManifestCatalog.etag(courseId, served, under); // a newer version arrived in between
        }
        if (under != null) {
            String u = under;
            manifest = ManifestView.under(manifest, under).orElseThrow(() -> ApiException.notFound("BLOCK_NOT_FOUND",
                    "The course has no chapter, sequential, vertical or block " + u + "."));
        }
        ManifestCatalog.Served body = catalog.withUrls(manifest);
        return Response.ok(body.manifest()).header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.LAST_MODIFIED, EntityTags.httpDate(served.generatedAt()))
                .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                // the client refetches without If-None-Match before this time to get fresh URLs
                .header("X-Download-Urls-Expire", io.satchel.events.Timestamps.format(body.urlsValidUntil()))
                .build();
    }
}
