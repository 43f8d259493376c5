package io.satchel.events;

/** The three public topics. Key = courseId everywhere, so all events of one course stay ordered on one partition. */
public final class Topics {
    public static final String COURSE_PUBLISHED = "course.published";
    public static final String COURSE_RENDERED = "course.rendered";
    public static final String COURSE_ARCHIVED = "course.archived";

    /** Dead-letter topic of a topic: records a consumer could not process, with the error in headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    public static final String[] ALL = {COURSE_PUBLISHED, COURSE_RENDERED, COURSE_ARCHIVED};

    private Topics() {
    }
}
