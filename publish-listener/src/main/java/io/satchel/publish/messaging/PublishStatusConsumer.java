package io.satchel.publish.messaging;

import io.satchel.common.storage.StorageException;
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
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
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
 * the topic's own consumer dead-letters it and the DLQ record then reports the failure. course.live is ours alone:
 * an unreadable record goes to course.live.dlq. Database or object-store outages are retried, never skipped.
 */
@ApplicationScoped
public class PublishStatusConsumer {
    private static final Logger LOG = Logger.getLogger(PublishStatusConsumer.class);

    @Inject
    PublishStatusService statuses;
    @Inject
    RenderProblems renderProblems;

    @Incoming("status-published")
    @Blocking
    @Retry(maxRetries = 30, delay = 2, delayUnit = ChronoUnit.SECONDS, abortOn = InvalidEventException.class)
    public void onPublished(ConsumerRecord<String, byte[]> record) {
        read(record, EventType.COURSE_PUBLISHED, CoursePublished.class).ifPresent(statuses::seen);
    }

    @Incoming("status-rendered")
    @Blocking
    @Retry(maxRetries = 30, delay = 2, delayUnit = ChronoUnit.SECONDS, abortOn = InvalidEventException.class)
    public void onRendered(ConsumerRecord<String, byte[]> record) {
        Optional<CourseRendered> event = read(record, EventType.COURSE_RENDERED, CourseRendered.class);
        if (event.isPresent()) {
            try {
                statuses.rendered(event.get(), renderProblems.of(event.get()));
            } catch (StorageException e) {
                LOG.warnf("object store unavailable for the render manifest of %s, will retry: %s",
                        event.get().publishId(), e.getMessage());
                throw e;
            }
        }
    }

    /** An unreadable record throws past the retries: the channel's dead-letter strategy takes it to course.live.dlq. */
    @Incoming("status-live")
    @Blocking
    @Retry(maxRetries = 30, delay = 2, delayUnit = ChronoUnit.SECONDS, abortOn = InvalidEventException.class)
    public void onLive(ConsumerRecord<String, byte[]> record) {
        CourseLive event = CloudEvents.read(EventType.COURSE_LIVE, record.headers(), record.value(), CourseLive.class);
        if (event.publishId() == null || event.publishId().isBlank()) {
            throw new InvalidEventException("course.live event has no publishId");
        }
        statuses.live(event);
    }

    @Incoming("status-dead-letters")
    @Blocking
    @Retry(maxRetries = 30, delay = 2, delayUnit = ChronoUnit.SECONDS)
    public void onDeadLetter(ConsumerRecord<String, byte[]> record) {
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
