package io.satchel.publish.service;

import io.satchel.events.CoursePublished;
import io.satchel.events.CourseRendered;
import io.satchel.events.CourseLive;
import io.satchel.events.EventJson;
import io.satchel.events.Timestamps;
import io.satchel.publish.entity.Publish;
import io.satchel.publish.entity.PublishStatusRow;
import io.satchel.publish.model.BlockProblem;
import io.satchel.publish.model.PublishState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The publish status table: what each pipeline event means for a publish ({@link PublishStatusRules}), written under
 * the course's lock so concurrent consumers never interleave. An event for a publish without a row (a CMS wrote
 * course.published directly, or a later event overtook it) creates the row first, received now.
 */
@ApplicationScoped
public class PublishStatusService {
    private static final Logger LOG = Logger.getLogger(PublishStatusService.class);
    private static final List<PublishState> NOT_YET_LIVE = List.of(PublishState.ACCEPTED, PublishState.RENDERED);

    @Inject
    CourseLock courseLock;

    /** Our intake recorded the publish; runs inside {@link PublishLedger#record}'s transaction and lock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void accepted(Publish publish) {
        PublishStatusRules.accepted(publish.courseId, publish.publishId, publish.publishedAt, publish.receivedAt)
                .persist();
    }

    /** course.published, from our outbox or from a CMS directly. */
    @Transactional
    public void seen(CoursePublished event) {
        courseLock.lock(event.courseId());
        row(event.courseId(), event.publishId(), event.publishedAt());
    }

    @Transactional
    public void rendered(CourseRendered event, List<BlockProblem> problems) {
        courseLock.lock(event.courseId());
        PublishStatusRow row = row(event.courseId(), event.publishId(), event.publishedAt());
        if (PublishStatusRules.rendered(row, event.blockCount(), event.renderedBlockCount(),
                event.unavailableBlockCount(), EventJson.toString(problems), Timestamps.now())) {
            LOG.infof("publish %s of %s: %s, %d blocks, %d unavailable", row.publishId, row.courseId,
                    row.status.wireName(), event.blockCount(), event.unavailableBlockCount());
        }
    }

    /** The publish is live; every older publish of the course that is not live or failed is superseded. */
    @Transactional
    public void live(CourseLive event) {
        courseLock.lock(event.courseId());
        PublishStatusRow row = row(event.courseId(), event.publishId(), event.publishedAt());
        Instant now = Timestamps.now();
        if (PublishStatusRules.live(row, now)) {
            LOG.infof("publish %s of %s is live", row.publishId, row.courseId);
        }
        List<PublishStatusRow> older = PublishStatusRow.list(
                "courseId = ?1 and publishedAt < ?2 and status in ?3", row.courseId, row.publishedAt, NOT_YET_LIVE);
        for (PublishStatusRow o : older) {
            if (PublishStatusRules.supersededBy(o, row, now)) {
                LOG.infof("publish %s of %s superseded by %s", o.publishId, o.courseId, row.publishId);
            }
        }
    }

    /** A record of the publish went to a dead-letter topic. */
    @Transactional
    public void failed(String courseId, String publishId, Instant publishedAt, String code, String message) {
        courseLock.lock(courseId);
        PublishStatusRow row = row(courseId, publishId, publishedAt);
        if (PublishStatusRules.failed(row, code, message, Timestamps.now())) {
            LOG.warnf("publish %s of %s failed (%s): %s", publishId, courseId, code, message);
        } else {
            LOG.infof("publish %s of %s stays %s despite %s: %s", publishId, courseId, row.status.wireName(), code,
                    message);
        }
    }

    @Transactional
    public Optional<PublishStatusRow> find(String courseId, String publishId) {
        return PublishStatusRow.findByIdOptional(new PublishStatusRow.Key(courseId, publishId));
    }

    /** The newest publishes of a course (by publishedAt, then when they were received). */
    @Transactional
    public List<PublishStatusRow> newest(String courseId, int limit) {
        return PublishStatusRow.<PublishStatusRow>find(
                "courseId = ?1 order by publishedAt desc nulls last, receivedAt desc", courseId)
                .page(0, limit).list();
    }

    /** The row of a publish, created at {@code accepted} when it is seen for the first time. */
    private PublishStatusRow row(String courseId, String publishId, Instant publishedAt) {
        PublishStatusRow row = PublishStatusRow.findById(new PublishStatusRow.Key(courseId, publishId));
        if (row == null) {
            row = PublishStatusRules.accepted(courseId, publishId, publishedAt, Timestamps.now());
            row.persist();
        } else if (row.publishedAt == null && publishedAt != null) {
            row.publishedAt = publishedAt;
        }
        return row;
    }
}
