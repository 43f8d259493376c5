package io.satchel.common.kafka;

import io.satchel.events.CloudEvents;
import io.satchel.events.CourseEvent;
import io.satchel.events.EventJson;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Builds the Kafka message of an event: key courseId, CloudEvents binary headers, JSON value. */
public final class EventMessages {

    /**
     * @param eventId ce_id; pass a stable id (e.g. the outbox row id) so a repeat is recognisable (consumers are
     *                idempotent by publishId, not by ce_id)
     * @param source  ce_source, e.g. {@code /satchel/renderer}
     */
    public static Message<byte[]> of(CourseEvent event, String eventId, String source, Instant time) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.courseId())
                .withHeaders(CloudEvents.headers(event, eventId, source, time))
                .build();
        return Message.of(EventJson.toBytes(event)).addMetadata(metadata);
    }

    private EventMessages() {
    }
}
