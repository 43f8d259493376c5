package io.satchel.archiver.messaging;

import io.satchel.archiver.service.CourseArchiver;
import io.satchel.archiver.service.InvalidRenderException;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventType;
import io.satchel.events.InvalidEventException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Consumes course.rendered (group {@code archiver}) one record at a time per partition. A record that cannot be
 * archived — unparseable, invalid render, or S3/Kafka still failing after the archiver's retries — is nacked: the
 * connector's dead-letter strategy sends it to course.rendered.dlq with our code and reason headers, and the consumer
 * moves on.
 */
@ApplicationScoped
public class CourseRenderedConsumer {
    private static final Logger LOG = Logger.getLogger(CourseRenderedConsumer.class);

    private final CourseArchiver archiver;

    CourseRenderedConsumer(CourseArchiver archiver) {
        this.archiver = archiver;
    }

    @Incoming("course-rendered")
    @Blocking // ordered: one record at a time, so one course never archives twice at once
    public CompletionStage<Void> onRendered(Message<byte[]> message) {
        Headers headers = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders).orElse(new RecordHeaders());
        CourseRendered event;
        try {
            event = CloudEvents.read(EventType.COURSE_RENDERED, headers, message.getPayload(), CourseRendered.class);
        } catch (InvalidEventException e) {
            return deadLetter(message, "INVALID_EVENT", e);
        }
        try {
            CourseArchiver.Outcome outcome = archiver.archive(event);
            LOG.debugf("course.rendered %s of %s: %s", event.publishId(), event.courseId(), outcome);
            return message.ack();
        } catch (InvalidRenderException e) {
            return deadLetter(message, e.code(), e);
        } catch (RuntimeException e) {
            return deadLetter(message, "ARCHIVE_FAILED", e);
        }
    }

    private static CompletionStage<Void> deadLetter(Message<byte[]> message, String code, Exception e) {
        LOG.warnf("course.rendered to the DLQ (%s): %s", code, e.getMessage());
        RecordHeaders extra = new RecordHeaders();
        extra.add(CloudEvents.DLQ_CODE, code.getBytes(StandardCharsets.UTF_8));
        extra.add(CloudEvents.DLQ_REASON, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        return message.nack(e, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(extra).build()));
    }
}
