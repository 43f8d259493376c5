package io.satchel.common.health;

import io.satchel.common.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The object store in readiness: DOWN while it does not answer or the bucket is missing, for the services whose
 * requests need it ({@code satchel.readiness.requires-object-store}, default true). A service that serves its API
 * without it (sync-api: manifests carry presigned URLs signed locally) sets it false and stays ready during an S3
 * outage, reporting {@code reachable} so an operator still sees it.
 */
@Readiness
@ApplicationScoped
public class ObjectStoreReadiness implements HealthCheck {
    @Inject
    ObjectStore store;

    @ConfigProperty(name = "satchel.readiness.requires-object-store", defaultValue = "true")
    boolean required;

    @Override
    public HealthCheckResponse call() {
        boolean reachable = store.isReachable();
        return HealthCheckResponse.named("object-store").status(reachable || !required)
                .withData("bucket", store.bucket()).withData("reachable", reachable).withData("required", required)
                .build();
    }
}
