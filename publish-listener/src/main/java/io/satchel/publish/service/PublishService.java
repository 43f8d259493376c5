package io.satchel.publish.service;

import io.satchel.common.rest.ApiException;
import io.satchel.common.storage.ObjectStore;
import io.satchel.common.storage.StorageException;
import io.satchel.events.CourseKey;
import io.satchel.events.CoursePublished;
import io.satchel.events.EventJson;
import io.satchel.events.ObjectKeys;
import io.satchel.events.SourceIndex;
import io.satchel.events.Timestamps;
import io.satchel.publish.entity.Publish;
import io.satchel.common.outbox.OutboxRelay;
import io.satchel.publish.model.PublishOutcome;
import io.satchel.publish.model.PublishReceipt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A CMS publish signal, top to bottom: check the request → answer a repeat or refuse a stale time before reading any
 * bytes → spool the export to a temp file → inspect it (422 on any problem) → store it once under a new publishId →
 * record the publish and its course-published event in one transaction (the outbox) → wake the relay, which sends
 * the event to Kafka.
 */
@ApplicationScoped
public class PublishService {
    private static final Logger LOG = Logger.getLogger(PublishService.class);

    @Inject
    SourceReceiver receiver;
    @Inject
    OlxArchiveInspector inspector;
    @Inject
    ObjectStore store;
    @Inject
    PublishLedger ledger;
    @Inject
    OutboxRelay relay;

    /** {@code PUT /courses/{courseId}/source}: the export is the request body. */
    public PublishOutcome publishUpload(String courseId, String publishedAtHeader, InputStream body) {
        CourseKey course = courseKey(courseId);
        Instant publishedAt = publishedAt(publishedAtHeader, "X-Published-At");
        Optional<Publish> repeat = precheck(course, publishedAt, body);
        if (repeat.isPresent()) {
            return repeated(repeat.get());
        }
        return publish(course, publishedAt, null, () -> receiver.receive(body));
    }

    /** {@code POST /course-published}: the export is fetched from the webhook's sourceUrl. */
    public PublishOutcome publishFromUrl(String courseId, String publishedAtText, String sourceUrl) {
        CourseKey course = courseKey(courseId);
        Instant publishedAt = publishedAt(publishedAtText, "publishedAt");
        if (sourceUrl == null || sourceUrl.isBlank()) {
            throw ApiException.badRequest("INVALID_SOURCE_URL", "sourceUrl (the http(s) URL of the OLX tar.gz) is required.");
        }
        receiver.check(sourceUrl);
        Optional<Publish> repeat = precheck(course, publishedAt, null);
        if (repeat.isPresent()) {
            return repeated(repeat.get());
        }
        return publish(course, publishedAt, sourceUrl, () -> receiver.fetch(sourceUrl));
    }

    private PublishOutcome publish(CourseKey course, Instant publishedAt, String sourceUrl,
            Supplier<SpooledSource> spool) {
        try (SpooledSource source = spool.get()) {
            InspectedArchive archive = inspector.inspect(source.file(), course);

            String publishId = UUID.randomUUID().toString();
            String sourceKey = ObjectKeys.source(course.courseId(), publishId);
            store.put(sourceKey, source.file(), "application/gzip", Map.of("publish-id", publishId,
                    "published-at", Timestamps.format(publishedAt), "sha256", source.sha256()));
            String indexKey = storeIndex(archive.index(sourceKey, source.sha256(), source.size()), course, publishId);

            Publish row = newPublish(publishId, course, publishedAt, sourceKey, source, sourceUrl);
            CoursePublished event = new CoursePublished(publishId, course.courseId(), publishedAt, sourceKey, null,
                    source.sha256());
            PublishLedger.Recorded recorded = recordOrUndo(row, event, sourceKey, indexKey);
            if (!recorded.created()) {
                return repeated(recorded.publish());
            }
            relay.wakeUp();
            LOG.infof("accepted publish %s of %s (%s, %d bytes, %d entries, %s)", publishId, course.courseId(),
                    Timestamps.format(publishedAt), source.size(), archive.entries(), archive.courseXmlPath());
            return new PublishOutcome(receipt(row), true);
        }
    }

    /**
     * Stores the snapshot's per-entry index beside it, so the renderer can tell a republish's changed files without
     * reading the snapshot. Best effort: without it the renderer unpacks the whole snapshot, as for a CMS's own event.
     *
     * @return its key, or null when it could not be stored
     */
    private String storeIndex(SourceIndex index, CourseKey course, String publishId) {
        String key = ObjectKeys.sourceIndex(course.courseId(), publishId);
        try {
            store.put(key, EventJson.toBytes(index), "application/json", Map.of());
            return key;
        } catch (StorageException e) {
            LOG.warnf("could not store the source index %s (the renderer will unpack the whole snapshot): %s", key,
                    e.getMessage());
            return null;
        }
    }

    /** Records the publish; when it is not recorded after all (a repeat, stale, or an error), the objects go too. */
    private PublishLedger.Recorded recordOrUndo(Publish row, CoursePublished event, String sourceKey,
            String indexKey) {
        try {
            PublishLedger.Recorded recorded = ledger.record(row, event);
            if (!recorded.created()) {
                deleteQuietly(sourceKey);
                deleteQuietly(indexKey);
            }
            return recorded;
        } catch (RuntimeException e) {
            deleteQuietly(sourceKey);
            deleteQuietly(indexKey);
            if (PublishLedger.isDuplicate(e)) {
                // A concurrent request with the same (course, time) committed first: answer with its publish.
                Optional<Publish> winner = ledger.find(row.courseId, row.publishedAt);
                if (winner.isPresent()) {
                    return new PublishLedger.Recorded(winner.get(), false);
                }
            }
            throw e;
        }
    }

    /** A repeat or a stale time is answered before the export is read; an unused body is read to its end. */
    private Optional<Publish> precheck(CourseKey course, Instant publishedAt, InputStream bodyToDiscard) {
        try {
            Optional<Publish> repeat = ledger.existingOrRequireNewest(course.courseId(), publishedAt);
            if (repeat.isPresent()) {
                discard(bodyToDiscard);
            }
            return repeat;
        } catch (ApiException e) {
            discard(bodyToDiscard);
            throw e;
        }
    }

    private PublishOutcome repeated(Publish publish) {
        return new PublishOutcome(receipt(publish), false);
    }

    private static PublishReceipt receipt(Publish p) {
        return new PublishReceipt(p.publishId, p.courseId, p.publishedAt);
    }

    private static Publish newPublish(String publishId, CourseKey course, Instant publishedAt, String sourceKey,
            SpooledSource source, String sourceUrl) {
        Publish p = new Publish();
        p.publishId = publishId;
        p.courseId = course.courseId();
        p.publishedAt = publishedAt;
        p.sourceKey = sourceKey;
        p.sourceSha256 = source.sha256();
        p.sourceSize = source.size();
        p.sourceUrl = sourceUrl;
        p.receivedAt = Timestamps.now();
        return p;
    }

    private static CourseKey courseKey(String courseId) {
        try {
            return CourseKey.parse(courseId);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_COURSE_ID",
                    "Not an Open edX course id (course-v1:ORG+COURSE+RUN): " + courseId);
        }
    }

    private static Instant publishedAt(String text, String field) {
        if (text == null || text.isBlank()) {
            return Timestamps.now();
        }
        try {
            return Timestamps.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("INVALID_PUBLISHED_AT",
                    field + " is not an RFC 3339 time (e.g. 2026-11-21T10:15:30.123Z): " + text);
        }
    }

    private void deleteQuietly(String key) {
        if (key == null) {
            return;
        }
        try {
            store.delete(key);
        } catch (StorageException e) {
            LOG.warnf("could not remove unrecorded snapshot %s: %s", key, e.getMessage());
        }
    }

    /** Reads a body we will not use to its end, so the client sees our answer instead of a reset connection. */
    private static void discard(InputStream body) {
        if (body == null) {
            return;
        }
        try {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client went away; the answer is lost anyway
        }
    }
}
