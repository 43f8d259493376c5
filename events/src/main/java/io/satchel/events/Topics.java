package io.satchel.events;

/**
 * The public topics (the three of the course pipeline, and {@link #PROBLEM_SUBMITTED}) and the internal ones. Key = courseId everywhere, so all events of one course stay ordered
 * on one partition.
 */
public final class Topics {
    public static final String COURSE_PUBLISHED = "course.published";
    public static final String COURSE_RENDERED = "course.rendered";
    public static final String COURSE_ARCHIVED = "course.archived";
    /** Internal: sync-api serves a publish's manifest (feeds the publish status). */
    public static final String COURSE_LIVE = "course.live";
    /** Public: each offline problem answer sync-api accepted, for the LMS side to grade (sync-api's outbox). */
    public static final String PROBLEM_SUBMITTED = "problem.submitted";

    /** Dead-letter topic of a topic: records a consumer could not process, with the error in headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /** Every topic a Satchel stack needs; each also has its {@link #deadLetter} twin. */
    public static final String[] ALL = {COURSE_PUBLISHED, COURSE_RENDERED, COURSE_ARCHIVED, COURSE_LIVE, PROBLEM_SUBMITTED};

    private Topics() {
    }
}
