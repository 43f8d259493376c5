package io.satchel.events;

/** CloudEvents {@code ce_type} of each topic's events, with the record class that is its JSON value. */
public enum EventType {
    COURSE_PUBLISHED("io.satchel.course.published.v1", Topics.COURSE_PUBLISHED, CoursePublished.class),
    COURSE_RENDERED("io.satchel.course.rendered.v1", Topics.COURSE_RENDERED, CourseRendered.class),
    COURSE_ARCHIVED("io.satchel.course.archived.v1", Topics.COURSE_ARCHIVED, CourseArchived.class),
    COURSE_LIVE("io.satchel.course.live.v1", Topics.COURSE_LIVE, CourseLive.class);

    private final String ceType;
    private final String topic;
    private final Class<? extends CourseEvent> valueType;

    EventType(String ceType, String topic, Class<? extends CourseEvent> valueType) {
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

    public Class<? extends CourseEvent> valueType() {
        return valueType;
    }

    public static EventType ofValue(CourseEvent event) {
        for (EventType t : values()) {
            if (t.valueType.isInstance(event)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a Satchel event: " + event.getClass());
    }
}
