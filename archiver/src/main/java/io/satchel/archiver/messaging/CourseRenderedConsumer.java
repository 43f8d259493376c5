package io.satchel.archiver.messaging;

import io.satchel.archiver.service.CourseArchiver;
import io.satchel.archiver.service.InvalidRenderException;
import io.satchel.common.kafka.EventPipeline;
import io.satchel.common.kafka.PermanentEventException;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventType;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * course.rendered (group {@code archiver}) → {@link CourseArchiver} → course.archived, one record at a time, through
 * the {@link EventPipeline}: S3, PostgreSQL and Kafka failures are retried with backoff; an invalid or mis-keyed
 * event or an invalid render goes to course.rendered.dlq, and the consumer moves on.
 */
@ApplicationScoped
public class CourseRenderedConsumer {
    private static final Logger LOG = Logger.getLogger(CourseRenderedConsumer.class);

    private final EventPipeline pipeline;
    private final CourseArchiver archiver;

    CourseRenderedConsumer(EventPipeline pipeline, CourseArchiver archiver) {
        this.pipeline = pipeline;
        this.archiver = archiver;
    }

    @Incoming("course-rendered")
    @Blocking // ordered: one record at a time, so one course never archives twice at once
    public CompletionStage<Void> onRendered(Message<byte[]> message) {
        return pipeline.process(message, EventType.COURSE_RENDERED, CourseRendered.class, this::archive);
    }

    private void archive(CourseRendered event) {
        try {
            CourseArchiver.Outcome outcome = archiver.archive(event);
            LOG.debugf("course.rendered %s of %s: %s", event.publishId(), event.courseId(), outcome);
        } catch (InvalidRenderException e) {
            throw new PermanentEventException(e.code(), e);
        }
    }
}
