package io.satchel.sync.messaging;

import io.satchel.common.kafka.EventPipeline;
import io.satchel.common.kafka.PermanentEventException;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CourseArchived;
import io.satchel.events.EventJson;
import io.satchel.events.EventType;
import io.satchel.events.InvalidEventException;
import io.satchel.events.ObjectKeys;
import io.satchel.events.OfflineManifest;
import io.satchel.sync.service.ManifestCatalog;
import io.satchel.sync.service.ManifestStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * course.archived (group sync-api) → read the OfflineManifest at event.manifestKey → store it (newest per course) with
 * its leaf block ids → announce course.live when it is the served one ({@link CourseLiveAnnouncer}), through the
 * {@link EventPipeline}: an object-store or database outage, or a failed course.live send, is retried with backoff (the
 * repeat finds the manifest served and announces it); a bad or mis-keyed event, a missing or invalid manifest, or
 * one naming objects outside the course's archives/ area (FOREIGN_OBJECT_KEY) goes to course.archived.dlq, and the consumer moves on.
 */
@ApplicationScoped
public class CourseArchivedConsumer {
    private static final Logger LOG = Logger.getLogger(CourseArchivedConsumer.class);

    private final EventPipeline pipeline;
    private final ObjectStore objectStore;
    private final ManifestStore manifests;
    private final ManifestCatalog catalog;
    private final CourseLiveAnnouncer liveAnnouncer;

    CourseArchivedConsumer(EventPipeline pipeline, ObjectStore objectStore, ManifestStore manifests,
            ManifestCatalog catalog, CourseLiveAnnouncer liveAnnouncer) {
        this.pipeline = pipeline;
        this.objectStore = objectStore;
        this.manifests = manifests;
        this.catalog = catalog;
        this.liveAnnouncer = liveAnnouncer;
    }

    @Incoming("course-archived")
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return pipeline.process(message, EventType.COURSE_ARCHIVED, CourseArchived.class, this::store);
    }

    private void store(CourseArchived event) {
        requireOwnKey(event, event.manifestKey());
        byte[] json = objectStore.getBytes(event.manifestKey())
                .orElseThrow(() -> new InvalidEventException("no manifest object at " + event.manifestKey()));
        OfflineManifest manifest = EventJson.fromBytes(json, OfflineManifest.class);
        ManifestStore.validate(event, manifest);
        requireOwnKey(event, manifest.course().objectKey());
        for (OfflineManifest.Block b : manifest.blocks()) {
            if (b.offlineDownload() != null) {
                requireOwnKey(event, b.offlineDownload().objectKey());
            }
        }
        boolean live = manifests.store(event, manifest, EventJson.toString(manifest));
        catalog.invalidate();
        liveAnnouncer.announceIfServed(event, manifest);
        LOG.infof("manifest %s of %s (publishedAt %s): %s", event.publishId(), event.courseId(),
                event.publishedAt(), live ? "now live" : "not newer than the live one, kept as history of blocks");
    }

    /** Manifests and zips come from the course's own archives/ area: a forged event cannot serve another course's. */
    private static void requireOwnKey(CourseArchived event, String key) {
        if (!ObjectKeys.isInCourseArea("archives", event.courseId(), key)) {
            throw new PermanentEventException("FOREIGN_OBJECT_KEY", "object key outside the course's archives: "
                    + key, null);
        }
    }
}
