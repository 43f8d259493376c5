package io.satchel.sync.messaging;

import io.satchel.common.kafka.EventMessages;
import io.satchel.events.CourseArchived;
import io.satchel.events.CourseLive;
import io.satchel.events.OfflineManifest;
import io.satchel.events.Timestamps;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Tells the publish status that a publish is live: course.live (key courseId, CloudEvents headers, ce_id stable per
 * publish) once its manifest is the one sync-api serves. Sent after the manifest is committed and awaited; when the
 * send fails the course.archived record is processed again, and as installing is idempotent the repeat finds its
 * manifest served and announces it then — so {@code live} is never lost, only maybe repeated (same ce_id).
 */
@ApplicationScoped
public class CourseLiveAnnouncer {
    static final String SOURCE = "/satchel/sync-api";

    @Inject
    EntityManager em;

    private final MutinyEmitter<byte[]> emitter;

    CourseLiveAnnouncer(@Channel("course-live") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public static String eventId(String courseId, String publishId) {
        return UUID.nameUUIDFromBytes(("course.live:" + courseId + ":" + publishId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * Announces the publish of {@code event} when its manifest is the course's served one (installed now or by an
     * earlier attempt at this record); a stale manifest that was not installed is not announced.
     *
     * @return whether course.live was sent
     */
    public boolean announceIfServed(CourseArchived event, OfflineManifest manifest) {
        String publishId = event.publishId() != null ? event.publishId() : manifest.publishId();
        if (!publishId.equals(servedPublishId(event.courseId()))) {
            return false;
        }
        CourseLive live = new CourseLive(publishId, event.courseId(), event.publishedAt(), Timestamps.now(),
                manifest.blocks().size());
        emitter.sendMessageAndAwait(EventMessages.of(live, eventId(live.courseId(), publishId), SOURCE,
                live.liveAt()));
        return true;
    }

    @Transactional
    String servedPublishId(String courseId) {
        return em.createQuery("select m.publishId from CourseManifestEntity m where m.courseId = :course",
                String.class).setParameter("course", courseId).getResultStream().findFirst().orElse(null);
    }
}
