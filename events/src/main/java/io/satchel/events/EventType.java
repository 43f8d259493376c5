package io.satchel.events;

/** CloudEvents {@code ce_type} of each topic's events, with the record class that is its JSON value. */
public enum EventType {
    COURSE_PUBLISHED("io.satchel.course.published.v1", Topics.COURSE_PUBLISHED, CoursePublished.class),
    COURSE_RENDERED("io.satchel.course.rendered.v1", Topics.COURSE_RENDERED, CourseRendered.class),
    COURSE_ARCHIVED("io.satchel.course.archived.v1", Topics.COURSE_ARCHIVED, CourseArchived.class),
    COURSE_LIVE("io.satchel.course.live.v1", Topics.COURSE_LIVE, CourseLive.class),
    PROBLEM_SUBMITTED("io.satchel.problem.submitted.v1", Topics.PROBLEM_SUBMITTED, ProblemSubmitted.class);

    private final String ceType;
    private final String topic;
    private final Class<? extends SatchelEvent> valueType;

    EventType(String ceType, String topic, Class<? extends SatchelEvent> valueType) {
        this.ceType = ceType;
        this.topic = topic;
        this.valueType = valueType;
    }

    public String ceType() {
        return ceType;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends SatchelEvent> valueType() {
        return valueType;
    }

    /** The type named by a {@code ce_type} header value. */
    public static EventType ofCeType(String ceType) {
        for (EventType t : values()) {
            if (t.ceType.equals(ceType)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a Satchel event type: " + ceType);
    }

    public static EventType ofValue(SatchelEvent event) {
        for (EventType t : values()) {
            if (t.valueType.isInstance(event)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a Satchel event: " + event.getClass());
    }
}
