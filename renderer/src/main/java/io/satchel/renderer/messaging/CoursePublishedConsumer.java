package io.satchel.renderer.messaging;

import io.satchel.common.kafka.EventMessages;
import io.satchel.events.CloudEvents;
import io.satchel.events.CoursePublished;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventType;
import io.satchel.events.InvalidEventException;
import io.satchel.events.Timestamps;
import io.satchel.renderer.olx.InvalidCourseException;
import io.satchel.renderer.service.CourseRenderService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * course.published (group {@code renderer}; instances share the partitions, key = courseId keeps a course on one)
 * → {@link CourseRenderService} → course.rendered. A record that cannot be rendered — not an event, a broken or
 * hostile archive, malformed OLX, or S3 still failing after the retries — is nacked: the connector's dead-letter
 * strategy sends it to course.published.dlq with our code and reason headers, and the consumer moves on.
 */
@ApplicationScoped
public class CoursePublishedConsumer {
    private static final Logger LOG = Logger.getLogger(CoursePublishedConsumer.class);
    static final String SOURCE = "/satchel/renderer";

    private final CourseRenderService service;
    private final MutinyEmitter<byte[]> rendered;

    CoursePublishedConsumer(CourseRenderService service, @Channel("course-rendered") MutinyEmitter<byte[]> rendered) {
        this.service = service;
        this.rendered = rendered;
    }

    @Incoming("course-published")
    @Blocking // ordered: one record at a time per consumer, so a course never renders twice at once
    public CompletionStage<Void> onPublished(Message<byte[]> message) {
        Optional<IncomingKafkaRecordMetadata> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class);
        Headers headers = kafka.map(IncomingKafkaRecordMetadata::getHeaders).orElse(new RecordHeaders());
        kafka.ifPresent(k -> LOG.infof("%s-%d@%d received %d ms after it was produced",
                k.getTopic(), k.getPartition(), k.getOffset(),
                System.currentTimeMillis() - k.getTimestamp().toEpochMilli()));
        CoursePublished event;
        try {
            event = CloudEvents.read(EventType.COURSE_PUBLISHED, headers, message.getPayload(), CoursePublished.class);
        } catch (InvalidEventException e) {
            return deadLetter(message, "INVALID_EVENT", e);
        }
        try {
            Optional<CourseRendered> done = service.handle(event);
            if (done.isPresent()) {
                CourseRendered r = done.get();
                // a stable id per publish: a redelivered publish announces the same event again
                String id = UUID.nameUUIDFromBytes(("rendered:" + r.courseId() + ":" + r.publishId())
                        .getBytes(StandardCharsets.UTF_8)).toString();
                rendered.sendMessageAndAwait(EventMessages.of(r, id, SOURCE, r.renderedAt()));
            }
            return message.ack();
        } catch (InvalidCourseException e) {
            return deadLetter(message, e.code(), e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "rendering failed for good");
            return deadLetter(message, "RENDER_FAILED", e);
        }
    }

    private static CompletionStage<Void> deadLetter(Message<byte[]> message, String code, Exception e) {
        LOG.warnf("course.published to the DLQ (%s): %s", code, e.getMessage());
        RecordHeaders extra = new RecordHeaders();
        extra.add(CloudEvents.DLQ_CODE, code.getBytes(StandardCharsets.UTF_8));
        extra.add(CloudEvents.DLQ_REASON, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        extra.add("satchel_dlq_time", Timestamps.format(Timestamps.now()).getBytes(StandardCharsets.UTF_8));
        return message.nack(e, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(extra).build()));
    }
}
