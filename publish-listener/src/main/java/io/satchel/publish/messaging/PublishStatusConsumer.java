package io.satchel.publish.messaging;

import io.satchel.events.CloudEvents;
import io.satchel.events.CourseEvent;
import io.satchel.events.CourseLive;
import io.satchel.events.CoursePublished;
import io.satchel.events.CourseRendered;
import io.satchel.events.DeadLetters;
import io.satchel.events.EventType;
import io.satchel.events.InvalidEventException;
import io.satchel.events.Topics;
import io.satchel.publish.service.PublishStatusService;
import io.satchel.publish.service.RenderProblems;
import io.satchel.common.kafka.EventPipeline;
import io.satchel.common.kafka.Retrier;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Feeds the publish status from what the pipeline already emits (consumer groups {@code publish-status-*}, offsets
 * committed only after the status is stored; every step is idempotent, so a redelivery changes nothing):
 * <ul>
 * <li>course.published → a row at {@code accepted} (a CMS may write the topic directly);</li>
 * <li>course.rendered → {@code rendered}, block counts, and the problems listed in the render manifest;</li>
 * <li>course.live (sync-api serves the manifest) → {@code live}, older publishes not yet live → {@code superseded};</li>
 * <li>every {@code <topic>.dlq} → {@code failed} with the dead letter's code and reason.</li>
 * </ul>
 * On course.published and course.rendered this service only watches: a record it cannot read is skipped, because
 * the topic's own consumer dead-letters it and the DLQ record then reports the failure. course.live is ours alone: it
 * goes through the {@link EventPipeline} (an unreadable or mis-keyed record goes to course.live.dlq). Database or
 * object-store outages are retried by the same {@link Retrier} every consumer uses, never skipped.
 */
@ApplicationScoped
public class PublishStatusConsumer {
    private static final Logger LOG = Logger.getLogger(PublishStatusConsumer.class);

    @Inject
    PublishStatusService statuses;
    @Inject
    RenderProblems renderProblems;
    @Inject
    EventPipeline pipeline;
    @Inject
    Retrier retrier;

    @Incoming("status-published")
    @Blocking
    public void onPublished(ConsumerRecord<String, byte[]> record) {
        read(record, EventType.COURSE_PUBLISHED, CoursePublished.class)
                .ifPresent(event -> retried(() -> statuses.seen(event)));
    }

    @Incoming("status-rendered")
    @Blocking
    public void onRendered(ConsumerRecord<String, byte[]> record) {
        read(record, EventType.COURSE_RENDERED, CourseRendered.class)
                .ifPresent(event -> retried(() -> statuses.rendered(event, renderProblems.of(event))));
    }

    @Incoming("status-live")
    @Blocking
    public CompletionStage<Void> onLive(Message<byte[]> message) {
        return pipeline.process(message, EventType.COURSE_LIVE, CourseLive.class, event -> {
            if (event.publishId() == null || event.publishId().isBlank()) {
                throw new InvalidEventException("course.live event has no publishId");
            }
            statuses.live(event);
        });
    }

    @Incoming("status-dead-letters")
    @Blocking
    public void onDeadLetter(ConsumerRecord<String, byte[]> record) {
        retried(() -> reportDeadLetter(record));
    }

    private void reportDeadLetter(ConsumerRecord<String, byte[]> record) {
        if (Topics.deadLetter(Topics.COURSE_LIVE).equals(record.topic())) {
            // a readable course.live that we failed to store (outage past the retries) still means the publish is live
            Optional<CourseLive> live = read(record, EventType.COURSE_LIVE, CourseLive.class);
            if (live.isPresent()) {
                statuses.live(live.get());
                return;
            }
        }
        Optional<DeadLetterFailure> failure = DeadLetterFailure.of(record);
        if (failure.isEmpty()) {
            LOG.warnf("%s-%d@%d names no publish (no %s header, no publishId in the value): not reported",
                    record.topic(), record.partition(), record.offset(), DeadLetters.PUBLISH_ID);
            return;
        }
        DeadLetterFailure f = failure.get();
        statuses.failed(f.courseId(), f.publishId(), f.publishedAt(), f.code(), f.message());
    }

    /** Runs a status update with the consumers' one retry policy (satchel.consumer.retry.*). */
    private void retried(Runnable update) {
        retrier.call(() -> {
            update.run();
            return null;
        }, Void.class);
    }

    private static <T extends CourseEvent> Optional<T> read(ConsumerRecord<String, byte[]> record,
            EventType type, Class<T> valueType) {
        try {
            T event = CloudEvents.read(type, record.headers(), record.value(), valueType);
            if (event.publishId() == null || event.publishId().isBlank()) {
                throw new InvalidEventException("no publishId");
            }
            return Optional.of(event);
        } catch (InvalidEventException e) {
            LOG.infof("%s-%d@%d skipped by the publish status (its consumer dead-letters it): %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }
}
