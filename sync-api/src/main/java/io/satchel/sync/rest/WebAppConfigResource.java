package io.satchel.sync.rest;

import io.satchel.sync.config.WebAppConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The learner web app's settings; the app itself is static (META-INF/resources/app of satchel-web, served at /app/).
 * Public: the app reads it before anyone signs in, and it holds nothing secret.
 */
@Path("/app")
@PermitAll
public class WebAppConfigResource {
    @Inject
    WebAppConfig config;

    @GET
    @Path("/config.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response config() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiBase", config.apiBase().orElse(""));
        body.put("oidc", config.oidc().clientId()
                .map(clientId -> Map.of("issuer", config.oidc().issuer(), "clientId", clientId, "scope", config.oidc().scope()))
                .orElse(null));
        body.put("devSignIn", config.oidc().clientId().isEmpty());
        // the service worker keeps a copy for offline starts; online it must see changes at once
        return Response.ok(body).header("Cache-Control", "no-cache").build();
    }

    /** /app without the slash: the app's relative paths and the service worker's scope need /app/. */
    @GET
    public Response withSlash() {
        return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/app/")).build();
    }
}
