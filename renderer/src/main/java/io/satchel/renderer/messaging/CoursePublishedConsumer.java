package io.satchel.renderer.messaging;

import io.satchel.common.kafka.EventMessages;
import io.satchel.common.kafka.EventPipeline;
import io.satchel.common.kafka.PermanentEventException;
import io.satchel.events.CoursePublished;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventType;
import io.satchel.renderer.olx.InvalidCourseException;
import io.satchel.renderer.service.CourseRenderService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * course.published (group {@code renderer}; instances share the partitions, key = courseId keeps a course on one)
 * → {@link CourseRenderService} → course.rendered, through the {@link EventPipeline}: S3, PostgreSQL, source and
 * Kafka failures are retried with backoff; a record that is not a valid event, is mis-keyed, or names a broken or
 * hostile course goes to course.published.dlq, and the consumer moves on.
 */
@ApplicationScoped
public class CoursePublishedConsumer {
    static final String SOURCE = "/satchel/renderer";

    private final EventPipeline pipeline;
    private final CourseRenderService service;
    private final MutinyEmitter<byte[]> rendered;

    CoursePublishedConsumer(EventPipeline pipeline, CourseRenderService service,
            @Channel("course-rendered") MutinyEmitter<byte[]> rendered) {
        this.pipeline = pipeline;
        this.service = service;
        this.rendered = rendered;
    }

    @Incoming("course-published")
    @Blocking // ordered: one record at a time per consumer, so a course never renders twice at once
    public CompletionStage<Void> onPublished(Message<byte[]> message) {
        return pipeline.process(message, EventType.COURSE_PUBLISHED, CoursePublished.class, this::render);
    }

    private void render(CoursePublished event) {
        try {
            service.handle(event).ifPresent(this::announce);
        } catch (InvalidCourseException e) {
            throw new PermanentEventException(e.code(), e);
        }
    }

    private void announce(CourseRendered r) {
        // abandoned at shutdown: the partition's next owner renders and announces it; two announcements would be two
        // renders of one publish downstream
        pipeline.stopIfAbandoned();
        // a stable id per publish: a redelivered publish announces the same event again
        String id = UUID.nameUUIDFromBytes(("rendered:" + r.courseId() + ":" + r.publishId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        rendered.sendMessageAndAwait(EventMessages.of(r, id, SOURCE, r.renderedAt()));
    }
}
