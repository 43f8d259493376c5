package io.satchel.common.health;

import io.satchel.common.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the object store answers and the bucket exists (every service reads or writes it). */
@Readiness
@ApplicationScoped
public class ObjectStoreReadiness implements HealthCheck {
    @Inject
    ObjectStore store;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("object-store").status(store.isReachable())
                .withData("bucket", store.bucket()).build();
    }
}
