package io.satchel.publish.rest;

import io.satchel.common.rest.ErrorBody;
import io.satchel.common.storage.StorageException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Failures of our own dependencies, as contract error JSON (client errors are mapped by common's ErrorMappers). */
public class ServiceErrorMappers {
    private static final Logger LOG = Logger.getLogger(ServiceErrorMappers.class);

    @ServerExceptionMapper
    public Response storage(StorageException e) {
        LOG.warn("object store failed", e);
        return ErrorBody.response(503, "OBJECT_STORE_UNAVAILABLE", "The object store is unavailable; retry later.");
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed", e);
        return ErrorBody.response(500, "INTERNAL_ERROR", "The request failed on the server; retry later.");
    }
}
