package io.satchel.sync.rest;

import io.satchel.events.Timestamps;
import io.satchel.sync.config.SyncConfig;
import io.satchel.sync.model.ItemResult;
import io.satchel.sync.model.ProgressPage;
import io.satchel.sync.service.FeedCursor;
import io.satchel.sync.service.ProgressEventParser;
import io.satchel.sync.service.ProgressFeed;
import io.satchel.sync.service.ProgressIngest;
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

/** Offline progress sync for learners: push events (POST), pull merged records (GET). Own data only. */
@Path("/api/v1/progress")
@RolesAllowed(Caller.LEARNER)
public class ProgressResource {
    public static final String CONSISTENT_THROUGH = "X-Consistent-Through";
    public static final String PERMISSIONS_LAST_MODIFIED = "X-Permissions-Last-Modified";

    @Inject
    Caller caller;

    @Inject
    ProgressBodyReader body;

    @Inject
    ProgressIngest ingest;

    @Inject
    ProgressFeed feed;

    @Inject
    SyncConfig config;

    /** Body read as a token stream (ProgressBodyReader), results written by ItemResultsJson: see their javadoc. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response push(byte[] rawBody) {
        ProgressEventParser checks = new ProgressEventParser(Timestamps.now(), config.progress().maxClockSkew(), false);
        List<ProgressEventParser.Parsed> parsed = body.read(rawBody, checks, config.progress().maxEvents());
        List<ItemResult> results = ingest.apply(caller.userId(), parsed);
        return Response.ok(ItemResultsJson.write(results), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response pull(@Context UriInfo uri) {
        String raw = uri.getRequestUri().getRawQuery();
        Instant since = FeedQuery.time(raw, "since", "INVALID_SINCE");
        Instant perms = FeedQuery.time(raw, "sinceIfPermissionsNotChangedSince", "INVALID_PERMISSIONS_SINCE");
        FeedCursor cursor = FeedQuery.cursor(raw);
        int limit = FeedQuery.limit(raw, config.progress().defaultLimit(), config.progress().maxLimit());
        ProgressPage page = feed.page(caller.userId(), since, perms, cursor, limit);
        return Response.ok(Map.of("records", page.records(), "more", page.more()))
                .header(CONSISTENT_THROUGH, Timestamps.format(page.consistentThrough()))
                .header(PERMISSIONS_LAST_MODIFIED, Timestamps.format(page.permissionsLastModified()))
                .header("Cache-Control", "no-store").build();
    }
}
