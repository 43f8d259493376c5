package io.satchel.sync.messaging;

import io.satchel.common.storage.ObjectStore;
import io.satchel.common.storage.StorageException;
import io.satchel.events.CloudEvents;
import io.satchel.events.CourseArchived;
import io.satchel.events.EventJson;
import io.satchel.events.EventType;
import io.satchel.events.InvalidEventException;
import io.satchel.events.OfflineManifest;
import io.satchel.events.Topics;
import io.satchel.sync.service.ManifestCatalog;
import io.satchel.sync.service.ManifestStore;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * course.archived (group sync-api) → read the OfflineManifest at event.manifestKey → store it (newest per course) with
 * its leaf block ids → announce course.live when it is the served one ({@link CourseLiveAnnouncer}). A record that can
 * never be processed (bad event, missing or invalid manifest) goes to course.archived.dlq with the reason in headers and
 * the consumer moves on; an object-store or database outage, or a failed course.live send, is retried instead (and only after the retries runs out does the connector's dead-letter strategy take the record).
 */
@ApplicationScoped
public class CourseArchivedConsumer {
    private static final Logger LOG = Logger.getLogger(CourseArchivedConsumer.class);

    @Inject
    ObjectStore objectStore;

    @Inject
    ManifestStore manifests;

    @Inject
    ManifestCatalog catalog;

    @Inject
    CourseLiveAnnouncer liveAnnouncer;

    @Inject
    @Channel("course-archived-dlq")
    Emitter<byte[]> deadLetters;

    @Incoming("course-archived")
    @Blocking
    @Retry(maxRetries = 30, delay = 2, delayUnit = ChronoUnit.SECONDS, abortOn = InvalidEventException.class)
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            CourseArchived event = CloudEvents.read(EventType.COURSE_ARCHIVED, record.headers(), record.value(),
                    CourseArchived.class);
            byte[] json = objectStore.getBytes(event.manifestKey() == null ? "" : event.manifestKey())
                    .orElseThrow(() -> new InvalidEventException("no manifest object at " + event.manifestKey()));
            OfflineManifest manifest = EventJson.fromBytes(json, OfflineManifest.class);
            ManifestStore.validate(event, manifest);
            boolean live = manifests.store(event, manifest, EventJson.toString(manifest));
            catalog.invalidate();
            // a failed send throws: the record is retried and the repeat, finding the manifest served, announces it
            liveAnnouncer.announceIfServed(event, manifest);
            LOG.infof("manifest %s of %s (publishedAt %s): %s", event.publishId(), event.courseId(),
                    event.publishedAt(), live ? "now live" : "not newer than the live one, kept as history of blocks");
        } catch (InvalidEventException e) {
            deadLetter(record, e);
        } catch (StorageException e) {
            LOG.warnf("object store unavailable for %s, will retry: %s", record.key(), e.getMessage());
            throw e;
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, InvalidEventException e) {
        LOG.warnf("course.archived record %s-%d@%d to %s: %s", record.topic(), record.partition(), record.offset(),
                Topics.deadLetter(Topics.COURSE_ARCHIVED), e.getMessage());
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(CloudEvents.DLQ_REASON, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEvents.DLQ_CODE, "INVALID_EVENT".getBytes(StandardCharsets.UTF_8));
        headers.add("satchel_dlq_origin", (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Message<byte[]> message = Message.of(record.value() == null ? new byte[0] : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers)
                        .build())
                .withAck(() -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    sent.completeExceptionally(t);
                    return CompletableFuture.completedFuture(null);
                });
        deadLetters.send(message);
        // the offset is committed only once the dead letter is safely written
        sent.orTimeout(60, TimeUnit.SECONDS).join();
    }
}
