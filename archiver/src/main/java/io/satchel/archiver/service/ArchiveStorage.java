package io.satchel.archiver.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.satchel.common.storage.ObjectStore;
import io.satchel.common.storage.StorageException;
import io.satchel.events.EventJson;
import io.satchel.events.InvalidEventException;
import io.satchel.events.OfflineManifest;
import io.satchel.events.RenderManifest;
import io.satchel.events.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The archiver's reads and writes in object storage, with upload/skip counters. */
@ApplicationScoped
public class ArchiveStorage {
    static final String ZIP = "application/zip";

    private final ObjectStore store;
    private final MeterRegistry metrics;

    ArchiveStorage(ObjectStore store, MeterRegistry metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    public RenderManifest readRenderManifest(String key) {
        Optional<InputStream> in = store.get(key);
        if (in.isEmpty()) {
            throw new InvalidRenderException("RENDER_MANIFEST_NOT_FOUND", "no render manifest at " + key);
        }
        try (InputStream s = in.get()) {
            return EventJson.fromStream(s, RenderManifest.class);
        } catch (InvalidEventException e) {
            throw new InvalidRenderException("INVALID_RENDER_MANIFEST", e.getMessage());
        } catch (IOException e) {
            throw new StorageException("read " + key + ": " + e.getMessage(), e);
        }
    }

    /** Opens one rendered file; a missing file is the renderer's fault, not a storage outage. */
    public InputStream openRenderedFile(String key) {
        return store.get(key).orElseThrow(
                () -> new InvalidRenderException("RENDERED_FILE_NOT_FOUND", "rendered file missing: " + key));
    }

    /**
     * Uploads a zip unless the content-addressed key already holds it, so an archive is never written twice. Returns
     * true when it uploaded.
     *
     * @param existing keys known to exist (one listing per run instead of a HEAD per block), or null to ask the store
     */
    public boolean uploadIfAbsent(String key, Path zip, ZipDigest digest, Instant publishedAt, Instant generatedAt,
            String kind, Set<String> existing) {
        // a PUT is atomic (single or completed multipart), so an existing content-addressed key holds these bytes
        boolean present = existing != null ? existing.contains(key) : store.stat(key).isPresent();
        if (present) {
            metrics.counter("satchel.archiver.uploads.skipped", "kind", kind).increment();
            return false;
        }
        // minio-java switches to multipart above its part size and streams the file part by part (heap stays flat)
        store.put(key, zip, ZIP, metadata(publishedAt, generatedAt, digest.sha256()));
        metrics.counter("satchel.archiver.uploads", "kind", kind).increment();
        metrics.counter("satchel.archiver.uploaded.bytes", "kind", kind).increment(digest.size());
        return true;
    }

    /**
     * Downloads an archive into {@code target} and checks its sha256; false when it is gone or differs (the caller
     * then rebuilds it).
     */
    public boolean downloadVerified(String key, String sha256, Path target) {
        Optional<InputStream> in = store.get(key);
        if (in.isEmpty()) {
            return false;
        }
        try (DigestInputStream s = new DigestInputStream(in.get(), ZipDigest.newSha256());
                OutputStream out = Files.newOutputStream(target)) {
            s.transferTo(out);
            return ZipDigest.hex(s.getMessageDigest().digest()).equals(sha256);
        } catch (IOException e) {
            throw new StorageException("download " + key + ": " + e.getMessage(), e);
        }
    }

    public void putManifest(String key, OfflineManifest manifest) {
        byte[] json = EventJson.toBytes(manifest);
        store.put(key, json, "application/json",
                metadata(manifest.publishedAt(), manifest.generatedAt(), ZipDigest.sha256(json)));
    }

    public java.util.List<String> list(String prefix) {
        return store.list(prefix);
    }

    /** Every block archive of a course that exists now (one listing). */
    public Set<String> existingBlockArchives(String courseId) {
        return Set.copyOf(store.list(io.satchel.events.ObjectKeys.archivesPrefix(courseId) + "blocks/"));
    }

    public void delete(String key) {
        store.delete(key);
        metrics.counter("satchel.archiver.deleted").increment();
    }

    private static Map<String, String> metadata(Instant publishedAt, Instant generatedAt, String sha256) {
        return Map.of("published-at", Timestamps.format(publishedAt), "generated-at", Timestamps.format(generatedAt),
                "sha256", sha256);
    }
}
