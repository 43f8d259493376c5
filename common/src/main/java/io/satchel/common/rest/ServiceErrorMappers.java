package io.satchel.common.rest;

import io.satchel.common.storage.StorageException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Failures of a service's own dependencies, as contract error JSON (client errors are mapped by {@link ErrorMappers}):
 * a store that cannot be reached is a 503 with {@code Retry-After}, so clients back off and retry; anything else
 * unexpected is a 500 {@code INTERNAL_ERROR}, never Quarkus' default body.
 */
public class ServiceErrorMappers {
    /** Seconds a client should wait before retrying while a store is unreachable. */
    static final String RETRY_AFTER_SECONDS = "5";

    private static final Logger LOG = Logger.getLogger(ServiceErrorMappers.class);

    @ServerExceptionMapper
    public Response storage(StorageException e) {
        LOG.warn("object store failed", e);
        return unavailable("OBJECT_STORE_UNAVAILABLE", "The object store is unavailable; retry later.");
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (DatabaseFailures.isUnavailable(e)) {
            LOG.warnf("database unreachable: %s", DatabaseFailures.describe(e));
            return unavailable("DATABASE_UNAVAILABLE", "The database is unavailable; retry later.");
        }
        LOG.error("request failed", e);
        return ErrorBody.response(500, "INTERNAL_ERROR", "The request failed on the server; retry later.");
    }

    private static Response unavailable(String code, String message) {
        Response r = ErrorBody.response(503, code, message);
        return Response.fromResponse(r).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}
