package io.satchel.events;

import java.time.Instant;

/** What every event of the course pipeline carries: the course (also the Kafka key), its publish and its time. */
public sealed interface CourseEvent extends SatchelEvent
        permits CoursePublished, CourseRendered, CourseArchived, CourseLive {

    String publishId();

    Instant publishedAt();
}
