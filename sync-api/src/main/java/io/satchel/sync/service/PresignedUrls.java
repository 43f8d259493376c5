package io.satchel.sync.service;

import io.quarkus.scheduler.Scheduled;
import io.satchel.common.storage.ObjectStore;
import io.satchel.common.storage.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presigned GET URLs of archive objects. Signing a whole course's URLs on every manifest request is the main cost of a
 * 200, so a URL is reused while it still has at least half of its lifetime left: every URL handed out stays valid for
 * at least lifetime/2 (default 30 min), and {@link #validUntil} tells the client when the first one expires.
 */
@ApplicationScoped
public class PresignedUrls {
    public record Signed(String url, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Signed> cache = new ConcurrentHashMap<>();

    @Inject
    ObjectStore store;

    @Inject
    StorageConfig config;

    public Signed get(String objectKey) {
        Instant now = Instant.now();
        Duration lifetime = config.presignedUrlLifetime();
        Signed s = cache.get(objectKey);
        if (s == null || s.expiresAt().minus(lifetime.dividedBy(2)).isBefore(now)) {
            // "now" is taken before signing, so expiresAt is never later than the URL's real expiry
            s = new Signed(store.presignedGet(objectKey), now.plus(lifetime));
            cache.put(objectKey, s);
        }
        return s;
    }

    @Scheduled(every = "10m")
    void dropExpired() {
        Instant now = Instant.now();
        cache.values().removeIf(s -> s.expiresAt().isBefore(now));
    }
}
