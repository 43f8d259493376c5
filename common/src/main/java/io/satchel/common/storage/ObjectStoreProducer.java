package io.satchel.common.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** One {@link ObjectStore} per service, built from {@code satchel.s3.*}. */
@ApplicationScoped
public class ObjectStoreProducer {
    @Produces
    @ApplicationScoped
    ObjectStore objectStore(StorageConfig config) {
        return ObjectStore.of(config);
    }

    void close(@Disposes ObjectStore store) throws Exception {
        // Without close() minio's OkHttp pool keeps the JVM alive for about a minute.
        store.close();
    }
}
