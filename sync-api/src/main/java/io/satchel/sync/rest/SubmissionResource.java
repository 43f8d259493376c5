package io.satchel.sync.rest;

import io.satchel.common.outbox.OutboxRelay;
import io.satchel.common.rest.ApiException;
import io.satchel.events.CourseKey;
import io.satchel.events.Timestamps;
import io.satchel.sync.config.SyncConfig;
import io.satchel.sync.model.ItemResult;
import io.satchel.sync.model.SubmissionPage;
import io.satchel.sync.service.SubmissionFeed;
import io.satchel.sync.service.SubmissionIngest;
import io.satchel.sync.service.SubmissionParser;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Problem answers given offline: learners push them (POST; each applied one also goes to Kafka problem.submitted
 * through the outbox) and read their own back (GET, paged like GET /api/v1/progress).
 */
@Path("/api/v1/submissions")
@RolesAllowed(Caller.LEARNER)
public class SubmissionResource {
    @Inject
    Caller caller;

    @Inject
    SubmissionBodyReader body;

    @Inject
    SubmissionIngest ingest;

    @Inject
    SubmissionFeed feed;

    @Inject
    OutboxRelay relay;

    @Inject
    SyncConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response push(byte[] rawBody) {
        Instant now = Timestamps.now();
        SubmissionParser checks = new SubmissionParser(now, config.progress().maxClockSkew(),
                config.submissions().maxAnswersBytes());
        List<SubmissionParser.Parsed> parsed = body.read(rawBody, checks, config.submissions().maxSubmissions());
        List<ItemResult> results = ingest.apply(caller.userId(), parsed, now);
        if (results.stream().anyMatch(r -> ItemResult.APPLIED.equals(r.result()))) {
            relay.wakeUp(); // their events are committed in the outbox: send them now, not at the next poll
        }
        return Response.ok(ItemResultsJson.write(results), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response pull(@Context UriInfo uri) {
        String raw = uri.getRequestUri().getRawQuery();
        String courseId = RawQuery.param(raw, "courseId");
        if (courseId != null && courseId.isEmpty()) {
            courseId = null;
        }
        if (courseId != null && !CourseKey.isValid(courseId)) {
            throw ApiException.badRequest("INVALID_COURSE_ID",
                    "courseId must be an Open edX course key such as course-v1:OpenedX+DemoX+DemoCourse.");
        }
        Instant since = FeedQuery.time(raw, "since", "INVALID_SINCE");
        int limit = FeedQuery.limit(raw, config.progress().defaultLimit(), config.progress().maxLimit());
        SubmissionPage page = feed.page(caller.userId(), courseId, since, FeedQuery.cursor(raw), limit);
        return Response.ok(Map.of("submissions", page.submissions(), "more", page.more()))
                .header(ProgressResource.CONSISTENT_THROUGH, Timestamps.format(page.consistentThrough()))
                .header("Cache-Control", "no-store").build();
    }
}
