package io.satchel.renderer.source;

import io.satchel.common.http.FetchException;
import io.satchel.common.http.SafeHttpFetcher;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CoursePublished;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.SourceIndex;
import io.satchel.renderer.olx.InvalidCourseException;
import io.satchel.renderer.render.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Copies a publish's OLX snapshot to a local file: from object storage ({@code sourceKey}, which must lie in the
 * course's own {@code sources/} area) or from {@code sourceUrl} through the SSRF-safe fetcher. Checks
 * {@code sourceSha256} when given.
 */
public class SnapshotSource {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SnapshotSource.class);
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

    /**
     * Streams the snapshot into {@code reader} and then checks {@code sourceSha256} (when the event gives one): from object storage directly, or
     * from the URL via a file in {@code scratch} (the fetcher writes to a stream).
     */
    public <T> T read(CoursePublished event, Path scratch, java.util.function.Function<InputStream, T> reader) {
        MessageDigest md = Digests.sha256();
        boolean check = event.sourceSha256() != null;
        T result;
        try (InputStream raw = open(event, scratch);
                InputStream in = check ? new java.security.DigestInputStream(raw, md) : raw) {
            result = reader.apply(new java.io.FilterInputStream(in) {
                @Override
                public void close() {
                    // the reader may close its stream; the rest is still read below for the digest
                }
            });
            if (check) {
                in.transferTo(OutputStream.nullOutputStream()); // the digest covers the whole object
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!check) {
            return result; // nothing to compare with: the digest is not computed at all
        }
        String sha = Digests.hex(md.digest());
        if (!event.sourceSha256().equalsIgnoreCase(sha)) {
            throw new InvalidCourseException("SOURCE_CHECKSUM_MISMATCH",
                    "the snapshot's sha256 is " + sha + ", the event says " + event.sourceSha256());
        }
        return result;
    }

    /**
     * The publish-listener's per-entry index of the event's snapshot, when the event names a snapshot stored by it
     * ({@link ObjectKeys#source}) and the index is there and describes that very snapshot (same key, and the same
     * sha256 when the event gives one). Empty otherwise (e.g. a CMS wrote the event): the whole snapshot is read.
     */
    public Optional<SourceIndex> index(CoursePublished event) {
        if (event.sourceKey() == null || event.publishId() == null
                || !event.sourceKey().equals(ObjectKeys.source(event.courseId(), event.publishId()))) {
            return Optional.empty();
        }
        Optional<byte[]> bytes = store.getBytes(ObjectKeys.sourceIndex(event.courseId(), event.publishId()));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        SourceIndex index;
        try {
            index = EventJson.fromBytes(bytes.get(), SourceIndex.class);
        } catch (RuntimeException e) {
            LOG.warnf("ignoring the unreadable source index of %s: %s", event.sourceKey(), e.getMessage());
            return Optional.empty();
        }
        if (!event.sourceKey().equals(index.sourceKey())
                || (event.sourceSha256() != null && !event.sourceSha256().equalsIgnoreCase(index.sourceSha256()))) {
            LOG.warnf("ignoring a source index that describes another snapshot than %s", event.sourceKey());
            return Optional.empty();
        }
        return Optional.of(index);
    }

    /**
     * Streams the first {@code length} bytes of the event's stored snapshot into {@code reader} (the rest is not
     * transferred). No whole-object digest: the reader checks what it uses against the index, whose sha256 is the
     * event's ({@link #index}).
     */
    public <T> T readStart(CoursePublished event, long length, java.util.function.Function<InputStream, T> reader) {
        try (InputStream in = new TransientOnError(store.getRange(event.sourceKey(), 0, Math.max(1, length)),
                event.sourceKey())) {
            return reader.apply(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A read error of the object store's stream is the network or the store, not the archive: it surfaces as
     * {@link TransientSourceException} (retried) instead of an IOException the extractor would call a broken archive.
     */
    private static final class TransientOnError extends java.io.FilterInputStream {
        private final String key;

        TransientOnError(InputStream in, String key) {
            super(in);
            this.key = key;
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                throw new TransientSourceException("reading " + key + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new TransientSourceException("reading " + key + " failed: " + e.getMessage(), e);
            }
        }
    }

    private InputStream open(CoursePublished event, Path scratch) throws IOException {
        if (event.sourceKey() != null && !event.sourceKey().isBlank()) {
            if (!ObjectKeys.isInCourseArea("sources", event.courseId(), event.sourceKey())) {
                throw new InvalidCourseException("FOREIGN_SOURCE_KEY",
                        "sourceKey " + event.sourceKey() + " is not in the course's sources/ area");
            }
            Optional<InputStream> in = store.get(event.sourceKey());
            if (in.isEmpty()) {
                throw new InvalidCourseException("SOURCE_NOT_FOUND", "no object at " + event.sourceKey());
            }
            return new TransientOnError(in.get(), event.sourceKey());
        }
        if (event.sourceUrl() != null && !event.sourceUrl().isBlank()) {
            Path file = Files.createTempFile(scratch, "source-", ".tar.gz");
            try (OutputStream out = Files.newOutputStream(file)) {
                fetcher.fetch(event.sourceUrl(), out);
            } catch (FetchException e) {
                if (FetchException.FAILED.equals(e.code())) {
                    throw new TransientSourceException("fetching the snapshot failed: " + e.getMessage(), e);
                }
                throw new InvalidCourseException("SOURCE_NOT_ALLOWED", e.getMessage(), e);
            }
            return Files.newInputStream(file, java.nio.file.StandardOpenOption.DELETE_ON_CLOSE);
        }
        throw new InvalidCourseException("NO_SOURCE", "the event has neither sourceKey nor sourceUrl");
    }
}
