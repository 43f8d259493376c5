package io.satchel.events;

import java.time.Instant;

/** What every Satchel event carries: the course (also the Kafka key), the publish it belongs to and its time. */
public sealed interface CourseEvent permits CoursePublished, CourseRendered, CourseArchived, CourseLive {
    String courseId();

    String publishId();

    Instant publishedAt();
}
