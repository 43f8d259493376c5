package io.satchel.publish.service;

import io.satchel.common.rest.ApiException;
import io.satchel.events.CoursePublished;
import io.satchel.events.EventJson;
import io.satchel.events.EventType;
import io.satchel.events.Timestamps;
import io.satchel.events.Topics;
import io.satchel.publish.entity.OutboxEvent;
import io.satchel.publish.entity.Publish;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The publish table and its outbox: what was accepted, and the rule that a course's publishes only move forward. */
@ApplicationScoped
public class PublishLedger {
    @Inject
    EntityManager em;
    @Inject
    CourseLock courseLock;
    @Inject
    PublishStatusService statuses;

    /** A publish and whether this call recorded it. */
    public record Recorded(Publish publish, boolean created) {
    }

    /**
     * The publish already recorded for this (course, time), if any; refuses (409 STALE_PUBLISH) a time older than
     * the newest accepted for the course.
     */
    @Transactional
    public Optional<Publish> existingOrRequireNewest(String courseId, Instant publishedAt) {
        Optional<Publish> same = Publish.findByCourseAndTime(courseId, publishedAt);
        if (same.isPresent()) {
            return same;
        }
        Optional<Publish> newest = Publish.newest(courseId);
        if (newest.isPresent() && newest.get().publishedAt.isAfter(publishedAt)) {
            throw new ApiException(409, "STALE_PUBLISH", "A newer publish of " + courseId + " ("
                    + Timestamps.format(newest.get().publishedAt) + ") was already accepted.",
                    Map.of("newestPublishedAt", Timestamps.format(newest.get().publishedAt),
                            "newestPublishId", newest.get().publishId));
        }
        return Optional.empty();
    }

    /**
     * Writes the publish row, its status ({@code accepted}) and its course-published event into the outbox in ONE
     * transaction, so an accepted publish always gets its event and its status, and a refused one neither. Publishes of one course are serialized by an
     * advisory lock, so "newest wins" holds under concurrency; the unique (course_id, published_at) constraint
     * stays the last guard against a duplicate (see {@link #isDuplicate}).
     */
    @Transactional
    public Recorded record(Publish publish, CoursePublished event) {
        courseLock.lock(publish.courseId);
        Optional<Publish> same = existingOrRequireNewest(publish.courseId, publish.publishedAt);
        if (same.isPresent()) {
            return new Recorded(same.get(), false);
        }
        publish.persist();
        statuses.accepted(publish);
        outboxEntry(event).persist();
        em.flush(); // a constraint violation surfaces here, inside the transaction that caused it
        return new Recorded(publish, true);
    }

    @Transactional
    public Optional<Publish> find(String courseId, Instant publishedAt) {
        return Publish.findByCourseAndTime(courseId, publishedAt);
    }

    /** True when a failed {@link #record} lost against a concurrent insert of the same (course, time). */
    public static boolean isDuplicate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static OutboxEvent outboxEntry(CoursePublished event) {
        OutboxEvent e = new OutboxEvent();
        e.id = UUID.randomUUID();
        e.topic = Topics.COURSE_PUBLISHED;
        e.messageKey = event.courseId();
        e.ceType = EventType.COURSE_PUBLISHED.ceType();
        e.ceTime = Timestamps.now();
        e.payload = EventJson.toString(event);
        e.createdAt = e.ceTime;
        return e;
    }
}
