package io.satchel.common.storage;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Creates the bucket at start-up when it is missing; an unreachable store only delays readiness, never start-up. */
@ApplicationScoped
public class BucketInitializer {
    private static final Logger LOG = Logger.getLogger(BucketInitializer.class);

    void onStart(@Observes StartupEvent event, ObjectStore store) {
        try {
            store.ensureBucket();
        } catch (StorageException e) {
            LOG.warnf("object store not reachable at start-up (readiness stays DOWN until it is): %s", e.getMessage());
        }
    }
}
