package io.satchel.events;

/** The value of a record on a Satchel topic: every one belongs to a course, its Kafka key (per-course ordering). */
public sealed interface SatchelEvent permits CourseEvent, ProblemSubmitted {
    String courseId();
}
