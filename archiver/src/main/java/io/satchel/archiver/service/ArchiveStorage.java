package io.satchel.archiver.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.satchel.archiver.storage.TunedS3Client;
import io.satchel.common.storage.ObjectStore;
import io.satchel.common.storage.StorageException;
import io.satchel.events.EventJson;
import io.satchel.events.InvalidEventException;
import io.satchel.events.ObjectKeys;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The archiver's reads and writes in object storage, with upload/skip counters. Object bytes go through
 * {@link TunedS3Client} (no Nagle delay, uploads checked against their known sha256 without hashing again); listing
 * and deleting through the shared ObjectStore.
 */
@ApplicationScoped
public class ArchiveStorage {
    static final String ZIP = "application/zip";

    private final ObjectStore store;
    private final TunedS3Client s3;
    private final MeterRegistry metrics;

    ArchiveStorage(ObjectStore store, TunedS3Client s3, MeterRegistry metrics) {
        this.store = store;
        this.s3 = s3;
        this.metrics = metrics;
    }

    public RenderManifest readRenderManifest(String key) {
        Optional<InputStream> in = s3.get(key);
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
        return s3.get(key).orElseThrow(
                () -> new InvalidRenderException("RENDERED_FILE_NOT_FOUND", "rendered file missing: " + key));
    }

    /**
     * Uploads a zip unless the content-addressed key already holds it, so an archive is never written twice. Returns
     * true when it uploaded.
     *
     * @param existing keys known to exist (one listing per run instead of a HEAD per block), or null to ask the store
     */
    public boolean uploadIfAbsent(String key, BuiltZip zip, Instant publishedAt, Instant generatedAt, String kind,
            Set<String> existing) {
        // a PUT is atomic (single or completed multipart), so an existing content-addressed key holds these bytes
        boolean present = existing != null ? existing.contains(key) : store.stat(key).isPresent();
        if (present) {
            metrics.counter("satchel.archiver.uploads.skipped", "kind", kind).increment();
            return false;
        }
        ZipDigest digest = zip.digest();
        Map<String, String> metadata = metadata(publishedAt, generatedAt, digest.sha256());
        if (zip.inMemory()) {
            s3.put(key, zip.bytes(), (int) digest.size(), digest.sha256(), ZIP, metadata);
        } else if (digest.size() < TunedS3Client.MAX_SINGLE_PUT) {
            s3.put(key, zip.file(), digest.sha256(), ZIP, metadata); // streamed from the file: the heap stays flat
        } else {
            store.put(key, zip.file(), ZIP, metadata); // beyond one PUT: minio-java's multipart upload
        }
        metrics.counter("satchel.archiver.uploads", "kind", kind).increment();
        metrics.counter("satchel.archiver.uploaded.bytes", "kind", kind).increment(digest.size());
        return true;
    }

    /**
     * Downloads an archive (into memory when {@code budget} allows, else into a temp file under {@code work}) and
     * checks its sha256; empty when it is gone or differs (the caller then rebuilds it).
     */
    public Optional<BuiltZip> downloadVerified(String key, String sha256, long size, Path work, MemoryBudget budget) {
        Optional<InputStream> in = s3.get(key);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        MemoryBudget.Lease lease = budget.tryReserve(size);
        Path file = null;
        try (DigestInputStream s = new DigestInputStream(in.get(), ZipDigest.newSha256())) {
            BuiltZip zip;
            if (lease != null) {
                byte[] bytes = s.readNBytes((int) size + 1);
                zip = BuiltZip.inMemory(bytes, new ZipDigest(bytes.length, ZipDigest.hex(s.getMessageDigest()
                        .digest())), lease);
            } else {
                file = Files.createTempFile(work, "live-", ".zip");
                long n;
                try (OutputStream out = Files.newOutputStream(file)) {
                    n = s.transferTo(out);
                }
                zip = BuiltZip.inFile(file, new ZipDigest(n, ZipDigest.hex(s.getMessageDigest().digest())));
            }
            if (zip.digest().size() != size || !zip.digest().sha256().equals(sha256)) {
                zip.close();
                return Optional.empty();
            }
            return Optional.of(zip);
        } catch (IOException e) {
            if (lease != null) {
                lease.close();
            }
            deleteQuietly(file);
            throw new StorageException("download " + key + ": " + e.getMessage(), e);
        }
    }

    public void putManifest(String key, OfflineManifest manifest) {
        byte[] json = EventJson.toBytes(manifest);
        String sha256 = ZipDigest.sha256(json);
        s3.put(key, json, json.length, sha256, "application/json",
                metadata(manifest.publishedAt(), manifest.generatedAt(), sha256));
    }

    public List<String> list(String prefix) {
        return store.list(prefix);
    }

    /** Every block archive of a course that exists now (one listing). */
    public Set<String> existingBlockArchives(String courseId) {
        return Set.copyOf(store.list(ObjectKeys.archivesPrefix(courseId) + "blocks/"));
    }

    public void delete(String key) {
        store.delete(key);
        metrics.counter("satchel.archiver.deleted").increment();
    }

    private static Map<String, String> metadata(Instant publishedAt, Instant generatedAt, String sha256) {
        return Map.of("published-at", Timestamps.format(publishedAt), "generated-at", Timestamps.format(generatedAt),
                "sha256", sha256);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // inside the run's work dir, removed with it
            }
        }
    }
}
