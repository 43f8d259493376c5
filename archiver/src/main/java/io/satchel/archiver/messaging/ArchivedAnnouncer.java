package io.satchel.archiver.messaging;

import io.satchel.common.kafka.EventMessages;
import io.satchel.events.CourseArchived;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Sends course.archived and waits for Kafka's acknowledgement. */
@ApplicationScoped
public class ArchivedAnnouncer {
    static final String SOURCE = "/satchel/archiver";

    private final MutinyEmitter<byte[]> emitter;

    ArchivedAnnouncer(@Channel("course-archived") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** ce_id derives from the publish, so a repeated announcement carries the same id (sync-api's upsert makes it harmless). */
    public static String eventId(String publishId) {
        return UUID.nameUUIDFromBytes(("course.archived:" + publishId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public void announce(CourseArchived event) {
        emitter.sendMessageAndAwait(EventMessages.of(event, eventId(event.publishId()), SOURCE, event.generatedAt()));
    }
}
