package io.satchel.events;

/**
 * The three public topics and the internal ones. Key = courseId everywhere, so all events of one course stay ordered
 * on one partition.
 */
public final class Topics {
    public static final String COURSE_PUBLISHED = "course.published";
    public static final String COURSE_RENDERED = "course.rendered";
    public static final String COURSE_ARCHIVED = "course.archived";
    /** Internal: sync-api serves a publish's manifest (feeds the publish status). */
    public static final String COURSE_LIVE = "course.live";

    /** Dead-letter topic of a topic: records a consumer could not process, with the error in headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /** Every topic a Satchel stack needs; each also has its {@link #deadLetter} twin. */
    public static final String[] ALL = {COURSE_PUBLISHED, COURSE_RENDERED, COURSE_ARCHIVED, COURSE_LIVE};

    private Topics() {
    }
}
