package io.satchel.renderer.source;

import io.satchel.common.http.FetchException;
import io.satchel.common.http.SafeHttpFetcher;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CoursePublished;
import io.satchel.events.ObjectKeys;
import io.satchel.renderer.olx.InvalidCourseException;
import io.satchel.renderer.render.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Copies a publish's OLX snapshot to a local file: from object storage ({@code sourceKey}, which must lie in the
 * course's own {@code sources/} area) or from {@code sourceUrl} through the SSRF-safe fetcher. Checks
 * {@code sourceSha256} when given.
 */
public class SnapshotSource {
    private final ObjectStore store;
    private final SafeHttpFetcher fetcher;

    public SnapshotSource(ObjectStore store, SafeHttpFetcher fetcher) {
        this.store = store;
        this.fetcher = fetcher;
    }

    /** Transient failures (S3 unreachable, the URL's server failing) surface as this; the caller retries. */
    public static class TransientSourceException extends RuntimeException {
        public TransientSourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Path download(CoursePublished event, Path target) {
        MessageDigest md = Digests.sha256();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), md)) {
            if (event.sourceKey() != null && !event.sourceKey().isBlank()) {
                String own = "sources/" + ObjectKeys.segment(event.courseId()) + "/";
                if (!event.sourceKey().startsWith(own) || event.sourceKey().contains("..")) {
                    throw new InvalidCourseException("FOREIGN_SOURCE_KEY",
                            "sourceKey " + event.sourceKey() + " is not in the course's sources/ area");
                }
                Optional<InputStream> in = store.get(event.sourceKey());
                if (in.isEmpty()) {
                    throw new InvalidCourseException("SOURCE_NOT_FOUND", "no object at " + event.sourceKey());
                }
                try (InputStream s = in.get()) {
                    s.transferTo(out);
                }
            } else if (event.sourceUrl() != null && !event.sourceUrl().isBlank()) {
                try {
                    fetcher.fetch(event.sourceUrl(), out);
                } catch (FetchException e) {
                    if (FetchException.FAILED.equals(e.code())) {
                        throw new TransientSourceException("fetching the snapshot failed: " + e.getMessage(), e);
                    }
                    throw new InvalidCourseException("SOURCE_NOT_ALLOWED", e.getMessage(), e);
                }
            } else {
                throw new InvalidCourseException("NO_SOURCE", "the event has neither sourceKey nor sourceUrl");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sha = Digests.hex(md.digest());
        if (event.sourceSha256() != null && !event.sourceSha256().equalsIgnoreCase(sha)) {
            throw new InvalidCourseException("SOURCE_CHECKSUM_MISMATCH",
                    "the snapshot's sha256 is " + sha + ", the event says " + event.sourceSha256());
        }
        return target;
    }
}
