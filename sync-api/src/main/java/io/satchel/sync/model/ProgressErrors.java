package io.satchel.sync.model;

/** Per-item error codes of progress writes (contract codes first, then the shape checks of single fields). */
public final class ProgressErrors {
    public static final String NOT_ENROLLED = "NOT_ENROLLED";
    public static final String UNKNOWN_CONTENT = "UNKNOWN_CONTENT";
    public static final String INVALID_STATUS = "INVALID_STATUS";
    public static final String INVALID_PROGRESS = "INVALID_PROGRESS";
    public static final String INVALID_TIME = "INVALID_TIME";
    public static final String INVALID_EVENT_ID = "INVALID_EVENT_ID";
    public static final String INVALID_COURSE_ID = "INVALID_COURSE_ID";
    public static final String INVALID_CONTENT_ID = "INVALID_CONTENT_ID";
    public static final String INVALID_BATCH_ID = "INVALID_BATCH_ID";

    private ProgressErrors() {
    }
}
